import MySQLTypes

extension MySQLError {
    /// 1241: a row of the wrong width where `count` values were expected.
    static func operandColumns(_ count: Int) -> MySQLError {
        .tidb(1241, "21000", "Operand should contain \(count) column(s)")
    }
}

extension Expression {
    /// Whether this is a row constructor, `(a, b)` or `ROW(a, b)`.
    var isRowOperand: Bool {
        if case .row = self { return true }
        return false
    }

    /// How many values the operand has: a row's width, 1 for anything else.
    var rowWidth: Int {
        if case .row(let items) = self { return items.count }
        return 1
    }
}

/// Row comparisons as TiDB rewrites them: `=` and `<=>` are the AND of the elements' comparisons,
/// `<>` their OR; `<`, `<=`, `>`, `>=` compare lexicographically: the first pair that differs
/// decides, and a first pair whose `<>` is NULL makes the whole NULL.
extension Evaluator {
    func compareRows(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) throws(MySQLError) -> Value {
        if case .subquery(let select) = rhs, case .row(let items) = lhs {
            return try self.compareRowToSubquery(op, items, select, subqueryOnLeft: false)
        }
        if case .subquery(let select) = lhs, case .row(let items) = rhs {
            return try self.compareRowToSubquery(op, items, select, subqueryOnLeft: true)
        }
        guard lhs.rowWidth == rhs.rowWidth, case .row(let left) = lhs, case .row(let right) = rhs else {
            throw .operandColumns(lhs.rowWidth)
        }
        // Widths are checked up front, as TiDB does while planning.
        for (l, r) in zip(left, right) where l.rowWidth != r.rowWidth { throw .operandColumns(l.rowWidth) }
        let pairs = zip(left, right).map { (l, r) in
            { (op: BinaryOperator) throws(MySQLError) -> Bool? in
                try self.evaluate(.binary(op, l, r)).truth(warn: self.warn)
            }
        }
        return try Self.combineRowComparison(op, pairs)
    }

    /// `(a, b) op (SELECT x, y ...)`: the subquery gives at most one row (none compares as NULLs).
    private func compareRowToSubquery(
        _ op: BinaryOperator,
        _ items: [Expression],
        _ select: SelectStatement,
        subqueryOnLeft: Bool
    ) throws(MySQLError) -> Value {
        let result = try self.subqueryResult(for: select, anyColumns: true)
        guard result.columns.count == items.count else {
            throw .operandColumns(subqueryOnLeft ? result.columns.count : items.count)
        }
        guard result.rows.count <= 1 else { throw .tidb(1242, "21000", "Subquery returns more than 1 row") }
        let subqueryValues = result.rows.first ?? Array(repeating: .null, count: items.count)
        var pairs: [(BinaryOperator) throws(MySQLError) -> Bool?] = []
        for (index, item) in items.enumerated() {
            if item.isRowOperand { throw .operandColumns(1) }
            let value = try self.evaluate(item)
            let other = subqueryValues[index]
            let collation = value.isStringOrBytes && other.isStringOrBytes ? result.columns[index].collation : nil
            pairs.append { (op: BinaryOperator) -> Bool? in
                let (left, right) = subqueryOnLeft ? (other, value) : (value, other)
                return Self.compareValues(op, left, right, collation: collation, warn: self.warn)
            }
        }
        return try Self.combineRowComparison(op, pairs)
    }

    /// `x [NOT] IN (a, b, ...)` where rows take part: the OR of `x = item`, negated for NOT IN.
    func isInRows(_ operand: Expression, _ items: [Expression], negated: Bool) throws(MySQLError) -> Value {
        for item in items where item.rowWidth != operand.rowWidth { throw .operandColumns(operand.rowWidth) }
        var sawNull = false
        for item in items {
            switch try self.evaluate(.binary(.equal, operand, item)).truth(warn: self.warn) {
            case true?: return .int(negated ? 0 : 1)
            case nil: sawNull = true
            case false?: break
            }
        }
        return sawNull ? .null : .int(negated ? 1 : 0)
    }

    /// `(a, b) [NOT] IN (SELECT x, y ...)`: some subquery row equal to the operand's values.
    func isRowIn(_ items: [Expression], subquery select: SelectStatement, negated: Bool) throws(MySQLError) -> Value {
        let result = try self.subqueryResult(for: select, anyColumns: true)
        guard result.columns.count == items.count else { throw .operandColumns(items.count) }
        guard !result.rows.isEmpty else { return .int(negated ? 1 : 0) }
        var values: [Value] = []
        for item in items {
            if item.isRowOperand { throw .operandColumns(1) }
            values.append(try self.evaluate(item))
        }
        var sawNull = false
        for row in result.rows {
            var rowTruth: Bool? = true
            for (index, value) in values.enumerated() {
                let collation =
                    value.isStringOrBytes && row[index].isStringOrBytes ? result.columns[index].collation : nil
                switch Self.compareValues(.equal, value, row[index], collation: collation, warn: self.warn) {
                case false?: rowTruth = false
                case nil: rowTruth = nil
                case true?: continue
                }
                if rowTruth == false { break }
            }
            if rowTruth == true { return .int(negated ? 0 : 1) }
            if rowTruth == nil { sawNull = true }
        }
        return sawNull ? .null : .int(negated ? 1 : 0)
    }

    private static func compareValues(
        _ op: BinaryOperator,
        _ left: Value,
        _ right: Value,
        collation: Collation?,
        warn: (MySQLError) -> Void
    ) -> Bool? {
        if op == .nullSafeEqual, left.isNull || right.isNull { return left.isNull && right.isNull }
        guard let order = Arithmetic.compare(left, right, collation: collation, warn: warn) else { return nil }
        switch op {
        case .equal, .nullSafeEqual: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// Combines per-element comparisons (each asked for an operator) into the row's result.
    private static func combineRowComparison(
        _ op: BinaryOperator,
        _ pairs: [(BinaryOperator) throws(MySQLError) -> Bool?]
    ) throws(MySQLError) -> Value {
        func value(_ truth: Bool?) -> Value { truth.map { .int($0 ? 1 : 0) } ?? .null }
        switch op {
        case .equal, .nullSafeEqual:
            var sawNull = false
            for pair in pairs {
                switch try pair(op) {
                case false?: return .int(0)
                case nil: sawNull = true
                case true?: break
                }
            }
            return sawNull ? .null : .int(1)
        case .notEqual:
            var sawNull = false
            for pair in pairs {
                switch try pair(op) {
                case true?: return .int(1)
                case nil: sawNull = true
                case false?: break
                }
            }
            return sawNull ? .null : .int(0)
        default:
            for pair in pairs.dropLast() {
                switch try pair(.notEqual) {
                case true?: return value(try pair(op))
                case nil: return .null
                case false?: continue
                }
            }
            return value(try pairs.last.map { (pair) throws(MySQLError) in try pair(op) } ?? nil)
        }
    }
}
