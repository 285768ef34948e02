import MockDRTopology
import Testing
import TiCDCClient
import TiCDCCore
import TiDBClient

/// The checkpoint's progress: an idle changefeed keeps up with the upstream's TSO, and one with a
/// target TS stops exactly there, `finished`.
@Suite(.timeLimit(.minutes(1))) struct ChangefeedProgressTests {
    typealias Support = TopologyTestSupport

    @Test func anIdleChangefeedKeepsPassingFreshPositions() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(changefeedID: "idle", sinkURI: Support.sinkURI(running.secondary))
            )
            _ = try await Support.changefeed("idle", on: client, reaches: "normal")
            for _ in 0..<5 {
                let position = try await Support.position(running.primary)
                let started = ContinuousClock.now
                _ = try await Support.changefeed("idle", on: client, reaches: "normal", checkpoint: position)
                // The default pace is 100 ms and `make bench` measures the idle lag (BENCHMARKS.md,
                // issue 16); here only an idle checkpoint that stops advancing fails, not a busy VM.
                #expect(ContinuousClock.now - started < .seconds(10))
            }
        }
    }

    @Test func aTargetTSEndsInFinishedWithNothingAfterIt() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            _ = try await Support.sql(running.secondary, "CREATE TABLE test.t (id INT PRIMARY KEY)")
            _ = try await Support.sql(running.primary, "CREATE TABLE test.t (id INT PRIMARY KEY)")
            let start = try await Support.position(running.primary)
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (1); INSERT INTO test.t VALUES (2)")
            let target = try await Support.position(running.primary)
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (3)")
            _ = try await client.createChangefeed(
                TiCDCAPI.ChangefeedConfig(
                    changefeedID: "bounded",
                    startTS: start,
                    targetTS: target,
                    sinkURI: Support.sinkURI(running.secondary)
                )
            )
            let finished = try await Support.changefeed("bounded", on: client, reaches: "finished")
            #expect(finished.checkpointTS == target)
            let rows = try await Support.sql(running.secondary, "SELECT id FROM test.t ORDER BY id")[0].rows.map(
                \.values
            )
            #expect(rows == [[.int(1)], [.int(2)]])
            // A finished changefeed is listed only with state=all.
            #expect(try await client.listChangefeeds(state: nil).items.isEmpty)
            #expect(try await client.listChangefeeds(state: "all").items.map(\.state) == ["finished"])
        }
    }
}
