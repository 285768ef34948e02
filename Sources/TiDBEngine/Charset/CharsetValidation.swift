/// Whether a string fits a column's character set, as TiDB checks it when a value is stored
/// (`table.CastValue`, docs/tidb/charsets-collations.md §4). TiDB keeps every non-binary string as
/// UTF-8 inside, so the check is about the UTF-8 bytes: utf8mb4 wants valid UTF-8, utf8 (utf8mb3)
/// no 4-byte characters, ascii only ASCII, gbk characters GBK can encode; latin1 and binary take
/// any bytes.
enum CharsetValidation {
    /// The byte range of the first character that does not fit `charset`, nil when all fit.
    static func firstInvalid(_ bytes: some RandomAccessCollection<UInt8>, charset: String) -> Range<Int>? {
        let bytes = Array(bytes)
        switch charset {
        case "latin1", "binary":
            return nil
        case "ascii":
            guard let start = bytes.firstIndex(where: { $0 >= 0x80 }) else { return nil }
            // TiDB shows the run its UTF-8 lead byte announces, capped by what is left.
            return start..<min(bytes.count, start + UTF8Runes.sequenceLength(lead: bytes[start]))
        default:
            var index = 0
            while index < bytes.count {
                guard let length = UTF8Runes.validLength(bytes, at: index) else { return index..<(index + 1) }
                if length == 4, charset == "utf8" { return index..<(index + 4) }
                if charset == "gbk", !GBK.canEncode(bytes[index..<(index + length)]) {
                    return index..<(index + length)
                }
                index += length
            }
            return nil
        }
    }

    /// `'\xFF'` as TiDB writes the offending bytes in 1366.
    static func describe(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text += [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// What a non-strict store keeps of a value that does not fit: a character string has every
    /// character that does not fit replaced by `?`; binary input is cut before the first one.
    static func repaired(_ bytes: [UInt8], charset: String, binarySource: Bool) -> [UInt8] {
        var kept: [UInt8] = []
        var rest = bytes[...]
        while let bad = Self.firstInvalid(rest, charset: charset) {
            kept += rest.prefix(bad.lowerBound)
            if binarySource { return kept }
            kept.append(UInt8(ascii: "?"))
            rest = rest.dropFirst(bad.upperBound)
        }
        return kept + rest
    }
}

/// UTF-8 as Go's `unicode/utf8` reads it (TiDB counts and checks strings that way): an invalid
/// byte is one rune of its own.
enum UTF8Runes {
    /// The length of the valid UTF-8 sequence at `index`, nil when it is not one (overlong forms
    /// and surrogates included).
    static func validLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { return nil }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// The length a lead byte announces (1 for ASCII and stray continuation bytes).
    static func sequenceLength(lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Characters, counting each invalid byte as one (`utf8.RuneCount`).
    static func count(_ bytes: [UInt8]) -> Int {
        var index = 0
        var runes = 0
        while index < bytes.count {
            index += Self.validLength(bytes, at: index) ?? 1
            runes += 1
        }
        return runes
    }

    /// The first `limit` characters' bytes.
    static func prefix(_ bytes: [UInt8], characters limit: Int) -> [UInt8] {
        var index = 0
        var runes = 0
        while index < bytes.count, runes < limit {
            index += Self.validLength(bytes, at: index) ?? 1
            runes += 1
        }
        return Array(bytes[..<index])
    }
}
