import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in microseconds since the Unix epoch.
///
/// TSOs, `NOW()` and GC safe points are calendar times, which a `Clock<Duration>` (monotonic,
/// with no epoch) cannot give; so the engine takes this clock, and tests inject `ManualWallClock`
/// to freeze, skew or advance time.
public protocol WallClock: Sendable {
    func microsecondsSinceEpoch() -> Int64
    /// The time to within a few milliseconds, where that is cheaper to read (what SHOW
    /// PROCESSLIST's seconds need, on every statement).
    func coarseMicrosecondsSinceEpoch() -> Int64
}

extension WallClock {
    public func millisecondsSinceEpoch() -> Int64 {
        self.microsecondsSinceEpoch() / 1000
    }

    public func coarseMicrosecondsSinceEpoch() -> Int64 {
        self.microsecondsSinceEpoch()
    }
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}

    public func microsecondsSinceEpoch() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }

    #if os(Linux)
    public func coarseMicrosecondsSinceEpoch() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }
    #endif
}

/// A clock that moves only when told to.
public final class ManualWallClock: WallClock {
    private let now: Atomic<Int64>

    public init(microsecondsSinceEpoch: Int64) {
        self.now = Atomic(microsecondsSinceEpoch)
    }

    public convenience init(millisecondsSinceEpoch: Int64) {
        self.init(microsecondsSinceEpoch: millisecondsSinceEpoch * 1000)
    }

    public func microsecondsSinceEpoch() -> Int64 {
        self.now.load(ordering: .acquiring)
    }

    public func advance(byMilliseconds milliseconds: Int64) {
        self.now.add(milliseconds * 1000, ordering: .acquiringAndReleasing)
    }

    public func set(microsecondsSinceEpoch: Int64) {
        self.now.store(microsecondsSinceEpoch, ordering: .releasing)
    }
}
