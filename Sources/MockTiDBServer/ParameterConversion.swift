import MySQLTypes
import MySQLWire
import TiDBEngine

/// COM_STMT_EXECUTE parameters as engine values, following TiDB (`ExecBinaryParam` and
/// `parseBinaryParams`): integers keep their signedness, FLOAT and DOUBLE become doubles, NEWDECIMAL
/// a decimal, DATE a date, DATETIME and TIMESTAMP a datetime, TIME its text, BLOB types bytes, and
/// the string types (VARCHAR, VAR_STRING, STRING, ENUM, SET, BIT, GEOMETRY, DECIMAL) text.
enum ParameterConversion {
    /// Each value by the type it was sent with; `longData` holds the bytes sent with
    /// COM_STMT_SEND_LONG_DATA, by parameter index.
    static func values(
        of request: StatementExecuteRequest,
        longData: [Int: [UInt8]]
    ) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(request.values.count)
        for (index, value) in request.values.enumerated() {
            let type = request.parameterTypes.flatMap { index < $0.count ? $0[index] : nil }
            if let value {
                values.append(Self.value(value, type: type?.columnType))
            } else {
                values.append(Self.longDataValue(longData[index] ?? [], type: type?.columnType))
            }
        }
        return values
    }

    /// Long data is text for the string types and bytes otherwise (TiDB treats it as a BLOB).
    /// Text keeps its bytes as sent (`Value.characterString`).
    static func longDataValue(_ bytes: [UInt8], type: ColumnType?) -> Value {
        switch type {
        case .varchar, .varString, .string, .bit: return .characterString(bytes)
        default: return .bytes(bytes)
        }
    }

    static func value(_ value: BinaryValue, type: ColumnType?) -> Value {
        switch value {
        case .null:
            return .null
        case .int(let number):
            return .int(number)
        case .unsigned(let number):
            return .uint(number)
        case .float(let number):
            return .double(Double(number))
        case .double(let number):
            return .double(number)
        case .bytes(let bytes):
            switch type {
            case .newDecimal:
                let text = Value.characterString(bytes)
                return text.text.flatMap(SQLDecimal.init(parsing:)).map(Value.decimal) ?? text
            case .blob, .tinyBlob, .mediumBlob, .longBlob:
                return .bytes(bytes)
            default:
                return .characterString(bytes)
            }
        case .date(let year, let month, let day):
            return .date(SQLDateTime(year: Int(year), month: Int(month), day: Int(day)))
        case .datetime(let year, let month, let day, let hour, let minute, let second, let microsecond):
            let time = SQLDateTime(
                year: Int(year),
                month: Int(month),
                day: Int(day),
                hour: Int(hour),
                minute: Int(minute),
                second: Int(second),
                microsecond: Int(microsecond),
                // TiDB reads the 11-byte form as text with six fractional digits.
                fractionDigits: microsecond == 0 ? 0 : 6
            )
            // A DATE parameter keeps only its date, as TiDB's ParseDate does.
            if type == .date {
                return .date(SQLDateTime(year: time.year, month: time.month, day: time.day))
            }
            return .datetime(time)
        case .time(let negative, let days, let hours, let minutes, let seconds, let microseconds):
            return .string(Self.timeText(negative, days, hours, minutes, seconds, microseconds))
        }
    }

    /// `[-]HH:MM:SS[.ffffff]` with the days folded into the hours.
    static func timeText(
        _ negative: Bool,
        _ days: UInt32,
        _ hours: UInt8,
        _ minutes: UInt8,
        _ seconds: UInt8,
        _ microseconds: UInt32
    ) -> String {
        func pad(_ value: UInt64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = negative ? "-" : ""
        text += pad(UInt64(days) * 24 + UInt64(hours), 2) + ":" + pad(UInt64(minutes), 2) + ":"
        text += pad(UInt64(seconds), 2)
        if microseconds != 0 { text += "." + pad(UInt64(microseconds), 6) }
        return text
    }
}
