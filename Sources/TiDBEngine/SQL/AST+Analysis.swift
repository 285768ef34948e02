/// Questions about a statement's tree that need no session: the parser asks them once per
/// parsed statement (`ParsedStatement.constantRowFields`), the executor per run.
extension Expression {
    /// The aggregate functions (the parser spells `COUNT(DISTINCT x)` as `count_distinct`).
    static let aggregateFunctionNames: Set<String> = [
        "count", "count_distinct", "sum", "sum_distinct", "avg", "avg_distinct", "min", "min_distinct", "max",
        "max_distinct", "group_concat", "group_concat_distinct", "std", "stddev", "stddev_pop", "stddev_samp",
        "variance", "var_pop", "var_samp", "bit_and", "bit_or", "bit_xor", "json_arrayagg", "json_objectagg",
        "approx_count_distinct",
    ]

    /// Whether `expression` is itself a call of an aggregate function (its arguments aside).
    static func isAggregateCall(_ expression: Expression) -> Bool {
        if case .function(let name, _) = expression, Self.aggregateFunctionNames.contains(name) { return true }
        return false
    }

    /// Whether any node satisfies `predicate`. A plain walk: executions ask this per statement
    /// (aggregates?), and rebuilding the tree to answer it allocated every argument list.
    func contains(where predicate: (Expression) -> Bool) -> Bool {
        if predicate(self) { return true }
        switch self {
        // A subquery is a query of its own: its aggregates are not the outer query's.
        case .literal, .column, .systemVariable, .userVariable, .defaultValue, .star, .parameter, .subquery, .exists:
            return false
        case .inSubquery(let operand, _, _), .quantified(let operand, _, _, _):
            return operand.contains(where: predicate)
        case .window(let call):
            return call.arguments.contains { $0.contains(where: predicate) }
                || call.window.partitionBy.contains { $0.contains(where: predicate) }
                || call.window.orderBy.contains { $0.expression.contains(where: predicate) }
        case .unary(_, let operand), .isNull(let operand, _), .isTruth(let operand, _, _), .cast(let operand, _),
            .collate(let operand, _):
            return operand.contains(where: predicate)
        case .binary(_, let lhs, let rhs):
            return lhs.contains(where: predicate) || rhs.contains(where: predicate)
        case .like(let operand, let pattern, let escape, _):
            return operand.contains(where: predicate) || pattern.contains(where: predicate)
                || (escape?.contains(where: predicate) ?? false)
        case .between(let operand, let low, let high, _):
            return operand.contains(where: predicate) || low.contains(where: predicate)
                || high.contains(where: predicate)
        case .inList(let operand, let items, _):
            return operand.contains(where: predicate) || items.contains { $0.contains(where: predicate) }
        case .function(_, let arguments), .row(let arguments):
            return arguments.contains { $0.contains(where: predicate) }
        case .caseWhen(let operand, let branches, let otherwise):
            return (operand?.contains(where: predicate) ?? false)
                || branches.contains { $0.condition.contains(where: predicate) || $0.result.contains(where: predicate) }
                || (otherwise?.contains(where: predicate) ?? false)
        }
    }
}

extension SelectStatement {
    /// Whether the select list, HAVING or ORDER BY calls an aggregate function.
    var hasAggregates: Bool {
        for field in self.fields {
            if case .expression(let expression, _, _) = field, expression.contains(where: Expression.isAggregateCall) {
                return true
            }
        }
        if let having = self.having, having.contains(where: Expression.isAggregateCall) { return true }
        return self.orderBy.contains { $0.expression.contains(where: Expression.isAggregateCall) }
    }
}
