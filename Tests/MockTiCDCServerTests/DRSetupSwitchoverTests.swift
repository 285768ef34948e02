import DRWorkflow
import Foundation
import MockDRTopology
import MockTiDBServer
import Testing
import TiCDCClient
import TiCDCCore
import TiDBClient

/// `tidb-dr setup` and `switchover` against the DR topology in one process: real BR, the real
/// TiCDC API and sink, both clusters' read-only flags.
@Suite(.timeLimit(.minutes(1))) struct DRSetupSwitchoverTests {
    typealias Support = TopologyTestSupport

    static func dsn(_ endpoints: MockTiDBEndpoints) throws -> ConnectionConfiguration {
        try ConnectionConfiguration(dsn: "mysql://root@\(endpoints.host):\(endpoints.sqlPort)")
    }

    static func storage() -> String {
        "local://" + FileManager.default.temporaryDirectory.appendingPathComponent("dr-setup-\(UUID().uuidString)").path
    }

    static func setupOptions(
        _ running: MockDRTopology.Running,
        sinkURI: String? = nil,
        timeout: Duration = .seconds(20)
    ) throws -> SetupOptions {
        SetupOptions(
            migration: MigrationOptions(
                primary: try Self.dsn(running.primary),
                secondary: try Self.dsn(running.secondary),
                storage: Self.storage()
            ),
            cdc: running.ticdc.url,
            changefeedID: "p2s",
            sinkURI: sinkURI,
            timeout: timeout,
            interval: .milliseconds(20)
        )
    }

    static func switchover(
        _ running: MockDRTopology.Running,
        fence: Bool = true,
        primarySinkURI: String? = nil
    ) async throws -> SwitchoverReport {
        let options = SwitchoverOptions(
            primary: try Self.dsn(running.primary),
            secondary: try Self.dsn(running.secondary),
            cdc: running.ticdc.url,
            changefeedID: "p2s",
            reverseID: "s2p",
            fence: fence,
            primarySinkURI: primarySinkURI,
            timeout: .seconds(20),
            interval: .milliseconds(20)
        )
        return await Switchover(
            options: options,
            cdc: Support.ticdc(running.ticdc),
            progress: SilentProgress(),
            clock: ContinuousClock(),
            logger: Support.logger
        ).run()
    }

    static func readOnly(_ endpoints: MockTiDBEndpoints) async throws -> Int64 {
        try await Support.sql(endpoints, "SELECT @@global.tidb_super_read_only")[0].scalar(Int64.self)
    }

    static func exists(_ id: String, _ client: TiCDCClient) async throws -> Bool {
        do {
            _ = try await client.changefeed(id)
            return true
        } catch  where error.code == "CDC:ErrChangeFeedNotExists" {
            return false
        }
    }

    @Test func setUpThenSwitchOverAndBackWithTheSameCommand() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await Support.sql(
                running.primary,
                "CREATE TABLE test.t (id INT PRIMARY KEY, v INT); INSERT INTO test.t VALUES (1, 1), (2, 2)"
            )

            let setup = await Setup(
                options: try Self.setupOptions(running),
                cdc: client,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            ).run()
            #expect(setup.outcome == .succeeded, "\(setup.failure?.description ?? "")")
            #expect(
                setup.steps.map(\.name) == [
                    "check-cdc", "connect", "record-gc", "disable-gc", "backup", "restore", "verify-checksums",
                    "create-changefeed", "wait-checkpoint", "enable-gc",
                ]
            )
            let backupTS = try #require(setup.backupTS)
            #expect(try #require(setup.checkpointTS) > backupTS)
            #expect(setup.primaryGCWasEnabled == true && setup.primaryGCEnabledAtEnd == true)
            let created = try await client.changefeed("p2s")
            #expect(created.startTS == backupTS.rawValue)

            _ = try await Support.sql(
                running.primary,
                "INSERT INTO test.t VALUES (3, 3); UPDATE test.t SET v = 20 WHERE id = 2"
            )
            let forward = try await Self.switchover(running)
            #expect(forward.outcome == .succeeded, "\(forward.failure?.description ?? "")")
            #expect(forward.direction == "forward")
            #expect(try #require(forward.finalCheckpoint) >= #require(forward.position))
            #expect(forward.tablesCompared == 1 && forward.differences.isEmpty)
            #expect(try await !Self.exists("p2s", client))
            #expect(try await Self.exists("s2p", client))
            #expect(try await Self.readOnly(running.primary) == 0)
            #expect(try await Self.readOnly(running.secondary) == 0)
            // The reverse changefeed reads the secondary's PD and writes into the old primary.
            #expect(try await client.changefeed("s2p").upstreamID != created.upstreamID)
            _ = try await Support.sql(running.secondary, "INSERT INTO test.t VALUES (4, 4)")
            _ = try await Support.eventually("row 4 back on the old primary") {
                try await Support.sql(running.primary, "SELECT COUNT(*) FROM test.t WHERE id = 4")[0].scalar(Int64.self)
                    == 1 ? true : nil
            }

            let back = try await Self.switchover(running)
            #expect(back.outcome == .succeeded, "\(back.failure?.description ?? "")")
            #expect(back.direction == "back")
            #expect(back.changefeed == "s2p" && back.reverseChangefeed == "p2s")
            #expect(try await Self.exists("p2s", client))
            #expect(try await !Self.exists("s2p", client))
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (5, 5)")
            _ = try await Support.eventually("row 5 on the secondary again") {
                try await Support.sql(running.secondary, "SELECT COUNT(*) FROM test.t")[0].scalar(Int64.self) == 5
                    ? true : nil
            }
        }
    }

    @Test func aFailureAfterTheChangefeedWasCreatedRemovesItAndPutsGCBack() async throws {
        var configuration = MockDRTopology.Configuration.forTesting()
        configuration.ticdc.faults = ["*": ChangefeedFault(holdSink: true)]
        try await MockDRTopology.withRunning(configuration: configuration, logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await Support.sql(
                running.primary,
                "CREATE TABLE test.t (id INT PRIMARY KEY); INSERT INTO test.t VALUES (1)"
            )
            let report = await Setup(
                options: try Self.setupOptions(running, timeout: .milliseconds(300)),
                cdc: client,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            ).run()
            #expect(report.outcome == .failed)
            #expect(report.failure?.step == "wait-checkpoint" && report.failure?.code == "timeout")
            #expect(report.changefeedRemoved == true)
            #expect(try await !Self.exists("p2s", client))
            #expect(report.primaryGCEnabledAtEnd == true)
            #expect(try await Support.sql(running.primary, "SELECT @@global.tidb_gc_enable")[0].scalar(Int64.self) == 1)
        }
    }

    @Test func aGCThatWasOffStaysOffAndAnUnreachableSinkFailsTheCreation() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await Support.sql(
                running.primary,
                "SET GLOBAL tidb_gc_enable = OFF; CREATE TABLE test.t (id INT PRIMARY KEY)"
            )
            let report = await Setup(
                options: try Self.setupOptions(running, sinkURI: "mysql://root@127.0.0.1:1/"),
                cdc: client,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            ).run()
            #expect(report.failure?.step == "create-changefeed")
            #expect(report.failure?.code.hasPrefix("CDC:") == true, "\(report.failure?.description ?? "")")
            #expect(report.changefeedRemoved == nil)
            #expect(try await !Self.exists("p2s", client))
            #expect(report.primaryGCWasEnabled == false)
            #expect(try await Support.sql(running.primary, "SELECT @@global.tidb_gc_enable")[0].scalar(Int64.self) == 0)
        }
    }

    @Test func aDifferenceFoundBeforeTheSwitchUndoesTheFence() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await Support.sql(running.primary, "CREATE TABLE test.t (id INT PRIMARY KEY, v INT)")
            _ = try await Support.sql(running.secondary, "CREATE TABLE test.t (id INT PRIMARY KEY, v INT)")
            _ = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(changefeedID: "p2s", sinkURI: Support.sinkURI(running.secondary))
            )
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (1, 1), (2, 2)")
            _ = try await Support.changefeed(
                "p2s",
                on: client,
                reaches: "normal",
                checkpoint: Support.position(running.primary)
            )
            // Behind the changefeed's back.
            _ = try await Support.sql(running.secondary, "UPDATE test.t SET v = 99 WHERE id = 2")

            let report = try await Self.switchover(running)
            #expect(report.outcome == .failed)
            #expect(report.failure?.step == "verify")
            #expect(report.differences.first?.differingKeys == ["id=2"])
            #expect(
                report.undone == ["tidb_super_read_only back to OFF on \(try Self.dsn(running.primary).redactedDSN)"]
            )
            #expect(try await Self.readOnly(running.primary) == 0)
            #expect(try await Self.exists("p2s", client))
            #expect(try await !Self.exists("s2p", client))
            #expect(report.steps.last?.outcome == "failed")
        }
    }

    @Test func aSwitchoverWithoutAChangefeedSaysSoAndChangesNothing() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let report = try await Self.switchover(running)
            #expect(report.failure?.step == "check-changefeed")
            #expect(report.failure?.code == "CDC:ErrChangeFeedNotExists")
            #expect(report.undone.isEmpty)
            #expect(try await Self.readOnly(running.primary) == 0)
        }
    }

    @Test func aReverseThatCannotBeCreatedUndoesEverythingNewestFirst() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await Support.sql(running.primary, "CREATE TABLE test.t (id INT PRIMARY KEY)")
            _ = try await Support.sql(running.secondary, "CREATE TABLE test.t (id INT PRIMARY KEY)")
            _ = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(changefeedID: "p2s", sinkURI: Support.sinkURI(running.secondary))
            )
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (1)")

            // TiCDC refuses a sink it cannot reach when the changefeed is created.
            let report = try await Self.switchover(running, primarySinkURI: "mysql://root@127.0.0.1:1/")
            #expect(report.failure?.step == "create-reverse")
            let primary = try Self.dsn(running.primary).redactedDSN
            let checkpoint = try #require(report.finalCheckpoint)
            #expect(
                report.undone == [
                    "tidb_super_read_only ON again on \(primary)",
                    "changefeed p2s recreated from its checkpoint \(checkpoint.rawValue)",
                    "tidb_super_read_only back to OFF on \(primary)",
                ]
            )
            #expect(try await Self.readOnly(running.primary) == 0)
            #expect(try await !Self.exists("s2p", client))
            let recreated = try await client.changefeed("p2s")
            #expect(recreated.startTS == checkpoint.rawValue)
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (2)")
            _ = try await Support.eventually("the recreated changefeed replicating") {
                try await Support.sql(running.secondary, "SELECT COUNT(*) FROM test.t")[0].scalar(Int64.self) == 2
                    ? true : nil
            }
        }
    }
}
