public import Logging
public import ServiceLifecycle
public import TiDBEngine

/// TiDB's GC worker loop for one TiDB instance: a tick every minute (`gcWorkerTickInterval`) on
/// an injected clock, the wall time for the safe point coming from the cluster's `WallClock`.
/// The worker's first tick ran when the instance started, as TiDB's does. Graceful shutdown (or
/// cancellation) ends the loop between ticks.
public struct GCService: Service {
    public let worker: GCWorker
    private let clock: any Clock<Duration>
    private let logger: Logger

    public init(worker: GCWorker, clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.worker = worker
        self.clock = clock
        self.logger = logger
    }

    public func run() async {
        self.logger.debug("GC worker started", metadata: ["uuid": "\(self.worker.uuid)"])
        await cancelWhenGracefulShutdown { await self.tickEveryMinute(on: self.clock) }
        self.logger.debug("GC worker stopped", metadata: ["uuid": "\(self.worker.uuid)"])
    }

    private func tickEveryMinute<C: Clock<Duration>>(on clock: C) async {
        let interval = GCWorker.tickInterval
        var deadline = clock.now.advanced(by: interval)
        while true {
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                return  // cancelled: shutting down
            }
            if let run = self.worker.tick() {
                self.logger.info(
                    "GC ran",
                    metadata: ["safePoint": "\(run.safePoint)", "droppedVersions": "\(run.droppedVersions)"]
                )
            }
            // Like Go's ticker, skip the ticks a late wake-up missed rather than firing them back to back.
            let now = clock.now
            repeat { deadline = deadline.advanced(by: interval) } while deadline <= now
        }
    }
}
