import ExternalStorage
public import MySQLTypes
import Synchronization

/// One client connection's state: who it is, its variables, its transaction, its warnings.
/// Owned by one connection and used from one thread at a time (not Sendable).
public final class Session {
    public let instance: TiDBInstance
    public let connectionID: UInt64
    /// Who is connected and the database in use.
    var identity: SessionIdentity
    /// System and user variables, and the ones statements read often, mirrored.
    var variables: SessionVariables
    /// Lexer settings derived from `sql_mode`.
    var lexerOptions = Lexer.Options() {
        didSet {
            // The same text may tokenize differently now (ANSI_QUOTES, NO_BACKSLASH_ESCAPES).
            if oldValue != self.lexerOptions { self.caches.forgetParsedTexts() }
        }
    }
    var transaction: TransactionContext? {
        didSet {
            guard oldValue !== self.transaction else { return }
            let startTS = self.transaction?.startTS.rawValue
            self.registryEntry.activity.withLock { $0.transactionStartTS = startTS }
        }
    }
    /// A query paused on a lock, resumed by `resume()`.
    var pendingQuery: PendingQuery?
    /// The BACKUP or RESTORE this connection waits for.
    var runningBRIE: BRIETask?
    var prepared = PreparedStatements()
    /// The running statement's parameters, text and start.
    var currentStatement = StatementContext()
    var diagnostics = SessionDiagnostics()
    /// Parsed texts, schemas and the last builtin and constant row, for repeated statements.
    var caches = SessionCaches()
    /// This session's local temporary tables: storage ids by `Storage.tableKey(database, name)`
    /// (Session+TemporaryTables.swift).
    var localTemporaryTables: [String: Int64] = [:]
    private let registryEntry: ConnectionRegistry.Entry

    /// `instance.cluster`, kept here: statements reach it many times each.
    let cluster: Cluster

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
        self.cluster = instance.cluster
        self.connectionID = connectionID
        self.identity = SessionIdentity(user: user, clientHost: clientHost, account: account, currentDatabase: database)
        self.variables = SessionVariables(globalsAtStart: instance.cluster.globalSnapshot)
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

    /// The connection is gone: give up any wait, roll back, leave the registry.
    public func close() {
        self.runningBRIE?.cancel()
        self.runningBRIE = nil
        if let wait = self.pendingQuery?.wait { self.cluster.storage.cancel(wait) }
        if let statementTransaction = self.pendingQuery?.statementTransaction { self.discard(statementTransaction) }
        self.pendingQuery = nil
        self.rollback()
        self.dropLocalTemporaryTables()
        self.instance.connections.unregister(self.connectionID)
    }

    func builtin(named name: String) -> Builtin? { self.caches.builtin(named: name) }

    public var user: String { self.identity.user }
    public var clientHost: String { self.identity.clientHost }
    public var currentDatabase: String? { self.identity.currentDatabase }
    /// The client asked for CLIENT_FOUND_ROWS: UPDATE reports matched rows.
    public var foundRows: Bool {
        get { self.identity.foundRows }
        set { self.identity.foundRows = newValue }
    }
    /// The last statement's warnings and errors.
    public var warnings: [SessionWarning] { self.diagnostics.warnings }

    /// Start of the running statement: `NOW()` and friends are constant within it. Read from the
    /// clock when first needed: most statements never need it.
    var statementMicroseconds: Int64 {
        if let time = self.currentStatement.time { return time }
        let time = self.cluster.clock.microsecondsSinceEpoch()
        self.currentStatement.time = time
        return time
    }

    // MARK: Status

    public var status: ServerStatus {
        var status: ServerStatus = []
        if self.variables.autocommit { status.insert(.autocommit) }
        if self.transaction != nil { status.insert(.inTransaction) }
        if self.lexerOptions.noBackslashEscapes { status.insert(.noBackslashEscapes) }
        return status
    }

    var warningCount: UInt16 { UInt16(clamping: self.diagnostics.warnings.count) }

    func addWarning(_ error: MySQLError, level: SessionWarning.Level = .warning) {
        self.diagnostics.warnings.append(SessionWarning(level: level, error: error))
    }

    // MARK: Executing queries

    /// Runs the statements of one `COM_QUERY`. Like TiDB it parses the whole text first (a
    /// syntax error runs nothing), then runs statements until one fails. A statement that must
    /// wait for another transaction's lock pauses the query: the outcomes so far come back with
    /// the wait, and `resume()` (after the lock is released) or `abandonWait(_:)` continues.
    public func execute(_ sql: String, multiStatementsAllowed: Bool) -> QueryProgress {
        self.execute(bytes: Array(sql.utf8), multiStatementsAllowed: multiStatementsAllowed)
    }

    /// The same for the bytes the client sent: the text stays bytes until the lexer, so string
    /// literals keep exactly what was sent, valid UTF-8 or not.
    public func execute(bytes sql: [UInt8], multiStatementsAllowed: Bool) -> QueryProgress {
        // TiDB drops one trailing NUL some clients send.
        let text = sql.last == 0 ? Array(sql.dropLast()) : sql
        let statements: [ParsedStatement]
        do {
            statements = try self.caches.parse(text, options: self.lexerOptions)
        } catch {
            let failure = MySQLError.syntaxError(in: text, error)
            self.diagnostics.warnings = [SessionWarning(level: .error, error: failure)]
            return .finished([self.outcome(.error(failure))])
        }
        if statements.isEmpty {
            return .finished([self.outcome(.ok(affectedRows: 0, lastInsertID: 0, info: ""))])
        }
        var warnOnLast = false
        if statements.count > 1, !multiStatementsAllowed {
            switch self.globalVariableValue("tidb_multi_statement_mode") {
            case "ON": break
            case "WARN": warnOnLast = true
            default:
                self.diagnostics.warnings = [SessionWarning(level: .error, error: .multiStatementDisabled)]
                return .finished([self.outcome(.error(.multiStatementDisabled))])
            }
        }
        return self.continueQuery(PendingQuery(statements: statements, parameters: [], warnOnLast: warnOnLast))
    }

    /// The lock the paused statement waited for was released: run it again and go on.
    public func resume() -> QueryProgress {
        self.currentWait.flatMap { self.resume(after: $0) } ?? .finished([])
    }

    /// `resume()` for the host's callback of one wait: nil when `wait` is no longer the paused
    /// query's wait (it ended already, by timeout, KILL QUERY or disconnect). The session is the
    /// one owner of a wait; the host keeps no copy of which wait is current.
    public func resume(after wait: LockWait) -> QueryProgress? {
        guard var pending = self.pendingQuery, pending.wait === wait else { return nil }
        pending.wait = nil
        self.pendingQuery = nil
        return self.continueQuery(pending)
    }

    public enum WaitEnd: Sendable {
        /// `innodb_lock_wait_timeout` passed: 1205.
        case timedOut
        /// KILL QUERY: 1317.
        case interrupted
    }

    /// The paused statement gives up waiting: it fails, and the rest of the query is not run.
    public func abandonWait(_ reason: WaitEnd) -> QueryProgress {
        self.currentWait.flatMap { self.abandonWait($0, reason) } ?? .finished([])
    }

    /// `abandonWait(_:)` for the host's callback of one wait (its timeout, KILL QUERY): nil when
    /// `wait` is no longer the paused query's wait.
    public func abandonWait(_ wait: LockWait, _ reason: WaitEnd) -> QueryProgress? {
        guard let pending = self.pendingQuery, pending.wait === wait else { return nil }
        self.registryEntry.running.store(false, ordering: .releasing)
        if let task = self.runningBRIE {
            // KILL TIDB QUERY: the task stops at its next file; the statement fails now.
            task.cancel()
            self.runningBRIE = nil
            self.pendingQuery = nil
            let failure = BRIEFailure.canceled(task)
            let error: MySQLError =
                task.kind == .backup ? .backupFailed(failure.message) : .restoreFailed(failure.message)
            self.diagnostics.warnings.append(SessionWarning(level: .error, error: error))
            return .finished([self.outcome(.error(error))])
        }
        self.cluster.storage.cancel(wait)
        if let statementTransaction = pending.statementTransaction { self.discard(statementTransaction) }
        self.pendingQuery = nil
        let error: MySQLError = reason == .timedOut ? .lockWaitTimeout : .queryInterrupted
        self.diagnostics.warnings.append(SessionWarning(level: .error, error: error))
        return .finished([self.outcome(.error(error))])
    }

    /// Whether a query is paused on a lock (or a BACKUP or RESTORE).
    public var isWaiting: Bool { self.currentWait != nil }

    /// What the paused query waits for, if anything.
    public var currentWait: LockWait? { self.pendingQuery?.wait }

    /// How long the paused statement may wait: `innodb_lock_wait_timeout` for a lock, without
    /// limit for a BACKUP or RESTORE.
    public var waitTimeout: Duration? {
        self.runningBRIE == nil ? self.lockWaitTimeout : nil
    }

    /// How long a statement may wait for a lock (`innodb_lock_wait_timeout`).
    public var lockWaitTimeout: Duration {
        .seconds(Int64(self.sessionVariableValue("innodb_lock_wait_timeout")) ?? 50)
    }

    /// Runs the query's statements from `pending.next`; the query is kept in `pendingQuery` only
    /// while it waits.
    func continueQuery(_ pending: PendingQuery) -> QueryProgress {
        var pending = pending
        var outcomes: [StatementOutcome] = []
        outcomes.reserveCapacity(pending.statements.count - pending.next)
        while pending.next < pending.statements.count {
            self.currentStatement.parameters = pending.parameters
            switch self.execute(pending.statements[pending.next], resumed: pending.statementTransaction) {
            case .blocked(let wait, let statementTransaction):
                pending.wait = wait
                pending.statementTransaction = statementTransaction
                self.pendingQuery = pending
                return .waiting(outcomes, wait)
            case .done(let outcome):
                pending.statementTransaction = nil
                pending.next += 1
                let failed = outcome.error != nil
                // Copied only when it changes: an outcome is a large value, and this is every statement's path.
                if pending.warnOnLast, pending.next == pending.statements.count, !failed {
                    self.addWarning(.multiStatementDisabled)
                    var warned = outcome
                    warned.warningCount = self.warningCount
                    outcomes.append(warned)
                } else {
                    outcomes.append(outcome)
                }
                if failed { pending.next = pending.statements.count }
            }
        }
        return .finished(outcomes)
    }

    enum StatementProgress {
        case done(StatementOutcome)
        /// Waiting for a lock; an autocommit statement's own transaction is kept for the retry.
        case blocked(LockWait, statementTransaction: TransactionContext?)
    }

    func execute(
        _ parsed: ParsedStatement,
        resumed statementTransaction: TransactionContext? = nil
    ) -> StatementProgress {
        var showsWarnings = false
        if case .show(let show) = parsed.statement {
            switch show.kind {
            case .warnings, .errors, .warningCount, .errorCount: showsWarnings = true
            default: break
            }
        }
        let previousWarnings = self.diagnostics.warnings
        if statementTransaction == nil {
            // `@@warning_count` and `@@error_count` read the previous statement's counts.
            self.diagnostics.previousWarningCount = previousWarnings.count
            self.diagnostics.previousErrorCount = previousWarnings.count { $0.level == .error }
        }
        // Not `removeAll(keepingCapacity:)`: `previousWarnings` shares the storage, so keeping the
        // capacity would allocate a new array for every statement after one with warnings.
        if !showsWarnings, !self.diagnostics.warnings.isEmpty { self.diagnostics.warnings = [] }
        self.currentStatement.time = nil
        if !self.currentStatement.subqueryResults.isEmpty { self.currentStatement.subqueryResults = [:] }
        if !self.currentStatement.correlatedResults.isEmpty || !self.currentStatement.subqueryErrors.isEmpty {
            (self.currentStatement.correlatedResults, self.currentStatement.subqueryErrors) = ([:], [:])
        }
        self.registryEntry.interrupted.store(false, ordering: .relaxed)
        if case .brie(let brie) = parsed.statement {
            // Credentials in a backup URL never reach SHOW PROCESSLIST (TiDB's RedactURL).
            let redacted = StorageURL.redactingCredentials(in: brie.url)
            self.noteActivity(statement: parsed.text.replacing(brie.url, with: redacted))
        } else {
            self.noteActivity(statement: parsed.text)
        }
        self.currentStatement.text = parsed.text
        let hintRestores = self.applySetVarHints(of: parsed.text)
        defer { if !hintRestores.isEmpty { self.restoreSetVarHints(hintRestores) } }
        // A statement that waits (a lock, a BACKUP) stays in SHOW PROCESSLIST until it ends.
        var waiting = false
        defer { if !waiting { self.registryEntry.running.store(false, ordering: .releasing) } }
        do {
            let execution: Execution
            if let fields = parsed.constantRowFields {
                execution = .done(.rows(try self.selectOneRow(fields, statement: parsed)))
            } else {
                execution = try self.run(
                    parsed.statement,
                    previousWarnings: previousWarnings,
                    statementTransaction: statementTransaction
                )
            }
            switch execution {
            case .done(let result):
                return .done(self.outcome(result))
            case .blocked(let wait, let transaction):
                waiting = true
                return .blocked(wait, statementTransaction: transaction)
            }
        } catch {
            // A deadlock victim's whole transaction is rolled back, as in MySQL.
            if error.code == MySQLError.deadlock.code { self.rollback() }
            self.diagnostics.warnings.append(SessionWarning(level: .error, error: error))
            return .done(self.outcome(.error(error)))
        }
    }

    func outcome(_ result: StatementOutcome.Result) -> StatementOutcome {
        if case .rows(let rows) = result, let encoded = self.encodedForClient(rows) {
            return StatementOutcome(result: .rows(encoded), status: self.status, warningCount: self.warningCount)
        }
        return StatementOutcome(result: result, status: self.status, warningCount: self.warningCount)
    }

    /// What SHOW PROCESSLIST shows; `running` turns back off when the statement ends.
    private func noteActivity(statement: String) {
        let now = self.cluster.clock.coarseMicrosecondsSinceEpoch()
        let database = self.identity.currentDatabase
        self.registryEntry.activity.withLock {
            $0.command = "Query"
            $0.statement = statement
            $0.sinceMicroseconds = now
            $0.database = database
        }
        self.registryEntry.running.store(true, ordering: .releasing)
    }

    /// What running one statement gave: a result, or a lock to wait for before running it again.
    enum Execution {
        case done(StatementOutcome.Result)
        /// The statement's writes were undone; its transaction (an autocommit statement's own,
        /// or nil for the session's) keeps the locks taken so far.
        case blocked(LockWait, TransactionContext?)
    }

    static let ok = StatementOutcome.Result.ok(affectedRows: 0, lastInsertID: 0, info: "")

    func run(
        _ statement: Statement,
        previousWarnings: [SessionWarning],
        statementTransaction: TransactionContext?
    ) throws(MySQLError) -> Execution {
        do {
            try self.checkAllowedInReadOnlyMode(statement)
        } catch {
            // A write resumed after a lock wait gives up its own transaction's locks.
            if let statementTransaction { self.discard(statementTransaction) }
            throw error
        }
        try self.checkNotView(statement)
        try self.checkPrivileges(statement)
        switch statement {
        case .select(let select):
            return try self.executeSelect(select, statementTransaction: statementTransaction)
        case .insert(let insert):
            return try self.runWrite(statementTransaction) { (context) throws(MySQLError) in
                try InsertExecutor(context: context).run(insert)
            }
        case .update(let update):
            return try self.runWrite(statementTransaction) { (context) throws(MySQLError) in
                try UpdateExecutor(context: context, reportsFoundRows: self.identity.foundRows).run(update)
            }
        case .delete(let delete):
            return try self.runWrite(statementTransaction) { (context) throws(MySQLError) in
                try DeleteExecutor(context: context).run(delete)
            }
        case .execute(let name, let arguments):
            return try self.executeNamed(name, arguments: arguments, statementTransaction: statementTransaction)
        case .brie(let brie):
            return try self.executeBRIE(brie)
        case .explain(let explain):
            return try self.executeExplain(explain, statementTransaction: statementTransaction)
        default:
            return .done(try self.runSimple(statement, previousWarnings: previousWarnings))
        }
    }

    /// Statements that never wait for a lock.
    private func runSimple(
        _ statement: Statement,
        previousWarnings: [SessionWarning]
    ) throws(MySQLError) -> StatementOutcome.Result {
        switch statement {
        case .set(let assignments):
            try self.executeSet(assignments)
        case .setTransaction(let statement):
            try self.executeSetTransaction(statement)
        case .show(let show):
            return .rows(try self.executeShow(show, previousWarnings: previousWarnings))
        case .use(let database):
            try self.useDatabase(database)
        case .begin(let begin):
            try self.begin(begin)
        case .commit:
            try self.commit()
        case .rollback:
            self.rollback()
        case .savepoint(let name):
            self.setSavepoint(name)
        case .rollbackToSavepoint(let name):
            try self.rollbackToSavepoint(name)
        case .releaseSavepoint(let name):
            try self.releaseSavepoint(name)
        case .kill(let kill):
            try self.executeKill(kill)
        case .createDatabase, .alterDatabase, .dropDatabase, .createTable, .createIndex, .dropTable, .dropIndex,
            .truncate, .alterTable, .renameTables, .createView, .dropView, .dropTemporaryTable:
            try self.executeDDL(statement)
        case .sequence(let statement):
            try self.executeSequence(statement)
        case .adminChecksum(let tables):
            return .rows(try self.executeChecksum(tables))
        case .adminCheck(let statement):
            try self.executeAdminCheck(statement)
        case .analyzeTables(let tables):
            try self.executeAnalyze(tables)
        case .adminBDR(let statement):
            if let rows = try self.executeAdminBDR(statement) { return .rows(rows) }
        case .prepare(let name, let source):
            try self.prepareNamed(name, source: source)
        case .deallocate(let name):
            try self.deallocateNamed(name)
        case .account(let statement):
            try self.executeAccountStatement(statement)
        case .unsupported(let name):
            throw .notSupportedYet(name)
        case .select, .insert, .update, .delete, .execute, .brie, .explain:
            preconditionFailure("dispatched by run")
        }
        return Self.ok
    }

    // MARK: Connection-level commands

    /// `USE db` and `COM_INIT_DB`.
    public func useDatabase(_ name: String) throws(MySQLError) {
        guard self.cluster.databaseExists(name) else { throw .unknownDatabase(name) }
        guard self.canSeeDatabase(name) else {
            throw .databaseAccessDenied(
                user: self.identity.account.name,
                host: self.identity.account.host,
                database: name
            )
        }
        self.identity.currentDatabase = name
        let database = self.cluster.storage.database(name)
        self.variables.sessionValues["character_set_database"] = database?.charset ?? "utf8mb4"
        self.variables.sessionValues["collation_database"] = database?.collation ?? "utf8mb4_bin"
    }

    /// `COM_RESET_CONNECTION`: a fresh session state for the same user and database.
    public func resetState() {
        self.rollback()
        self.prepared.removeAll()
        self.variables.sessionValues.removeAll()
        self.variables.userVariables.removeAll()
        self.diagnostics.warnings.removeAll()
        self.variables.lastInsertID = 0
        self.variables.nextTransactionIsolation = nil
        self.variables.globalsAtStart = self.cluster.globalSnapshot
        self.caches.forgetParsedTexts()
        self.applyGlobalDefaultsToSessionState()
        if let id = self.variables.handshakeCollationID { try? self.applyHandshakeCollation(id) }
    }

    /// `COM_CHANGE_USER`: the session becomes the new user's, as if newly connected.
    public func changeUser(to account: UserAccount, user: String, database: String?) throws(MySQLError) {
        if let database, !self.cluster.databaseExists(database) { throw .unknownDatabase(database) }
        self.resetState()
        self.identity.account = account
        self.identity.privilegeVersion = .max
        self.identity.user = user
        self.identity.currentDatabase = database
        self.registryEntry.activity.withLock { $0.user = user }
    }

    /// Whether KILL QUERY asked the running statement to stop.
    var isInterrupted: Bool { self.registryEntry.interrupted.load(ordering: .relaxed) }
}
