public import MySQLTypes

/// Rows with their column definitions.
public struct ResultSet: Sendable, Equatable {
    public var columns: [ColumnDefinition]
    public var rows: [[Value]]

    public init(columns: [ColumnDefinition], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// What one statement produced, with the session status after it.
public struct StatementOutcome: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case ok(affectedRows: UInt64, lastInsertID: UInt64, info: String)
        case rows(ResultSet)
        case error(MySQLError)
    }

    public var result: Result
    public var status: ServerStatus
    public var warningCount: UInt16

    public var error: MySQLError? {
        if case .error(let error) = self.result { return error }
        return nil
    }
}

/// A warning or note of the last statement (SHOW WARNINGS); errors are kept as `Error` rows.
public struct SessionWarning: Sendable, Equatable {
    public enum Level: String, Sendable {
        case note = "Note"
        case warning = "Warning"
        case error = "Error"
    }
    public var level: Level
    public var error: MySQLError
}

/// Where a query stands: done, or paused on a lock with the outcomes so far.
public enum QueryProgress: Sendable {
    case finished([StatementOutcome])
    case waiting([StatementOutcome], LockWait)

    /// The outcomes in this step.
    public var outcomes: [StatementOutcome] {
        switch self {
        case .finished(let outcomes), .waiting(let outcomes, _): return outcomes
        }
    }
}

/// A query in progress across a lock wait.
struct PendingQuery {
    var statements: [ParsedStatement]
    var parameters: [Value]
    var warnOnLast: Bool
    var next = 0
    var wait: LockWait?
    /// The transaction of an autocommit statement that waits (kept, with its locks, for the retry).
    var statementTransaction: TransactionContext?
}
