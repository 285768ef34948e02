/// An AUTO_RANDOM column's layout (TiDB's `autoid.ShardIDFormat`): below the sign bit of the
/// `rangeBits`-wide value, `shardBits` of shard number, then the incremental id.
public struct AutoRandom: Sendable, Hashable {
    public var shardBits: Int
    public var rangeBits: Int

    public static let defaultShardBits = 5
    public static let defaultRangeBits = 64
    public static let maxShardBits = 15
    public static let rangeBitsBounds = 32...64

    public init(shardBits: Int = Self.defaultShardBits, rangeBits: Int = Self.defaultRangeBits) {
        self.shardBits = shardBits
        self.rangeBits = rangeBits
    }

    /// Bits left for the incremental id.
    public var incrementalBits: Int { self.rangeBits - 1 - self.shardBits }

    public var incrementalMask: Int64 { (Int64(1) << Int64(self.incrementalBits)) - 1 }

    /// The stored value of incremental id `id` in shard `shard` (only its low bits count).
    public func value(id: Int64, shard: UInt64) -> Int64 {
        let shardMask = (UInt64(1) << UInt64(self.shardBits)) - 1
        let shardPart = Int64(bitPattern: (shard & shardMask) << UInt64(self.incrementalBits))
        return shardPart | (id & self.incrementalMask)
    }
}
