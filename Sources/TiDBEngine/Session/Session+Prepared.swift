public import MySQLTypes

/// A statement prepared once and executed with parameters (COM_STMT_* or SQL PREPARE). A class:
/// every execute looks it up, and a lookup should cost one retain, not a copy of the tree.
final class PreparedStatement {
    let id: UInt32
    let parsed: ParsedStatement
    /// `[parsed]`, built once: what an execution runs.
    let statements: [ParsedStatement]
    let parameterCount: Int
    /// The result columns the statement will have, as far as they are known before running it.
    let columns: [ColumnDefinition]

    init(id: UInt32, parsed: ParsedStatement, columns: [ColumnDefinition]) {
        self.id = id
        self.parsed = parsed
        self.statements = [parsed]
        self.parameterCount = parsed.parameterCount
        self.columns = columns
    }
}

/// What a client learns when it prepares a statement.
public struct PreparedStatementInfo: Sendable, Equatable {
    public var id: UInt32
    public var parameterCount: Int
    public var columns: [ColumnDefinition]
}

/// Prepared statements. A prepared statement is parsed once; each execution binds `?` to the
/// given values and runs like a text query (locks, waits and all).
extension Session {
    /// `COM_STMT_PREPARE`: one statement, parsed; a syntax error or several statements fail
    /// and prepare nothing.
    public func prepare(_ sql: String) throws(MySQLError) -> PreparedStatementInfo {
        try self.prepare(bytes: Array(sql.utf8))
    }

    /// The same for the bytes the client sent (string literals keep them as sent).
    public func prepare(bytes sql: [UInt8]) throws(MySQLError) -> PreparedStatementInfo {
        let text = sql.last == 0 ? Array(sql.dropLast()) : sql
        let statements: [ParsedStatement]
        do {
            statements = try Parser.parse(bytes: text, options: self.lexerOptions)
        } catch {
            throw MySQLError.syntaxError(in: text, error)
        }
        guard statements.count == 1, let parsed = statements.first else {
            if statements.isEmpty { throw .tidb(1065, "42000", "Query was empty") }
            throw .tidb(8123, "HY000", "Can not prepare multiple statements")
        }
        let limit = Int(self.globalVariableValue("max_prepared_stmt_count")) ?? 16382
        if limit >= 0, self.prepared.count >= limit {
            throw .tidb(
                1461,
                "42000",
                "Can't create more than max_prepared_stmt_count statements (current value: \(limit))"
            )
        }
        let columns = self.encodedForClient(try self.describeColumns(parsed))
        let id = self.prepared.add(parsed, columns: columns)
        return PreparedStatementInfo(id: id, parameterCount: parsed.parameterCount, columns: columns)
    }

    /// The statement's parameter count, or nil when no such statement is prepared.
    public func parameterCount(ofStatement id: UInt32) -> Int? {
        self.prepared.statement(id)?.parameterCount
    }

    /// `COM_STMT_EXECUTE`: runs a prepared statement with its parameter values.
    public func executePrepared(_ id: UInt32, parameters: [Value]) -> QueryProgress {
        guard let statement = self.prepared.statement(id) else {
            let error = MySQLError.unknownStatementHandler(String(id), in: "stmt_execute")
            self.diagnostics.warnings = [SessionWarning(level: .error, error: error)]
            return .finished([self.outcome(.error(error))])
        }
        guard parameters.count == statement.parameterCount else {
            self.diagnostics.warnings = [SessionWarning(level: .error, error: .incorrectExecuteArguments)]
            return .finished([self.outcome(.error(.incorrectExecuteArguments))])
        }
        return self.continueQuery(
            PendingQuery(statements: statement.statements, parameters: parameters, warnOnLast: false)
        )
    }

    /// `COM_STMT_CLOSE`.
    public func closePrepared(_ id: UInt32) {
        self.prepared.remove(id)
    }

    // MARK: SQL PREPARE / EXECUTE / DEALLOCATE

    func prepareNamed(_ name: String, source: Expression) throws(MySQLError) {
        let value = try self.evaluate(source)
        guard let text = value.textBytes else { throw .syntaxError(in: "NULL", SQLSyntaxError(offset: 0, end: 4)) }
        if let existing = self.prepared.id(named: name) { self.closePrepared(existing) }
        let info = try self.prepare(bytes: text)
        self.prepared.name(info.id, name)
    }

    func executeNamed(
        _ name: String,
        arguments: [String],
        statementTransaction: TransactionContext?
    ) throws(MySQLError) -> Execution {
        guard let statement = self.prepared.statement(named: name) else {
            throw .unknownStatementHandler(name, in: "EXECUTE")
        }
        guard arguments.count == statement.parameterCount else { throw .incorrectExecuteArguments }
        self.currentStatement.parameters = arguments.map { self.variables.userVariables[$0.lowercased()] ?? .null }
        let hintRestores = self.applySetVarHints(of: statement.parsed.text)
        defer { if !hintRestores.isEmpty { self.restoreSetVarHints(hintRestores) } }
        return try self.run(
            statement.parsed.statement,
            previousWarnings: self.diagnostics.warnings,
            statementTransaction: statementTransaction
        )
    }

    func deallocateNamed(_ name: String) throws(MySQLError) {
        guard let id = self.prepared.id(named: name) else {
            throw .unknownStatementHandler(name, in: "DEALLOCATE PREPARE")
        }
        self.closePrepared(id)
    }

    /// Result columns of a statement before it runs, checking what TiDB's planner checks at
    /// prepare time (unknown tables and columns fail). SELECTs are described from their tables
    /// and the types of their expressions with NULL parameters; other statements return none
    /// (they describe their results when executed).
    private func describeColumns(_ parsed: ParsedStatement) throws(MySQLError) -> [ColumnDefinition] {
        switch parsed.statement {
        case .insert(let insert): _ = try self.userTable(insert.table)
        case .update(let update): _ = try self.userTable(update.table)
        case .delete(let delete): _ = try self.userTable(delete.table)
        default: break
        }
        guard case .select(let select) = parsed.statement, !select.from.isEmpty || !select.fields.isEmpty else {
            return []
        }
        let savedParameters = self.currentStatement.parameters
        let savedWarnings = self.diagnostics.warnings
        defer {
            self.currentStatement.parameters = savedParameters
            self.diagnostics.warnings = savedWarnings
        }
        self.currentStatement.parameters = Array(repeating: .null, count: parsed.parameterCount)
        var described = select
        // Reads nothing; the conditions are still resolved against the tables.
        described.whereClause = .binary(.and, .literal(.boolean(false)), select.whereClause ?? .literal(.boolean(true)))
        described.limit = nil
        described.offset = nil
        described.lock = .none
        let columns = try self.selectExecutor.query(described, read: ReadContext(ts: 0)).columns
        try self.resolveNames(in: select)
        return columns
    }

    /// Fails with 1054 or 1052 when a condition names a column the FROM tables do not have
    /// (an empty read never evaluates them).
    private func resolveNames(in select: SelectStatement) throws(MySQLError) {
        var columns: [RowSchema.Column] = []
        for item in select.from {
            columns += try self.selectExecutor.sourceRows(
                item.table,
                condition: .literal(.boolean(false)),
                read: ReadContext(ts: 0)
            ).schema.columns
        }
        var evaluator = Evaluator(
            environment: self,
            schema: RowSchema(columns: columns),
            row: Array(repeating: .null, count: columns.count)
        )
        let checks: [(Expression?, String)] =
            [(select.whereClause, "where clause")] + select.from.map { ($0.condition, "on clause") }
        for case (let expression?, let clause) in checks {
            evaluator.clause = clause
            do throws(MySQLError) {
                _ = try evaluator.evaluate(expression)
            } catch  where error.code == 1054 || error.code == 1052 {
                throw error
            } catch {}
        }
    }
}

extension MySQLError {
    static let incorrectExecuteArguments = MySQLError(
        code: 1210,
        sqlState: "HY000",
        message: "Incorrect arguments to EXECUTE"
    )

    static func unknownStatementHandler(_ handler: String, in command: String) -> MySQLError {
        MySQLError(
            code: 1243,
            sqlState: "HY000",
            message: "Unknown prepared statement handler (\(handler)) given to \(command)"
        )
    }
}
