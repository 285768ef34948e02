import MySQLTypes

/// Converting values into a column's type on INSERT and UPDATE, with MySQL's strict-mode
/// errors (1366, 1264, 1406, 1292) or, without strict mode and for IGNORE, warnings and the
/// adjusted value (docs/tidb/data-semantics.md §1.5).
struct ColumnCoercion {
    var strict: Bool
    /// Adds a warning when not strict.
    var warn: (MySQLError) -> Void
    /// The session zone: TIMESTAMP values are stored in UTC.
    var timeZone: SessionTimeZone

    /// `row` is 1-based, as in the messages.
    func coerce(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        if value.isNull { return .null }
        switch column.type.kind {
        case .tinyint, .smallint, .mediumint, .int, .bigint: return try self.coerceInteger(value, to: column, row: row)
        case .decimal: return try self.coerceDecimal(value, to: column, row: row)
        case .float, .double: return try self.coerceFloatingPoint(value, to: column, row: row)
        case .char, .varchar, .tinytext, .text, .mediumtext, .longtext:
            return try self.coerceCharacters(value, to: column, row: row)
        case .binary, .varbinary, .tinyblob, .blob, .mediumblob, .longblob:
            return try self.coerceBinary(value, to: column, row: row)
        case .date, .datetime, .timestamp: return try self.coerceTemporal(value, to: column, row: row)
        case .time: return try self.coerceTime(value, to: column, row: row)
        case .year: return try self.coerceYear(value, to: column, row: row)
        case .json: return try self.coerceJSON(value, to: column, row: row)
        case .enumeration: return try self.coerceEnum(value, to: column, row: row)
        case .set: return try self.coerceSet(value, to: column, row: row)
        case .bit: return try self.coerceBit(value, to: column, row: row)
        }
    }

    /// Integer types: rounded, then checked against the type's range.
    private func coerceInteger(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let type = column.type
        let name = column.name
        let (minimum, maximum) = type.integerRange
        let number: Int128
        switch value {
        case .int(let n): number = Int128(n)
        case .uint(let n): number = Int128(n)
        case .enumSet(let element): number = Int128(element.number)
        case .bit(let bit): number = Int128(bit.number)
        case .decimal(let d):
            guard let rounded = d.rescaled(to: 0) else {
                return try fail(
                    .outOfRange(name, row),
                    fallback: Self.integer(d.unscaled < 0 ? minimum : maximum, type)
                )
            }
            number = rounded.unscaled
        case .double(let d):
            guard d.isFinite, d.magnitude < 1.7e38 else {
                return try fail(.outOfRange(name, row), fallback: Self.integer(d < 0 ? minimum : maximum, type))
            }
            number = Int128(d.rounded(.toNearestOrAwayFromZero))
        case .string, .bytes:
            let text = value.text ?? ""
            guard let parsed = Self.parseInteger(text) else {
                let partial = Self.leadingNumber(text)
                return try fail(
                    .incorrectValue(type.kind.rawValue, text, name, row),
                    fallback: Self.integer(max(minimum, min(maximum, partial)), type)
                )
            }
            number = parsed
        case .datetime(let t), .date(let t):
            number = Int128(Int64(t.year) * 10_000 + Int64(t.month) * 100 + Int64(t.day))
        case .null:
            return .null
        }
        if number < minimum || number > maximum {
            return try fail(
                .outOfRange(name, row),
                fallback: Self.integer(number < minimum ? minimum : maximum, type)
            )
        }
        return Self.integer(number, type)
    }

    /// DECIMAL(p, s): rounded to the scale (a warning even in strict mode), checked against the precision.
    private func coerceDecimal(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let type = column.type
        let name = column.name
        let scale = type.scale ?? 0
        let precision = type.precision
        var decimal: SQLDecimal
        switch value {
        case .int(let n): decimal = SQLDecimal(n)
        case .uint(let n): decimal = SQLDecimal(n)
        case .decimal(let d): decimal = d
        case .double(let d):
            guard let parsed = SQLDecimal(parsing: String(d)) else {
                // Beyond 38 digits (or infinite): out of range, never a silent zero.
                let limit = Self.decimalLimit(precision, scale, negative: d < 0)
                return try fail(.outOfRange(name, row), fallback: .decimal(limit))
            }
            decimal = parsed
        default:
            let text = value.text ?? ""
            guard let parsed = SQLDecimal(parsing: text.trimmingASCIISpaces()) else {
                if Double(text.trimmingASCIISpaces()) != nil {
                    // Well-formed but too many digits: out of range, as for a huge number.
                    let limit = Self.decimalLimit(precision, scale, negative: text.trimmingASCIISpaces().hasPrefix("-"))
                    return try fail(.outOfRange(name, row), fallback: .decimal(limit))
                }
                return try fail(
                    .incorrectValue("decimal", text, name, row),
                    fallback: .decimal(SQLDecimal(Int64(0)).rescaled(to: scale)!)
                )
            }
            decimal = parsed
        }
        guard let scaled = decimal.rescaled(to: scale), scaled.integerDigits <= precision - scale || scaled.isZero
        else {
            let limit = Self.decimalLimit(precision, scale, negative: decimal.unscaled < 0)
            return try fail(.outOfRange(name, row), fallback: .decimal(limit))
        }
        if decimal.scale > scale, decimal != scaled {
            // Rounding fraction digits is a warning even in strict mode.
            self.warn(.incorrectValue("decimal", decimal.description, name, row))
        }
        return .decimal(scaled)
    }

    /// FLOAT and DOUBLE: FLOAT is checked against its range and rounded to single precision.
    private func coerceFloatingPoint(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let type = column.type
        let name = column.name
        guard let number = value.number(warn: { _ in }) else { return .null }
        if case .string(let text) = value, Double(text.trimmingASCIISpaces()) == nil {
            return try fail(
                .incorrectValue(type.kind.rawValue, text, name, row),
                fallback: .double(number.doubleValue)
            )
        }
        let double = number.doubleValue
        if type.kind == .float, double.magnitude > Double(Float.greatestFiniteMagnitude) {
            return try fail(
                .outOfRange(name, row),
                fallback: .double(
                    double < 0 ? -Double(Float.greatestFiniteMagnitude) : Double(Float.greatestFiniteMagnitude)
                )
            )
        }
        return .double(type.kind == .float ? Double(Float(double)) : double)
    }

    /// The binary string types: cut to the length; BINARY is padded with zero bytes.
    private func coerceBinary(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let type = column.type
        let name = column.name
        var bytes = value.textBytes ?? []
        let limit = type.maximumLength
        if bytes.count > limit {
            bytes = Array(bytes.prefix(limit))
            return try fail(.dataTooLong(name, row), fallback: .bytes(bytes), warning: .dataTruncated(name, row))
        }
        if type.kind == .binary, bytes.count < limit {
            bytes += [UInt8](repeating: 0, count: limit - bytes.count)
        }
        return .bytes(bytes)
    }

    /// DATE, DATETIME and TIMESTAMP: rounded to the column's fraction digits; TIMESTAMP is stored in UTC.
    private func coerceTemporal(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let type = column.type
        let name = column.name
        var time: SQLDateTime
        switch value {
        case .datetime(let t), .date(let t): time = t
        case .int(let n):
            guard let t = Self.numericDatetime(n) else {
                return try fail(.incorrectTemporal(type, "\(n)", name, row), fallback: .null)
            }
            time = t
        default:
            let text = value.text ?? ""
            guard let parsed = SQLDateTime(parsing: text.trimmingASCIISpaces()) else {
                return try fail(.incorrectTemporal(type, text, name, row), fallback: Self.zeroTime(type))
            }
            time = parsed
        }
        if type.kind == .date {
            return .date(SQLDateTime(year: time.year, month: time.month, day: time.day))
        }
        let fsp = type.fractionDigits
        let divisor = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1][fsp]
        // Round to the column's precision, as MySQL does.
        var micros = time.microsecondsSinceEpoch(offsetSeconds: 0)
        let remainder = Int(micros % Int64(divisor))
        micros -= Int64(remainder)
        if remainder * 2 >= divisor { micros += Int64(divisor) }
        if type.kind == .timestamp, time.month != 0, time.day != 0 {
            // Stored in UTC; given in the session's zone. A wall time the zone skips (a DST
            // gap) or an instant outside TIMESTAMP's range is 1292, as TiDB's GoTime check.
            let wall = micros
            let guess = wall - Int64(self.timeZone.offsetSeconds(atMicroseconds: wall)) * 1_000_000
            micros = wall - Int64(self.timeZone.offsetSeconds(atMicroseconds: guess)) * 1_000_000
            let back = micros + Int64(self.timeZone.offsetSeconds(atMicroseconds: micros)) * 1_000_000
            if back != wall || micros < Self.timestampMinimum || micros > Self.timestampMaximum {
                let text = value.text ?? time.description
                return try fail(.incorrectTemporal(type, text, name, row), fallback: Self.zeroTime(type))
            }
        }
        return .datetime(SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: 0, fractionDigits: fsp))
    }

    /// TIMESTAMP's range in UTC microseconds: '1970-01-01 00:00:01' to '2038-01-19 03:14:07.999999'.
    static let timestampMinimum: Int64 = 1_000_000
    static let timestampMaximum: Int64 = 2_147_483_647_999_999

    /// YEAR: two digits mean 1970-2069, else 1901-2155 or 0.
    private func coerceYear(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let name = column.name
        guard let number = value.int64(warn: { _ in }) else { return .null }
        var year = number
        if year > 0, year < 70 { year += 2000 } else if year >= 70, year < 100 { year += 1900 }
        guard year == 0 || (1901...2155).contains(year) else {
            return try fail(.outOfRange(name, row), fallback: .int(0))
        }
        return .int(year)
    }

    /// JSON: the text must parse (3140 even without strict mode) and is stored normalized.
    private func coerceJSON(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let name = column.name
        let text = value.text ?? ""
        guard let normalized = JSONText.normalize(text) else {
            throw MySQLError(
                code: 3140,
                sqlState: "22032",
                message: "Invalid JSON text: \"\(text)\" in value for column '\(name)'."
            )
        }
        return .string(normalized)
    }

    /// A character column keeps the bytes of a value that fits its charset (TiDB stores every
    /// non-binary string as UTF-8; latin1 takes any bytes); one that does not is 1366 in strict
    /// mode, else a warning and the value repaired as TiDB repairs it. Lengths count characters
    /// for CHAR and VARCHAR, bytes for the TEXT types.
    private func coerceCharacters(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let type = column.type
        let charset = type.charset ?? type.resolvedCollation.charset
        // The common case without copying: text (always valid UTF-8) into a column that takes any
        // valid UTF-8, short enough by its bytes alone.
        if case .string(let text) = value, charset == "utf8mb4" || charset == "latin1",
            text.utf8.count <= type.maximumLength, type.kind != .char || text.utf8.last != 0x20
        {
            return value
        }
        var bytes: [UInt8]
        let binarySource: Bool
        switch value {
        case .string(let text):
            bytes = Array(text.utf8)
            binarySource = false
        case .bytes(let raw):
            bytes = raw
            binarySource = true
        default:
            bytes = value.textBytes ?? []
            binarySource = false
        }
        var unchanged = true
        if let bad = CharsetValidation.firstInvalid(bytes, charset: charset) {
            unchanged = false
            let error = MySQLError.incorrectStringValue(CharsetValidation.describe(bytes[bad]), column: column.name)
            if self.strict { throw error }
            self.warn(error)
            bytes = CharsetValidation.repaired(bytes, charset: charset, binarySource: binarySource)
        }
        if type.kind == .char {
            // CHAR drops trailing spaces when stored (PAD_CHAR_TO_FULL_LENGTH is off).
            while bytes.last == 0x20 {
                bytes.removeLast()
                unchanged = false
            }
        }
        let limit = type.maximumLength
        let countsCharacters = type.kind == .char || type.kind == .varchar
        if countsCharacters ? UTF8Runes.count(bytes) > limit : bytes.count > limit {
            let truncated = countsCharacters ? UTF8Runes.prefix(bytes, characters: limit) : Array(bytes.prefix(limit))
            return try fail(
                .dataTooLong(column.name, row),
                fallback: .characterString(truncated),
                warning: .dataTruncated(column.name, row)
            )
        }
        if unchanged, case .string = value { return value }
        return .characterString(bytes)
    }

    func fail(_ error: MySQLError, fallback: Value, warning: MySQLError? = nil) throws(MySQLError) -> Value {
        if self.strict { throw error }
        self.warn(warning ?? error)
        return fallback
    }

    static func integer(_ value: Int128, _ type: SQLType) -> Value {
        type.isUnsigned ? .uint(UInt64(clamping: value)) : .int(Int64(clamping: value))
    }

    /// `[+-]digits` with optional spaces around and a `.0…` tail; nil otherwise.
    static func parseInteger(_ text: String) -> Int128? {
        let trimmed = text.trimmingASCIISpaces()
        if let value = Int128(trimmed) { return value }
        if let decimal = SQLDecimal(parsing: trimmed), let rounded = decimal.rescaled(to: 0) { return rounded.unscaled }
        if let double = Double(trimmed), double.isFinite, double.magnitude < 1e38 {
            return Int128(double.rounded(.toNearestOrAwayFromZero))
        }
        return nil
    }

    static func leadingNumber(_ text: String) -> Int128 {
        let prefix = text.trimmingASCIISpaces().prefix { $0.isNumber || $0 == "-" || $0 == "+" }
        return Int128(prefix) ?? 0
    }

    static func decimalLimit(_ precision: Int, _ scale: Int, negative: Bool) -> SQLDecimal {
        // Beyond 38 digits the nearest representable limit stands in for 10^precision - 1.
        let unscaled = SQLDecimal.powerOfTen(min(precision, SQLDecimal.maxDigits)) - 1
        return SQLDecimal(unscaled: negative ? -unscaled : unscaled, scale: scale)
    }

    static func numericDatetime(_ number: Int64) -> SQLDateTime? {
        if number >= 10_000_101 && number <= 99_991_231 {
            return SQLDateTime(year: Int(number / 10_000), month: Int(number / 100 % 100), day: Int(number % 100))
        }
        if number >= 10_000_101_000_000 {
            let date = number / 1_000_000
            let time = number % 1_000_000
            return SQLDateTime(
                year: Int(date / 10_000),
                month: Int(date / 100 % 100),
                day: Int(date % 100),
                hour: Int(time / 10_000),
                minute: Int(time / 100 % 100),
                second: Int(time % 100)
            )
        }
        return nil
    }

    static func zeroTime(_ type: SQLType) -> Value {
        let zero = SQLDateTime(year: 0, month: 0, day: 0, fractionDigits: type.fractionDigits)
        return type.kind == .date ? .date(zero) : .datetime(zero)
    }
}

extension MySQLError {
    static func incorrectValue(_ type: String, _ value: String, _ column: String, _ row: Int) -> MySQLError {
        MySQLError(
            code: 1366,
            sqlState: "HY000",
            message: "Incorrect \(type) value: '\(value)' for column '\(column)' at row \(row)"
        )
    }

    /// TiDB's form of 1366 for a string its column's charset cannot hold: no colon, no row.
    static func incorrectStringValue(_ bytes: String, column: String) -> MySQLError {
        MySQLError(code: 1366, sqlState: "HY000", message: "Incorrect string value '\(bytes)' for column '\(column)'")
    }

    static func outOfRange(_ column: String, _ row: Int) -> MySQLError {
        MySQLError(code: 1264, sqlState: "22003", message: "Out of range value for column '\(column)' at row \(row)")
    }

    static func dataTooLong(_ column: String, _ row: Int) -> MySQLError {
        MySQLError(code: 1406, sqlState: "22001", message: "Data too long for column '\(column)' at row \(row)")
    }

    static func dataTruncated(_ column: String, _ row: Int) -> MySQLError {
        MySQLError(code: 1265, sqlState: "01000", message: "Data truncated for column '\(column)' at row \(row)")
    }

    static func incorrectTemporal(_ type: SQLType, _ value: String, _ column: String, _ row: Int) -> MySQLError {
        let word = type.kind == .date ? "date" : type.kind == .timestamp ? "timestamp" : "datetime"
        return MySQLError(
            code: 1292,
            sqlState: "22007",
            message: "Incorrect \(word) value: '\(value)' for column '\(column)' at row \(row)"
        )
    }

    static func columnCannotBeNull(_ column: String) -> MySQLError {
        MySQLError(code: 1048, sqlState: "23000", message: "Column '\(column)' cannot be null")
    }

    static func noDefaultValue(_ column: String) -> MySQLError {
        MySQLError(code: 1364, sqlState: "HY000", message: "Field '\(column)' doesn't have a default value")
    }

    static func columnCountMismatch(row: Int) -> MySQLError {
        MySQLError(code: 1136, sqlState: "21S01", message: "Column count doesn't match value count at row \(row)")
    }
}
