/// One SQL value as the executor computes it.
public enum Value: Sendable, Hashable {
    case null
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case decimal(SQLDecimal)
    case string(String)
    /// A binary string (`_binary`, `X''`, BLOB and VARBINARY data).
    case bytes([UInt8])
    case datetime(SQLDateTime)
    case date(SQLDateTime)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The text protocol form of the value, as TiDB writes it; nil for NULL.
    public var text: String? {
        switch self {
        case .null: return nil
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .double(let value): return DoubleFormatter.mysqlText(value)
        case .decimal(let value): return value.description
        case .string(let value): return value
        case .bytes(let value): return String(decoding: value, as: UTF8.self)
        case .datetime(let value): return value.description
        case .date(let value): return value.dateDescription
        }
    }

    /// The value's bytes in the text protocol (binary strings untouched).
    public var textBytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return self.text.map { Array($0.utf8) }
    }
}

/// Formats doubles as TiDB's text protocol does: the shortest round-trip digits, plain notation
/// for magnitudes in [1e-15, 1e15), otherwise `<mantissa>e<exponent>` without `+` or leading zeros.
enum DoubleFormatter {
    static func mysqlText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (negative, digits, exponent) = Self.shortestDigits(value)
        let magnitude = value.magnitude
        var text = negative ? "-" : ""
        if magnitude >= 1e15 || magnitude < 1e-15 {
            text.append(digits.first!)
            if digits.count > 1 {
                text.append(".")
                text += digits.dropFirst()
            }
            text += "e" + String(exponent)
            return text
        }
        // Plain notation: the point goes after digit `exponent`.
        if exponent < 0 {
            text += "0." + String(repeating: "0", count: -exponent - 1) + digits
        } else if digits.count <= exponent + 1 {
            text += digits + String(repeating: "0", count: exponent + 1 - digits.count)
        } else {
            let split = digits.index(digits.startIndex, offsetBy: exponent + 1)
            text += digits[..<split] + "." + digits[split...]
        }
        return text
    }

    /// Significant digits (no leading or trailing zeros) and the decimal exponent of the first.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, exponent: Int) {
        // Swift's description is the shortest round-trip form, e.g. "1.25e-07" or "123.5".
        let description = value.magnitude.description
        var mantissa = Substring(description)
        var exponent = 0
        if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = description[..<e]
            exponent = Int(description[description.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        return (value.sign == .minus, digits, pointPosition - 1)
    }
}
