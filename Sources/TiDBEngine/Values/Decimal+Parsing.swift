/// Text to DECIMAL, bounded by the digits an `SQLDecimal` holds whatever the input's length.
extension SQLDecimal {
    /// The most digits `unscaled` holds.
    static let maxDigits = 38

    /// Parses `[-+]digits[.digits][e[-+]digits]`, as TiDB's `MyDecimal.FromString` does (Ruby's
    /// mysql2 sends every BigDecimal as `0.15e4`); nil for anything else or for more than 38
    /// integer digits. Leading zeros do not count; fraction digits beyond `maxScale` (and beyond
    /// what 38 digits leave) round half away from zero, as TiDB truncates a too-long literal.
    public init?(parsing text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        var index = 0
        var negative = false
        if index < utf8.count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
            negative = utf8[index] == UInt8(ascii: "-")
            index += 1
        }
        var integerPart: [UInt8] = []
        var fractionPart: [UInt8] = []
        var sawPoint = false
        var exponent = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if byte >= 0x30, byte <= 0x39 {
                if sawPoint { fractionPart.append(byte - 0x30) } else { integerPart.append(byte - 0x30) }
            } else if byte | 0x20 == UInt8(ascii: "e"), !(integerPart.isEmpty && fractionPart.isEmpty) {
                let tail = String(decoding: utf8[(index + 1)...], as: UTF8.self)
                guard let value = Int(tail), value.magnitude < 100 else { return nil }
                exponent = value
                break
            } else {
                return nil
            }
            index += 1
        }
        guard !(integerPart.isEmpty && fractionPart.isEmpty) else { return nil }
        // Move the point: the exponent is below 100, so this stays small.
        if exponent > 0 {
            let moved = min(exponent, fractionPart.count)
            integerPart += fractionPart.prefix(moved)
            fractionPart.removeFirst(moved)
            integerPart += [UInt8](repeating: 0, count: exponent - moved)
        } else if exponent < 0 {
            let moved = min(-exponent, integerPart.count)
            fractionPart = Array(integerPart.suffix(moved)) + fractionPart
            integerPart.removeLast(moved)
            fractionPart = [UInt8](repeating: 0, count: -exponent - moved) + fractionPart
        }
        if let firstSignificant = integerPart.firstIndex(where: { $0 != 0 }) {
            integerPart.removeFirst(firstSignificant)
        } else {
            integerPart.removeAll()
        }
        guard integerPart.count <= Self.maxDigits else { return nil }
        let keptFraction = min(fractionPart.count, Self.maxScale, Self.maxDigits - integerPart.count)
        var unscaled: Int128 = 0
        for digit in integerPart + fractionPart.prefix(keptFraction) {
            unscaled = unscaled * 10 + Int128(digit)
        }
        if keptFraction < fractionPart.count, fractionPart[keptFraction] >= 5 {
            unscaled += 1
            guard unscaled <= Self.maxUnscaled else { return nil }
        }
        self.init(unscaled: negative ? -unscaled : unscaled, scale: keptFraction)
    }
}
