/// A TiDB timestamp: `physical_ms << 18 | logical`, as PD allocates them.
public struct TSO: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let logicalBits = 18
    public static let maxLogical: UInt64 = (1 << 18) - 1

    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(physicalMilliseconds: Int64, logical: UInt64 = 0) {
        self.rawValue = UInt64(physicalMilliseconds) << UInt64(Self.logicalBits) | (logical & Self.maxLogical)
    }

    /// Milliseconds since the Unix epoch.
    public var physical: Int64 { Int64(self.rawValue >> UInt64(Self.logicalBits)) }
    public var logical: UInt64 { self.rawValue & Self.maxLogical }

    public static let zero = TSO(rawValue: 0)

    public static func < (lhs: TSO, rhs: TSO) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(self.rawValue) }
}
