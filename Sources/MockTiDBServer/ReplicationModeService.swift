import Logging
import ServiceLifecycle
import TiDBEngine

/// PD's replication-mode ticks (`tickUpdateState`) on an injected clock: every 100 ms (PD: 500 ms;
/// the states depend on the configured timeouts, not on the tick), each switch written to
/// `DR_STATE` when the PD has a data dir. Graceful shutdown ends the loop.
struct ReplicationModeService: Sendable {
    static let tickInterval = Duration.milliseconds(100)

    let cluster: Cluster
    let states: DRStateFile?
    let clock: any Clock<Duration>

    func run() async {
        self.states?.write(self.cluster.pd.replicationMode.current)
        await cancelWhenGracefulShutdown { await self.tick(on: self.clock) }
    }

    private func tick<C: Clock<Duration>>(on clock: C) async {
        while true {
            do {
                try await clock.sleep(for: Self.tickInterval, tolerance: nil)
            } catch {
                return
            }
            // The mock's regions: one per table and one for the rest of the key space.
            let regions = self.cluster.storage.allTableSchemas.count + 1
            if let switched = self.cluster.pd.replicationMode.tick(
                now: self.cluster.clock.microsecondsSinceEpoch(),
                totalRegions: regions
            ) {
                self.states?.write(switched)
            }
        }
    }
}
