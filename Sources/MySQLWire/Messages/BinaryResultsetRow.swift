public import MySQLTypes
public import NIOCore

/// A value in the binary protocol: a parameter of `COM_STMT_EXECUTE` or a cell of a binary row.
public enum BinaryValue: Sendable, Equatable {
    case null
    case int(Int64)
    case unsigned(UInt64)
    case float(Float)
    case double(Double)
    /// Strings, decimals (as text), blobs, JSON, BIT, ENUM, SET and geometry: length-encoded bytes.
    case bytes([UInt8])
    case date(year: UInt16, month: UInt8, day: UInt8)
    case datetime(
        year: UInt16,
        month: UInt8,
        day: UInt8,
        hour: UInt8,
        minute: UInt8,
        second: UInt8,
        microsecond: UInt32
    )
    case time(negative: Bool, days: UInt32, hours: UInt8, minutes: UInt8, seconds: UInt8, microseconds: UInt32)

    /// The parameter type a client binds for this value (as libmysqlclient does for the C types).
    public var parameterType: ParameterType {
        switch self {
        case .null: ParameterType(.null)
        case .int: ParameterType(.longLong)
        case .unsigned: ParameterType(.longLong, isUnsigned: true)
        case .float: ParameterType(.float)
        case .double: ParameterType(.double)
        case .bytes: ParameterType(.varString)
        case .date: ParameterType(.date)
        case .datetime: ParameterType(.datetime)
        case .time: ParameterType(.time)
        }
    }
}

/// How a column type's values are laid out in the binary protocol.
@usableFromInline
enum BinaryEncoding: Sendable {
    case int1
    case int2
    case int4
    case int8
    case float
    case double
    /// A length byte (0 or 4; 7 and 11 are read too) then the fields.
    case date
    /// A length byte (0, 4, 7 or 11) then the fields.
    case datetime
    /// A length byte (0, 8 or 12) then the fields.
    case time
    case lengthEncoded
    /// The NULL type has no bytes at all.
    case none

    @inlinable
    init(_ type: ColumnType) {
        switch type {
        case .tiny: self = .int1
        case .short, .year: self = .int2
        case .long, .int24: self = .int4
        case .longLong: self = .int8
        case .float: self = .float
        case .double: self = .double
        case .date, .newDate: self = .date
        case .datetime, .timestamp: self = .datetime
        case .time: self = .time
        case .null: self = .none
        case .decimal, .newDecimal, .varchar, .bit, .json, .enumeration, .set, .tinyBlob, .mediumBlob, .longBlob,
            .blob, .varString, .string, .geometry:
            self = .lengthEncoded
        }
    }
}

// MARK: - Writing values

/// Cells in the binary protocol. Integers are written in the width of the column type, two's
/// complement, so signed and unsigned values share the code. NULLs have no bytes: they live in the
/// row's (or the execute packet's) NULL bitmap.
extension ByteBuffer {
    @inlinable
    public mutating func writeBinaryInteger(_ value: Int64, type: ColumnType) {
        switch BinaryEncoding(type) {
        case .int1: self.writeInteger(UInt8(truncatingIfNeeded: value))
        case .int2: self.writeInteger(UInt16(truncatingIfNeeded: value), endianness: .little)
        case .int4: self.writeInteger(UInt32(truncatingIfNeeded: value), endianness: .little)
        case .int8: self.writeInteger(value, endianness: .little)
        case .float: self.writeBinaryFloat(Float(value))
        case .double: self.writeBinaryDouble(Double(value))
        // Decimal and string columns carry numbers as text.
        case .lengthEncoded: self.writeTextInteger(value)
        // No integer form: a zero value keeps the row well-formed.
        case .date, .datetime, .time: self.writeInteger(UInt8(0))
        case .none: break
        }
    }

    @inlinable
    public mutating func writeBinaryUnsigned(_ value: UInt64, type: ColumnType) {
        switch BinaryEncoding(type) {
        case .int1, .int2, .int4, .int8: self.writeBinaryInteger(Int64(bitPattern: value), type: type)
        case .float: self.writeBinaryFloat(Float(value))
        case .double: self.writeBinaryDouble(Double(value))
        case .lengthEncoded: self.writeTextUnsigned(value)
        case .date, .datetime, .time: self.writeInteger(UInt8(0))
        case .none: break
        }
    }

    @inlinable
    public mutating func writeBinaryFloat(_ value: Float) {
        self.writeInteger(value.bitPattern, endianness: .little)
    }

    @inlinable
    public mutating func writeBinaryDouble(_ value: Double) {
        self.writeInteger(value.bitPattern, endianness: .little)
    }

    /// A DATE cell: length 0 for the zero date, else 4.
    @inlinable
    public mutating func writeBinaryDate(year: UInt16, month: UInt8, day: UInt8) {
        if year == 0, month == 0, day == 0 {
            self.writeInteger(UInt8(0))
            return
        }
        self.writeInteger(UInt8(4))
        self.writeInteger(year, endianness: .little)
        self.writeInteger(month)
        self.writeInteger(day)
    }

    /// A DATETIME or TIMESTAMP cell in the shortest form that holds it, as MySQL and TiDB send it:
    /// length 0 when all is zero, 4 without a time of day, 7 without microseconds, else 11.
    @inlinable
    public mutating func writeBinaryDatetime(
        year: UInt16,
        month: UInt8,
        day: UInt8,
        hour: UInt8,
        minute: UInt8,
        second: UInt8,
        microsecond: UInt32
    ) {
        let length: UInt8
        if microsecond != 0 {
            length = 11
        } else if hour != 0 || minute != 0 || second != 0 {
            length = 7
        } else if year != 0 || month != 0 || day != 0 {
            length = 4
        } else {
            length = 0
        }
        self.writeInteger(length)
        guard length > 0 else { return }
        self.writeInteger(year, endianness: .little)
        self.writeInteger(month)
        self.writeInteger(day)
        guard length > 4 else { return }
        self.writeInteger(hour)
        self.writeInteger(minute)
        self.writeInteger(second)
        guard length > 7 else { return }
        self.writeInteger(microsecond, endianness: .little)
    }

    /// A TIME cell: length 0 for zero (of either sign), 8 without microseconds, else 12.
    @inlinable
    public mutating func writeBinaryTime(
        negative: Bool,
        days: UInt32,
        hours: UInt8,
        minutes: UInt8,
        seconds: UInt8,
        microseconds: UInt32
    ) {
        let length: UInt8
        if microseconds != 0 {
            length = 12
        } else if days != 0 || hours != 0 || minutes != 0 || seconds != 0 {
            length = 8
        } else {
            length = 0
        }
        self.writeInteger(length)
        guard length > 0 else { return }
        self.writeInteger(UInt8(negative ? 1 : 0))
        self.writeInteger(days, endianness: .little)
        self.writeInteger(hours)
        self.writeInteger(minutes)
        self.writeInteger(seconds)
        guard length > 8 else { return }
        self.writeInteger(microseconds, endianness: .little)
    }

    /// Writes `value` in the form `type` has in the binary protocol; `.null` writes nothing (the
    /// bitmap says NULL). Numbers are converted between numeric types and written as text into
    /// decimal and string columns; dates and times are written as text into string columns. A value
    /// with no form in the type (a string into an INT column) is sent as the type's zero value.
    public mutating func writeBinaryValue(_ value: BinaryValue, type: ColumnType) {
        let encoding = BinaryEncoding(type)
        switch value {
        case .null:
            return
        case .int(let int):
            self.writeBinaryInteger(int, type: type)
        case .unsigned(let unsigned):
            self.writeBinaryUnsigned(unsigned, type: type)
        case .float(let float):
            switch encoding {
            case .float: self.writeBinaryFloat(float)
            case .double: self.writeBinaryDouble(Double(float))
            case .lengthEncoded: self.writeLengthEncodedString(String(describing: float))
            default: self.writeBinaryInteger(Int64(exactly: float.rounded(.towardZero)) ?? 0, type: type)
            }
        case .double(let double):
            switch encoding {
            case .float: self.writeBinaryFloat(Float(double))
            case .double: self.writeBinaryDouble(double)
            case .lengthEncoded: self.writeLengthEncodedString(String(describing: double))
            default: self.writeBinaryInteger(Int64(exactly: double.rounded(.towardZero)) ?? 0, type: type)
            }
        case .bytes(let bytes):
            if encoding == .lengthEncoded {
                self.writeLengthEncodedBytes(bytes)
            } else {
                self.writeBinaryZero(encoding)
            }
        case .date(let year, let month, let day):
            switch encoding {
            case .date, .datetime: self.writeBinaryDate(year: year, month: month, day: day)
            case .lengthEncoded: self.writeLengthEncodedString(value.temporalText ?? "")
            default: self.writeBinaryZero(encoding)
            }
        case .datetime(let year, let month, let day, let hour, let minute, let second, let microsecond):
            switch encoding {
            // MySQL sends a DATE column's time of day as nothing at all.
            case .date: self.writeBinaryDate(year: year, month: month, day: day)
            case .datetime:
                self.writeBinaryDatetime(
                    year: year,
                    month: month,
                    day: day,
                    hour: hour,
                    minute: minute,
                    second: second,
                    microsecond: microsecond
                )
            case .lengthEncoded:
                self.writeLengthEncodedString(value.temporalText ?? "")
            default: self.writeBinaryZero(encoding)
            }
        case .time(let negative, let days, let hours, let minutes, let seconds, let microseconds):
            switch encoding {
            case .time:
                self.writeBinaryTime(
                    negative: negative,
                    days: days,
                    hours: hours,
                    minutes: minutes,
                    seconds: seconds,
                    microseconds: microseconds
                )
            case .lengthEncoded:
                self.writeLengthEncodedString(value.temporalText ?? "")
            default: self.writeBinaryZero(encoding)
            }
        }
    }

    @usableFromInline
    mutating func writeBinaryZero(_ encoding: BinaryEncoding) {
        switch encoding {
        case .int1: self.writeInteger(UInt8(0))
        case .int2: self.writeInteger(UInt16(0))
        case .int4, .float: self.writeInteger(UInt32(0))
        case .int8, .double: self.writeInteger(UInt64(0))
        case .date, .datetime, .time, .lengthEncoded: self.writeInteger(UInt8(0))
        case .none: break
        }
    }
}

extension BinaryValue {
    /// A DATE, DATETIME or TIME value's MySQL text (`TemporalText`, days folded into the hours),
    /// as it goes into a string column or a string parameter; nil for other values.
    public var temporalText: String? {
        switch self {
        case .date(let year, let month, let day):
            TemporalText.date(year: Int(year), month: Int(month), day: Int(day))
        case .datetime(let year, let month, let day, let hour, let minute, let second, let microsecond):
            TemporalText.datetime(
                year: Int(year),
                month: Int(month),
                day: Int(day),
                hour: Int(hour),
                minute: Int(minute),
                second: Int(second),
                microsecond: Int(microsecond)
            )
        case .time(let negative, let days, let hours, let minutes, let seconds, let microseconds):
            TemporalText.time(
                negative: negative,
                hours: Int(days) * 24 + Int(hours),
                minutes: Int(minutes),
                seconds: Int(seconds),
                microseconds: Int(microseconds)
            )
        default: nil
        }
    }
}

// MARK: - Reading values

/// Why one binary value could not be read.
@usableFromInline
enum BinaryValueReadError: Error, Sendable {
    case truncated
    /// A temporal value's length byte is not one the protocol allows.
    case invalidLength(UInt8)
    /// A TIME's sign byte is neither 0 nor 1 (TiDB calls the packet malformed).
    case invalidSign(UInt8)
}

extension ByteBuffer {
    /// Reads one value laid out as `encoding`. `0xFB` in place of a length-encoded value is NULL when
    /// `lengthEncodedNull` (TiDB accepts it in execute parameters). On failure the reader index is
    /// unspecified.
    mutating func readBinaryValue(
        _ encoding: BinaryEncoding,
        isUnsigned: Bool,
        lengthEncodedNull: Bool
    ) throws(BinaryValueReadError) -> BinaryValue {
        switch encoding {
        case .none:
            return .null
        case .int1:
            guard let raw = self.readInteger(as: UInt8.self) else { throw .truncated }
            return isUnsigned ? .unsigned(UInt64(raw)) : .int(Int64(Int8(bitPattern: raw)))
        case .int2:
            guard let raw = self.readInteger(endianness: .little, as: UInt16.self) else { throw .truncated }
            return isUnsigned ? .unsigned(UInt64(raw)) : .int(Int64(Int16(bitPattern: raw)))
        case .int4:
            guard let raw = self.readInteger(endianness: .little, as: UInt32.self) else { throw .truncated }
            return isUnsigned ? .unsigned(UInt64(raw)) : .int(Int64(Int32(bitPattern: raw)))
        case .int8:
            guard let raw = self.readInteger(endianness: .little, as: UInt64.self) else { throw .truncated }
            return isUnsigned ? .unsigned(raw) : .int(Int64(bitPattern: raw))
        case .float:
            guard let raw = self.readInteger(endianness: .little, as: UInt32.self) else { throw .truncated }
            return .float(Float(bitPattern: raw))
        case .double:
            guard let raw = self.readInteger(endianness: .little, as: UInt64.self) else { throw .truncated }
            return .double(Double(bitPattern: raw))
        case .date, .datetime:
            return try self.readBinaryDatetime(asDate: encoding == .date)
        case .time:
            return try self.readBinaryTime()
        case .lengthEncoded:
            guard let first = self.getInteger(at: self.readerIndex, as: UInt8.self) else { throw .truncated }
            if first == 0xFB, lengthEncodedNull {
                self.moveReaderIndex(forwardBy: 1)
                return .null
            }
            guard let slice = self.readLengthEncodedSlice() else { throw .truncated }
            return .bytes(Array(slice.readableBytesView))
        }
    }

    /// DATE, DATETIME and TIMESTAMP; a DATE column's value stays a `.date` unless it has a time of day.
    private mutating func readBinaryDatetime(asDate: Bool) throws(BinaryValueReadError) -> BinaryValue {
        guard let length = self.readInteger(as: UInt8.self) else { throw .truncated }
        guard length == 0 || length == 4 || length == 7 || length == 11 else { throw .invalidLength(length) }
        guard self.readableBytes >= Int(length) else { throw .truncated }
        var fields: (year: UInt16, month: UInt8, day: UInt8) = (0, 0, 0)
        var time: (hour: UInt8, minute: UInt8, second: UInt8, microsecond: UInt32) = (0, 0, 0, 0)
        if length >= 4 {
            // The length check above makes these reads safe.
            fields.year = self.readInteger(endianness: .little)!
            fields.month = self.readInteger()!
            fields.day = self.readInteger()!
        }
        if length >= 7 {
            time.hour = self.readInteger()!
            time.minute = self.readInteger()!
            time.second = self.readInteger()!
        }
        if length == 11 {
            time.microsecond = self.readInteger(endianness: .little)!
        }
        if asDate, length <= 4 {
            return .date(year: fields.year, month: fields.month, day: fields.day)
        }
        return .datetime(
            year: fields.year,
            month: fields.month,
            day: fields.day,
            hour: time.hour,
            minute: time.minute,
            second: time.second,
            microsecond: time.microsecond
        )
    }

    private mutating func readBinaryTime() throws(BinaryValueReadError) -> BinaryValue {
        guard let length = self.readInteger(as: UInt8.self) else { throw .truncated }
        guard length == 0 || length == 8 || length == 12 else { throw .invalidLength(length) }
        guard self.readableBytes >= Int(length) else { throw .truncated }
        guard length > 0 else {
            return .time(negative: false, days: 0, hours: 0, minutes: 0, seconds: 0, microseconds: 0)
        }
        let sign: UInt8 = self.readInteger()!
        guard sign <= 1 else { throw .invalidSign(sign) }
        let days: UInt32 = self.readInteger(endianness: .little)!
        let hours: UInt8 = self.readInteger()!
        let minutes: UInt8 = self.readInteger()!
        let seconds: UInt8 = self.readInteger()!
        let microseconds: UInt32 = length == 12 ? self.readInteger(endianness: .little)! : 0
        return .time(
            negative: sign == 1,
            days: days,
            hours: hours,
            minutes: minutes,
            seconds: seconds,
            microseconds: microseconds
        )
    }
}
