import MySQLTypes

/// MySQL's implicit conversions between value kinds.
extension Value {
    /// A number for arithmetic: strings are read as doubles (leading numeric prefix).
    enum Number {
        case int(Int64)
        case uint(UInt64)
        case decimal(SQLDecimal)
        case double(Double)
    }

    /// nil for NULL. `warn` receives 1292 when a string is not entirely numeric.
    func number(warn: (MySQLError) -> Void) -> Number? {
        switch self {
        case .null: return nil
        case .int(let value): return .int(value)
        case .uint(let value): return .uint(value)
        case .decimal(let value): return .decimal(value)
        case .double(let value): return .double(value)
        case .string(let text): return .double(Self.parseDoublePrefix(text, kind: "DOUBLE", warn: warn))
        case .bytes(let bytes):
            return .double(Self.parseDoublePrefix(String(decoding: bytes, as: UTF8.self), kind: "DOUBLE", warn: warn))
        case .datetime(let time):
            let digits =
                Int64(time.year) * 10_000_000_000 + Int64(time.month) * 100_000_000 + Int64(time.day) * 1_000_000
                + Int64(time.hour) * 10_000 + Int64(time.minute) * 100 + Int64(time.second)
            if time.fractionDigits > 0 {
                return .decimal(SQLDecimal(unscaled: Int128(digits) * 1_000_000 + Int128(time.microsecond), scale: 6))
            }
            return .int(digits)
        case .date(let time):
            return .int(Int64(time.year) * 10_000 + Int64(time.month) * 100 + Int64(time.day))
        case .enumSet(let value): return .uint(value.number)
        case .bit(let value): return .uint(value.number)
        }
    }

    /// MySQL reads the longest numeric prefix of a string; anything left over is a warning.
    static func parseDoublePrefix(_ text: String, kind: String, warn: (MySQLError) -> Void) -> Double {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A { index += 1 }
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            index += 1
            digits += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                index += 1
                digits += 1
            }
        }
        if digits > 0, index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            var probe = index + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "-") || bytes[probe] == UInt8(ascii: "+") {
                probe += 1
            }
            if probe < bytes.count, bytes[probe] >= 0x30, bytes[probe] <= 0x39 {
                index = probe
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
        }
        let value = digits > 0 ? Double(String(decoding: bytes[start..<index], as: UTF8.self)) ?? 0 : 0
        var end = index
        while end < bytes.count, bytes[end] == 0x20 { end += 1 }
        if digits == 0 || end < bytes.count {
            warn(.truncatedWrongValue(kind, text))
        }
        return value
    }

    /// Truth for WHERE, AND, OR, NOT and IF: nil for NULL.
    func truth(warn: (MySQLError) -> Void) -> Bool? {
        switch self.number(warn: warn) {
        case nil: return nil
        case .int(let value): return value != 0
        case .uint(let value): return value != 0
        case .decimal(let value): return !value.isZero
        case .double(let value): return value != 0
        }
    }

    /// An integer for LIMIT, KILL, TSO functions; strings and fractions are converted as MySQL
    /// does (rounding, with a 1292 warning for garbage).
    func int64(warn: (MySQLError) -> Void) -> Int64? {
        switch self.number(warn: warn) {
        case nil: return nil
        case .int(let value): return value
        case .uint(let value): return Int64(truncatingIfNeeded: value)
        case .decimal(let value): return value.roundedInt64 ?? (value.unscaled < 0 ? .min : .max)
        case .double(let value):
            let rounded = value.rounded(.toNearestOrAwayFromZero)
            if rounded >= 9.223372036854775807e18 { return .max }
            if rounded <= -9.223372036854775808e18 { return .min }
            return Int64(rounded)
        }
    }

    /// The value as a string, as CONCAT and comparisons with strings see it.
    var stringValue: String? { self.text }
}

extension Value.Number {
    var doubleValue: Double {
        switch self {
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        case .decimal(let value): return value.doubleValue
        case .double(let value): return value
        }
    }

    var decimalValue: SQLDecimal? {
        switch self {
        case .int(let value): return SQLDecimal(value)
        case .uint(let value): return SQLDecimal(value)
        case .decimal(let value): return value
        case .double(let value): return SQLDecimal(parsing: String(value))
        }
    }

    var value: Value {
        switch self {
        case .int(let value): return .int(value)
        case .uint(let value): return .uint(value)
        case .decimal(let value): return .decimal(value)
        case .double(let value): return .double(value)
        }
    }
}
