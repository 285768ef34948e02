import CMariaDB

/// A server-side prepared statement through libmariadb's `mysql_stmt_*` API (binary protocol).
/// Like `MariaDBTestClient`, its calls block.
final class MariaDBPreparedStatement {
    typealias Failure = MariaDBTestClient.Failure

    /// A parameter as the C API binds it.
    enum Parameter {
        case null
        case int(Int64)
        case unsigned(UInt64)
        case double(Double)
        /// Bound as `type` (MYSQL_TYPE_STRING by default, as sysbench binds CHAR).
        case text(String, type: enum_field_types = MYSQL_TYPE_STRING)
        /// Any bytes, bound as `type` (a string type: what clients send binary data as).
        case bytes([UInt8], type: enum_field_types)
        case blob([UInt8])
        case date(year: UInt32, month: UInt32, day: UInt32)
        case datetime(
            year: UInt32,
            month: UInt32,
            day: UInt32,
            hour: UInt32,
            minute: UInt32,
            second: UInt32,
            microsecond: UInt
        )
        /// A parameter whose value comes from `sendLongData`.
        case longData(enum_field_types)
    }

    /// A fetched cell: integers by signedness, temporal values as their fields, the rest as bytes.
    enum Cell: Equatable, CustomStringConvertible {
        case null
        case int(Int64)
        case unsigned(UInt64)
        case double(Double)
        case bytes([UInt8])
        case time(
            year: UInt32,
            month: UInt32,
            day: UInt32,
            hour: UInt32,
            minute: UInt32,
            second: UInt32,
            microsecond: UInt
        )

        static func text(_ text: String) -> Cell { .bytes(Array(text.utf8)) }

        var description: String {
            switch self {
            case .bytes(let bytes): "\"\(String(decoding: bytes, as: UTF8.self))\""
            case .null: "NULL"
            case .int(let value): "\(value)"
            case .unsigned(let value): "\(value)u"
            case .double(let value): "\(value)"
            case .time(let y, let mo, let d, let h, let mi, let s, let us): "\(y)-\(mo)-\(d) \(h):\(mi):\(s).\(us)"
            }
        }
    }

    struct Result {
        var columns: [MariaDBTestClient.Column]
        var rows: [[Cell]]
        var affectedRows: UInt64
        var lastInsertID: UInt64
    }

    private let handle: UnsafeMutablePointer<MYSQL_STMT>
    /// Parameter buffers, alive until the next `bind` (the C library keeps pointers to them).
    private var parameterBuffers: [UnsafeMutableRawPointer] = []
    private var binds: UnsafeMutableBufferPointer<MYSQL_BIND>?

    init(client: MariaDBTestClient, sql: String, cursor: Bool = false, prefetchRows: UInt = 1) throws(Failure) {
        guard let handle = mysql_stmt_init(client.handle) else {
            throw Failure(code: 0, sqlState: "", message: "mysql_stmt_init failed")
        }
        self.handle = handle
        if cursor {
            var type = UInt(CURSOR_TYPE_READ_ONLY.rawValue)
            var rows = prefetchRows
            mysql_stmt_attr_set(handle, STMT_ATTR_CURSOR_TYPE, &type)
            mysql_stmt_attr_set(handle, STMT_ATTR_PREFETCH_ROWS, &rows)
        }
        guard mysql_stmt_prepare(handle, sql, UInt(sql.utf8.count)) == 0 else {
            throw self.failure("mysql_stmt_prepare")
        }
    }

    deinit {
        mysql_stmt_close(self.handle)
        self.freeParameters()
    }

    var parameterCount: Int { Int(mysql_stmt_param_count(self.handle)) }
    var fieldCount: Int { Int(mysql_stmt_field_count(self.handle)) }

    private func failure(_ call: String) -> Failure {
        let code = mysql_stmt_errno(self.handle)
        let message = String(cString: mysql_stmt_error(self.handle))
        return Failure(
            code: code,
            sqlState: String(cString: mysql_stmt_sqlstate(self.handle)),
            message: code == 0 ? "\(call) failed without an error" : message
        )
    }

    private func freeParameters() {
        for buffer in self.parameterBuffers { buffer.deallocate() }
        self.parameterBuffers = []
        self.binds?.deallocate()
        self.binds = nil
    }

    private func copy<T>(_ value: T) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(MemoryLayout<T>.size, 1), alignment: 16)
        buffer.storeBytes(of: value, as: T.self)
        self.parameterBuffers.append(buffer)
        return buffer
    }

    private func copy(bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        self.parameterBuffers.append(buffer)
        return buffer
    }

    /// `mysql_stmt_bind_param`.
    func bind(_ parameters: [Parameter]) throws(Failure) {
        self.freeParameters()
        let binds = UnsafeMutableBufferPointer<MYSQL_BIND>.allocate(capacity: max(parameters.count, 1))
        binds.initialize(repeating: MYSQL_BIND())
        self.binds = binds
        for (index, parameter) in parameters.enumerated() {
            var bind = MYSQL_BIND()
            switch parameter {
            case .null:
                bind.buffer_type = MYSQL_TYPE_NULL
            case .int(let value):
                bind.buffer_type = MYSQL_TYPE_LONGLONG
                bind.buffer = self.copy(value)
            case .unsigned(let value):
                bind.buffer_type = MYSQL_TYPE_LONGLONG
                bind.is_unsigned = 1
                bind.buffer = self.copy(value)
            case .double(let value):
                bind.buffer_type = MYSQL_TYPE_DOUBLE
                bind.buffer = self.copy(value)
            case .text(let text, let type):
                bind.buffer_type = type
                bind.buffer = self.copy(bytes: Array(text.utf8))
                bind.buffer_length = UInt(text.utf8.count)
            case .bytes(let bytes, let type):
                bind.buffer_type = type
                bind.buffer = self.copy(bytes: bytes)
                bind.buffer_length = UInt(bytes.count)
            case .blob(let bytes):
                bind.buffer_type = MYSQL_TYPE_BLOB
                bind.buffer = self.copy(bytes: bytes)
                bind.buffer_length = UInt(bytes.count)
            case .date(let year, let month, let day):
                bind.buffer_type = MYSQL_TYPE_DATE
                var time = MYSQL_TIME()
                (time.year, time.month, time.day) = (year, month, day)
                time.time_type = MYSQL_TIMESTAMP_DATE
                bind.buffer = self.copy(time)
            case .datetime(let year, let month, let day, let hour, let minute, let second, let microsecond):
                bind.buffer_type = MYSQL_TYPE_DATETIME
                var time = MYSQL_TIME()
                (time.year, time.month, time.day) = (year, month, day)
                (time.hour, time.minute, time.second, time.second_part) = (hour, minute, second, microsecond)
                time.time_type = MYSQL_TIMESTAMP_DATETIME
                bind.buffer = self.copy(time)
            case .longData(let type):
                bind.buffer_type = type
            }
            binds[index] = bind
        }
        guard mysql_stmt_bind_param(self.handle, binds.baseAddress) == 0 else {
            throw self.failure("mysql_stmt_bind_param")
        }
    }

    /// `mysql_stmt_send_long_data` (after `bind`).
    func sendLongData(parameter: Int, _ bytes: [UInt8]) throws(Failure) {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                mysql_stmt_send_long_data(self.handle, UInt32(parameter), $0.baseAddress, UInt(bytes.count))
            }
        }
        guard sent == 0 else { throw self.failure("mysql_stmt_send_long_data") }
    }

    /// `mysql_stmt_reset`: COM_STMT_RESET.
    func reset() throws(Failure) {
        guard mysql_stmt_reset(self.handle) == 0 else { throw self.failure("mysql_stmt_reset") }
    }

    func execute(_ parameters: [Parameter]) throws(Failure) -> Result {
        try self.bind(parameters)
        return try self.execute()
    }

    /// Executes with the bound parameters and fetches every row.
    func execute() throws(Failure) -> Result {
        guard mysql_stmt_execute(self.handle) == 0 else { throw self.failure("mysql_stmt_execute") }
        var result = Result(
            columns: [],
            rows: [],
            affectedRows: mysql_stmt_affected_rows(self.handle),
            lastInsertID: mysql_stmt_insert_id(self.handle)
        )
        guard self.fieldCount > 0 else { return result }
        let fetched = try MariaDBResultBinding(statement: self.handle).fetchAll()
        result.columns = fetched.columns
        result.rows = fetched.rows
        mysql_stmt_free_result(self.handle)
        return result
    }

    /// Points the client's handle at another server-side id (to send ids the server never gave).
    func useStatementID(_ id: UInt) {
        self.handle.pointee.stmt_id = id
    }
}
