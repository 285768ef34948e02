/// Window functions (`f(...) OVER (...)`), named windows, and quantified comparisons
/// (`x > ANY (SELECT ...)`).

/// A window function call: a ranking or value function (ROW_NUMBER, LAG, ...) or an aggregate
/// (SUM, COUNT, ...) computed over a window of rows instead of a group.
public struct WindowCall: Sendable, Hashable {
    /// Lowercased; aggregates as the parser spells them (`count`, `sum`, ...).
    public var name: String
    public var arguments: [Expression]
    public var window: WindowSpec
    /// `NTH_VALUE(...) FROM LAST` and `IGNORE NULLS`: parsed so they can be refused as TiDB does.
    public var fromLast = false
    public var ignoreNulls = false
    /// `SUM(DISTINCT x) OVER (...)`: refused as TiDB does.
    public var distinct = false

    /// The window functions proper (the aggregates may also be windowed).
    public static let windowOnlyNames: Set<String> = [
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
        "last_value", "nth_value",
    ]
}

/// `OVER (...)`'s contents, or a `WINDOW name AS (...)` definition; `name` refers to another
/// named window it extends (or, in `OVER name`, is the whole specification).
public struct WindowSpec: Sendable, Hashable {
    public var name: String?
    public var partitionBy: [Expression] = []
    public var orderBy: [SelectStatement.OrderItem] = []
    public var frame: WindowFrame?

    public init(name: String? = nil) { self.name = name }
}

/// `ROWS|RANGE BETWEEN start AND end` (or just `start`, ending at the current row).
public struct WindowFrame: Sendable, Hashable {
    public enum Unit: Sendable, Hashable { case rows, range }

    public enum Bound: Sendable, Hashable {
        case unboundedPreceding
        case preceding(Expression)
        case currentRow
        case following(Expression)
        case unboundedFollowing
    }

    public var unit: Unit
    public var start: Bound
    public var end: Bound
}

/// `WINDOW name AS (spec)` in a SELECT.
public struct NamedWindow: Sendable, Hashable {
    public var name: String
    public var spec: WindowSpec
}

/// `ANY`/`SOME` or `ALL` before a subquery in a comparison.
public enum Quantifier: Sendable, Hashable {
    case any, all
}

extension Expression {
    /// The first window call in this expression (not inside a subquery), if any.
    var firstWindowCall: WindowCall? {
        var found: WindowCall?
        _ = self.contains { node in
            if found == nil, case .window(let call) = node { found = call }
            return found != nil
        }
        return found
    }
}

extension SelectStatement {
    /// Whether the select list or ORDER BY calls a window function.
    var hasWindowCalls: Bool {
        for field in self.fields {
            if case .expression(let expression, _, _) = field, expression.firstWindowCall != nil { return true }
        }
        return self.orderBy.contains { $0.expression.firstWindowCall != nil }
    }
}
