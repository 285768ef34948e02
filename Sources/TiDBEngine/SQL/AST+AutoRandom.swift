/// `AUTO_RANDOM[(shard_bits[, range_bits])]` on a BIGINT primary key column: TiDB fills the
/// column with an incremental id whose high bits hold a shard number.
public struct AutoRandomSpec: Sendable, Hashable {
    /// As written; nil means TiDB's default (5 shard bits, 64 range bits).
    public var shardBits: Int?
    public var rangeBits: Int?

    public init(shardBits: Int? = nil, rangeBits: Int? = nil) {
        self.shardBits = shardBits
        self.rangeBits = rangeBits
    }
}

extension Parser {
    /// `AUTO_RANDOM [(n [, m])]`, the keyword being current.
    mutating func parseAutoRandom() throws(SQLSyntaxError) -> AutoRandomSpec {
        try self.expect("AUTO_RANDOM")
        var spec = AutoRandomSpec()
        guard self.accept(.leftParen) else { return spec }
        spec.shardBits = try self.parseInteger()
        if self.accept(.comma) { spec.rangeBits = try self.parseInteger() }
        try self.expect(.rightParen)
        return spec
    }
}
