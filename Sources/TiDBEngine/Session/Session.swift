public import MySQLTypes
import Synchronization

/// One client connection's state: who it is, its variables, its transaction, its warnings.
/// Owned by one connection and used from one thread at a time (not Sendable).
public final class Session {
    public let instance: TiDBInstance
    public let connectionID: UInt64
    public private(set) var user: String
    public private(set) var clientHost: String
    var account: UserAccount
    public internal(set) var currentDatabase: String?

    /// Session values set in this session; others come from `globalsAtStart` or the default.
    var sessionValues: [String: String] = [:]
    /// The global values when the session started (MySQL semantics: later SET GLOBAL does not
    /// change an existing session's values). Shares storage with the cluster's copy.
    var globalsAtStart: [String: String]
    var userVariables: [String: Value] = [:]
    var transaction: Transaction?
    /// `SET TRANSACTION ...` without scope: applies to the next transaction only.
    var nextTransactionIsolation: String?
    public internal(set) var warnings: [SessionWarning] = []
    var previousWarningCount = 0
    var previousErrorCount = 0
    var lastInsertID: UInt64 = 0
    /// Start of the running statement: `NOW()` and friends are constant within it.
    var statementMicroseconds: Int64 = 0
    /// Lexer settings derived from `sql_mode`.
    var lexerOptions = Lexer.Options() {
        didSet {
            // The same text may tokenize differently now (ANSI_QUOTES, NO_BACKSLASH_ESCAPES).
            if oldValue != self.lexerOptions {
                self.parseCache.removeAll()
                self.lastParsed = nil
            }
        }
    }
    var autocommit = true
    private var parseCache: [String: [ParsedStatement]] = [:]
    private var lastParsed: (text: String, statements: [ParsedStatement])?
    private let registryEntry: ConnectionRegistry.Entry

    var cluster: Cluster { self.instance.cluster }

    init(
        instance: TiDBInstance,
        connectionID: UInt64,
        account: UserAccount,
        user: String,
        clientHost: String,
        database: String?,
        controls: ConnectionRegistry.Controls
    ) {
        self.instance = instance
        self.connectionID = connectionID
        self.account = account
        self.user = user
        self.clientHost = clientHost
        self.currentDatabase = database
        self.globalsAtStart = instance.cluster.globalSnapshot
        self.registryEntry = instance.connections.register(
            connectionID,
            controls: controls,
            activity: .init(
                user: user,
                host: clientHost,
                database: database,
                command: "Sleep",
                sinceMicroseconds: instance.cluster.clock.microsecondsSinceEpoch(),
                statement: nil
            )
        )
        self.applyGlobalDefaultsToSessionState()
    }

    /// The connection is gone: roll back and leave the registry.
    public func close() {
        self.transaction = nil
        self.instance.connections.unregister(self.connectionID)
    }

    // MARK: Status

    public var status: ServerStatus {
        var status: ServerStatus = []
        if self.autocommit { status.insert(.autocommit) }
        if self.transaction != nil { status.insert(.inTransaction) }
        if self.lexerOptions.noBackslashEscapes { status.insert(.noBackslashEscapes) }
        return status
    }

    var warningCount: UInt16 { UInt16(clamping: self.warnings.count) }

    func addWarning(_ error: MySQLError, level: SessionWarning.Level = .warning) {
        self.warnings.append(SessionWarning(level: level, error: error))
    }

    // MARK: Executing queries

    /// Runs the statements of one `COM_QUERY`. Like TiDB it parses the whole text first (a
    /// syntax error runs nothing), then runs statements until one fails.
    public func execute(_ sql: String, multiStatementsAllowed: Bool) -> [StatementOutcome] {
        // TiDB drops one trailing NUL some clients send.
        let text = sql.utf8.last == 0 ? String(sql.dropLast()) : sql
        let statements: [ParsedStatement]
        do {
            statements = try self.parse(text)
        } catch {
            let failure = MySQLError.syntaxError(in: text, error)
            self.warnings = [SessionWarning(level: .error, error: failure)]
            return [self.outcome(.error(failure))]
        }
        if statements.isEmpty {
            return [self.outcome(.ok(affectedRows: 0, lastInsertID: 0, info: ""))]
        }
        var warnOnLast = false
        if statements.count > 1, !multiStatementsAllowed {
            switch self.globalVariableValue("tidb_multi_statement_mode") {
            case "ON": break
            case "WARN": warnOnLast = true
            default:
                self.warnings = [SessionWarning(level: .error, error: .multiStatementDisabled)]
                return [self.outcome(.error(.multiStatementDisabled))]
            }
        }
        var outcomes: [StatementOutcome] = []
        outcomes.reserveCapacity(statements.count)
        for (index, statement) in statements.enumerated() {
            var outcome = self.execute(statement)
            if warnOnLast, index == statements.count - 1, outcome.error == nil {
                self.addWarning(.multiStatementDisabled)
                outcome.warningCount = self.warningCount
            }
            outcomes.append(outcome)
            if outcome.error != nil { break }
        }
        return outcomes
    }

    private func parse(_ sql: String) throws(SQLSyntaxError) -> [ParsedStatement] {
        // The same String again (the network layer reuses it for repeated texts) compares in O(1).
        if let last = self.lastParsed, last.text == sql { return last.statements }
        if let cached = self.parseCache[sql] {
            self.lastParsed = (sql, cached)
            return cached
        }
        let statements = try Parser.parse(sql, options: self.lexerOptions)
        // A small per-connection cache: clients repeat the same texts.
        if self.parseCache.count >= 64 { self.parseCache.removeAll(keepingCapacity: true) }
        self.parseCache[sql] = statements
        self.lastParsed = (sql, statements)
        return statements
    }

    func execute(_ parsed: ParsedStatement) -> StatementOutcome {
        var showsWarnings = false
        if case .show(let show) = parsed.statement {
            switch show.kind {
            case .warnings, .errors, .warningCount, .errorCount: showsWarnings = true
            default: break
            }
        }
        let previousWarnings = self.warnings
        // `@@warning_count` and `@@error_count` read the previous statement's counts.
        self.previousWarningCount = previousWarnings.count
        self.previousErrorCount = previousWarnings.count { $0.level == .error }
        if !showsWarnings { self.warnings.removeAll(keepingCapacity: true) }
        self.statementMicroseconds = self.cluster.clock.microsecondsSinceEpoch()
        self.registryEntry.interrupted.store(false, ordering: .relaxed)
        self.noteActivity(statement: parsed.text)
        defer { self.registryEntry.running.store(false, ordering: .releasing) }
        do {
            let result = try self.run(parsed.statement, previousWarnings: previousWarnings)
            return self.outcome(result)
        } catch {
            self.warnings.append(SessionWarning(level: .error, error: error))
            return self.outcome(.error(error))
        }
    }

    func outcome(_ result: StatementOutcome.Result) -> StatementOutcome {
        StatementOutcome(result: result, status: self.status, warningCount: self.warningCount)
    }

    /// What SHOW PROCESSLIST shows; `running` turns back off when the statement ends.
    private func noteActivity(statement: String) {
        let now = self.statementMicroseconds
        let database = self.currentDatabase
        self.registryEntry.activity.withLock {
            $0.command = "Query"
            $0.statement = statement
            $0.sinceMicroseconds = now
            $0.database = database
        }
        self.registryEntry.running.store(true, ordering: .releasing)
    }

    private func run(
        _ statement: Statement,
        previousWarnings: [SessionWarning]
    ) throws(MySQLError) -> StatementOutcome.Result {
        switch statement {
        case .select(let select):
            return .rows(try self.executeSelect(select))
        case .set(let assignments):
            try self.executeSet(assignments)
            return .ok(affectedRows: 0, lastInsertID: 0, info: "")
        case .setTransaction(let statement):
            try self.executeSetTransaction(statement)
            return .ok(affectedRows: 0, lastInsertID: 0, info: "")
        case .show(let show):
            return .rows(try self.executeShow(show, previousWarnings: previousWarnings))
        case .use(let database):
            try self.useDatabase(database)
            return .ok(affectedRows: 0, lastInsertID: 0, info: "")
        case .begin(let begin):
            try self.begin(begin)
            return .ok(affectedRows: 0, lastInsertID: 0, info: "")
        case .commit:
            self.commit()
            return .ok(affectedRows: 0, lastInsertID: 0, info: "")
        case .rollback:
            self.rollback()
            return .ok(affectedRows: 0, lastInsertID: 0, info: "")
        case .kill(let kill):
            try self.executeKill(kill)
            return .ok(affectedRows: 0, lastInsertID: 0, info: "")
        case .unsupported(let name):
            throw .notSupportedYet(name)
        }
    }

    // MARK: Connection-level commands

    /// `USE db` and `COM_INIT_DB`.
    public func useDatabase(_ name: String) throws(MySQLError) {
        guard self.cluster.databaseExists(name) else { throw .unknownDatabase(name) }
        self.currentDatabase = name
        self.sessionValues["character_set_database"] = "utf8mb4"
        self.sessionValues["collation_database"] = "utf8mb4_bin"
    }

    /// `COM_RESET_CONNECTION`: a fresh session state for the same user and database.
    public func resetState() {
        self.transaction = nil
        self.sessionValues.removeAll()
        self.userVariables.removeAll()
        self.warnings.removeAll()
        self.lastInsertID = 0
        self.nextTransactionIsolation = nil
        self.globalsAtStart = self.cluster.globalSnapshot
        self.parseCache.removeAll()
        self.lastParsed = nil
        self.applyGlobalDefaultsToSessionState()
    }

    /// `COM_CHANGE_USER`: the session becomes the new user's, as if newly connected.
    public func changeUser(to account: UserAccount, user: String, database: String?) throws(MySQLError) {
        if let database, !self.cluster.databaseExists(database) { throw .unknownDatabase(database) }
        self.resetState()
        self.account = account
        self.user = user
        self.currentDatabase = database
        self.registryEntry.activity.withLock { $0.user = user }
    }

    /// Whether KILL QUERY asked the running statement to stop.
    var isInterrupted: Bool { self.registryEntry.interrupted.load(ordering: .relaxed) }
}
