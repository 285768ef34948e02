import CMariaDB
public import Logging
import SocketSpin

/// One connection to TiDB (or any MySQL-protocol server) through libmariadb.
///
/// An actor whose executor is a dedicated thread: libmariadb's blocking calls never run on Swift's
/// cooperative pool, and one connection's calls never overlap. Callers `await` each call; code
/// that runs many calls in a row can run under `withTaskExecutorPreference(connection.taskExecutor)`
/// to stay on that thread and skip the hop per call.
public actor TiDBConnection {
    public nonisolated let configuration: ConnectionConfiguration
    let logger: Logger
    private let thread: ConnectionThread
    /// nil once closed.
    var handle: UnsafeMutablePointer<MYSQL>?
    var statements: [Int: PreparedStatementHandle] = [:]
    var nextStatementID = 0

    public nonisolated var unownedExecutor: UnownedSerialExecutor { self.thread.asUnownedSerialExecutor() }

    /// The connection's thread as a task executor (see the type's documentation).
    public nonisolated var taskExecutor: any TaskExecutor { self.thread }

    private init(configuration: ConnectionConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.thread = ConnectionThread()
    }

    isolated deinit {
        for statement in self.statements.values { mysql_stmt_close(statement.handle) }
        if let handle = self.handle { mysql_close(handle) }
    }

    /// Connects, or throws libmariadb's error (2003 unreachable, 1045 wrong password, ...).
    public static func connect(
        _ configuration: ConnectionConfiguration,
        logger: Logger = Logger(label: "TiDBClient", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(TiDBClientError) -> TiDBConnection {
        let connection = TiDBConnection(configuration: configuration, logger: logger)
        try await connection.open()
        return connection
    }

    public static func connect(
        dsn: String,
        logger: Logger = Logger(label: "TiDBClient", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(TiDBClientError) -> TiDBConnection {
        try await Self.connect(ConnectionConfiguration(dsn: dsn), logger: logger)
    }

    private func open() throws(TiDBClientError) {
        LibraryInitialization.once()
        guard let handle = mysql_init(nil) else {
            throw TiDBClientError(kind: .connection, message: "mysql_init failed: out of memory")
        }
        let configuration = self.configuration
        Self.setTimeout(handle, MYSQL_OPT_CONNECT_TIMEOUT, configuration.connectTimeout)
        Self.setTimeout(handle, MYSQL_OPT_READ_TIMEOUT, configuration.readTimeout)
        Self.setTimeout(handle, MYSQL_OPT_WRITE_TIMEOUT, configuration.writeTimeout)
        if configuration.tls != .disabled {
            // mysql_ssl_set turns TLS on, used when the server offers it. Certificate verification
            // (with a CA) makes libmariadb refuse plaintext before it authenticates.
            mysql_ssl_set(handle, configuration.tlsKey, configuration.tlsCertificate, configuration.tlsCA, nil, nil)
            var verify: my_bool = configuration.tlsCA == nil ? 0 : 1
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify)
        }
        if configuration.replySpin > .zero && SocketSpin.mayRunOnSeveralCPUs {
            ReplyWait.install(ReplySpinPolicy(limit: configuration.replySpin))
            mysql_options(handle, MARIADB_OPT_IO_WAIT, unsafeBitCast(ReplyWait.hook, to: UnsafeRawPointer.self))
        }
        let flags = UInt(CLIENT_MULTI_RESULTS) | UInt(configuration.multiStatements ? CLIENT_MULTI_STATEMENTS : 0)
        guard
            mysql_real_connect(
                handle,
                configuration.host,
                configuration.user,
                configuration.password,
                configuration.database,
                UInt32(configuration.port),
                nil,
                flags
            ) != nil
        else {
            let error = Self.error(handle, statement: nil)
            mysql_close(handle)
            throw error
        }
        // libmariadb 3.3 ignores MYSQL_OPT_SSL_ENFORCE, so `required` without a CA is checked here,
        // after the handshake (docs/client.md).
        if configuration.tls == .required && mysql_get_ssl_cipher(handle) == nil {
            mysql_close(handle)
            throw TiDBClientError(
                kind: .connection,
                errno: 2026,
                message:
                    "TLS is required (tls=required), but the server at \(configuration.host):\(configuration.port) did not offer it"
            )
        }
        self.handle = handle
        self.logger.debug("connected", metadata: ["dsn": "\(configuration.redactedDSN)"])
    }

    /// libmariadb takes whole seconds; a timeout below one second rounds up rather than to "none".
    private static func setTimeout(_ handle: UnsafeMutablePointer<MYSQL>, _ option: mysql_option, _ duration: Duration?)
    {
        guard let duration else { return }
        let (seconds, attoseconds) = duration.components
        var whole = UInt32(clamping: max(1, seconds + (attoseconds > 0 ? 1 : 0)))
        mysql_options(handle, option, &whole)
    }

    static func error(_ handle: UnsafeMutablePointer<MYSQL>, statement: String?) -> TiDBClientError {
        let code = mysql_errno(handle)
        return TiDBClientError(
            kind: (2000..<3000).contains(code) ? .connection : .server,
            errno: code,
            sqlState: String(cString: mysql_sqlstate(handle)),
            message: String(cString: mysql_error(handle)),
            statement: statement
        )
    }

    /// Calls `body` with the statement's UTF-8 bytes and their count, for the `(text, length)`
    /// calls. Passing a Swift string as a C string would copy it into a new NUL-terminated array
    /// on every call for short texts.
    static func withUTF8(_ sql: String, _ body: (UnsafePointer<CChar>?, UInt) -> Int32) -> Int32 {
        var sql = sql
        return sql.withUTF8 { bytes in
            guard !bytes.isEmpty else { return body("", 0) }
            return bytes.withMemoryRebound(to: CChar.self) { body($0.baseAddress, UInt($0.count)) }
        }
    }

    func openHandle(for statement: String?) throws(TiDBClientError) -> UnsafeMutablePointer<MYSQL> {
        guard let handle = self.handle else {
            throw TiDBClientError(kind: .usage, message: "the connection is closed", statement: statement)
        }
        return handle
    }

    /// Sends COM_QUIT and closes the socket; later calls fail with a usage error.
    public func close() {
        for statement in self.statements.values { mysql_stmt_close(statement.handle) }
        self.statements = [:]
        if let handle = self.handle { mysql_close(handle) }
        self.handle = nil
    }

    public var isClosed: Bool { self.handle == nil }

    /// The server's connection id (what `KILL` takes).
    public var connectionID: UInt64 {
        get throws(TiDBClientError) { UInt64(mysql_thread_id(try self.openHandle(for: nil))) }
    }

    /// Whether the session is inside an explicit transaction (SERVER_STATUS_IN_TRANS).
    public var isInTransaction: Bool {
        get throws(TiDBClientError) {
            try self.openHandle(for: nil).pointee.server_status & UInt32(SERVER_STATUS_IN_TRANS) != 0
        }
    }

    /// COM_PING.
    public func ping() throws(TiDBClientError) {
        let handle = try self.openHandle(for: nil)
        guard mysql_ping(handle) == 0 else { throw Self.error(handle, statement: nil) }
    }
}

/// `mysql_library_init` before the first `mysql_init`: it is not thread-safe on its own.
///
/// OpenSSL (libmariadb's TLS) is initialised first, without its exit-time cleanup: that cleanup
/// runs in `exit` while a connection thread that is ending may be freeing its own part of
/// OpenSSL's thread state, and the two freed the same memory (core dumps of `tidb-client-bench`,
/// about one exit in 400: `OPENSSL_cleanup` in `exit` beside OpenSSL's thread-specific-data
/// destructor on the connection thread). The process's memory goes back to the system anyway.
enum LibraryInitialization {
    private static let initialized: Bool = {
        OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil)
        return mysql_server_init(0, nil, nil) == 0
    }()

    static func once() {
        _ = Self.initialized
    }
}
