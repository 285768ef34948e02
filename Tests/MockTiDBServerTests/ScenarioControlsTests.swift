import InMemoryLogging
import Logging
import MySQLTypes
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// The scenario controls' state on its own: the cluster's forward-only clock (TSOs, GC and
/// service safepoints follow it), failure rules, the query log's ring; then the routes on an
/// in-process server with a frozen wall clock.
@Suite(.timeLimit(.minutes(1))) struct ScenarioControlsTests {
    /// 2024-09-19 10:10:46.963 UTC.
    static let start: Int64 = 1_726_740_646_963

    // MARK: Clock

    @Test func theOffsetClockRunsAheadOfItsBaseAndNeverBack() throws {
        let wall = ManualWallClock(millisecondsSinceEpoch: Self.start)
        let clock = OffsetWallClock(base: wall)
        #expect(clock.millisecondsSinceEpoch() == Self.start)
        #expect(try clock.advance(byMicroseconds: 15 * 60_000_000) == 15 * 60_000_000)
        #expect(clock.millisecondsSinceEpoch() == Self.start + 15 * 60_000)
        #expect(clock.coarseMicrosecondsSinceEpoch() == (Self.start + 15 * 60_000) * 1000)
        wall.advance(byMilliseconds: 1)
        #expect(clock.millisecondsSinceEpoch() == Self.start + 15 * 60_000 + 1)

        #expect(throws: ClockAdvanceError.backwards) { try clock.advance(byMicroseconds: -1) }
        #expect(throws: ClockAdvanceError.tooFar) {
            try clock.advance(byMicroseconds: OffsetWallClock.maximumOffsetMicroseconds)
        }
        #expect(clock.offsetMicroseconds == 15 * 60_000_000)
    }

    @Test func tsosStayStrictlyIncreasingAcrossAnAdvanceAndFollowIt() throws {
        let wall = ManualWallClock(millisecondsSinceEpoch: Self.start)
        let cluster = Cluster(configuration: .init(clock: wall))
        var previous = cluster.pd.oracle.next()
        for _ in 0..<1000 {
            let next = cluster.pd.oracle.next()
            #expect(next > previous)
            previous = next
        }
        try cluster.clock.advance(byMicroseconds: 15 * 60_000_000)
        let after = cluster.pd.oracle.next()
        #expect(after > previous)
        #expect(after.physical == Self.start + 15 * 60_000)
        #expect(after.logical == 1)
        // The base going back (an NTP step) moves nothing back either.
        wall.advance(byMilliseconds: -60_000)
        #expect(cluster.pd.oracle.next() > after)
    }

    @Test func gcAfterAnAdvanceMovesTheSafePointAndDropsExpiredServiceSafePoints() throws {
        let wall = ManualWallClock(millisecondsSinceEpoch: Self.start)
        let cluster = Cluster(configuration: .init(clock: wall))
        let instance = TiDBInstance(cluster: cluster)
        let lastRun = cluster.mysqlTiDB.value("tikv_gc_last_run_time")
        let safePoint = cluster.pd.gcSafePoint
        let now = cluster.clock.microsecondsSinceEpoch()
        cluster.pd.updateServiceSafePoint(
            service: "br-short",
            safePoint: safePoint,
            ttlSeconds: 300,
            nowMicroseconds: now
        )
        #expect(instance.gcWorker.tick() == nil)  // not due: ten minutes between runs

        try cluster.clock.advance(byMicroseconds: 15 * 60_000_000)
        let run = try #require(instance.gcWorker.tick())
        #expect(run.safePoint == TSO(physicalMilliseconds: Self.start + 5 * 60_000))
        #expect(cluster.mysqlTiDB.value("tikv_gc_last_run_time") != lastRun)
        #expect(cluster.pd.serviceSafePoints().map(\.serviceID) == [PlacementDriver.gcWorkerServiceID])
    }

    // MARK: Failure rules

    @Test func aRuleFailsMatchingStatementsCaseInsensitivelyAndOnlyAsOftenAsAllowed() throws {
        let rules = FailureRules()
        #expect(!rules.isArmed)
        try rules.add(FailureRuleRequest(pattern: "^insert into t\\b", errno: 1105, message: "boom", times: 2))
        try rules.add(FailureRuleRequest(pattern: "INSERT", errno: 9007, sqlstate: "40001"))
        #expect(rules.isArmed)
        let insert = Array("INSERT INTO t VALUES (1)".utf8)
        #expect(rules.failure(for: Array("SELECT 1".utf8)) == nil)
        #expect(rules.failure(for: insert) == MySQLError(code: 1105, sqlState: "HY000", message: "boom"))
        #expect(rules.failure(for: insert)?.code == 1105)
        // The first rule is used up; the second (no limit) answers from now on.
        #expect(rules.failure(for: insert)?.code == 9007)
        #expect(rules.listings.map(\.matched) == [2, 1])
        rules.removeAll()
        #expect(!rules.isArmed)
        #expect(rules.failure(for: insert) == nil)
    }

    @Test func aRuleLimitedToOneTimeDisarmsOnceUsed() throws {
        let rules = FailureRules()
        let listing = try rules.add(FailureRuleRequest(pattern: "commit", errno: 1213, sqlstate: "40001", times: 1))
        #expect(listing.id == 1)
        #expect(rules.failure(for: Array("COMMIT".utf8))?.sqlState == "40001")
        #expect(!rules.isArmed)
        #expect(rules.failure(for: Array("COMMIT".utf8)) == nil)
        #expect(rules.remove(id: 1))
        #expect(!rules.remove(id: 1))
    }

    @Test(arguments: [
        (FailureRuleRequest(pattern: "(", errno: 1105), "pattern is not a valid regular expression"),
        (FailureRuleRequest(pattern: "", errno: 1105), "pattern must not be empty"),
        (FailureRuleRequest(pattern: "x", errno: 0), "errno must be between 1 and 65535"),
        (FailureRuleRequest(pattern: "x", errno: 1105, sqlstate: "HY00"), "sqlstate must be five"),
        (FailureRuleRequest(pattern: "x", errno: 1105, times: 0), "times must be at least 1"),
    ])
    func badRulesAreRefusedAndChangeNothing(request: FailureRuleRequest, message: String) throws {
        let rules = FailureRules()
        try rules.add(FailureRuleRequest(pattern: "keep", errno: 1105))
        let error = #expect(throws: ControlInputError.self) { try rules.replaceAll(with: [request]) }
        #expect(error?.message.hasPrefix(message) == true)
        #expect(rules.listings.map(\.pattern) == ["keep"])
    }

    // MARK: Query log

    @Test func theQueryLogKeepsTheNewestEntriesAndReadsFromACursor() {
        let log = QueryLog(capacity: 3)
        log.record(microseconds: 0, connectionID: 1, user: "root", kind: .query, text: Array("SELECT 0".utf8), code: 0)
        #expect(log.entries().entries.isEmpty)  // off until asked for
        log.isRecording = true
        for index in 1...5 {
            log.record(
                microseconds: Self.start * 1000,
                connectionID: 2_097_154,
                user: "root",
                kind: .query,
                text: Array("SELECT \(index)".utf8),
                code: index == 4 ? 1064 : 0
            )
        }
        let all = log.entries()
        #expect(all.entries.map(\.sequence) == [3, 4, 5])
        #expect(all.entries.map(\.textString) == ["SELECT 3", "SELECT 4", "SELECT 5"])
        #expect(all.truncated)
        #expect(all.nextSince == 5)
        let later = log.entries(since: 3, limit: 1)
        #expect(later.entries.map(\.code) == [1064])
        #expect(!later.truncated)
        #expect(later.nextSince == 4)
        #expect(log.entries(since: 5).entries.isEmpty)
        #expect(log.entries(since: 5).nextSince == 5)

        log.clear()
        #expect(log.entries().entries.isEmpty)
        #expect(log.newestSequence == 5)
        log.record(microseconds: 0, connectionID: 1, user: "u", kind: .execute, text: [], code: 0)
        #expect(log.entries(since: 5).entries.map(\.sequence) == [6])
    }

    /// The status port quotes as Go's encoding/json with `SetEscapeHTML(false)` (GoJSON): `\r`,
    /// `\t`, `\b`, `\f` short, other control characters as `\u00xx`, U+2028 escaped, `<&>` kept.
    @Test func aQueryLogLineEscapesAsGoDoes() {
        let entry = QueryLogEntry(
            sequence: 1,
            microsecondsSinceEpoch: 0,
            connectionID: 1,
            user: "a\r\tb",
            kind: .query,
            text: Array("x\r\n\t\u{8}\u{C}\u{1}\u{7F}<&>\u{2028}é".utf8),
            code: 0
        )
        #expect(
            entry.jsonLine
                == #"{"seq":1,"time":"1970-01-01T00:00:00.000Z","connection_id":1,"user":"a\r\tb","kind":"query","text":"x\r\n\t\b\f\u0001\#u{7F}<&>\u2028é","code":0}"#
        )
    }

    @Test func anEntryIsOneJSONLineWithAnRFC3339Time() {
        let entry = QueryLogEntry(
            sequence: 7,
            microsecondsSinceEpoch: Self.start * 1000 + 123,
            connectionID: 2_097_154,
            user: "dr",
            kind: .execute,
            text: Array("SELECT \"a\"\n\t< 1".utf8) + [0xFF],
            code: 1062
        )
        #expect(QueryLogEntry.rfc3339(Self.start * 1000) == "2024-09-19T10:10:46.963Z")
        #expect(QueryLogEntry.rfc3339(-1000) == "1969-12-31T23:59:59.999Z")
        #expect(
            entry.jsonLine
                == #"{"seq":7,"time":"2024-09-19T10:10:46.963Z","connection_id":2097154,"user":"dr","kind":"execute","text":"SELECT \"a\"\n\t< 1\#u{FFFD}","code":1062}"#
        )
    }

    // MARK: Routes on a running server

    struct Running: Sendable {
        let endpoints: MockTiDBEndpoints
        let server: MockTiDBServer

        func request(_ method: String, _ target: String, body: String? = nil) async throws -> HTTPAnswer {
            try await HTTPAnswer.exchange(port: self.endpoints.statusPort, method, "/mock/v1/" + target, body: body)
        }

        func scalar(_ sql: String) async throws -> String? {
            let port = self.endpoints.sqlPort
            return try await blocking { try MariaDBTestClient(port: port, database: "test").scalar(sql) }
        }
    }

    static func withRunning<T: Sendable>(_ body: (Running) async throws -> T) async throws -> T {
        var handler = InMemoryLogHandler()
        handler.logLevel = .warning
        let configuration = MockTiDBConfiguration(
            port: 0,
            statusPort: 0,
            pdPort: 0,
            clock: ManualWallClock(millisecondsSinceEpoch: Self.start),
            intervalClock: ManualClock()
        )
        return try await MockTiDBServer.withRunningServer(
            configuration: configuration,
            logger: Logger(label: "scenario-test") { _ in handler }
        ) { endpoints, server in
            try await body(Running(endpoints: endpoints, server: server))
        }
    }

    @Test func advancingTheClockMovesNowTSOsAndGCTogether() async throws {
        try await Self.withRunning { running in
            let before = try #require(try await running.scalar("SELECT UNIX_TIMESTAMP(NOW(3)) * 1000"))
            #expect(before.hasPrefix("\(Self.start)"))
            let answer = try await running.request("POST", "clock/advance?by=15m")
            #expect(answer.status == 200)
            #expect(answer.body.contains(#""now":"2024-09-19T10:25:46.963Z","unix_ms":1726741546963,"offset":"15m0s""#))
            #expect(answer.body.contains(#""gc":{"ran":true,"#))
            let after = try #require(try await running.scalar("SELECT UNIX_TIMESTAMP(NOW(3)) * 1000"))
            #expect(after.hasPrefix("\(Self.start + 15 * 60_000)"))
            let lastRun = try await running.scalar(
                "SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME = 'tikv_gc_last_run_time'"
            )
            // In the system's time zone: the minutes and seconds are the advanced clock's.
            #expect(lastRun?.contains(":25:46.963") == true)

            for (target, message) in [
                ("clock/advance?by=-1m", "the clock only moves forward"),
                ("clock/advance?by=soon", "by must be a Go duration"),
                ("clock/advance", "by=<duration> is required"),
            ] {
                let refused = try await running.request("POST", target)
                #expect(refused.status == 400)
                #expect(refused.body.contains(message))
            }
            #expect(try await running.request("DELETE", "clock").status == 409)
            #expect(running.server.instance.cluster.clock.offsetMicroseconds == 15 * 60_000_000)
        }
    }

    @Test func badBodiesGetA400WithAJSONMessage() async throws {
        try await Self.withRunning { running in
            for (method, target, body, message) in [
                ("PUT", "connections", #"{"refuse":"maybe"}"#, "refuse must be"),
                ("PUT", "connections", "{", "the body is not valid JSON"),
                ("PUT", "connections", "", "it is empty"),
                ("PUT", "latency", #"{"delay":"fast"}"#, "delay must be a Go duration"),
                ("PUT", "latency", #"{"delay":"-5ms"}"#, "delay must be between"),
                ("PUT", "latency", #"{"delai":"5ms"}"#, #"unknown field \"delai\"; the fields are delay"#),
                ("POST", "failures", #"{"pattern":"(","errno":1105}"#, "not a valid regular expression"),
                ("POST", "failures", #"{"pattern":"x","errno":"ER_BAD"}"#, "errno must be a MySQL error number"),
                ("POST", "failures", #"{"errno":1105}"#, "pattern is required"),
                ("PUT", "failures", #"[{"pattern":"x","errno":1105},{"pattern":"y","errno":70000}]"#, "errno must be"),
                ("GET", "querylog?since=x", nil, "since must be"),
            ] {
                let answer = try await running.request(method, target, body: body)
                #expect(answer.status == 400, "\(method) \(target) \(body ?? "")")
                #expect(answer.body.hasPrefix(#"{"error":""#), "\(answer.body)")
                #expect(answer.body.contains(message), "\(answer.body)")
            }
            // Nothing was set by any of them.
            #expect(try await running.request("GET", "failures").body == "{\"rules\":[]}\n")
            #expect(try await running.request("GET", "latency").body == "{\"delay\":\"0s\"}\n")
        }
    }

    @Test func aMatchingStatementGetsTheErrorAndRunsNot() async throws {
        try await Self.withRunning { running in
            let port = running.endpoints.sqlPort
            try await blocking {
                _ = try MariaDBTestClient(port: port, database: "test").query("CREATE TABLE t (id INT PRIMARY KEY)")
            }
            running.server.controls.queryLog.isRecording = true
            let added = try await running.request(
                "POST",
                "failures",
                body: #"{"pattern":"insert\\s+into\\s+t\\b","errno":"1105","message":"injected","times":1}"#
            )
            #expect(
                added.body
                    == #"{"id":1,"pattern":"insert\\s+into\\s+t\\b","errno":1105,"sqlstate":"HY000","message":"injected","times":1,"matched":0}"#
                    + "\n"
            )
            let failure = try await blocking { () -> MariaDBTestClient.Failure? in
                let client = try MariaDBTestClient(port: port, database: "test")
                do {
                    _ = try client.query("insert INTO t VALUES (1)")
                    return nil
                } catch let failure as MariaDBTestClient.Failure {
                    return failure
                }
            }
            #expect(failure == MariaDBTestClient.Failure(code: 1105, sqlState: "HY000", message: "injected"))
            #expect(try await running.scalar("SELECT COUNT(*) FROM t") == "0")
            // Used up: the next one runs.
            try await blocking {
                _ = try MariaDBTestClient(port: port, database: "test").query("INSERT INTO t VALUES (1)")
            }
            #expect(try await running.scalar("SELECT COUNT(*) FROM t") == "1")

            let log = running.server.controls.queryLog.entries().entries
            let inserts = log.filter { $0.textString.lowercased().hasPrefix("insert") }
            #expect(inserts.map(\.code) == [1105, 0])
            #expect(inserts.allSatisfy { $0.user == "root" && $0.kind == .query && $0.connectionID > 0 })
        }
    }

    @Test func refusingAndDroppingConnectionsLookLikeADeadPrimary() async throws {
        try await Self.withRunning { running in
            let (sqlPort, statusPort) = (running.endpoints.sqlPort, running.endpoints.statusPort)
            try await blocking {
                func control(_ method: String, _ target: String, _ body: String? = nil) throws -> HTTPAnswer {
                    try HTTPAnswer.exchangeNow(port: statusPort, method, "/mock/v1/" + target, body: body)
                }
                func connectFailure() -> MariaDBTestClient.Failure? {
                    do throws(MariaDBTestClient.Failure) {
                        let client = try MariaDBTestClient(port: sqlPort)
                        client.close()
                        return nil
                    } catch {
                        return error
                    }
                }
                let survivor = try MariaDBTestClient(port: sqlPort)
                #expect(
                    try control("PUT", "connections", #"{"refuse":"close"}"#).body == #"{"refuse":"close","open":1}"#
                        + "\n"
                )
                #expect(connectFailure()?.code == 2013)
                #expect(try survivor.scalar("SELECT 1") == "1")  // only new connections are refused

                #expect(try control("PUT", "connections", #"{"refuse":"deny"}"#).status == 200)
                let denied = connectFailure()
                #expect(denied?.code == 1045)
                #expect(denied?.message == "Access denied for user 'root'@'127.0.0.1' (using password: NO)")

                #expect(try control("POST", "connections/drop").body == #"{"dropped":1,"refuse":"deny"}"# + "\n")
                do throws(MariaDBTestClient.Failure) {
                    _ = try survivor.query("SELECT 1")
                    Issue.record("a dropped connection answered")
                } catch {
                    #expect([2013, 2006].contains(error.code))
                }
                #expect(try control("DELETE", "connections").body == #"{"refuse":"none","open":0}"# + "\n")
                #expect(try MariaDBTestClient(port: sqlPort).scalar("SELECT 1") == "1")
            }
        }
    }

    @Test func latencyDelaysEveryReplyUntilCleared() async throws {
        try await Self.withRunning { running in
            let (sqlPort, statusPort) = (running.endpoints.sqlPort, running.endpoints.statusPort)
            try await blocking {
                func roundTrip(_ client: MariaDBTestClient) throws -> Duration {
                    let clock = ContinuousClock()
                    let start = clock.now
                    _ = try client.query("SELECT 1")
                    return start.duration(to: clock.now)
                }
                let set = try HTTPAnswer.exchangeNow(
                    port: statusPort,
                    "PUT",
                    "/mock/v1/latency",
                    body: #"{"delay":"30ms"}"#
                )
                #expect(set.body == #"{"delay":"30ms"}"# + "\n")
                let client = try MariaDBTestClient(port: sqlPort)
                for _ in 0..<3 { #expect(try roundTrip(client) >= .milliseconds(30)) }
                _ = try HTTPAnswer.exchangeNow(port: statusPort, "DELETE", "/mock/v1/latency", body: nil)
                let after = try (0..<3).map { _ in try roundTrip(client) }
                #expect(after.min()! < .milliseconds(30))
            }
        }
    }
}
