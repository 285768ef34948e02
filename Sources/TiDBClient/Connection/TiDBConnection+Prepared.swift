import CMariaDB

/// A server-side prepared statement (binary protocol). A token: the connection that prepared it
/// keeps the `MYSQL_STMT`, so it can cross tasks; use it only with that connection.
public struct PreparedStatement: Sendable, Hashable {
    let id: Int
    public let sql: String
    public let parameterCount: Int
    /// The result columns, empty for statements without a result set.
    public let columns: [Column]
}

final class PreparedStatementHandle {
    let handle: UnsafeMutablePointer<MYSQL_STMT>
    let sql: String

    init(handle: UnsafeMutablePointer<MYSQL_STMT>, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    func error(_ call: String) -> TiDBClientError {
        let code = mysql_stmt_errno(self.handle)
        return TiDBClientError(
            kind: (2000..<3000).contains(code) ? .connection : .server,
            errno: code,
            sqlState: String(cString: mysql_stmt_sqlstate(self.handle)),
            message: code == 0 ? "\(call) failed without an error" : String(cString: mysql_stmt_error(self.handle)),
            statement: self.sql
        )
    }
}

extension TiDBConnection {
    /// COM_STMT_PREPARE.
    public func prepare(_ sql: String) throws(TiDBClientError) -> PreparedStatement {
        let connection = try self.openHandle(for: sql)
        guard let handle = mysql_stmt_init(connection) else { throw Self.error(connection, statement: sql) }
        let statement = PreparedStatementHandle(handle: handle, sql: sql)
        guard Self.withUTF8(sql, { mysql_stmt_prepare(handle, $0, $1) }) == 0 else {
            let error = statement.error("mysql_stmt_prepare")
            mysql_stmt_close(handle)
            throw error
        }
        var columns: [Column] = []
        if let metadata = mysql_stmt_result_metadata(handle) {
            columns = Self.columns(mysql_fetch_fields(metadata), count: Int(mysql_num_fields(metadata)))
            mysql_free_result(metadata)
        }
        self.nextStatementID += 1
        self.statements[self.nextStatementID] = statement
        return PreparedStatement(
            id: self.nextStatementID,
            sql: sql,
            parameterCount: Int(mysql_stmt_param_count(handle)),
            columns: columns
        )
    }

    /// COM_STMT_EXECUTE with `parameters`, then every row (binary protocol, typed by column).
    @discardableResult
    public func execute(
        _ prepared: PreparedStatement,
        _ parameters: [SQLValue] = []
    ) throws(TiDBClientError)
        -> QueryResult
    {
        guard let statement = self.statements[prepared.id], self.handle != nil else {
            throw TiDBClientError(
                kind: .usage,
                message: "the prepared statement was closed or belongs to another connection",
                statement: prepared.sql
            )
        }
        guard parameters.count == prepared.parameterCount else {
            throw TiDBClientError(
                kind: .usage,
                message: "the statement takes \(prepared.parameterCount) parameters, got \(parameters.count)",
                statement: prepared.sql
            )
        }
        let binding = ParameterBinding(parameters)
        defer { binding.deallocate() }
        if !parameters.isEmpty {
            guard mysql_stmt_bind_param(statement.handle, binding.binds.baseAddress) == 0 else {
                throw statement.error("mysql_stmt_bind_param")
            }
        }
        guard mysql_stmt_execute(statement.handle) == 0 else { throw statement.error("mysql_stmt_execute") }
        defer { mysql_stmt_free_result(statement.handle) }
        var result = QueryResult(
            columns: [],
            rows: [],
            affectedRows: mysql_stmt_affected_rows(statement.handle),
            lastInsertID: mysql_stmt_insert_id(statement.handle),
            warningCount: mysql_warning_count(self.handle)
        )
        guard mysql_stmt_field_count(statement.handle) > 0 else { return result }
        (result.columns, result.rows) = try ResultBinding.fetchAll(statement)
        result.affectedRows = 0
        return result
    }

    /// Prepares, executes once and closes: parameters travel typed, never spliced into SQL.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue]) throws(TiDBClientError) -> QueryResult {
        let statement = try self.prepare(sql)
        defer { self.close(statement) }
        return try self.execute(statement, parameters)
    }

    /// COM_STMT_CLOSE.
    public func close(_ prepared: PreparedStatement) {
        guard let statement = self.statements.removeValue(forKey: prepared.id) else { return }
        mysql_stmt_close(statement.handle)
    }
}

/// Input buffers for `mysql_stmt_bind_param`, alive until the statement has executed.
struct ParameterBinding {
    let binds: UnsafeMutableBufferPointer<MYSQL_BIND>
    private var buffers: [UnsafeMutableRawPointer] = []

    init(_ parameters: [SQLValue]) {
        self.binds = .allocate(capacity: max(parameters.count, 1))
        self.binds.initialize(repeating: MYSQL_BIND())
        for (index, parameter) in parameters.enumerated() {
            self.binds[index] = self.bind(parameter)
        }
    }

    private mutating func bind(_ parameter: SQLValue) -> MYSQL_BIND {
        var bind = MYSQL_BIND()
        switch parameter {
        case .null:
            bind.buffer_type = MYSQL_TYPE_NULL
        case .int(let value):
            bind.buffer_type = MYSQL_TYPE_LONGLONG
            bind.buffer = self.store(value)
        case .uint(let value):
            bind.buffer_type = MYSQL_TYPE_LONGLONG
            bind.is_unsigned = 1
            bind.buffer = self.store(value)
        case .double(let value):
            bind.buffer_type = MYSQL_TYPE_DOUBLE
            bind.buffer = self.store(value)
        case .decimal(let value):
            bind = self.bytes(Array(value.description.utf8), type: MYSQL_TYPE_NEWDECIMAL)
        case .string(let text):
            bind = self.bytes(Array(text.utf8), type: MYSQL_TYPE_STRING)
        case .bytes(let bytes):
            bind = self.bytes(bytes, type: MYSQL_TYPE_BLOB)
        case .timestamp(let value):
            var time = MYSQL_TIME()
            (time.year, time.month, time.day) = (UInt32(value.year), UInt32(value.month), UInt32(value.day))
            (time.hour, time.minute, time.second) = (UInt32(value.hour), UInt32(value.minute), UInt32(value.second))
            time.second_part = UInt(value.microsecond)
            time.time_type = value.isDateOnly ? MYSQL_TIMESTAMP_DATE : MYSQL_TIMESTAMP_DATETIME
            bind.buffer_type = value.isDateOnly ? MYSQL_TYPE_DATE : MYSQL_TYPE_DATETIME
            bind.buffer = self.store(time)
        case .time(let value):
            var time = MYSQL_TIME()
            (time.hour, time.minute, time.second) = (UInt32(value.hours), UInt32(value.minutes), UInt32(value.seconds))
            time.second_part = UInt(value.microseconds)
            time.neg = value.isNegative ? 1 : 0
            time.time_type = MYSQL_TIMESTAMP_TIME
            bind.buffer_type = MYSQL_TYPE_TIME
            bind.buffer = self.store(time)
        }
        return bind
    }

    private mutating func store<T>(_ value: T) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: 16)
        buffer.storeBytes(of: value, as: T.self)
        self.buffers.append(buffer)
        return buffer
    }

    private mutating func bytes(_ bytes: [UInt8], type: enum_field_types) -> MYSQL_BIND {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes {
            if let source = $0.baseAddress { buffer.copyMemory(from: source, byteCount: bytes.count) }
        }
        self.buffers.append(buffer)
        var bind = MYSQL_BIND()
        bind.buffer_type = type
        bind.buffer = buffer
        bind.buffer_length = UInt(bytes.count)
        return bind
    }

    func deallocate() {
        for buffer in self.buffers { buffer.deallocate() }
        self.binds.deallocate()
    }
}
