import MockDRTopology
import Testing
import TiCDCClient
import TiCDCCore
import TiDBClient

/// The runbook's switchover on one TiCDC: remove the forward changefeed, create the reverse one
/// with `pd_addrs` naming the secondary's PD; it replicates the secondary into the primary and
/// holds GC on the secondary, not the primary.
@Suite(.timeLimit(.minutes(1))) struct ReverseChangefeedTests {
    typealias Support = TopologyTestSupport

    @Test func aReverseChangefeedReplicatesTheSecondaryFromTheSameServer() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(changefeedID: "forward", sinkURI: Support.sinkURI(running.secondary))
            )
            _ = try await Support.sql(
                running.primary,
                "CREATE TABLE test.orders (id INT PRIMARY KEY, state VARCHAR(10))"
            )
            _ = try await Support.sql(running.primary, "INSERT INTO test.orders VALUES (1, 'new')")
            let forwardPosition = try await Support.position(running.primary)
            _ = try await Support.changefeed("forward", on: client, reaches: "normal", checkpoint: forwardPosition)
            try await client.removeChangefeed("forward")

            // Writes move to the secondary; the reverse changefeed starts at its current TSO.
            let reverse = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(
                    changefeedID: "reverse",
                    sinkURI: Support.sinkURI(running.primary),
                    pdAddresses: [running.secondary.pdURL]
                )
            )
            #expect(reverse.upstreamID == running.secondaryServer.instance.cluster.clusterID)
            _ = try await Support.sql(running.secondary, "UPDATE test.orders SET state = 'paid' WHERE id = 1")
            _ = try await Support.sql(running.secondary, "INSERT INTO test.orders VALUES (2, 'new')")
            let position = try await Support.position(running.secondary)
            _ = try await Support.changefeed("reverse", on: client, reaches: "normal", checkpoint: position)
            let rows = try await Support.sql(running.primary, "SELECT id, state FROM test.orders ORDER BY id")[0].rows
            #expect(rows.map(\.values) == [[.int(1), .string("paid")], [.int(2), .string("new")]])

            // TiCDC holds GC where the changefeed reads: the secondary.
            let service = "ticdc-default-\(running.primaryServer.instance.cluster.clusterID)"
            let held = try await Support.eventually("a service safepoint on the secondary") {
                running.secondaryServer.instance.cluster.pd.serviceSafePoint(service)
            }
            #expect(held.rawValue > 0)
            let list = try await client.listChangefeeds()
            #expect(list.items.map(\.id) == ["reverse"])
        }
    }
}
