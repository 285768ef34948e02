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
        case .time:
            return .string(value.temporalText ?? "")
        }
    }
}
