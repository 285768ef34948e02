/// A statement with the source text it was parsed from (for the process list and logs), and what
/// the executor would otherwise work out on every run of a cached or prepared statement. A class:
/// each run of a cached statement takes it out of an array, which should cost one retain rather
/// than a copy of the tree.
public final class ParsedStatement: Sendable, Equatable {
    public let statement: Statement
    public let text: String
    /// The statement's `?` markers (prepared statements).
    public let parameterCount: Int
    /// The fields of a SELECT that reads no table and always returns one row (no FROM, WHERE,
    /// GROUP BY, HAVING, ORDER BY, LIMIT or aggregate): such a SELECT is evaluated field by field.
    let constantRowFields: [SelectStatement.Field]?

    public init(statement: Statement, text: String, parameterCount: Int = 0) {
        self.statement = statement
        self.text = text
        self.parameterCount = parameterCount
        self.constantRowFields = Self.constantRowFields(of: statement)
    }

    public static func == (lhs: ParsedStatement, rhs: ParsedStatement) -> Bool {
        lhs.statement == rhs.statement && lhs.text == rhs.text && lhs.parameterCount == rhs.parameterCount
    }

    private static func constantRowFields(of statement: Statement) -> [SelectStatement.Field]? {
        guard case .select(let select) = statement, select.isConstantRow else { return nil }
        return select.fields
    }
}

extension SelectStatement {
    /// Reads no table and always returns exactly one row.
    var isConstantRow: Bool {
        self.from.isEmpty && self.whereClause == nil && self.groupBy.isEmpty && self.having == nil
            && self.orderBy.isEmpty && self.limit == nil && self.offset == nil && !self.hasAggregates
            && self.unions.isEmpty && !self.hasWindowCalls
    }
}
