import MockDRTopology
import MockTiCDCServer
import MockTiDBServer
import Testing
import TiCDCClient
import TiCDCCore
import TiDBEngine

/// TiCDC holds the upstream's GC at its changefeeds' checkpoints, for `gc-ttl`, as TiCDC and PD
/// do (ticdc-api.md §6; tiflow `pkg/txnutil/gc/gc_manager.go`). Time is injected: the clusters'
/// and TiCDC's wall clock is one `ManualWallClock`; TiDB's GC loop and TiCDC's GC loop each sleep
/// on a `ManualClock`, so each tick happens when the test says.
@Suite(.timeLimit(.minutes(1))) struct GCSafePointTests {
    typealias Support = TopologyTestSupport
    static let ttlSeconds: Int64 = 3600

    /// One wall clock, TiDB's ticks and TiCDC's ticks.
    struct Clocks {
        let wall = ManualWallClock(millisecondsSinceEpoch: MockTiCDCConfiguration.systemMilliseconds())
        let tidb = ManualClock()
        let ticdc = ManualClock()

        var configuration: MockDRTopology.Configuration {
            var configuration = MockDRTopology.Configuration.forTesting(
                wallClock: self.wall,
                intervalClock: self.tidb,
                gcTTL: GCSafePointTests.ttlSeconds
            )
            configuration.ticdc.clock = self.ticdc
            return configuration
        }

        /// Moves the wall clock, then lets TiCDC renew its safepoint (and check its changefeeds),
        /// then lets both clusters' GC run.
        func pass(milliseconds: Int64) async {
            self.wall.advance(byMilliseconds: milliseconds)
            await self.tickTiCDC()
            self.tidb.advance(by: GCWorker.tickInterval)
            await self.tidb.waitForSleepers(count: 2)
        }

        func tickTiCDC() async {
            await self.ticdc.waitForSleepers(count: 1)
            self.ticdc.advance(by: MockTiCDCConfiguration(pd: "").gcInterval)
            await self.ticdc.waitForSleepers(count: 1)
        }
    }

    /// Creates `dr` from the primary to the secondary, writes a row and waits until it is
    /// replicated; then pauses it. Returns its checkpoint.
    static func stoppedChangefeed(
        primary: MockTiDBEndpoints,
        secondary: MockTiDBEndpoints,
        ticdc: MockTiCDCEndpoints
    ) async throws -> UInt64 {
        let client = Support.ticdc(ticdc)
        _ = try await client.createChangefeed(
            TiCDCAPI.ChangefeedConfig(changefeedID: "dr", sinkURI: Support.sinkURI(secondary))
        )
        _ = try await Support.sql(primary, "CREATE TABLE test.t (id INT PRIMARY KEY); INSERT INTO test.t VALUES (1)")
        let written = try await Support.position(primary)
        _ = try await Support.changefeed("dr", on: client, reaches: "normal", checkpoint: written)
        try await client.pauseChangefeed("dr")
        return try await Support.changefeed("dr", on: client, reaches: "stopped").checkpointTS
    }

    @Test func aStoppedChangefeedHoldsGCUntilTheTTLThenFailsWhileTiCDCRuns() async throws {
        let clocks = Clocks()
        try await MockDRTopology.withRunning(configuration: clocks.configuration, logger: Support.logger) { running in
            let client = Support.ticdc(running.ticdc)
            let pd = running.primaryServer.instance.cluster.pd
            let checkpoint = try await Self.stoppedChangefeed(
                primary: running.primary,
                secondary: running.secondary,
                ticdc: running.ticdc
            )
            let physical = Int64(checkpoint >> 18)

            // Thirty minutes on, GC (on, life time 10 m) would pass the checkpoint; TiCDC holds it.
            await clocks.pass(milliseconds: 30 * 60_000)
            #expect(
                pd.serviceSafePoint("ticdc-default-\(running.primaryServer.instance.cluster.clusterID)")?.rawValue
                    == checkpoint - 1
            )
            #expect(pd.gcSafePoint.rawValue == checkpoint - 1)
            #expect(try await client.changefeed("dr").state == "stopped")

            // Just before the TTL: still held.
            clocks.wall.set(microsecondsSinceEpoch: (physical + Self.ttlSeconds * 1000 - 60_000) * 1000)
            await clocks.pass(milliseconds: 0)
            #expect(pd.gcSafePoint.rawValue == checkpoint - 1)
            #expect(try await client.changefeed("dr").state == "stopped")

            // Past it: TiCDC fails the changefeed that holds GC back (it is the minimum holder).
            await clocks.pass(milliseconds: 2 * 60_000)
            let failed = try await client.changefeed("dr")
            #expect(failed.state == "failed")
            #expect(failed.error?.code == "CDC:ErrGCTTLExceeded")
            #expect(
                failed.error?.message
                    == "[CDC:ErrGCTTLExceeded]the checkpoint-ts(\(checkpoint)) lag of the changefeed(dr) has exceeded the GC TTL and the changefeed is blocking global GC progression"
            )
            // It no longer holds GC: the next rounds let GC pass the checkpoint.
            await clocks.pass(milliseconds: 11 * 60_000)
            #expect(pd.gcSafePoint.rawValue > checkpoint)
            // A changefeed GC failed cannot be resumed where it was.
            await #expect(throws: TiCDCClientError.self) { try await client.resumeChangefeed("dr") }
        }
    }

    @Test func aChangefeedWhoseTiCDCWasDownBeyondTheTTLHasLostItsSnapshot() async throws {
        let clocks = Clocks()
        var configuration = clocks.configuration
        configuration.primary.pdPort = 0
        try await MockTiDBServer.withRunningServer(configuration: configuration.primary, logger: Support.logger) {
            primary,
            primaryServer in
            try await MockTiDBServer.withRunningServer(configuration: configuration.secondary, logger: Support.logger) {
                secondary,
                _ in
                var ticdc = configuration.ticdc
                ticdc.pd = primary.pdURL
                let pd = primaryServer.instance.cluster.pd
                let checkpoint = try await MockTiCDCServer.withRunningServer(
                    configuration: ticdc,
                    logger: Support.logger
                ) {
                    endpoints in
                    try await Self.stoppedChangefeed(primary: primary, secondary: secondary, ticdc: endpoints)
                }
                // TiCDC is down for longer than its TTL: PD drops its safepoint, GC passes the checkpoint.
                clocks.wall.advance(byMilliseconds: (Self.ttlSeconds + 600) * 1000)
                clocks.tidb.advance(by: GCWorker.tickInterval)
                await clocks.tidb.waitForSleepers(count: 2)
                let safePoint = pd.gcSafePoint.rawValue
                #expect(safePoint > checkpoint)

                // Started again, TiCDC finds GC beyond the checkpoint: the snapshot is lost.
                let ticdcAgain = ManualClock()
                ticdc.clock = ticdcAgain
                try await MockTiCDCServer.withRunningServer(configuration: ticdc, logger: Support.logger) { endpoints in
                    let client = Support.ticdc(endpoints)
                    let failed = try await Support.changefeed("dr", on: client, reaches: "failed")
                    #expect(failed.error?.code == "CDC:ErrSnapshotLostByGC")
                    #expect(
                        failed.error?.message
                            == "[CDC:ErrSnapshotLostByGC]fail to create or maintain changefeed due to snapshot loss caused by GC. checkpoint-ts \(checkpoint) is earlier than or equal to GC safepoint at \(safePoint)"
                    )
                    #expect(failed.checkpointTS == checkpoint)
                    // PD refused to move GC back: the GC safe point is where it was.
                    #expect(pd.gcSafePoint.rawValue == safePoint)
                }
            }
        }
    }
}
