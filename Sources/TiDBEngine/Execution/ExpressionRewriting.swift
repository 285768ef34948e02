import MySQLTypes

/// Structural rewriting of expressions (aggregates into columns, aliases into expressions).
extension Expression {
    /// Applies `transform` top-down: where it returns a replacement, that replaces the node
    /// (and its children are not visited); elsewhere the children are rewritten.
    func rewritten(_ transform: (Expression) throws(MySQLError) -> Expression?) throws(MySQLError) -> Expression {
        if let replacement = try transform(self) { return replacement }
        func r(_ expression: Expression) throws(MySQLError) -> Expression { try expression.rewritten(transform) }
        switch self {
        // A subquery's expressions belong to its own query: left as they are.
        case .literal, .column, .systemVariable, .userVariable, .defaultValue, .star, .parameter, .subquery, .exists:
            return self
        case .inSubquery(let operand, let select, let negated):
            return .inSubquery(try r(operand), select, negated: negated)
        case .quantified(let operand, let op, let quantifier, let select):
            return .quantified(try r(operand), op, quantifier, select)
        case .window(var call):
            for index in call.arguments.indices { call.arguments[index] = try r(call.arguments[index]) }
            for index in call.window.partitionBy.indices {
                call.window.partitionBy[index] = try r(call.window.partitionBy[index])
            }
            for index in call.window.orderBy.indices {
                call.window.orderBy[index].expression = try r(call.window.orderBy[index].expression)
            }
            return .window(call)
        case .row(let items):
            var rewrittenItems: [Expression] = []
            for item in items { rewrittenItems.append(try r(item)) }
            return .row(rewrittenItems)
        case .unary(let op, let operand):
            return .unary(op, try r(operand))
        case .binary(let op, let lhs, let rhs):
            return .binary(op, try r(lhs), try r(rhs))
        case .isNull(let operand, let negated):
            return .isNull(try r(operand), negated: negated)
        case .isTruth(let operand, let value, let negated):
            return .isTruth(try r(operand), value: value, negated: negated)
        case .like(let operand, let pattern, let escape, let negated):
            let rewrittenEscape: Expression? = if let escape { try r(escape) } else { nil }
            return .like(try r(operand), pattern: try r(pattern), escape: rewrittenEscape, negated: negated)
        case .between(let operand, let low, let high, let negated):
            return .between(try r(operand), low: try r(low), high: try r(high), negated: negated)
        case .inList(let operand, let items, let negated):
            var rewrittenItems: [Expression] = []
            for item in items { rewrittenItems.append(try r(item)) }
            return .inList(try r(operand), rewrittenItems, negated: negated)
        case .function(let name, let arguments):
            var rewrittenArguments: [Expression] = []
            for argument in arguments { rewrittenArguments.append(try r(argument)) }
            return .function(name: name, arguments: rewrittenArguments)
        case .caseWhen(let operand, let branches, let otherwise):
            var rewrittenBranches: [CaseBranch] = []
            for branch in branches {
                rewrittenBranches.append(CaseBranch(condition: try r(branch.condition), result: try r(branch.result)))
            }
            let rewrittenOperand: Expression? = if let operand { try r(operand) } else { nil }
            let rewrittenOtherwise: Expression? = if let otherwise { try r(otherwise) } else { nil }
            return .caseWhen(operand: rewrittenOperand, branches: rewrittenBranches, otherwise: rewrittenOtherwise)
        case .cast(let operand, let target):
            return .cast(try r(operand), target)
        case .collate(let operand, let collation):
            return .collate(try r(operand), collation: collation)
        }
    }

}
