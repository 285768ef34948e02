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
    /// An ENUM or SET column's value: its text and its number (Values/EnumSetBit.swift).
    case enumSet(EnumSetValue)
    /// A BIT column's value.
    case bit(BitValue)

    /// A character string from the bytes a client sent: TiDB keeps them as sent, so bytes that
    /// are not valid UTF-8 stay bytes (a utf8mb4 column then refuses them with 1366, a binary or
    /// latin1 column stores them as they are); never a replacement character.
    public static func characterString(_ bytes: some Collection<UInt8>) -> Value {
        if let text = String(validating: bytes, as: UTF8.self) { return .string(text) }
        return .bytes(Array(bytes))
    }

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
        case .enumSet(let value): return value.name
        case .bit(let value): return String(decoding: value.bytes, as: UTF8.self)
        }
    }

    /// The bytes of a string or binary string; nil for every other kind.
    var stringBytes: [UInt8]? {
        switch self {
        case .string(let text): return Array(text.utf8)
        case .bytes(let bytes): return bytes
        case .enumSet(let value): return Array(value.name.utf8)
        case .bit(let value): return value.bytes
        default: return nil
        }
    }

    var isStringOrBytes: Bool {
        switch self {
        case .string, .bytes, .enumSet: return true
        default: return false
        }
    }

    /// The value's bytes in the text protocol (binary strings untouched).
    public var textBytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        if case .bit(let value) = self { return value.bytes }
        return self.text.map { Array($0.utf8) }
    }
}

/// Formats doubles as TiDB's text protocol does: the shortest round-trip digits, plain notation
/// for magnitudes in [1e-15, 1e15), otherwise `<mantissa>e<exponent>` without `+` or leading zeros.
public enum DoubleFormatter {
    public static func mysqlText(_ value: Double) -> String {
        Self.mysqlText(value, digits: Self.shortestDigits(value.magnitude.description))
    }

    /// A FLOAT column's value: a float's shortest digits, as TiDB formats float32.
    public static func mysqlText(_ value: Float) -> String {
        Self.mysqlText(Double(value), digits: Self.shortestDigits(value.magnitude.description))
    }

    private static func mysqlText(_ value: Double, digits shortest: (digits: String, exponent: Int)) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (negative, digits, exponent) = (value.sign == .minus, shortest.digits, shortest.exponent)
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

    /// Significant digits (no leading or trailing zeros) and the decimal exponent of the first,
    /// from Swift's description of a magnitude: the shortest round-trip form, e.g. "1.25e-07".
    static func shortestDigits(_ description: String) -> (digits: String, exponent: Int) {
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
        return (digits, pointPosition - 1)
    }
}
