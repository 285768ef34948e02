import MySQLTypes

/// Where a statement's warnings go (SHOW WARNINGS reads them back).
protocol WarningSink: AnyObject {
    func warn(_ warning: MySQLError)
    /// How many warnings the running statement has so far (INSERT's and UPDATE's info text counts
    /// them).
    var statementWarningCount: Int { get }
}

/// What evaluating an expression may read or change besides its row: the connection's variables,
/// the running statement's parameters and time, who is connected, the builtin functions, and
/// where warnings go. `Session` provides it for the statements it runs
/// (`Session+ExpressionEnvironment.swift`). The evaluator and the executors reach the session
/// only through this, so they run without one (tests do) and cannot depend on more of it.
///
/// A class-bound protocol: an `any ExpressionEnvironment` is a reference and a witness table, so
/// handing one to each evaluator allocates nothing.
protocol ExpressionEnvironment: WarningSink {
    // MARK: Variables

    /// `@@name`, `@@global.name`, `@@session.name`: the variable's definition and value text
    /// (1193 for an unknown variable, 1238 for the wrong scope).
    func readSystemVariable(
        _ name: String,
        scope: VariableScope?
    ) throws(MySQLError) -> (SystemVariableDefinition, String)
    /// A variable's session value, "" when there is no such variable.
    func sessionVariableValue(_ name: String) -> String
    /// `@name`, by lowercased name: nil when it was never set.
    func userVariable(_ name: String) -> Value?
    /// `@name := value` inside an expression (`SET @name = ...` is the session's own).
    func setUserVariable(_ name: String, to value: Value)
    /// `LAST_INSERT_ID()`: read by the function, set by it with an argument and by INSERT.
    var lastInsertID: UInt64 { get set }
    /// `collation_connection`: the collation of string literals.
    var connectionCollation: Collation { get }

    // MARK: The running statement

    /// Its `?` value at `index`; nil when it has fewer parameters (1210).
    func parameter(_ index: Int) -> Value?
    /// Its start in microseconds since the epoch: `NOW()` is constant within a statement.
    var statementMicroseconds: Int64 { get }
    /// The wall clock's time now (`SYSDATE()`), in microseconds since the epoch.
    func currentMicroseconds() -> Int64
    /// `time_zone`: TIMESTAMPs are stored in UTC and shown in it.
    var timeZone: SessionTimeZone { get }
    /// KILL QUERY asked it to stop.
    var isInterrupted: Bool { get }

    // MARK: The connection

    var connectionID: UInt64 { get }
    /// The login as given (`USER()`) and the account it matched (`CURRENT_USER()`).
    var user: String { get }
    var clientHost: String { get }
    var account: UserAccount { get }
    var currentDatabase: String? { get }
    /// `VERSION()` and `TIDB_VERSION()`.
    var serverVersion: String { get }
    var versionInfo: String { get }
    /// The open transaction's start TS (`TIDB_CURRENT_TSO()`), nil outside a transaction.
    var transactionStartTS: TSO? { get }

    /// A builtin function by lowercased name; nil when the mock has none of that name.
    func builtin(named name: String) -> Builtin?

    /// An uncorrelated subquery's result, read at the statement's snapshot: run once per
    /// statement however many rows ask.
    func subqueryResult(_ select: SelectStatement) throws(MySQLError) -> ResultSet

    /// A correlated subquery's result for the outer rows it runs within (innermost first),
    /// cached per statement by those rows (CorrelatedSubqueries.swift).
    func correlatedSubqueryResult(_ select: SelectStatement, outer: [OuterRow]) throws(MySQLError) -> ResultSet
    /// The rows of the queries a correlated subquery runs within, innermost first: where its
    /// columns that are not its own come from.
    var outerRows: [OuterRow] { get }
}

extension ExpressionEnvironment {
    /// `CURRENT_TIMESTAMP` at the statement's start as a column stores it (TIMESTAMP in UTC,
    /// DATETIME in the session zone).
    func currentTimestamp(for column: ColumnSchema) -> Value {
        let micros = self.statementMicroseconds
        let fsp = column.type.fractionDigits
        let divisor = Int64([1_000_000, 100_000, 10_000, 1_000, 100, 10, 1][fsp])
        let truncated = micros / divisor * divisor
        let offset = column.type.kind == .timestamp ? 0 : self.timeZone.offsetSeconds(atMicroseconds: truncated)
        let time = SQLDateTime(microsecondsSinceEpoch: truncated, offsetSeconds: offset, fractionDigits: fsp)
        if column.type.kind == .date { return .date(SQLDateTime(year: time.year, month: time.month, day: time.day)) }
        return .datetime(time)
    }
}
