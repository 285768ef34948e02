import ExternalStorage
import Glibc
import MySQLTypes
import Testing

@testable import TiDBEngine

/// BACKUP's files and RESTORE's checks, below the SQL statements: a backup of one cluster at
/// BackupTS restores into another with equal checksums, and every failure changes nothing.
struct BackupRestoreTests {
    static let tables = """
        CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, k INT NOT NULL, c VARCHAR(20), d DECIMAL(10,2), \
        at DATETIME(3), b VARBINARY(8), UNIQUE KEY uk (c), KEY k_1 (k));
        CREATE TABLE nokey (v INT, s TEXT);
        """

    final class TemporaryDirectory {
        let path: String
        init() {
            var template = Array("/tmp/mock-tidb-backup-XXXXXX".utf8CString)
            self.path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        }
        deinit { _ = system("rm -rf '\(self.path)'") }
        var url: StorageURL { try! StorageURL.parse("local://\(self.path)/backup") }
    }

    /// A primary with rows, a BackupTS after the first batch of writes, and later writes.
    private func primary() throws -> (EngineFixture, Session) {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run(Self.tables)
        session.run(
            """
            INSERT INTO t (k, c, d, at, b) VALUES (1, 'one', 1.50, '2024-09-19 10:10:46.963', x'00ff'), \
            (2, NULL, NULL, NULL, NULL), (3, 'three', -3.25, '2000-01-01 00:00:00', x'');
            INSERT INTO nokey VALUES (1, 'a'), (1, 'a'), (NULL, NULL)
            """
        )
        return (fixture, session)
    }

    private func backup(_ session: Session, to url: StorageURL, scope: BRIEScope = .all) async throws -> BackupMeta {
        let (runner, service) = try session.prepareBackup(
            scope,
            storage: LocalStorage(url),
            snapshot: nil,
            rateLimit: nil,
            clock: ContinuousClock()
        )
        defer { session.finishBackup(serviceSafePoint: service) }
        return try await runner.run()
    }

    @Test func backupRestoresIntoAnotherClusterWithEqualChecksums() async throws {
        let directory = TemporaryDirectory()
        let (_, session) = try self.primary()
        let meta = try await self.backup(session, to: directory.url)
        // Writes after BackupTS are not in the backup.
        session.run("INSERT INTO t (k) VALUES (4); UPDATE t SET k = 10 WHERE id = 1")
        #expect(meta.tables.map(\.name) == ["nokey", "t"])
        #expect(meta.tables.map(\.file.rows) == [3, 3])

        let target = EngineFixture()
        let restoring = try target.session()
        let loaded = try await RestoreReader(storage: LocalStorage(directory.url)).load()
        let clusterTS = try restoring.applyRestore(loaded)
        #expect(clusterTS.rawValue > 0)

        session.run("SET tidb_snapshot = '\(meta.backupTS)'")
        let expected = try session.query("ADMIN CHECKSUM TABLE t, nokey").rows
        let restored = try restoring.query("ADMIN CHECKSUM TABLE test.t, test.nokey").rows
        #expect(restored == expected)
        #expect(try restoring.scalar("SELECT COUNT(*) FROM test.t WHERE k = 10") == "0")
        #expect(try restoring.scalar("SELECT c FROM test.t WHERE k = 3") == "three")
        // AUTO_INCREMENT continues after the largest restored value; indexes work.
        restoring.run("INSERT INTO test.t (k, c) VALUES (5, 'five')")
        #expect(try Int(restoring.scalar("SELECT id FROM test.t WHERE c = 'five'") ?? "") ?? 0 > 3)
        #expect(restoring.failure("INSERT INTO test.t (k, c) VALUES (6, 'one')")?.code == 1062)
        restoring.run("INSERT INTO test.nokey VALUES (2, 'b')")
        #expect(try restoring.scalar("SELECT COUNT(*) FROM test.nokey") == "4")
    }

    @Test func restoreOverExistingTablesFailsAndChangesNothing() async throws {
        let directory = TemporaryDirectory()
        let (_, session) = try self.primary()
        _ = try await self.backup(session, to: directory.url)
        let target = EngineFixture()
        let restoring = try target.session(database: "test")
        restoring.run("CREATE TABLE t (x INT)")
        let loaded = try await RestoreReader(storage: LocalStorage(directory.url)).load()
        let error = try #require(throws: MySQLError.self) { try restoring.applyRestore(loaded) }
        #expect(error.code == 8125)
        #expect(error.message.hasPrefix("Restore failed: table already exists: test.t"))
        #expect(restoring.failure("SELECT * FROM nokey")?.code == 1146)
        #expect(try restoring.scalar("SELECT COUNT(*) FROM t") == "0")
    }

    @Test func aUsedDestinationIsRefused() async throws {
        let directory = TemporaryDirectory()
        let (_, session) = try self.primary()
        _ = try await self.backup(session, to: directory.url)
        let again = await #expect(throws: BRIEFailure.self) { try await self.backup(session, to: directory.url) }
        #expect(again?.message.hasPrefix("backup meta file exists in local://") == true)
        // A lock alone (an interrupted backup) also keeps the destination, and does not restore.
        let interrupted = TemporaryDirectory()
        try await LocalStorage(interrupted.url).write(BackupMeta.lockFileName, Array("{}".utf8))
        let locked = await #expect(throws: BRIEFailure.self) { try await self.backup(session, to: interrupted.url) }
        #expect(locked?.message.hasPrefix("backup lock file and sst file exist") == true)
        let restore = await #expect(throws: BRIEFailure.self) {
            try await RestoreReader(storage: LocalStorage(interrupted.url)).load()
        }
        #expect(restore?.message.hasPrefix("backupmeta not found in local://") == true)
    }

    @Test func aFlippedByteOrAMissingFileFailsTheRestoreBeforeAnyWrite() async throws {
        let directory = TemporaryDirectory()
        let (_, session) = try self.primary()
        let meta = try await self.backup(session, to: directory.url)
        let storage = LocalStorage(directory.url)
        let name = meta.tables[1].file.name
        var bytes = try await storage.read(name)
        bytes[bytes.count / 2] ^= 0x01
        try await storage.write(name, bytes)
        let corrupt = await #expect(throws: BRIEFailure.self) { try await RestoreReader(storage: storage).load() }
        #expect(corrupt?.message.contains("\(name) of test.t is corrupt") == true)
        try await storage.delete(name)
        let missing = await #expect(throws: BRIEFailure.self) { try await RestoreReader(storage: storage).load() }
        #expect(missing?.message == "data file \(name) of test.t is missing")
        // A real BR backupmeta is protobuf.
        try await storage.write(BackupMeta.fileName, [0x08, 0x96, 0x01, 0x12, 0x04])
        let foreign = await #expect(throws: BRIEFailure.self) { try await RestoreReader(storage: storage).load() }
        #expect(foreign?.message.contains("is not a mock-tidb backup") == true)
    }

    @Test func aSnapshotGCHasPassedIsRefusedAndARunningBackupHoldsGC() async throws {
        let (fixture, session) = try self.primary()
        let old = fixture.cluster.pd.oracle.next().rawValue
        fixture.cluster.pd.advanceGCSafePoint(to: fixture.cluster.pd.oracle.next())
        let error = try #require(throws: MySQLError.self) {
            _ = try session.prepareBackup(
                .all,
                storage: NoopStorage(StorageURL.parse("noop://")),
                snapshot: old,
                rateLimit: nil,
                clock: ContinuousClock()
            )
        }
        #expect(error.code == 8124)
        #expect(error.message.hasPrefix("Backup failed: GC safepoint "))
        let (runner, service) = try session.prepareBackup(
            .tables([TableName(database: nil, name: "t")]),
            storage: NoopStorage(StorageURL.parse("noop://")),
            snapshot: nil,
            rateLimit: nil,
            clock: ContinuousClock()
        )
        #expect(service.hasPrefix("br-"))
        #expect(fixture.cluster.pd.serviceSafePoint(service)?.rawValue == runner.backupTS - 1)
        // noop:// keeps nothing and still reports what it would have written.
        let meta = try await runner.run()
        #expect(meta.tables.map(\.name) == ["t"] && meta.totalSize > 0)
        session.finishBackup(serviceSafePoint: service)
        #expect(fixture.cluster.pd.serviceSafePoint(service) == nil)
    }

    @Test func rowFilesRoundTripEveryValueAndRejectDamage() throws {
        let time = SQLDateTime(
            year: 2024,
            month: 9,
            day: 19,
            hour: 10,
            minute: 10,
            second: 46,
            microsecond: 963_000,
            fractionDigits: 3
        )
        let rows = [
            StoredRow(
                handle: [1, 2, 3],
                values: [
                    .null, .int(-5), .uint(.max), .double(-0.5),
                    .decimal(SQLDecimal(unscaled: -12_345_678_901_234_567_890_123, scale: 4)),
                ]
            ),
            StoredRow(handle: [], values: [.string("héllo"), .bytes([0, 255]), .datetime(time), .date(time)]),
        ]
        let bytes = RowFileCodec.encode(rows)
        let decoded = try RowFileCodec.decode(bytes)
        #expect(decoded.map(\.handle) == rows.map(\.handle))
        #expect(decoded.map(\.values) == rows.map(\.values))
        #expect(throws: RowFileCodec.DecodingError.self) { try RowFileCodec.decode(Array(bytes.dropLast())) }
        #expect(throws: RowFileCodec.DecodingError.self) { try RowFileCodec.decode(bytes + [0]) }
        #expect(throws: RowFileCodec.DecodingError.self) { try RowFileCodec.decode(Array(bytes.dropFirst())) }
    }

    @Test func storageURLsParseAsBRReadsThem() throws {
        let s3 = try StorageURL.parse(
            "s3://bucket/some/prefix/?access-key=AK&secret_access_key=SE%2Fcret&endpoint=http://127.0.0.1:9000"
        )
        #expect(s3.host == "bucket" && s3.path == "some/prefix")
        #expect(s3.parameter("secret-access-key") == "SE/cret" && s3.parameter("access_key") == "AK")
        #expect(s3.redacted == "s3://bucket/some/prefix/")
        #expect(try StorageURL.parse("local:///tmp/a+b").redacted == "local:///tmp/a%2Bb")
        #expect(try StorageURL.parse("/tmp/x").scheme == "local")
        #expect(throws: ExternalStorageError(.invalidURL, "please specify the bucket for s3 in s3:///x")) {
            try StorageURL.parse("s3:///x")
        }
        #expect(throws: ExternalStorageError(.invalidURL, "storage hdfs not support yet")) {
            try StorageURL.parse("hdfs://nn/x")
        }
        #expect(throws: ExternalStorageError.self) { try StorageURL.parse("local://relative/path") }
        #expect(
            StorageURL.redactingCredentials(
                in: "s3://b/p?access_key=AK&endpoint=http://h&secret-access-key=S&session-token=T"
            )
                == "s3://b/p?access_key=xxxxxx&endpoint=http://h&secret-access-key=xxxxxx&session-token=xxxxxx"
        )
    }
}

/// TiDB's BRIE grammar: scopes, space-separated options with optional `=`, unknown options 1064.
struct BRIEGrammarTests {
    private func parse(_ sql: String) throws -> BRIEStatement {
        guard case .brie(let statement) = try Parser.parse(sql)[0].statement else {
            Issue.record("\(sql) is not a BRIE statement")
            throw TestFailure()
        }
        return statement
    }

    @Test func scopesAndOptions() throws {
        let all = try self.parse(
            "BACKUP DATABASE * TO 'local:///tmp/b' RATE_LIMIT = 120 MB/SECOND CONCURRENCY 8 CHECKSUM = FALSE SNAPSHOT = 36 HOUR AGO"
        )
        #expect(all.kind == .backup && all.scope == .all && all.url == "local:///tmp/b")
        #expect(all.option("RATE_LIMIT") == .megabytesPerSecond(120))
        #expect(all.option("CONCURRENCY") == .integer(8))
        #expect(all.option("CHECKSUM") == .boolean(false))
        #expect(all.option("SNAPSHOT") == .ago(36, unit: "HOUR"))
        let tables = try self.parse("RESTORE TABLE sbtest.t1, t2 FROM 's3://b/p' SNAPSHOT 449 CHECKSUM REQUIRED")
        #expect(tables.kind == .restore)
        #expect(tables.scope == .tables([TableName(database: "sbtest", name: "t1"), TableName(name: "t2")]))
        #expect(tables.option("SNAPSHOT") == .integer(449) && tables.option("CHECKSUM") == .keyword("REQUIRED"))
        let databases = try self.parse("BACKUP SCHEMA a, `b` TO 'noop://' SNAPSHOT = '2024-09-19 10:10:46'")
        #expect(
            databases.scope == .databases(["a", "b"]) && databases.option("SNAPSHOT") == .string("2024-09-19 10:10:46")
        )
    }

    @Test func unknownOptionsAndMissingPartsAreSyntaxErrors() throws {
        for sql in [
            "BACKUP DATABASE * TO 'local:///tmp/b' SPEED = 3",
            "BACKUP DATABASE * TO 'local:///tmp/b' RATE_LIMIT = 3",
            "BACKUP DATABASE * FROM 'local:///tmp/b'",
            "RESTORE DATABASE * FROM local",
            "BACKUP TABLE TO 'x'",
        ] {
            #expect(throws: SQLSyntaxError.self, "\(sql)") { try Parser.parse(sql) }
        }
        let session = try EngineFixture().session()
        #expect(
            session.failure("BACKUP DATABASE * TO 'local:///tmp/b' SPEED = 3")?.message
                == "You have an error in your SQL syntax; check the manual that corresponds to your TiDB version for the right syntax to use line 1 column 43 near \"SPEED = 3\" "
        )
    }
}

/// BACKUP and RESTORE as statements: queued on the instance, the statement waits, then answers
/// with TiDB's result row; KILL cancels.
struct BRIEStatementTests {
    /// Runs a statement to its end, waiting for BRIE tasks as the network layer does.
    private func run(_ session: Session, _ sql: String) async -> [StatementOutcome] {
        var progress = session.execute(sql, multiStatementsAllowed: true)
        while case .waiting(_, let wait) = progress {
            await withCheckedContinuation { continuation in wait.onRelease { continuation.resume() } }
            progress = session.resume()
        }
        return progress.outcomes
    }

    @Test func backupThenRestoreStatementsAnswerLikeTiDB() async throws {
        let directory = BackupRestoreTests.TemporaryDirectory()
        let source = EngineFixture()
        let primary = try source.session(database: "test")
        primary.run(BackupRestoreTests.tables)
        primary.run("INSERT INTO t (k, c) VALUES (1, 'a'), (2, 'b'); INSERT INTO nokey VALUES (7, 'x')")
        let target = EngineFixture()
        let secondary = try target.session()
        let queues = Task {
            async let first: Void = source.instance.brieQueue.run()
            async let second: Void = target.instance.brieQueue.run()
            _ = await (first, second)
        }
        defer { queues.cancel() }

        let backup = await self.run(
            primary,
            "BACKUP DATABASE * TO 'local://\(directory.path)/b' RATE_LIMIT = 100 MB/SECOND"
        )
        guard case .rows(let backupRow) = backup.last?.result else {
            Issue.record("BACKUP answered \(backup.map(\.result))")
            return
        }
        #expect(backupRow.columns.map(\.name) == ["Destination", "Size", "BackupTS", "Queue Time", "Execution Time"])
        // TiDB's flags: every column but Destination UNSIGNED (and nothing else), the DATETIMEs too.
        #expect(backupRow.columns.map(\.flags) == [[], .unsigned, .unsigned, .unsigned, .unsigned])
        #expect(backupRow.columns.map(\.type) == [.varString, .longLong, .longLong, .datetime, .datetime])
        #expect(backupRow.columns[0].length == 1020)
        #expect(backupRow.rows[0][0] == .string("local://\(directory.path)/b"))
        let backupTS = try #require(backupRow.rows[0][2].text)

        let restore = await self.run(secondary, "RESTORE DATABASE * FROM 'local://\(directory.path)/b'")
        guard case .rows(let restoreRow) = restore.last?.result else {
            Issue.record("RESTORE answered \(restore.map(\.result))")
            return
        }
        #expect(
            restoreRow.columns.map(\.name) == [
                "Destination", "Size", "BackupTS", "Cluster TS", "Queue Time", "Execution Time",
            ]
        )
        #expect(restoreRow.rows[0][1] == backupRow.rows[0][1] && restoreRow.rows[0][2].text == backupTS)
        #expect(try secondary.query("ADMIN CHECKSUM TABLE test.t").rows == primary.query("ADMIN CHECKSUM TABLE t").rows)

        // Errors come back as 8124/8125 with BR's words, and the session goes on.
        let again = await self.run(primary, "BACKUP DATABASE * TO 'local://\(directory.path)/b'")
        #expect(again.last?.error?.code == 8124)
        #expect(again.last?.error?.message.hasPrefix("Backup failed: backup meta file exists in local://") == true)
        let twice = await self.run(secondary, "RESTORE DATABASE * FROM 'local://\(directory.path)/b'")
        #expect(twice.last?.error?.code == 8125)
        // A byte flipped in a data file: 8125 naming the file, and a third cluster gets nothing.
        let storage = LocalStorage(try StorageURL.parse("local://\(directory.path)/b"))
        var damaged = try await storage.read("data/2.rows")
        damaged[damaged.count - 3] ^= 0x20
        try await storage.write("data/2.rows", damaged)
        let third = EngineFixture()
        let empty = try third.session()
        let thirdQueue = Task { await third.instance.brieQueue.run() }
        defer { thirdQueue.cancel() }
        let corrupt = await self.run(empty, "RESTORE DATABASE * FROM 'local://\(directory.path)/b'")
        #expect(corrupt.last?.error?.code == 8125)
        #expect(corrupt.last?.error?.message.contains("data file data/2.rows of test.t is corrupt") == true)
        #expect(empty.failure("SELECT * FROM test.nokey")?.code == 1146)
        let unknown = await self.run(primary, "BACKUP DATABASE * TO 'hdfs://nn/x'")
        #expect(unknown.last?.error?.message == "Backup failed: storage hdfs not support yet")
        #expect(try primary.scalar("SELECT COUNT(*) FROM t") == "2")

        // SHOW BACKUPS lists this instance's tasks: the finished one and the refused one.
        let shown = try primary.query("SHOW BACKUPS")
        #expect(
            shown.columns.map(\.name)
                == [
                    "Id", "Destination", "State", "Progress", "Queue_time", "Execution_time", "Finish_time",
                    "Connection", "Message",
                ]
        )
        #expect(shown.rows.count == 2)
        #expect(shown.rows[0][2] == .string("Backup") && shown.rows[0][3] == .double(100) && shown.rows[0][8] == .null)
        #expect(shown.rows[1][8].text?.hasPrefix("backup meta file exists") == true)
        #expect(try primary.query("SHOW BACKUPS LIKE 'local://%'").rows.count == 2)
        #expect(try primary.query("SHOW BACKUPS LIKE 's3://%'").rows.isEmpty)
        #expect(try primary.query("SHOW BACKUPS WHERE Message IS NULL").rows.count == 1)
        #expect(try primary.query("SHOW RESTORES").rows.isEmpty)
        #expect(try secondary.query("SHOW RESTORES").rows.count == 2)
    }

    @Test func snapshotAndOptionForms() async throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run(BackupRestoreTests.tables)
        let queue = Task { await fixture.instance.brieQueue.run() }
        defer { queue.cancel() }
        func backupTS(_ options: String) async -> UInt64? {
            let outcomes = await self.run(session, "BACKUP TABLE t TO 'noop://' \(options)")
            guard case .rows(let result) = outcomes.last?.result, case .uint(let ts) = result.rows[0][2] else {
                return nil
            }
            return ts
        }
        let tso = fixture.cluster.pd.oracle.next().rawValue
        #expect(await backupTS("SNAPSHOT = \(tso)") == tso)
        // The session zone is SYSTEM; the fixture's clock is 2024-09-19 10:10:46.963 UTC.
        session.run("SET time_zone = '+00:00'")
        #expect(
            await backupTS("SNAPSHOT = '2024-09-19 10:05:00'") == TSO(physicalMilliseconds: 1_726_740_300_000).rawValue
        )
        // Ten minutes back is below the safe point of the instance's first GC run.
        let tooOld = await self.run(session, "BACKUP TABLE t TO 'noop://' SNAPSHOT = '2024-09-19 10:00:00'")
        #expect(tooOld.last?.error?.message.hasPrefix("Backup failed: GC safepoint ") == true)
        let now = fixture.clock.microsecondsSinceEpoch() / 1000
        #expect(await backupTS("SNAPSHOT = 2 MINUTE AGO") == TSO(physicalMilliseconds: now - 120_000).rawValue)
        let compressed = await self.run(session, "BACKUP TABLE t TO 'noop://' COMPRESSION_TYPE = 'gzip'")
        #expect(compressed.last?.error?.message == "Backup failed: unsupported compression type: gzip")
        #expect(await backupTS("COMPRESSION_TYPE = 'zstd' CONCURRENCY = 4 CHECKSUM = TRUE") != nil)
        let incremental = await self.run(session, "BACKUP TABLE t TO 'noop://' LAST_BACKUP = 1")
        #expect(incremental.last?.error?.code == 1235)
    }

    @Test func killCancelsAQueuedBackupAndWritesNothing() async throws {
        let directory = BackupRestoreTests.TemporaryDirectory()
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run(BackupRestoreTests.tables)
        // The queue is not running: the task waits, then KILL ends the statement.
        let progress = session.execute(
            "BACKUP TABLE t TO 'local://\(directory.path)/k?secret-access-key=S3CR3T'",
            multiStatementsAllowed: true
        )
        guard case .waiting = progress else {
            Issue.record("BACKUP did not wait for its task: \(progress.outcomes.map(\.result))")
            return
        }
        #expect(session.waitTimeout == nil)
        // While it waits, SHOW PROCESSLIST shows the statement with credentials masked.
        let watcher = try fixture.session()
        let listed = try watcher.query("SHOW PROCESSLIST").rows.compactMap { $0.last?.text }
        #expect(listed.contains("BACKUP TABLE t TO 'local://\(directory.path)/k?secret-access-key=xxxxxx'"))
        let killed = session.abandonWait(.interrupted).outcomes
        #expect(killed.last?.error?.code == 8124)
        #expect(killed.last?.error?.message.hasSuffix("is canceled") == true)
        let tasks = fixture.instance.brieQueue.tasks(of: .backup)
        let queue = Task { await fixture.instance.brieQueue.run() }
        defer { queue.cancel() }
        await withCheckedContinuation { continuation in tasks[0].completion.onRelease { continuation.resume() } }
        #expect(tasks[0].progress.withLock { $0.state } == "Backup Canceled")
        #expect(
            try await LocalStorage(StorageURL.parse("local://\(directory.path)/k")).exists(BackupMeta.lockFileName)
                == false
        )
        #expect(session.waitTimeout != nil)
    }
}

/// GC with TiDB's 10-minute life time, driven by an injected clock, while a backup runs: its
/// `br-…` service safepoint keeps BackupTS readable until the backup ends.
struct BackupGCTests {
    @Test func aRunningBackupHoldsGCBelowItsSnapshot() async throws {
        let fixture = try GCFixture()
        fixture.write(10, atMinute: 1)
        let (runner, service) = try fixture.session.prepareBackup(
            .tables([TableName(name: "t")]),
            storage: NoopStorage(StorageURL.parse("noop://")),
            snapshot: nil,
            rateLimit: nil,
            clock: ContinuousClock()
        )
        fixture.write(20, atMinute: 2)
        // The backup runs for half an hour (RATE_LIMIT), renewing its safepoint as it goes (what
        // its keepAlive does); GC would move to minute 20, far past BackupTS, but is held.
        var held: [TSO] = []
        for minute in stride(from: Int64(4), through: 30, by: 4) {
            fixture.setMinute(minute)
            fixture.cluster.pd.updateServiceSafePoint(
                service: service,
                safePoint: TSO(rawValue: runner.backupTS - 1),
                expiresAtMicroseconds: fixture.micros(minute) + Session.backupSafePointTTLMicroseconds
            )
            if let run = fixture.tick() { held.append(run.safePoint) }
        }
        #expect(!held.isEmpty && held.allSatisfy { $0.rawValue <= runner.backupTS - 1 })
        #expect(try fixture.versions() == [10, 20])
        let meta = try await runner.run()
        #expect(meta.tables[0].file.rows == 1)
        // Once the backup ends, the next run moves on and drops the old version.
        fixture.session.finishBackup(serviceSafePoint: service)
        fixture.setMinute(45)
        let moved = try #require(fixture.tick())
        #expect(moved.safePoint == fixture.target(atMinute: 45))
        #expect(try fixture.versions() == [20])
    }
}
