import MySQLTypes

/// Correlated subqueries: a subquery naming a column its own FROM does not have reads it from
/// the row of the query around it. Such a subquery runs per outer row (cached per statement by
/// the outer rows), through an environment that carries those rows.

/// The row of an enclosing query, with its schema.
struct OuterRow {
    let schema: RowSchema
    let row: [Value]
}

/// A correlated subquery's cache key: the subquery and the outer rows it ran within.
struct CorrelatedSubqueryKey: Hashable {
    let select: SelectStatement
    let outerValues: [[Value]]
}

extension ExpressionEnvironment {
    /// Environments that run no correlated subqueries (tests' standalone executors).
    func correlatedSubqueryResult(_ select: SelectStatement, outer: [OuterRow]) throws(MySQLError) -> ResultSet {
        throw .notSupportedYet("correlated subquery")
    }

    var outerRows: [OuterRow] { [] }
}

/// The session's environment with the outer rows of a correlated subquery; everything else is
/// the session's.
final class OuterRowEnvironment: ExpressionEnvironment {
    let base: any ExpressionEnvironment
    let outerRows: [OuterRow]

    init(base: any ExpressionEnvironment, outerRows: [OuterRow]) {
        self.base = base
        self.outerRows = outerRows
    }

    func warn(_ warning: MySQLError) { self.base.warn(warning) }
    var statementWarningCount: Int { self.base.statementWarningCount }
    func readSystemVariable(
        _ name: String,
        scope: VariableScope?
    ) throws(MySQLError) -> (SystemVariableDefinition, String) {
        try self.base.readSystemVariable(name, scope: scope)
    }
    func sessionVariableValue(_ name: String) -> String { self.base.sessionVariableValue(name) }
    func userVariable(_ name: String) -> Value? { self.base.userVariable(name) }
    func setUserVariable(_ name: String, to value: Value) { self.base.setUserVariable(name, to: value) }
    var lastInsertID: UInt64 {
        get { self.base.lastInsertID }
        set { self.base.lastInsertID = newValue }
    }
    var connectionCollation: Collation { self.base.connectionCollation }
    func parameter(_ index: Int) -> Value? { self.base.parameter(index) }
    var statementMicroseconds: Int64 { self.base.statementMicroseconds }
    func currentMicroseconds() -> Int64 { self.base.currentMicroseconds() }
    var timeZone: SessionTimeZone { self.base.timeZone }
    var isInterrupted: Bool { self.base.isInterrupted }
    var connectionID: UInt64 { self.base.connectionID }
    var user: String { self.base.user }
    var clientHost: String { self.base.clientHost }
    var account: UserAccount { self.base.account }
    var currentDatabase: String? { self.base.currentDatabase }
    var serverVersion: String { self.base.serverVersion }
    var versionInfo: String { self.base.versionInfo }
    var transactionStartTS: TSO? { self.base.transactionStartTS }
    func builtin(named name: String) -> Builtin? { self.base.builtin(named: name) }
    func subqueryResult(_ select: SelectStatement) throws(MySQLError) -> ResultSet {
        try self.base.subqueryResult(select)
    }
    func correlatedSubqueryResult(_ select: SelectStatement, outer: [OuterRow]) throws(MySQLError) -> ResultSet {
        try self.base.correlatedSubqueryResult(select, outer: outer)
    }
}

extension Evaluator {
    /// The outer rows a subquery evaluated here runs within: this row, then the ones around it.
    var outerRowsForSubquery: [OuterRow] {
        guard let schema = self.schema else { return self.environment.outerRows }
        return [OuterRow(schema: schema, row: self.row)] + self.environment.outerRows
    }

    /// A column the row's schema lacks (`error`, 1054), read from the nearest outer row that
    /// has it: its value and type.
    func outerColumn(_ reference: ColumnName, missing error: MySQLError) throws(MySQLError) -> (Value, FieldType) {
        for outer in self.environment.outerRows {
            if let index = try? outer.schema.index(of: reference, clause: self.clause) {
                return (outer.row.indices.contains(index) ? outer.row[index] : .null, outer.schema.columns[index].type)
            }
        }
        throw error
    }

    /// Whether `name` (as 1054 prints it) is a column of this row or an outer row.
    func namesOuterColumn(_ reference: ColumnName) -> Bool {
        self.outerRowsForSubquery.contains { (try? $0.schema.index(of: reference, clause: self.clause)) != nil }
    }
}
