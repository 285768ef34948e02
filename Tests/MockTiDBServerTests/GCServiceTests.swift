import InMemoryLogging
import Logging
import MockTiDBServer
import ServiceLifecycle
import Testing
import TiDBEngine

/// The GC loop as a service: it ticks every minute of its clock, runs GC on the cluster's wall
/// time, and stops on graceful shutdown, alone or inside a server.
@Suite(.timeLimit(.minutes(1))) struct GCServiceTests {
    static func logger(_ logs: InMemoryLogHandler) -> Logger {
        var handler = logs
        handler.logLevel = .debug
        return Logger(label: "gc-test") { _ in handler }
    }

    @Test func ticksEveryMinuteOfItsClockAndStopsOnGracefulShutdown() async throws {
        let wall = ManualWallClock(millisecondsSinceEpoch: 1_726_740_646_963)
        let cluster = Cluster(configuration: .init(clock: wall))
        let instance = TiDBInstance(cluster: cluster)
        let clock = ManualClock()
        let logs = InMemoryLogHandler()
        let service = GCService(worker: instance.gcWorker, clock: clock, logger: Self.logger(logs))
        let group = ServiceGroup(services: [service], logger: Self.logger(logs))
        let started = cluster.pd.gcSafePoint
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await clock.waitForSleepers(count: 1)
            wall.advance(byMilliseconds: 11 * 60_000)
            clock.advance(by: .seconds(59))
            #expect(clock.sleeperCount == 1)  // no tick yet
            #expect(cluster.pd.gcSafePoint == started)

            clock.advance(by: .seconds(1))
            await clock.waitForSleepers(count: 1)  // the tick is done, the loop sleeps again
            let expected = TSO(physicalMilliseconds: wall.millisecondsSinceEpoch() - 10 * 60_000)
            #expect(cluster.pd.gcSafePoint == expected)
            #expect(cluster.mysqlTiDB.value("tikv_gc_leader_uuid") == instance.gcWorker.uuid)

            // GC OFF: the next ticks move nothing.
            cluster.mysqlTiDB.update("tikv_gc_enable", "false", commentIfNew: "")
            wall.advance(byMilliseconds: 30 * 60_000)
            clock.advance(by: .seconds(600))
            await clock.waitForSleepers(count: 1)
            #expect(cluster.pd.gcSafePoint == expected)

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(logs.messages.contains("GC ran"))
        #expect(logs.messages.contains("GC worker stopped"))
        #expect(clock.sleeperCount == 0)
    }

    @Test func runsInsideTheServerAndRefusesSnapshotsGCPassed() async throws {
        let wall = ManualWallClock(millisecondsSinceEpoch: 1_726_740_646_963)
        let clock = ManualClock()
        let logs = InMemoryLogHandler()
        let configuration = MockTiDBConfiguration(port: 0, statusPort: 0, pdPort: 0, clock: wall, intervalClock: clock)
        try await MockTiDBServer.withRunningServer(configuration: configuration, logger: Self.logger(logs)) {
            endpoints,
            server in
            await clock.waitForSleepers(count: 1)
            let port = endpoints.sqlPort
            let old = try await blocking { () -> String? in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 1)")
                _ = try client.query("BEGIN")
                defer { _ = try? client.query("ROLLBACK") }
                return try client.scalar("SELECT @@tidb_current_ts")
            }
            let rowsBefore = server.instance.cluster.mysqlTiDB.allRows

            wall.advance(byMilliseconds: 11 * 60_000)
            clock.advance(by: GCWorker.tickInterval)
            await clock.waitForSleepers(count: 1)

            let refused = try await blocking { () -> MariaDBTestClient.Failure? in
                let client = try MariaDBTestClient(port: port)
                do {
                    _ = try client.query("SET tidb_snapshot = '\(old ?? "")'")
                    return nil
                } catch let failure as MariaDBTestClient.Failure {
                    return failure
                }
            }
            #expect(refused?.code == 8055)
            let (safePoint, lastRun) = try await blocking {
                let client = try MariaDBTestClient(port: port)
                return (
                    try client.scalar(
                        "SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME = 'tikv_gc_safe_point'"
                    ),
                    try client.scalar(
                        "SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME = 'tikv_gc_last_run_time'"
                    )
                )
            }
            #expect(safePoint != rowsBefore.first { $0.name == "tikv_gc_safe_point" }?.value)
            #expect(lastRun != rowsBefore.first { $0.name == "tikv_gc_last_run_time" }?.value)
            #expect(
                server.instance.cluster.pd.gcSafePoint
                    == TSO(physicalMilliseconds: wall.millisecondsSinceEpoch() - 10 * 60_000)
            )
        }
        #expect(logs.messages.contains("GC worker stopped"))
    }
}
