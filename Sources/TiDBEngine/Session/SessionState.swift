import MySQLTypes

/// Who is connected: the login and the database in use. Part of `Session`.
struct SessionIdentity {
    var user: String
    var clientHost: String
    var account: UserAccount
    /// `UserAccounts.version` when `account` was last read from the privilege tables; none yet
    /// at login, so the first statement reads it.
    var privilegeVersion = UInt64.max
    /// Every static privilege at `*.*`: privilege checks stop at this flag.
    var hasAllPrivileges = false
    var currentDatabase: String?
    /// The client asked for CLIENT_FOUND_ROWS: UPDATE reports matched rows.
    var foundRows = false
}

/// The session's variables. Part of `Session`.
struct SessionVariables {
    /// Session values set in this session; others come from `globalsAtStart` or the default.
    var sessionValues: [String: String] = [:]
    /// The global values when the session started (MySQL semantics: later SET GLOBAL does not
    /// change an existing session's values). Shares storage with the cluster's copy.
    var globalsAtStart: [String: String]
    var userVariables: [String: Value] = [:]
    var autocommit = true
    var dataModes = DataModes()
    /// The charset variables, mirrored (`refreshConnectionCharsets`).
    var connectionCharsets = ConnectionCharsets()
    /// The collation the client's handshake named, applied again when the session is reset.
    var handshakeCollationID: Int?
    /// `tidb_snapshot` and `tidb_enable_external_ts_read`, mirrored: every read checks them.
    var snapshotSetting = ""
    var readsExternalTimestamp = false
    /// `SET TRANSACTION ...` without scope: applies to the next transaction only.
    var nextTransactionIsolation: String?
    /// `LAST_INSERT_ID()`.
    var lastInsertID: UInt64 = 0
}

/// The statement being run. Part of `Session`.
struct StatementContext {
    /// Its parameters (prepared statements).
    var parameters: [Value] = []
    /// Its text (DDL records it in the change log).
    var text = ""
    /// Its start, read from the clock when first needed (`Session.statementMicroseconds`).
    var time: Int64?
    /// Its uncorrelated subqueries' results: each runs once, however many rows ask.
    var subqueryResults: [SelectStatement: ResultSet] = [:]
    /// Its correlated subqueries' results by outer rows, and the subqueries found correlated.
    var correlatedResults: [CorrelatedSubqueryKey: ResultSet] = [:]
    var subqueryErrors: [SelectStatement: MySQLError] = [:]
}

/// The warnings of the last statement, and the counts of the one before it (`@@warning_count`
/// and `@@error_count` read those). Part of `Session`.
struct SessionDiagnostics {
    var warnings: [SessionWarning] = []
    var previousWarningCount = 0
    var previousErrorCount = 0
}

/// Prepared statements by id (COM_STMT_*) and by name (SQL PREPARE). Part of `Session`.
struct PreparedStatements {
    private var byID: [UInt32: PreparedStatement] = [:]
    /// Ids by lowercased name.
    private var byName: [String: UInt32] = [:]
    private var nextID: UInt32 = 1
    /// The statement the last lookup found: clients execute the same statement again and again.
    /// Any change forgets it.
    private var last: PreparedStatement?

    var count: Int { self.byID.count }

    mutating func add(_ parsed: ParsedStatement, columns: [ColumnDefinition]) -> UInt32 {
        let id = self.nextID
        self.nextID &+= 1
        self.byID[id] = PreparedStatement(id: id, parsed: parsed, columns: columns)
        self.last = nil
        return id
    }

    /// The statement `id`, checking the last one found first.
    mutating func statement(_ id: UInt32) -> PreparedStatement? {
        if let last = self.last, last.id == id { return last }
        let statement = self.byID[id]
        self.last = statement
        return statement
    }

    func statement(named name: String) -> PreparedStatement? {
        guard let id = self.byName[name.lowercased()] else { return nil }
        return self.byID[id]
    }

    func id(named name: String) -> UInt32? { self.byName[name.lowercased()] }

    mutating func name(_ id: UInt32, _ name: String) { self.byName[name.lowercased()] = id }

    mutating func remove(_ id: UInt32) {
        self.byID[id] = nil
        self.byName = self.byName.filter { $0.value != id }
        self.last = nil
    }

    /// COM_RESET_CONNECTION: the statements go; ids keep counting.
    mutating func removeAll() {
        self.byID.removeAll()
        self.byName.removeAll()
        self.last = nil
    }
}
