/// The primary weights of TiDB's table-driven collators (docs/tidb/charsets-collations.md §6.3),
/// decoded from the generated data on first use.
final class CollationWeights: Sendable {
    /// For the Basic Multilingual Plane: `offset << 4 | count` into `pool`, or `unlisted`.
    private let basic: [UInt32]
    private let supplementary: [UInt32: UInt32]
    private let pool: [UInt16]
    private static let unlisted = UInt32.max

    private init(_ data: String) {
        var basic = [UInt32](repeating: Self.unlisted, count: 0x10000)
        var supplementary: [UInt32: UInt32] = [:]
        var pool: [UInt16] = []
        PackedTables.entries(data) { codePoint, weights in
            let slot = UInt32(pool.count) << 4 | UInt32(weights.count)
            pool += weights
            if codePoint < 0x10000 { basic[Int(codePoint)] = slot } else { supplementary[codePoint] = slot }
        }
        self.basic = basic
        self.supplementary = supplementary
        self.pool = pool
    }

    static let generalCI = CollationWeights(CollationWeightData.generalCI)
    static let unicodeCI = CollationWeights(CollationWeightData.unicodeCI)
    static let unicode0900AICI = CollationWeights(CollationWeightData.unicode0900AICI)
    static let gbkChineseCI = CollationWeights(CollationWeightData.gbkChineseCI)

    /// The listed weights of `codePoint`, nil when the table does not list it.
    func weights(of codePoint: UInt32) -> ArraySlice<UInt16>? {
        let slot = codePoint < 0x10000 ? self.basic[Int(codePoint)] : (self.supplementary[codePoint] ?? Self.unlisted)
        guard slot != Self.unlisted else { return nil }
        let start = Int(slot >> 4)
        return self.pool[start..<(start + Int(slot & 0xF))]
    }
}

/// How each table-driven collator weighs one character.
enum CharacterWeights {
    /// utf8mb4_general_ci: one weight, MySQL's case and accent folding; beyond the BMP, U+FFFD's.
    static func generalCI(_ scalar: UInt32, into weights: inout [UInt16]) {
        guard scalar < 0x10000 else { return weights.append(0xFFFD) }
        weights.append(CollationWeights.generalCI.weights(of: scalar)?.first ?? UInt16(scalar))
    }

    /// utf8mb4_unicode_ci (UCA 4.0.0): beyond the BMP every character weighs as U+FFFD.
    static func unicodeCI(_ scalar: UInt32, into weights: inout [UInt16]) {
        guard scalar < 0x10000 else { return weights.append(0xFFFD) }
        if let listed = CollationWeights.unicodeCI.weights(of: scalar) {
            weights += listed
            return
        }
        let base: UInt32 =
            (0x3400...0x4DB5).contains(scalar)
            ? 0xFB80
            : (0x4E00...0x9FA5).contains(scalar) || (0xFA0E...0xFA0F).contains(scalar) ? 0xFB40 : 0xFBC0
        Self.appendImplicit(scalar, base: base, into: &weights)
    }

    /// utf8mb4_0900_ai_ci (UCA 9.0.0): Hangul syllables as their jamo, implicit weights for the rest.
    static func unicode0900AICI(_ scalar: UInt32, into weights: inout [UInt16]) {
        if (0xD800...0xDFFF).contains(scalar) || scalar == 0xFFFD { return weights.append(0xFFFD) }
        if let listed = CollationWeights.unicode0900AICI.weights(of: scalar) {
            weights += listed
            return
        }
        if (0xAC00...0xD7A3).contains(scalar) {
            let index = scalar - 0xAC00
            let trailing = 0x11A7 + index % 28
            for jamo in [0x1100 + index / 588, 0x1161 + index % 588 / 28] + (trailing == 0x11A7 ? [] : [trailing]) {
                weights += CollationWeights.unicode0900AICI.weights(of: jamo) ?? []
            }
            return
        }
        if (0x17000...0x18AFF).contains(scalar) {
            weights.append(0xFB00)
            weights.append(UInt16(truncatingIfNeeded: (scalar - 0x17000) | 0x8000))
            return
        }
        let base: UInt32
        if (0x4E00...0x9FD5).contains(scalar) || (0xFA0E...0xFA29).contains(scalar) {
            base = 0xFB40
        } else if (0x3400...0x4DB5).contains(scalar) || (0x20000...0x2A6D6).contains(scalar)
            || (0x2A700...0x2B734).contains(scalar) || (0x2B740...0x2B81D).contains(scalar)
            || (0x2B820...0x2CEA1).contains(scalar)
        {
            base = 0xFB80
        } else {
            base = 0xFBC0
        }
        Self.appendImplicit(scalar, base: base, into: &weights)
    }

    /// gbk_chinese_ci: MySQL's weight of the character's GBK code; `?`'s for what GBK lacks.
    static func gbkChineseCI(_ scalar: UInt32, into weights: inout [UInt16]) {
        weights.append(CollationWeights.gbkChineseCI.weights(of: scalar)?.first ?? 0x3F)
    }

    private static func appendImplicit(_ scalar: UInt32, base: UInt32, into weights: inout [UInt16]) {
        weights.append(UInt16(truncatingIfNeeded: base + (scalar >> 15)))
        weights.append(UInt16(truncatingIfNeeded: (scalar & 0x7FFF) | 0x8000))
    }
}
