import MySQLTypes
import Testing

@testable import TiDBEngine

#if canImport(Glibc)
import Glibc
#endif

/// What the cluster gives TiCDC: the change window over the change log (whole commits, in
/// commit-TS order, with a resolved TS), PD's service safepoints, BR's changefeed check before a
/// RESTORE, and `information_schema.CLUSTER_INFO`.
@Suite struct ChangeStreamTests {
    /// `insert 2`, `update 1`, `delete 2`, or `ddl app.orders: <statement>`.
    static func describe(_ record: ChangeRecord) -> String {
        switch record.change {
        case .row(_, _, let before, let after):
            let kind = before == nil ? "insert" : after == nil ? "delete" : "update"
            return "\(kind) \((after ?? before)?.first?.text ?? "?")"
        case .ddl(let database, let table, let statement):
            return "ddl \(database)\(table.map { "." + $0 } ?? ""): \(statement)"
        }
    }

    /// Three commits after `start`: insert 1; {update 1, insert 2, insert 3}; delete 2.
    static func threeCommits() throws -> (EngineFixture, start: TSO, commits: [TSO]) {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))")
        let start = fixture.cluster.pd.oracle.next()
        session.run("INSERT INTO t VALUES (1, 'a')")
        session.run("BEGIN; INSERT INTO t VALUES (3, 'c'), (2, 'b'); UPDATE t SET v = 'z' WHERE id = 1; COMMIT")
        session.run("DELETE FROM t WHERE id = 2")
        let commits = fixture.cluster.storage.changes(after: start).map(\.commitTS)
        var distinct: [TSO] = []
        for commit in commits where distinct.last != commit { distinct.append(commit) }
        return (fixture, start, distinct)
    }

    @Test func changesComeInCommitOrderWithTheirImages() throws {
        let (fixture, start, commits) = try Self.threeCommits()
        #expect(commits.count == 3)
        #expect(commits == commits.sorted())
        let window = try fixture.cluster.storage.changes(after: start, limit: 100)
        #expect(window.records.map(Self.describe) == ["insert 1", "update 1", "insert 2", "insert 3", "delete 2"])
        #expect(window.records.map(\.commitTS) == [commits[0], commits[1], commits[1], commits[1], commits[2]])
        guard case .row(_, let schema, let before, let after) = window.records[1].change else {
            Issue.record("not a row change")
            return
        }
        #expect(schema.database == "test" && schema.name == "t")
        #expect(before == [.int(1), .string("a")])
        #expect(after == [.int(1), .string("z")])
    }

    /// Everything read: the resolved TS is a fresh TSO, above every commit so far and below every
    /// later one.
    @Test func resolvedTSOfACompleteWindowIsAFreshTSO() throws {
        let (fixture, start, commits) = try Self.threeCommits()
        let storage = fixture.cluster.storage
        let window = try storage.changes(after: start, limit: 100)
        #expect(window.resolvedTS > commits[2])
        let idle = try storage.changes(after: commits[2], limit: 100)
        #expect(idle.records.isEmpty)
        #expect(idle.resolvedTS > window.resolvedTS)
        let session = try fixture.session(database: "test")
        session.run("INSERT INTO t VALUES (9, 'late')")
        let later = try storage.changes(after: idle.resolvedTS, limit: 100)
        #expect(later.records.map(Self.describe) == ["insert 9"])
        #expect(later.records[0].commitTS > idle.resolvedTS)
    }

    /// A limit never splits a commit: the window takes the rest of the last commit it reaches and
    /// resolves to that commit's TS.
    @Test func limitTakesWholeCommitsAndResolvesToTheLast() throws {
        let (fixture, start, commits) = try Self.threeCommits()
        let storage = fixture.cluster.storage
        let one = try storage.changes(after: start, limit: 1)
        #expect(one.records.map(Self.describe) == ["insert 1"])
        #expect(one.resolvedTS == commits[0])
        let two = try storage.changes(after: start, limit: 2)
        #expect(two.records.map(Self.describe) == ["insert 1", "update 1", "insert 2", "insert 3"])
        #expect(two.resolvedTS == commits[1])
        let fromMiddle = try storage.changes(after: commits[0], limit: 1)
        #expect(fromMiddle.records.count == 3)
        #expect(fromMiddle.resolvedTS == commits[1])
        // A limit of 0 or less still makes progress: one commit.
        #expect(try storage.changes(after: start, limit: 0).records.map(Self.describe) == ["insert 1"])
        #expect(try storage.changes(after: start, limit: -5).resolvedTS == commits[0])
        // The last batch reaches the end of the log: a fresh resolved TS again.
        let last = try storage.changes(after: commits[1], limit: 1)
        #expect(last.records.map(Self.describe) == ["delete 2"])
        #expect(last.resolvedTS > commits[2])
    }

    @Test func ddlIsLoggedAtItsOwnCommitTS() throws {
        let fixture = EngineFixture()
        let session = try fixture.session()
        let start = fixture.cluster.pd.oracle.next()
        session.run("CREATE DATABASE app")
        session.run("CREATE TABLE app.orders (id INT PRIMARY KEY)")
        session.run("INSERT INTO app.orders VALUES (1)")
        session.run("TRUNCATE TABLE app.orders")
        session.run("DROP TABLE app.orders")
        session.run("DROP DATABASE app")
        let window = try fixture.cluster.storage.changes(after: start, limit: 100)
        #expect(
            window.records.map(Self.describe) == [
                "ddl app: CREATE DATABASE app", "ddl app.orders: CREATE TABLE app.orders (id INT PRIMARY KEY)",
                "insert 1", "ddl app.orders: TRUNCATE TABLE app.orders", "ddl app.orders: DROP TABLE app.orders",
                "ddl app: DROP DATABASE app",
            ]
        )
        let timestamps = window.records.map(\.commitTS)
        #expect(Set(timestamps).count == timestamps.count)
        #expect(timestamps == timestamps.sorted())
    }

    /// GC drops the log at or below its safe point; asking from below it is `ChangesCollected`
    /// (what the PD endpoint answers 410 for, TiCDC's ErrSnapshotLostByGC).
    @Test func gcTrimsTheLogAndRefusesWindowsBelowTheSafePoint() throws {
        let fixture = try GCFixture()
        let storage = fixture.cluster.storage
        let before = fixture.cluster.pd.oracle.next()
        fixture.write(10, atMinute: 1)
        fixture.write(20, atMinute: 2)
        fixture.write(40, atMinute: 15)
        #expect(try storage.changes(after: before, limit: 100).records.count == 3)

        fixture.setMinute(20)
        let run = try #require(fixture.tick())
        #expect(run.safePoint == fixture.target(atMinute: 20))
        let error = #expect(throws: ChangesCollected.self) { try storage.changes(after: before, limit: 100) }
        #expect(error == ChangesCollected(gcSafePoint: run.safePoint))
        #expect(throws: ChangesCollected.self) {
            try storage.changes(after: TSO(rawValue: run.safePoint.rawValue - 1), limit: 1)
        }
        // From the safe point on, what is left: the minute-15 write.
        let window = try storage.changes(after: run.safePoint, limit: 100)
        #expect(window.records.map(Self.describe) == ["update 1"])
        #expect(storage.changes(after: .zero).count == 1)  // the CREATE TABLE and two writes are gone
    }
}

// MARK: PD's service safepoints

extension ChangeStreamTests {
    /// PD v8.5's `UpdateServiceGCSafePoint` (docs/ticdc/pd-http.md §3).
    @Suite struct ServiceSafePoints {
        let clock = ManualWallClock(millisecondsSinceEpoch: 1_726_740_646_963)
        let pd: PlacementDriver

        init() {
            self.pd = PlacementDriver(clock: self.clock)
            self.pd.updateServiceSafePoint(
                service: "gc_worker",
                safePoint: TSO(rawValue: 1000),
                expiresAtMicroseconds: .max
            )
        }

        var now: Int64 { self.clock.microsecondsSinceEpoch() }

        @discardableResult
        func update(_ service: String, _ safePoint: UInt64, ttl: Int64 = 3600) -> PlacementDriver.ServiceSafePoint? {
            self.pd.updateServiceSafePoint(
                service: service,
                safePoint: TSO(rawValue: safePoint),
                ttlSeconds: ttl,
                nowMicroseconds: self.now
            )
        }

        @Test func answersTheMinimumAndNeverStoresBelowIt() {
            // A new service above the minimum: stored; the previous minimum is the answer.
            let first = self.update("ticdc", 2000)
            #expect(first?.serviceID == "gc_worker" && first?.safePoint == TSO(rawValue: 1000))
            #expect(self.pd.serviceSafePoint("ticdc") == TSO(rawValue: 2000))
            // Below the minimum: not stored, the minimum answered.
            #expect(self.update("br", 999)?.serviceID == "gc_worker")
            #expect(self.pd.serviceSafePoint("br") == nil)
            // Equal to it: stored.
            #expect(self.update("br", 1000)?.safePoint == TSO(rawValue: 1000))
            #expect(self.pd.serviceSafePoint("br") == TSO(rawValue: 1000))

            // The holder of the minimum moves up: PD loads the minimum again.
            self.pd.updateServiceSafePoint(
                service: "gc_worker",
                safePoint: TSO(rawValue: 3000),
                expiresAtMicroseconds: .max
            )
            let moved = self.update("br", 2500)
            #expect(moved?.serviceID == "ticdc" && moved?.safePoint == TSO(rawValue: 2000))
            // Not even the holder may move the minimum back.
            let back = self.update("ticdc", 1500)
            #expect(back?.serviceID == "ticdc" && back?.safePoint == TSO(rawValue: 2000))
            #expect(self.pd.serviceSafePoint("ticdc") == TSO(rawValue: 2000))
        }

        @Test func expiredSafepointsAreListedUntilAnUpdateDropsThem() {
            self.update("short", 1000, ttl: 10)
            let listed = self.pd.serviceSafePoints().first { $0.serviceID == "short" }
            #expect(listed?.expiresAtMicroseconds == self.now + 10_000_000)
            self.pd.updateServiceSafePoint(
                service: "gc_worker",
                safePoint: TSO(rawValue: 5000),
                expiresAtMicroseconds: .max
            )
            self.clock.advance(byMilliseconds: 11_000)
            // Expired, still listed (PD's GET never deletes).
            #expect(self.pd.serviceSafePoints().map(\.serviceID) == ["gc_worker", "short"])
            // The next update drops it, so it no longer holds the minimum at 1000.
            #expect(self.update("other", 4000)?.safePoint == TSO(rawValue: 5000))
            #expect(self.pd.serviceSafePoint("other") == nil)
            #expect(self.pd.serviceSafePoints().map(\.serviceID) == ["gc_worker"])
        }

        @Test func ttlZeroRemovesAndAHugeTTLNeverExpires() {
            self.update("ticdc", 2000)
            let removed = self.update("ticdc", 0, ttl: 0)
            #expect(removed?.serviceID == "gc_worker")
            #expect(self.pd.serviceSafePoint("ticdc") == nil)
            self.update("forever", 1000, ttl: .max)
            #expect(self.pd.serviceSafePoints().first { $0.serviceID == "forever" }?.expiresAtMicroseconds == .max)
        }

        /// Removing `gc_worker` fails: `cannot remove service safe point of gc_worker` (§3.1 step 2).
        @Test func gcWorkerCannotBeRemoved() {
            self.update("gc_worker", 0, ttl: 0)
            #expect(self.pd.serviceSafePoint("gc_worker") == TSO(rawValue: 1000))
        }

        /// With no entries PD creates `gc_worker` at 0 and answers it (§3.1 step 4), so TiCDC's
        /// `start_ts < min + 1` check passes for any start TS.
        @Test func withoutEntriesTheAnswerIsGCWorkerAtZero() {
            let empty = PlacementDriver(clock: self.clock)
            let answer = empty.updateServiceSafePoint(
                service: "ticdc-default-1-creating-default_cf",
                safePoint: TSO(rawValue: 5000),
                ttlSeconds: 3600,
                nowMicroseconds: self.now
            )
            #expect(answer.serviceID == "gc_worker")
            #expect(answer.safePoint.rawValue == 0)
            #expect(empty.serviceSafePoint("ticdc-default-1-creating-default_cf") == TSO(rawValue: 5000))
        }

        /// TiDB's GC worker keeps `gc_worker` at its safe point, so nothing registers below GC, and a
        /// live service safepoint holds GC until its TTL ends.
        @Test func gcWorkerAndServicesHoldTheSafePoint() throws {
            let fixture = try GCFixture()
            let pd = fixture.cluster.pd
            fixture.setMinute(20)
            let first = try #require(fixture.tick())
            #expect(pd.serviceSafePoint("gc_worker") == first.safePoint)
            let now = fixture.micros(20)
            let below = pd.updateServiceSafePoint(
                service: "br",
                safePoint: TSO(rawValue: first.safePoint.rawValue - 1),
                ttlSeconds: 600,
                nowMicroseconds: now
            )
            #expect(below.serviceID == "gc_worker" && below.safePoint == first.safePoint)
            #expect(pd.serviceSafePoint("br") == nil)

            let held = fixture.target(atMinute: 22)  // minute 12
            pd.updateServiceSafePoint(service: "ticdc", safePoint: held, ttlSeconds: 3600, nowMicroseconds: now)
            fixture.setMinute(40)
            #expect(fixture.tick()?.safePoint == held)
            #expect(pd.gcSafePoint == held)
            #expect(pd.serviceSafePoint("gc_worker") == fixture.target(atMinute: 40))  // the worker's own candidate
            fixture.setMinute(81)  // the TTL ended at minute 80
            #expect(fixture.tick()?.safePoint == fixture.target(atMinute: 81))
        }
    }
}

// MARK: BR's changefeed check

extension ChangeStreamTests {
    /// SQL RESTORE runs BR's `checkIncompatibleChangefeed` (filter-and-sink.md §d).
    @Suite struct RestoreChangefeedCheck {
        static func put(
            _ metadata: MetadataStore,
            id: String,
            state: String,
            startTS: UInt64,
            checkpoint: UInt64?,
            namespace: String = "default"
        ) {
            metadata.set(
                "/tidb/cdc/default/\(namespace)/changefeed/info/\(id)",
                #"{"state":"\#(state)","start-ts":\#(startTS),"sink-uri":"blackhole://"}"#
            )
            if let checkpoint {
                metadata.set(
                    "/tidb/cdc/default/\(namespace)/changefeed/status/\(id)",
                    #"{"checkpoint-ts":\#(checkpoint)}"#
                )
            }
        }

        @Test func changefeedsBehindTheBackupBlockIt() {
            let metadata = MetadataStore()
            let backupTS: UInt64 = 1000
            Self.put(metadata, id: "behind", state: "normal", startTS: 10, checkpoint: 999)
            Self.put(metadata, id: "paused", state: "stopped", startTS: 10, checkpoint: 500)
            Self.put(metadata, id: "broken", state: "failed", startTS: 10, checkpoint: nil)
            Self.put(metadata, id: "retrying", state: "warning", startTS: 10, checkpoint: 20)
            Self.put(metadata, id: "caught-up", state: "normal", startTS: 10, checkpoint: 1000)
            Self.put(metadata, id: "late-start", state: "stopped", startTS: 1000, checkpoint: nil)
            Self.put(metadata, id: "done", state: "finished", startTS: 10, checkpoint: 20)
            Self.put(metadata, id: "in-backoff", state: "pending", startTS: 10, checkpoint: 20)
            Self.put(metadata, id: "reverse", state: "normal", startTS: 10, checkpoint: 20, namespace: "ns2")
            metadata.set("/tidb/cdc/default/__cdc_meta__/capture/x", "{}")
            let blocking = ChangefeedCheck.blocking(metadata, backupTS: backupTS)
            #expect(blocking.map(\.group) == ["default/default", "default/ns2"])
            #expect(blocking.first?.ids == ["behind", "broken", "paused", "retrying"])
            #expect(
                ChangefeedCheck.message(blocking)
                    == "found CDC changefeed(s): cluster/namespace: default/default changefeed(s): [behind broken paused retrying], "
                    + "cluster/namespace: default/ns2 changefeed(s): [reverse], please remove changefeed(s) before restore"
            )
            #expect(ChangefeedCheck.blocking(metadata, backupTS: 10).isEmpty)
        }

        private func run(_ session: Session, _ sql: String) async -> [StatementOutcome] {
            var progress = session.execute(sql, multiStatementsAllowed: true)
            while case .waiting(_, let wait) = progress {
                await withCheckedContinuation { continuation in wait.onRelease { continuation.resume() } }
                progress = session.resume()
            }
            return progress.outcomes
        }

        /// ERROR 8125 with BR's text; nothing restored; once the changefeed is removed it works.
        @Test func restoreIsRefusedWhileAChangefeedIsBehind() async throws {
            let directory = BackupRestoreTests.TemporaryDirectory()
            let source = EngineFixture()
            let primary = try source.session(database: "test")
            primary.run("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2)")
            let target = EngineFixture()
            let secondary = try target.session()
            let queues = Task {
                async let first: Void = source.instance.brieQueue.run()
                async let second: Void = target.instance.brieQueue.run()
                _ = await (first, second)
            }
            defer { queues.cancel() }
            let backup = await self.run(primary, "BACKUP DATABASE test TO 'local://\(directory.path)/b'")
            guard case .rows(let row) = backup.last?.result, let backupTS = row.rows.first?[2].text.flatMap(UInt64.init)
            else {
                Issue.record("BACKUP answered \(backup.map(\.result))")
                return
            }
            Self.put(
                target.cluster.metadata,
                id: "dr-primary-to-secondary",
                state: "stopped",
                startTS: backupTS - 1,
                checkpoint: backupTS - 1
            )

            let refused = await self.run(secondary, "RESTORE DATABASE test FROM 'local://\(directory.path)/b'")
            #expect(refused.last?.error?.code == 8125)
            #expect(refused.last?.error?.sqlState == "HY000")
            #expect(
                refused.last?.error?.message
                    == "Restore failed: found CDC changefeed(s): cluster/namespace: default/default changefeed(s): "
                    + "[dr-primary-to-secondary], please remove changefeed(s) before restore"
            )
            #expect(secondary.failure("SELECT * FROM test.t")?.code == 1146)

            target.cluster.metadata.remove("/tidb/cdc/default/default/changefeed/info/dr-primary-to-secondary")
            let restored = await self.run(secondary, "RESTORE DATABASE test FROM 'local://\(directory.path)/b'")
            #expect(restored.last?.error == nil)
            #expect(
                try secondary.query("SELECT id FROM test.t ORDER BY id").rows.map { $0.map(\.text) } == [["1"], ["2"]]
            )
        }
    }
}

// MARK: information_schema.CLUSTER_INFO

extension ChangeStreamTests {
    /// docs/ticdc/pd-http.md §4: the tidb row, then PD's; how a client finds PD from SQL.
    @Suite struct ClusterInfo {
        static func localDateTime(_ seconds: Int64) -> String {
            var clock = time_t(seconds)
            var parts = tm()
            localtime_r(&clock, &parts)
            return "\(parts.tm_year + 1900)-\((parts.tm_mon + 1).zeroPadded(2))-\(parts.tm_mday.zeroPadded(2)) "
                + "\(parts.tm_hour.zeroPadded(2)):\(parts.tm_min.zeroPadded(2)):\(parts.tm_sec.zeroPadded(2))"
        }

        @Test func rowsForTiDBAndPD() throws {
            let fixture = EngineFixture()
            let session = try fixture.session()
            fixture.clock.advance(byMilliseconds: 201_500)
            let result = try session.query("SELECT * FROM information_schema.CLUSTER_INFO")
            #expect(
                result.columns.map(\.name) == [
                    "TYPE", "INSTANCE", "STATUS_ADDRESS", "VERSION", "GIT_HASH", "START_TIME", "UPTIME", "SERVER_ID",
                ]
            )
            #expect(result.columns[5].type == .datetime)
            #expect(result.columns[7].type == .longLong)
            let instance = fixture.instance
            let start = Self.localDateTime(instance.startMicroseconds / 1_000_000)
            let rows = result.rows.map { $0.map { $0.text ?? "NULL" } }
            #expect(
                rows == [
                    [
                        "tidb", "127.0.0.1:4000", "127.0.0.1:10080", "8.5.8", instance.gitHash, start, "3m21.5s",
                        String(instance.serverID),
                    ],
                    ["pd", "127.0.0.1:2379", "127.0.0.1:2379", "8.5.8", instance.gitHash, start, "3m21.5s", "0"],
                ]
            )
            #expect(instance.gitHash.count == 40)
            #expect(instance.serverID > 0)
        }

        /// VERSION is everything after `TiDB-`, leading `v` removed; ports follow the listeners.
        @Test func versionAndAddressesFollowTheInstance() throws {
            let cluster = Cluster(
                configuration: .init(clock: ManualWallClock(millisecondsSinceEpoch: 1_726_740_646_963))
            )
            let instance = TiDBInstance(
                cluster: cluster,
                configuration: .init(
                    release: "v8.5.0-alpha-12-gabc",
                    host: "10.0.1.4",
                    port: 4000,
                    statusPort: 10080,
                    pdPort: 2379
                )
            )
            instance.setListeningPorts(sql: 4001, status: 10081, pd: 2380)
            let id = try #require(instance.allocateConnectionID())
            let account = try #require(cluster.users.match(user: "root", host: "127.0.0.1"))
            let session = try instance.openSession(
                connectionID: id,
                account: account,
                user: "root",
                clientHost: "127.0.0.1",
                database: nil,
                controls: .init(close: {})
            )
            let rows = try session.query(
                "SELECT TYPE, INSTANCE, STATUS_ADDRESS, VERSION, UPTIME FROM information_schema.cluster_info"
            ).rows
            #expect(
                rows.map { $0.map { $0.text ?? "NULL" } } == [
                    ["tidb", "10.0.1.4:4001", "10.0.1.4:10081", "8.5.0-alpha-12-gabc", "0s"],
                    ["pd", "10.0.1.4:2380", "10.0.1.4:2380", "8.5.0-alpha-12-gabc", "0s"],
                ]
            )
        }
    }
}

/// BDR's loop prevention starts in the engine: a commit carries its session's
/// `tidb_cdc_write_source`, so the change stream can tell TiCDC's writes from the application's.
@Suite struct WriteSourceTests {
    @Test func aCommitRecordsItsSessionsWriteSource() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY)")
        let start = fixture.cluster.pd.oracle.next()
        session.run("INSERT INTO t VALUES (1)")
        session.run("SET SESSION tidb_cdc_write_source = 1")
        session.run("BEGIN; INSERT INTO t VALUES (2); UPDATE t SET id = 3 WHERE id = 1; COMMIT")
        session.run("SET SESSION tidb_cdc_write_source = 0")
        session.run("DELETE FROM t WHERE id = 2")
        let sources = fixture.cluster.storage.changes(after: start).map(\.writeSource)
        #expect(sources == [0, 1, 1, 1, 0])
    }
}

/// `date ± INTERVAL n unit` and DATE_ADD/DATE_SUB/ADDDATE/SUBDATE, as MySQL and TiDB compute them
/// (TiCDC's syncpoint purge is `created_at < (NOW() - INTERVAL 86400.00 SECOND)`).
@Suite struct DateIntervalTests {
    @Test(
        arguments: [
            ("SELECT '2024-01-31' + INTERVAL 1 MONTH", "2024-02-29"),
            ("SELECT DATE_ADD('2024-01-31 10:00:00', INTERVAL 1 DAY)", "2024-02-01 10:00:00"),
            ("SELECT DATE_SUB('2024-03-01', INTERVAL 1 DAY)", "2024-02-29"),
            ("SELECT ADDDATE('2024-03-01', 2)", "2024-03-03"),
            ("SELECT SUBDATE('2024-03-01 00:00:00', INTERVAL 2 HOUR)", "2024-02-29 22:00:00"),
            ("SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL 1.5 SECOND", "2024-01-01 00:00:01.500000"),
            ("SELECT TIMESTAMP '2024-01-01 00:00:00' - INTERVAL 86400.00 SECOND", "2023-12-31 00:00:00"),
            ("SELECT '2023-11-30' + INTERVAL 1 QUARTER", "2024-02-29"),
            ("SELECT '2024-02-29' - INTERVAL 1 YEAR", "2023-02-28"),
            ("SELECT '2024-01-01' + INTERVAL 2 WEEK", "2024-01-15"),
            ("SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL 5 MICROSECOND", "2024-01-01 00:00:00.000005"),
            ("SELECT NULL + INTERVAL 1 DAY", nil),
            ("SELECT '9999-12-31' + INTERVAL 1 DAY", nil),
        ] as [(String, String?)]
    )
    func arithmetic(sql: String, expected: String?) throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        #expect(try session.scalar(sql) == expected)
    }

    @Test func nowMinusAnIntervalFiltersRows() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        session.run("INSERT INTO t (id) VALUES (1)")
        session.run("INSERT INTO t VALUES (2, NOW() - INTERVAL 2 HOUR)")
        session.run("DELETE IGNORE FROM t WHERE created_at < (NOW() - INTERVAL 3600.00 SECOND)")
        #expect(try session.scalar("SELECT COUNT(*) FROM t") == "1")
        #expect(try session.scalar("SELECT id FROM t") == "1")
    }

    @Test func unknownUnitsAreASyntaxErrorNamingTheUnit() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        let error = session.failure("SELECT NOW() + INTERVAL '1:30' HOUR_FORTNIGHT")
        #expect(error?.code == 1064)
        #expect(error?.message.contains("HOUR_FORTNIGHT") == true)
    }
}
