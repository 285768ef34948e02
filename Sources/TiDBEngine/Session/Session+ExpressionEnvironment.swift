import MySQLTypes

/// The session is the environment of the expressions its statements evaluate: what they may
/// read or change of it is listed in `ExpressionEnvironment`, and nothing else.
extension Session: ExpressionEnvironment {
    func warn(_ warning: MySQLError) { self.addWarning(warning) }

    var statementWarningCount: Int { self.diagnostics.warnings.count }

    func userVariable(_ name: String) -> Value? { self.variables.userVariables[name] }

    func setUserVariable(_ name: String, to value: Value) { self.variables.userVariables[name] = value }

    var lastInsertID: UInt64 {
        get { self.variables.lastInsertID }
        set { self.variables.lastInsertID = newValue }
    }

    var connectionCollation: Collation { self.variables.connectionCharsets.connection }

    func parameter(_ index: Int) -> Value? {
        let parameters = self.currentStatement.parameters
        return index < parameters.count ? parameters[index] : nil
    }

    func currentMicroseconds() -> Int64 { self.cluster.clock.microsecondsSinceEpoch() }

    var account: UserAccount { self.identity.account }

    var serverVersion: String { self.instance.serverVersion }

    var versionInfo: String { self.instance.versionInfo }

    var transactionStartTS: TSO? { self.transaction?.startTS }

    func subqueryResult(_ select: SelectStatement) throws(MySQLError) -> ResultSet {
        if let cached = self.currentStatement.subqueryResults[select] { return cached }
        // A correlated subquery fails alike for every row: found out once per statement.
        if let error = self.currentStatement.subqueryErrors[select] { throw error }
        let readsTables = !select.from.isEmpty || select.unions.contains { !$0.select.from.isEmpty }
        let read = readsTables ? try self.readContext() : ReadContext(ts: 0)
        let result: ResultSet
        do {
            result = try self.selectExecutor.query(select, read: read)
        } catch  where error.code == 1054 {
            self.currentStatement.subqueryErrors[select] = error
            throw error
        }
        self.currentStatement.subqueryResults[select] = result
        return result
    }

    func correlatedSubqueryResult(_ select: SelectStatement, outer: [OuterRow]) throws(MySQLError) -> ResultSet {
        let key = CorrelatedSubqueryKey(select: select, outerValues: outer.map(\.row))
        if let cached = self.currentStatement.correlatedResults[key] { return cached }
        let readsTables = !select.from.isEmpty || select.unions.contains { !$0.select.from.isEmpty }
        let read = readsTables ? try self.readContext() : ReadContext(ts: 0)
        let base = self.selectExecutor
        let executor = SelectExecutor(
            environment: OuterRowEnvironment(base: self, outerRows: outer),
            catalog: base.catalog,
            storage: base.storage
        )
        let result = try executor.query(select, read: read)
        self.currentStatement.correlatedResults[key] = result
        return result
    }

    var outerRows: [OuterRow] { [] }
}
