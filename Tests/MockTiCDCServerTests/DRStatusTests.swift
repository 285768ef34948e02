import AsyncHTTPClient
import DRWorkflow
import MockDRTopology
import MockTiDBServer
import Testing
import TiCDCClient
import TiCDCCore
import TiDBClient

/// `tidb-dr wait-checkpoint` and `status` against the DR topology in one process: the real
/// TiCDC API, both clusters' SQL and PD endpoints.
@Suite(.timeLimit(.minutes(1))) struct DRStatusTests {
    typealias Support = TopologyTestSupport

    static func dsn(_ endpoints: MockTiDBEndpoints) throws -> ConnectionConfiguration {
        try ConnectionConfiguration(dsn: "mysql://root@\(endpoints.host):\(endpoints.sqlPort)")
    }

    @Test func waitsForThePositionThenReportsBothClustersAndTheSyncpoint() async throws {
        var configuration = MockDRTopology.Configuration.forTesting()
        configuration.ticdc.minimumSyncPointInterval = .seconds(1)
        try await MockDRTopology.withRunning(configuration: configuration, logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(
                    changefeedID: "cf",
                    sinkURI: Support.sinkURI(running.secondary),
                    replicaConfig: .object([
                        "enable_sync_point": .bool(true), "sync_point_interval": .string("1s"),
                        "sync_point_retention": .string("1h"),
                    ])
                )
            )
            _ = try await Support.sql(
                running.primary,
                "CREATE TABLE test.t (id INT PRIMARY KEY); INSERT INTO test.t VALUES (1)"
            )

            let wait = CheckpointWait(
                options: CheckpointWaitOptions(
                    changefeed: "cf",
                    target: .positionFrom(try Self.dsn(running.primary)),
                    cdc: running.ticdc.url,
                    timeout: .seconds(20),
                    interval: .milliseconds(20)
                ),
                source: client,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            )
            let waited = await wait.run()
            #expect(waited.result == .reached, "\(waited.error ?? "")")
            let target = try #require(waited.targetTS)
            #expect(try #require(waited.checkpointTS) >= target)
            #expect(try await Support.sql(running.secondary, "SELECT COUNT(*) FROM test.t")[0].scalar(Int64.self) == 1)

            let check = StatusCheck(
                primary: try Self.dsn(running.primary),
                secondary: try Self.dsn(running.secondary),
                cdc: running.ticdc.url,
                source: client,
                http: .shared,
                logger: Support.logger
            )
            let report = try await Support.eventually("a syncpoint on the secondary") {
                let report = await check.run()
                return report.lastSyncpoint == nil ? nil : report
            }
            #expect(report.allReachable)
            #expect(report.primary.gcEnabled == true)
            #expect(report.primary.release?.hasPrefix("v") == true)
            #expect(report.primary.gcSafePoint != nil)
            let pd = try #require(report.primary.pd)
            #expect(pd.reachable && pd.address == "\(running.primary.host):\(running.primary.pdPort)")
            #expect(pd.serviceSafePoints.contains { $0.serviceID.hasPrefix("ticdc-") })
            let changefeed = try #require(report.ticdc.changefeeds.first)
            #expect(changefeed.id == "cf" && changefeed.state == "normal" && changefeed.lagMs != nil)
            let syncpoint = try #require(report.lastSyncpoint)
            #expect(syncpoint.changefeed == "cf")
            #expect(syncpoint.primaryTS.logical == 0 && syncpoint.primaryTS.physicalMilliseconds % 1000 == 0)
            #expect(
                StatusText.render(report).contains("last syncpoint (cf): primary_ts \(syncpoint.primaryTS.rawValue)")
            )

            // Unknown changefeed: TiCDC's error code.
            var unknown = wait.options
            unknown.changefeed = "nope"
            let missing = await CheckpointWait(
                options: unknown,
                source: client,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            ).run()
            #expect(missing.result == .notFound && missing.errorCode == "CDC:ErrChangeFeedNotExists")
        }
    }
}
