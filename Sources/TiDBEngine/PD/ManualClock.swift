import Synchronization

/// A `Clock<Duration>` that moves only when told to: the interval-driven services (the GC loop)
/// sleep on it in tests, which advance it instead of waiting. `advance(by:)` resumes every
/// sleeper whose deadline it reaches; `waitForSleepers(count:)` tells a test that a service has
/// finished its work and is parked again, so each step of a test is deterministic.
public final class ManualClock: Clock, Sendable {
    public struct Instant: InstantProtocol {
        /// Time since the clock was created.
        public var offset: Duration

        public init(offset: Duration) {
            self.offset = offset
        }

        public func advanced(by duration: Duration) -> Instant {
            Instant(offset: self.offset + duration)
        }

        public func duration(to other: Instant) -> Duration {
            other.offset - self.offset
        }

        public static func < (lhs: Instant, rhs: Instant) -> Bool {
            lhs.offset < rhs.offset
        }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        var count: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var watchers: [UInt64: Watcher] = [:]

        mutating func makeID() -> UInt64 {
            defer { self.nextID += 1 }
            return self.nextID
        }

        /// Removes the watchers the current number of sleepers satisfies.
        mutating func satisfiedWatchers() -> [Watcher] {
            let ready = self.watchers.filter { $0.value.count <= self.sleepers.count }
            for id in ready.keys { self.watchers[id] = nil }
            return Array(ready.values)
        }
    }

    private let state = Mutex(State())

    public init() {}

    public var now: Instant {
        self.state.withLock { $0.now }
    }

    public var minimumResolution: Duration { .zero }

    /// Tasks sleeping on this clock right now.
    public var sleeperCount: Int {
        self.state.withLock { $0.sleepers.count }
    }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = self.state.withLock { $0.makeID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Registration and cancellation take the same lock: if the handler ran first, the
                // task is already marked cancelled here; if not, the handler finds the sleeper.
                let (outcome, watchers) = self.state.withLock { state -> (Result<Bool, CancellationError>, [Watcher]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(true), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (.success(false), state.satisfiedWatchers())
                }
                for watcher in watchers { watcher.continuation.resume() }
                switch outcome {
                case .failure(let error): continuation.resume(throwing: error)
                case .success(true): continuation.resume()
                case .success(false): break
                }
            }
        } onCancel: {
            let sleeper = self.state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes the sleepers whose deadline has come.
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "a clock does not go back")
        let due = self.state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` tasks sleep on this clock (or the waiting task is cancelled).
    public func waitForSleepers(count: Int = 1) async {
        let id = self.state.withLock { $0.makeID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = self.state.withLock { state -> Bool in
                    if Task.isCancelled || state.sleepers.count >= count { return true }
                    state.watchers[id] = Watcher(count: count, continuation: continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let watcher = self.state.withLock { $0.watchers.removeValue(forKey: id) }
            watcher?.continuation.resume()
        }
    }
}
