import CMariaDB

/// Output buffers for `mysql_stmt_bind_result`, one per column, chosen by the column's type:
/// integers as 64-bit, FLOAT/DOUBLE as double, temporal types as `MYSQL_TIME`, the rest as bytes.
struct MariaDBResultBinding {
    typealias Cell = MariaDBPreparedStatement.Cell

    let statement: UnsafeMutablePointer<MYSQL_STMT>
    static let byteCapacity = 1 << 20

    /// Fetches every row (through COM_STMT_FETCH when the statement has a cursor).
    func fetchAll() throws(MariaDBTestClient.Failure) -> (columns: [MariaDBTestClient.Column], rows: [[Cell]]) {
        guard let metadata = mysql_stmt_result_metadata(self.statement) else {
            throw MariaDBTestClient.Failure(code: 0, sqlState: "", message: "no result metadata")
        }
        defer { mysql_free_result(metadata) }
        let count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        let columns = (0..<count).map { MariaDBTestClient.Column(fields[$0]) }

        let binds = UnsafeMutableBufferPointer<MYSQL_BIND>.allocate(capacity: max(count, 1))
        let buffers = (0..<count).map { _ in
            UnsafeMutableRawPointer.allocate(byteCount: Self.byteCapacity, alignment: 16)
        }
        let lengths = UnsafeMutableBufferPointer<UInt>.allocate(capacity: max(count, 1))
        let nulls = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(count, 1))
        let errors = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(count, 1))
        // libmariadb only ever sets these flags, so they start cleared.
        binds.initialize(repeating: MYSQL_BIND())
        lengths.initialize(repeating: 0)
        nulls.initialize(repeating: 0)
        errors.initialize(repeating: 0)
        defer {
            binds.deallocate()
            for buffer in buffers { buffer.deallocate() }
            lengths.deallocate()
            nulls.deallocate()
            errors.deallocate()
        }
        for index in 0..<count {
            var bind = MYSQL_BIND()
            bind.buffer_type = Self.bufferType(for: fields[index].type)
            bind.is_unsigned = fields[index].flags & UInt32(UNSIGNED_FLAG) != 0 ? 1 : 0
            bind.buffer = buffers[index]
            bind.buffer_length = UInt(Self.byteCapacity)
            bind.length = lengths.baseAddress! + index
            bind.is_null = nulls.baseAddress! + index
            bind.error = errors.baseAddress! + index
            binds[index] = bind
        }
        guard mysql_stmt_bind_result(self.statement, binds.baseAddress) == 0 else {
            throw self.failure(call: "mysql_stmt_bind_result")
        }

        var rows: [[Cell]] = []
        while true {
            let status = mysql_stmt_fetch(self.statement)
            if status == MYSQL_NO_DATA { break }
            if status == MYSQL_DATA_TRUNCATED {
                let columns = (0..<count).filter { errors[$0] != 0 }.map { "\($0)" }.joined(separator: ",")
                throw MariaDBTestClient.Failure(code: 0, sqlState: "", message: "data truncated in columns \(columns)")
            }
            guard status == 0 else { throw self.failure(call: "mysql_stmt_fetch") }
            rows.append(
                (0..<count).map { index in
                    nulls[index] != 0 ? .null : Self.cell(binds[index], length: Int(lengths[index]))
                }
            )
        }
        return (columns, rows)
    }

    private func failure(call: String) -> MariaDBTestClient.Failure {
        let code = mysql_stmt_errno(self.statement)
        let message = String(cString: mysql_stmt_error(self.statement))
        return MariaDBTestClient.Failure(
            code: code,
            sqlState: String(cString: mysql_stmt_sqlstate(self.statement)),
            message: code == 0 ? "\(call) failed without an error" : message
        )
    }

    static func bufferType(for type: enum_field_types) -> enum_field_types {
        switch type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_INT24, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR:
            MYSQL_TYPE_LONGLONG
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
            MYSQL_TYPE_DOUBLE
        case MYSQL_TYPE_DATE, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIME:
            type
        default:
            MYSQL_TYPE_BLOB
        }
    }

    static func cell(_ bind: MYSQL_BIND, length: Int) -> Cell {
        let buffer = bind.buffer!
        switch bind.buffer_type {
        case MYSQL_TYPE_LONGLONG:
            let raw = buffer.load(as: Int64.self)
            return bind.is_unsigned != 0 ? .unsigned(UInt64(bitPattern: raw)) : .int(raw)
        case MYSQL_TYPE_DOUBLE:
            return .double(buffer.load(as: Double.self))
        case MYSQL_TYPE_DATE, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIME:
            let time = buffer.load(as: MYSQL_TIME.self)
            return .time(
                year: time.year,
                month: time.month,
                day: time.day,
                hour: time.hour,
                minute: time.minute,
                second: time.second,
                microsecond: time.second_part
            )
        default:
            let bytes = UnsafeRawBufferPointer(start: buffer, count: min(length, Self.byteCapacity))
            return .bytes(Array(bytes))
        }
    }
}

extension MariaDBTestClient.Column {
    init(_ field: MYSQL_FIELD) {
        self.init(
            name: String(cString: field.name),
            type: field.type.rawValue,
            length: UInt(field.length),
            flags: UInt32(field.flags),
            charset: UInt32(field.charsetnr),
            decimals: UInt32(field.decimals)
        )
    }
}
