import Synchronization

/// The cluster's clock: the configured `WallClock` plus an offset that only grows.
///
/// DR tests make time pass on demand (the status port's `POST /mock/v1/clock/advance`): TSOs,
/// `NOW()`, GC life times and service safepoint TTLs all read this one clock, so moving it moves
/// them together. The offset never shrinks, because TSOs and the GC safe point must never go
/// back; the oracle keeps TSOs increasing anyway (`TSOOracle`).
public final class OffsetWallClock: WallClock {
    public let base: any WallClock
    private let offset = Atomic<Int64>(0)

    public init(base: any WallClock) {
        self.base = base
    }

    /// How far ahead of the configured clock this one runs.
    public var offsetMicroseconds: Int64 {
        self.offset.load(ordering: .relaxed)
    }

    public func microsecondsSinceEpoch() -> Int64 {
        self.base.microsecondsSinceEpoch() &+ self.offset.load(ordering: .relaxed)
    }

    public func coarseMicrosecondsSinceEpoch() -> Int64 {
        self.base.coarseMicrosecondsSinceEpoch() &+ self.offset.load(ordering: .relaxed)
    }

    /// Moves the clock forward; returns the new offset. Time never goes back, so a negative
    /// amount is refused (callers check first; the HTTP route answers 400).
    @discardableResult
    public func advance(byMicroseconds microseconds: Int64) throws(ClockAdvanceError) -> Int64 {
        guard microseconds >= 0 else { throw .backwards }
        var current = self.offset.load(ordering: .relaxed)
        while true {
            // TSOs keep 46 bits of milliseconds; a bounded offset keeps them far from wrapping.
            let (sum, overflow) = current.addingReportingOverflow(microseconds)
            guard !overflow, sum <= Self.maximumOffsetMicroseconds else { throw .tooFar }
            let (exchanged, original) = self.offset.compareExchange(
                expected: current,
                desired: sum,
                ordering: .relaxed
            )
            if exchanged { return sum }
            current = original
        }
    }

    /// A century: TSOs keep their 46-bit physical part well within range.
    public static let maximumOffsetMicroseconds: Int64 = 100 * 366 * 86_400 * 1_000_000
}

public enum ClockAdvanceError: Error, Equatable, CustomStringConvertible {
    case backwards
    case tooFar

    public var description: String {
        switch self {
        case .backwards: "the clock only moves forward: TSOs and the GC safe point never go back"
        case .tooFar: "the clock may run at most a century ahead"
        }
    }
}
