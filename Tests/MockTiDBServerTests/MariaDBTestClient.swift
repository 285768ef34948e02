import CMariaDB
import Dispatch

/// A minimal libmariadb client for tests: connect, run queries, read results with metadata.
/// Its calls block; tests run them through `blocking`, off Swift's cooperative threads.
final class MariaDBTestClient {
    struct Failure: Error, Equatable, CustomStringConvertible {
        var code: UInt32
        var sqlState: String
        var message: String
        var description: String { "ERROR \(self.code) (\(self.sqlState)): \(self.message)" }
    }

    struct Column: Equatable {
        var name: String
        var type: UInt32
        var length: UInt
        var flags: UInt32
        var charset: UInt32
        var decimals: UInt32
    }

    struct Result: Equatable {
        var columns: [Column]
        var rows: [[String?]]
        var affectedRows: UInt64
    }

    let handle: UnsafeMutablePointer<MYSQL>

    init(
        port: Int,
        user: String = "root",
        password: String = "",
        database: String? = nil,
        multiStatements: Bool = true,
        foundRows: Bool = false,
        charset: String? = nil
    ) throws(Failure) {
        guard let handle = mysql_init(nil) else { throw Failure(code: 0, sqlState: "", message: "mysql_init failed") }
        self.handle = handle
        var timeout: UInt32 = 10
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        // A debug build parsing a 2 MiB escaped query on a busy 2-core CI machine has taken more
        // than 10 s: the read timeout only catches a server that hangs.
        var readTimeout: UInt32 = 120
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        // The handshake names the charset's default collation (latin1: 8, gbk: 28, utf8mb4: 45).
        if let charset { mysql_options(handle, MYSQL_SET_CHARSET_NAME, charset) }
        let flags = UInt(multiStatements ? CLIENT_MULTI_STATEMENTS : 0) | UInt(foundRows ? CLIENT_FOUND_ROWS : 0)
        guard mysql_real_connect(handle, "127.0.0.1", user, password, database, UInt32(port), nil, flags) != nil else {
            // deinit closes the handle: every stored property is set, so it runs on this throw.
            throw Self.failure(handle)
        }
    }

    private var closed = false

    deinit {
        self.close()
    }

    /// `mysql_close`: COM_QUIT and the socket closed.
    func close() {
        guard !self.closed else { return }
        self.closed = true
        mysql_close(self.handle)
    }

    private static func failure(_ handle: UnsafeMutablePointer<MYSQL>) -> Failure {
        Failure(
            code: mysql_errno(handle),
            sqlState: String(cString: mysql_sqlstate(handle)),
            message: String(cString: mysql_error(handle))
        )
    }

    var serverVersion: String { String(cString: mysql_get_server_info(self.handle)) }
    var connectionID: UInt { mysql_thread_id(self.handle) }
    var serverStatus: UInt32 { self.handle.pointee.server_status }

    /// Runs a query; every result set of a multi-statement query, in order.
    func query(_ sql: String) throws(Failure) -> [Result] {
        guard mysql_real_query(self.handle, sql, UInt(sql.utf8.count)) == 0 else { throw Self.failure(self.handle) }
        var results: [Result] = []
        while true {
            if let stored = mysql_store_result(self.handle) {
                results.append(Self.read(stored))
                mysql_free_result(stored)
            } else if mysql_field_count(self.handle) == 0 {
                results.append(Result(columns: [], rows: [], affectedRows: mysql_affected_rows(self.handle)))
            } else {
                throw Self.failure(self.handle)
            }
            let next = mysql_next_result(self.handle)
            if next == -1 { return results }
            if next > 0 { throw Self.failure(self.handle) }
        }
    }

    /// `bytes` escaped for a quoted literal by `mysql_real_escape_string` (what C clients do).
    func escaped(_ bytes: [UInt8]) -> [UInt8] {
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 1)
        let length = bytes.withUnsafeBufferPointer { input in
            input.withMemoryRebound(to: CChar.self) {
                mysql_real_escape_string(self.handle, &output, $0.baseAddress, UInt(bytes.count))
            }
        }
        return output.prefix(Int(length)).map { UInt8(bitPattern: $0) }
    }

    /// Runs one query given as bytes (any bytes, as sent); the rows of its result as bytes.
    func queryBytes(_ sql: [UInt8]) throws(Failure) -> [[[UInt8]?]] {
        let status = sql.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mysql_real_query(self.handle, $0.baseAddress, UInt(sql.count)) }
        }
        guard status == 0 else { throw Self.failure(self.handle) }
        guard let stored = mysql_store_result(self.handle) else {
            if mysql_field_count(self.handle) == 0 { return [] }
            throw Self.failure(self.handle)
        }
        defer { mysql_free_result(stored) }
        let count = Int(mysql_num_fields(stored))
        var rows: [[[UInt8]?]] = []
        while let row = mysql_fetch_row(stored) {
            let lengths = mysql_fetch_lengths(stored)!
            rows.append(
                (0..<count).map { index in
                    row[index].map { Array(UnsafeRawBufferPointer(start: $0, count: Int(lengths[index]))) }
                }
            )
        }
        return rows
    }

    /// The first column of the first row of the last result.
    func scalar(_ sql: String) throws(Failure) -> String? {
        try self.query(sql).last?.rows.first?.first ?? nil
    }

    private static func read(_ result: UnsafeMutablePointer<MYSQL_RES>) -> Result {
        let count = Int(mysql_num_fields(result))
        let fields = mysql_fetch_fields(result)!
        let columns = (0..<count).map { index in
            let field = fields[index]
            return Column(
                name: String(cString: field.name),
                type: field.type.rawValue,
                length: UInt(field.length),
                flags: UInt32(field.flags),
                charset: UInt32(field.charsetnr),
                decimals: UInt32(field.decimals)
            )
        }
        var rows: [[String?]] = []
        while let row = mysql_fetch_row(result) {
            let lengths = mysql_fetch_lengths(result)!
            rows.append(
                (0..<count).map { index in
                    guard let cell = row[index] else { return nil }
                    let bytes = UnsafeRawBufferPointer(start: cell, count: Int(lengths[index]))
                    return String(decoding: bytes, as: UTF8.self)
                }
            )
        }
        return Result(columns: columns, rows: rows, affectedRows: 0)
    }

    func ping() throws(Failure) {
        guard mysql_ping(self.handle) == 0 else { throw Self.failure(self.handle) }
    }

    func selectDatabase(_ name: String) throws(Failure) {
        guard mysql_select_db(self.handle, name) == 0 else { throw Self.failure(self.handle) }
    }

    func changeUser(_ user: String, password: String, database: String?) throws(Failure) {
        guard mysql_change_user(self.handle, user, password, database) == 0 else { throw Self.failure(self.handle) }
    }

    func resetConnection() throws(Failure) {
        guard mysql_reset_connection(self.handle) == 0 else { throw Self.failure(self.handle) }
    }

    func statistics() -> String {
        String(cString: mysql_stat(self.handle))
    }

    func setMultiStatements(_ enabled: Bool) throws(Failure) {
        let option = enabled ? MYSQL_OPTION_MULTI_STATEMENTS_ON : MYSQL_OPTION_MULTI_STATEMENTS_OFF
        guard mysql_set_server_option(self.handle, option) == 0 else { throw Self.failure(self.handle) }
    }
}

/// Tests hand a client from one blocking call to the next, never using it from two threads at once.
extension MariaDBTestClient: @unchecked Sendable {}

/// Runs blocking work on a thread of its own so Swift's cooperative pool stays free. (Not on
/// `DispatchQueue.global()`: on Linux the cooperative pool runs on the same width-limited global
/// queue, so calls blocked in lock waits would starve every task of the process, the server's
/// included.) A new serial queue targets the overcommitting root queue, which adds threads.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue(label: "mock-tidb-tests.blocking").async {
            continuation.resume(with: Swift.Result { try body() })
        }
    }
}
