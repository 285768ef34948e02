import CMariaDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Output buffers for `mysql_stmt_bind_result`, one per column by its type: integers as 64-bit,
/// FLOAT/DOUBLE as double, temporal types as `MYSQL_TIME`, everything else as bytes sized from
/// the stored result's longest value (STMT_ATTR_UPDATE_MAX_LENGTH), so nothing is truncated.
enum ResultBinding {
    static func fetchAll(_ statement: PreparedStatementHandle) throws(TiDBClientError) -> ([Column], [Row]) {
        let handle = statement.handle
        var updateMaxLength: my_bool = 1
        mysql_stmt_attr_set(handle, STMT_ATTR_UPDATE_MAX_LENGTH, &updateMaxLength)
        guard mysql_stmt_store_result(handle) == 0 else { throw statement.error("mysql_stmt_store_result") }
        guard let metadata = mysql_stmt_result_metadata(handle) else {
            throw statement.error("mysql_stmt_result_metadata")
        }
        defer { mysql_free_result(metadata) }
        let count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        let columns = TiDBConnection.columns(fields, count: count)
        let names = ColumnNames(columns)

        let binds = UnsafeMutableBufferPointer<MYSQL_BIND>.allocate(capacity: max(count, 1))
        let lengths = UnsafeMutableBufferPointer<UInt>.allocate(capacity: max(count, 1))
        let nulls = UnsafeMutableBufferPointer<my_bool>.allocate(capacity: max(count, 1))
        binds.initialize(repeating: MYSQL_BIND())
        lengths.initialize(repeating: 0)
        nulls.initialize(repeating: 0)
        var buffers: [UnsafeMutableRawPointer] = []
        defer {
            for buffer in buffers { buffer.deallocate() }
            binds.deallocate()
            lengths.deallocate()
            nulls.deallocate()
        }
        for index in 0..<count {
            let type = Self.bufferType(for: columns[index].type)
            let capacity = Self.capacity(type, maxLength: Int(fields[index].max_length))
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            buffers.append(buffer)
            var bind = MYSQL_BIND()
            bind.buffer_type = type
            bind.is_unsigned = columns[index].isUnsigned ? 1 : 0
            bind.buffer = buffer
            bind.buffer_length = UInt(capacity)
            bind.length = lengths.baseAddress! + index
            bind.is_null = nulls.baseAddress! + index
            binds[index] = bind
        }
        guard mysql_stmt_bind_result(handle, binds.baseAddress) == 0 else {
            throw statement.error("mysql_stmt_bind_result")
        }
        var rows: [Row] = []
        rows.reserveCapacity(Int(mysql_stmt_num_rows(handle)))
        while true {
            let status = mysql_stmt_fetch(handle)
            if status == MYSQL_NO_DATA { break }
            guard status == 0 else {
                if status == MYSQL_DATA_TRUNCATED {
                    throw TiDBClientError(
                        kind: .decoding,
                        message: "a value was longer than the server's reported maximum",
                        statement: statement.sql
                    )
                }
                throw statement.error("mysql_stmt_fetch")
            }
            let values = (0..<count).map { index in
                nulls[index] != 0
                    ? SQLValue.null : Self.value(binds[index], length: Int(lengths[index]), column: columns[index])
            }
            rows.append(Row(values: values, names: names))
        }
        return (columns, rows)
    }

    private static func bufferType(for type: Column.FieldType) -> enum_field_types {
        if type.isInteger { return MYSQL_TYPE_LONGLONG }
        if type == .float || type == .double { return MYSQL_TYPE_DOUBLE }
        if type.isTemporal || type == .time { return enum_field_types(rawValue: type.rawValue) }
        return MYSQL_TYPE_BLOB
    }

    private static func capacity(_ type: enum_field_types, maxLength: Int) -> Int {
        switch type {
        case MYSQL_TYPE_LONGLONG, MYSQL_TYPE_DOUBLE: 8
        case MYSQL_TYPE_BLOB: max(maxLength, 1)
        default: MemoryLayout<MYSQL_TIME>.size
        }
    }

    private static func value(_ bind: MYSQL_BIND, length: Int, column: Column) -> SQLValue {
        let buffer = bind.buffer!
        switch bind.buffer_type {
        case MYSQL_TYPE_LONGLONG:
            let raw = buffer.load(as: Int64.self)
            return bind.is_unsigned != 0 ? .uint(UInt64(bitPattern: raw)) : .int(raw)
        case MYSQL_TYPE_DOUBLE:
            return .double(buffer.load(as: Double.self))
        case MYSQL_TYPE_TIME:
            let time = buffer.load(as: MYSQL_TIME.self)
            return .time(
                SQLTime(
                    isNegative: time.neg != 0,
                    hours: Int(time.day) * 24 + Int(time.hour),
                    minutes: Int(time.minute),
                    seconds: Int(time.second),
                    microseconds: Int(time.second_part)
                )
            )
        case MYSQL_TYPE_DATE, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP:
            let time = buffer.load(as: MYSQL_TIME.self)
            return .timestamp(
                SQLTimestamp(
                    year: Int(time.year),
                    month: Int(time.month),
                    day: Int(time.day),
                    hour: Int(time.hour),
                    minute: Int(time.minute),
                    second: Int(time.second),
                    microsecond: Int(time.second_part),
                    isDateOnly: bind.buffer_type == MYSQL_TYPE_DATE
                )
            )
        default:
            return TextCellDecoder.value(UnsafeRawBufferPointer(start: buffer, count: length), column: column)
        }
    }
}
