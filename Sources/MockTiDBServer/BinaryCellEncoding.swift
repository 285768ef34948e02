import MySQLTypes
import MySQLWire
import TiDBEngine

/// Engine values as binary-protocol cells (`DumpBinaryRow` in TiDB): the column's type decides the
/// layout, and a value of another kind is converted to it, never dropped.
extension BinaryRowWriter {
    mutating func writeValue(_ value: Value, type: ColumnType) {
        if value.isNull || type == .null {
            self.writeNull()
            return
        }
        switch type {
        case .tiny, .short, .year, .int24, .long, .longLong:
            switch value {
            case .int(let number): self.writeInteger(number, type: type)
            case .uint(let number): self.writeUnsigned(number, type: type)
            default: self.writeInteger(CellConversion.integer(value), type: type)
            }
        case .float:
            self.writeFloat(Float(CellConversion.double(value)))
        case .double:
            self.writeDouble(CellConversion.double(value))
        case .date, .newDate:
            let date = CellConversion.dateTime(value)
            self.writeDate(year: date.year, month: date.month, day: date.day)
        case .datetime, .timestamp:
            let time = CellConversion.dateTime(value)
            self.writeDatetime(
                year: time.year,
                month: time.month,
                day: time.day,
                hour: time.hour,
                minute: time.minute,
                second: time.second,
                microsecond: time.microsecond
            )
        case .time:
            let duration = CellConversion.duration(value)
            self.writeTime(
                negative: duration.negative,
                days: duration.days,
                hours: duration.hours,
                minutes: duration.minutes,
                seconds: duration.seconds,
                microseconds: duration.microseconds
            )
        case .decimal, .newDecimal, .varchar, .bit, .json, .enumeration, .set, .tinyBlob, .mediumBlob, .longBlob,
            .blob, .varString, .string, .geometry, .null:
            switch value {
            case .string(let text): self.writeString(text)
            case .bytes(let bytes): self.writeBytes(bytes)
            // BIT goes out as its big-endian bytes, as TiDB's BinaryLiteral.
            case .bit(let bit): self.writeBytes(bit.bytes)
            // Written as decimal text for string and decimal columns.
            case .int(let number): self.writeInteger(number, type: type)
            case .uint(let number): self.writeUnsigned(number, type: type)
            default: self.writeString(value.text ?? "")
            }
        }
    }
}

/// Conversions for a value whose kind does not match its column's binary layout.
enum CellConversion {
    static func integer(_ value: Value) -> Int64 {
        switch value {
        case .int(let number): return number
        case .uint(let number): return Int64(bitPattern: number)
        case .double(let number): return Int64(exactly: number.rounded()) ?? 0
        default:
            guard let text = value.text else { return 0 }
            if let number = Int64(text) { return number }
            return Int64(exactly: (Double(text) ?? 0).rounded()) ?? 0
        }
    }

    static func double(_ value: Value) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .uint(let number): return Double(number)
        case .double(let number): return number
        default: return value.text.flatMap { Double($0) } ?? 0
        }
    }

    struct Fields {
        var year: UInt16 = 0
        var month: UInt8 = 0
        var day: UInt8 = 0
        var hour: UInt8 = 0
        var minute: UInt8 = 0
        var second: UInt8 = 0
        var microsecond: UInt32 = 0
    }

    /// Calendar fields; text is parsed, anything unreadable is the zero date.
    static func dateTime(_ value: Value) -> Fields {
        let time: SQLDateTime
        switch value {
        case .datetime(let value), .date(let value): time = value
        default:
            guard let text = value.text, let parsed = SQLDateTime(parsing: text) else { return Fields() }
            time = parsed
        }
        return Fields(
            year: UInt16(clamping: time.year),
            month: UInt8(clamping: time.month),
            day: UInt8(clamping: time.day),
            hour: UInt8(clamping: time.hour),
            minute: UInt8(clamping: time.minute),
            second: UInt8(clamping: time.second),
            microsecond: UInt32(clamping: time.microsecond)
        )
    }

    struct Duration {
        var negative = false
        var days: UInt32 = 0
        var hours: UInt8 = 0
        var minutes: UInt8 = 0
        var seconds: UInt8 = 0
        var microseconds: UInt32 = 0
    }

    /// A TIME from its text `[-]H:MM:SS[.ffffff]` (hours may exceed 24); zero when unreadable.
    static func duration(_ value: Value) -> Duration {
        guard let whole = value.text else { return Duration() }
        var text = whole[...]
        var result = Duration()
        if text.first == "-" {
            result.negative = true
            text = text.dropFirst()
        }
        var fraction: UInt32 = 0
        if let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix(6)
            let padded = digits + String(repeating: "0", count: 6 - digits.count)
            fraction = UInt32(padded) ?? 0
            text = text[..<dot]
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { UInt64($0) }
        guard parts.count == 3, let hours = parts[0], let minutes = parts[1], let seconds = parts[2] else {
            return Duration()
        }
        result.days = UInt32(clamping: hours / 24)
        result.hours = UInt8(hours % 24)
        result.minutes = UInt8(clamping: minutes)
        result.seconds = UInt8(clamping: seconds)
        result.microseconds = fraction
        return result
    }
}
