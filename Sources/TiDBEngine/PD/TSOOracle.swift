import Synchronization

/// PD's timestamp oracle for one cluster: every TSO it hands out is larger than all earlier ones
/// and its physical part is never behind the clock's milliseconds.
///
/// The next TSO is `max(now_ms << 18 | 1, last + 1)`: within a millisecond the logical part
/// counts up from 1 (PD never hands out logical 0), and when it overflows the carry moves the
/// physical part one millisecond ahead of the clock, so a frozen clock still yields increasing
/// TSOs. Lock-free: one compare-and-exchange per allocation.
public final class TSOOracle: Sendable {
    private let clock: any WallClock
    private let last: Atomic<UInt64>

    public init(clock: any WallClock) {
        self.clock = clock
        self.last = Atomic(0)
    }

    public func next() -> TSO {
        let floor = TSO(physicalMilliseconds: self.clock.millisecondsSinceEpoch(), logical: 1).rawValue
        var observed = self.last.load(ordering: .relaxed)
        while true {
            var candidate = max(floor, observed &+ 1)
            if candidate & TSO.maxLogical == 0 { candidate += 1 }
            let (exchanged, original) = self.last.compareExchange(
                expected: observed,
                desired: candidate,
                ordering: .acquiringAndReleasing
            )
            if exchanged { return TSO(rawValue: candidate) }
            observed = original
        }
    }

    /// The latest TSO handed out (0 before the first); PD's "global ts" for external-ts checks.
    public var lastAllocated: TSO {
        TSO(rawValue: self.last.load(ordering: .acquiring))
    }
}
