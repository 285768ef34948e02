import MockDRTopology
import MockTiDBServer
import Testing
import TiCDCClient
import TiCDCCore
import TiDBClient

/// The DR topology in one process: three servers on free ports, cheap enough for a test suite,
/// replicating from the primary to the secondary through TiCDC's API, and gone afterwards.
@Suite(.timeLimit(.minutes(1))) struct MockDRTopologyTests {
    typealias Support = TopologyTestSupport

    @Test func theTestPresetIsSmall() {
        let configuration = MockDRTopology.Configuration.forTesting()
        for cluster in [configuration.primary, configuration.secondary] {
            #expect(cluster.eventLoops == MockTiDBConfiguration.testSizedEventLoops)
            #expect(cluster.requestSpin == .off)
            #expect([cluster.port, cluster.statusPort, cluster.pdPort] == [0, 0, 0])
        }
        #expect(configuration.ticdc.port == 0)
        let standard = MockDRTopology.Configuration.standard()
        #expect([standard.primary.port, standard.primary.statusPort, standard.primary.pdPort] == [4000, 10080, 2379])
        #expect(
            [standard.secondary.port, standard.secondary.statusPort, standard.secondary.pdPort] == [4001, 10081, 2382]
        )
        #expect(standard.ticdc.port == 8300)
    }

    @Test func replicatesFromThePrimaryToTheSecondaryAndStopsEverything() async throws {
        let ports = try await MockDRTopology.withRunning(logger: Support.logger) { running in
            #expect(running.readyLines.count == 3)
            #expect(running.readyLines[2] == "mock-ticdc ready api=127.0.0.1:\(running.ticdc.port)")
            // TiCDC replicates the primary: its capture is listed, its upstream is the primary's PD.
            let client = Support.ticdc(running.ticdc)
            #expect(try await client.captures().items.count == 1)

            let created = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(
                    changefeedID: "primary-to-secondary",
                    sinkURI: Support.sinkURI(running.secondary)
                )
            )
            #expect(created.upstreamID == running.primaryServer.instance.cluster.clusterID)
            // Created after the changefeed's start, the table arrives on the secondary as DDL.
            _ = try await Support.sql(
                running.primary,
                "CREATE TABLE test.accounts (id INT PRIMARY KEY, balance DECIMAL(12,2))"
            )
            _ = try await Support.sql(
                running.primary,
                "INSERT INTO test.accounts VALUES (1, 10.50), (2, 20.00); UPDATE test.accounts SET balance = 99.99 WHERE id = 2"
            )
            let position = try await Support.position(running.primary)
            _ = try await Support.changefeed(
                "primary-to-secondary",
                on: client,
                reaches: "normal",
                checkpoint: position
            )
            let query = "SELECT id, balance FROM test.accounts ORDER BY id"
            let secondaryRows = try await Support.sql(running.secondary, query)[0].rows.map(\.values)
            let primaryRows = try await Support.sql(running.primary, query)[0].rows.map(\.values)
            #expect(secondaryRows == primaryRows)
            #expect(secondaryRows.count == 2)

            // TiCDC's metrics: the owner's gauges and the sink's row count (two inserts, one update).
            let metrics = try await Support.metrics(running.ticdc)
            let labels = "{namespace=\"default\",changefeed=\"primary-to-secondary\"}"
            let info = try await client.changefeed("primary-to-secondary")
            #expect(metrics["ticdc_sink_table_sink_total_rows_count" + labels] == 3)
            #expect(metrics["ticdc_owner_status" + labels] == 0)
            #expect(metrics["ticdc_owner_checkpoint_ts" + labels].map(Int64.init) ?? 0 >= Int64(position >> 18))
            #expect(
                metrics["ticdc_owner_checkpoint_ts" + labels].map(Int64.init) ?? .max <= Int64(info.checkpointTS >> 18)
            )
            #expect((metrics["ticdc_owner_checkpoint_ts_lag" + labels] ?? -1) >= 0)
            #expect(metrics["ticdc_owner_resolved_ts" + labels] != nil)
            #expect(metrics["ticdc_owner_resolved_ts_lag" + labels] != nil)
            return [running.primary.sqlPort, running.secondary.sqlPort, running.ticdc.port]
        }
        // Everything stopped: nothing answers on the ports any more.
        for port in ports {
            await #expect(throws: (any Error).self) {
                _ = try await TiDBConnection.connect(ConnectionConfiguration(host: "127.0.0.1", port: port))
            }
        }
    }
}
