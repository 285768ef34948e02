/// One of TiDB's collations: how strings of its charset compare, sort, group and index
/// (`pkg/util/collate`, docs/tidb/charsets-collations.md §6.3). Strings are UTF-8 inside whatever
/// the charset (latin1 data is whatever bytes were stored), so every collator works on bytes.
public struct Collation: Sendable, Hashable {
    public enum Algorithm: Sendable, Hashable {
        /// The bytes as they are (`binary`, `utf8mb4_0900_bin`: NO PAD).
        case binary
        /// The bytes without trailing spaces (`utf8mb4_bin`, `utf8_bin`, `latin1_bin`, `ascii_bin`).
        case paddedBinary
        case generalCI
        case unicodeCI
        case unicode0900AICI
        /// The GBK bytes of each character, `?` for what GBK lacks.
        case gbkBin
        case gbkChineseCI
    }

    public let name: String
    public let charset: String
    public let id: Int
    /// The charset's default collation (`SHOW COLLATION`'s `Default`).
    public let isDefault: Bool
    public let sortLength: Int
    public let algorithm: Algorithm

    init(
        _ name: String,
        _ charset: String,
        _ id: Int,
        isDefault: Bool = false,
        sortLength: Int = 1,
        _ algorithm: Algorithm
    ) {
        self.name = name
        self.charset = charset
        self.id = id
        self.isDefault = isDefault
        self.sortLength = sortLength
        self.algorithm = algorithm
    }

    /// The id names a collation: comparing it is one integer compare on paths that run per row.
    public static func == (lhs: Collation, rhs: Collation) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.id) }

    public static let utf8mb4Bin = CharacterSets.collation(named: "utf8mb4_bin")!
    public static let binary = CharacterSets.collation(named: "binary")!

    /// Trailing spaces do not count (every collation but `binary` and the two `_0900_` ones).
    public var padsSpace: Bool {
        self.algorithm != .binary && self.algorithm != .unicode0900AICI
    }

    public var padAttribute: String { self.padsSpace ? "PAD SPACE" : "NO PAD" }

    /// `binary` and `*_bin`: compare code points (or bytes), never fold case.
    public var isBinaryOrder: Bool {
        self.algorithm == .binary || self.algorithm == .paddedBinary
    }

    /// Three-way comparison of two strings' bytes.
    public func compare(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Int {
        if self.isBinaryOrder {
            var left = Array(lhs)[...]
            var right = Array(rhs)[...]
            if self.padsSpace {
                while left.last == 0x20 { left = left.dropLast() }
                while right.last == 0x20 { right = right.dropLast() }
            }
            if left.elementsEqual(right) { return 0 }
            return left.lexicographicallyPrecedes(right) ? -1 : 1
        }
        let left = self.sortKey(lhs)
        let right = self.sortKey(rhs)
        if left == right { return 0 }
        return left.lexicographicallyPrecedes(right) ? -1 : 1
    }

    /// Bytes whose plain byte order is this collation's order, and which are equal exactly when
    /// the strings are equal under it: what indexes, GROUP BY and DISTINCT key on.
    public func sortKey(_ text: some Collection<UInt8>, padding: Bool = true) -> [UInt8] {
        var bytes = Array(text)
        if self.padsSpace, padding {
            while bytes.last == 0x20 { bytes.removeLast() }
        }
        switch self.algorithm {
        case .binary, .paddedBinary:
            return bytes
        case .gbkBin:
            var key: [UInt8] = []
            key.reserveCapacity(bytes.count)
            Self.forEachScalar(bytes) { scalar in
                let code = Unicode.Scalar(scalar).flatMap(GBK.code(of:)) ?? 0x3F
                if code > 0xFF { key.append(UInt8(code >> 8)) }
                key.append(UInt8(truncatingIfNeeded: code))
            }
            return key
        case .gbkChineseCI:
            var weights: [UInt16] = []
            Self.forEachScalar(bytes) { CharacterWeights.gbkChineseCI($0, into: &weights) }
            var key: [UInt8] = []
            key.reserveCapacity(weights.count * 2)
            for weight in weights {
                if weight > 0xFF { key.append(UInt8(weight >> 8)) }
                key.append(UInt8(truncatingIfNeeded: weight))
            }
            return key
        case .generalCI, .unicodeCI, .unicode0900AICI:
            var weights: [UInt16] = []
            weights.reserveCapacity(bytes.count)
            let algorithm = self.algorithm
            Self.forEachScalar(bytes) { scalar in
                switch algorithm {
                case .generalCI: CharacterWeights.generalCI(scalar, into: &weights)
                case .unicodeCI: CharacterWeights.unicodeCI(scalar, into: &weights)
                default: CharacterWeights.unicode0900AICI(scalar, into: &weights)
                }
            }
            var key: [UInt8] = []
            key.reserveCapacity(weights.count * 2)
            // Zero weights are ignorable characters (controls, combining marks in UCA).
            for weight in weights where weight != 0 {
                key.append(UInt8(weight >> 8))
                key.append(UInt8(truncatingIfNeeded: weight))
            }
            return key
        }
    }

    /// Each character's scalar; an invalid byte is U+FFFD, as Go's decoder reads it.
    static func forEachScalar(_ bytes: [UInt8], _ body: (UInt32) -> Void) {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            guard let length = UTF8Runes.validLength(bytes, at: index) else {
                body(0xFFFD)
                index += 1
                continue
            }
            var scalar: UInt32
            switch length {
            case 1: scalar = UInt32(lead)
            case 2: scalar = UInt32(lead & 0x1F)
            case 3: scalar = UInt32(lead & 0x0F)
            default: scalar = UInt32(lead & 0x07)
            }
            for offset in 1..<length { scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F) }
            body(scalar)
            index += length
        }
    }
}
