import MySQLTypes

/// Subqueries in expressions: `(SELECT ...)` as a value, `EXISTS (SELECT ...)`,
/// `x [NOT] IN (SELECT ...)` and `x op ANY|SOME|ALL (SELECT ...)`. An uncorrelated one runs once
/// per statement through the environment; one that names a column of an outer query runs per
/// outer row (CorrelatedSubqueries.swift).
extension Evaluator {
    /// The subquery's rows; one column unless `anyColumns` (1241 otherwise, as MySQL).
    func subqueryRows(_ select: SelectStatement, anyColumns: Bool = false) throws(MySQLError) -> [[Value]] {
        try self.subqueryResult(for: select, anyColumns: anyColumns).rows
    }

    /// The subquery's result: once per statement, or per outer row when it names an outer column.
    func subqueryResult(for select: SelectStatement, anyColumns: Bool = false) throws(MySQLError) -> ResultSet {
        let result: ResultSet
        do {
            result = try self.environment.subqueryResult(select)
        } catch  where error.code == 1054 {
            guard let name = Self.unknownColumnName(error), self.namesOuterColumn(Self.columnName(name)) else {
                throw error
            }
            result = try self.environment.correlatedSubqueryResult(select, outer: self.outerRowsForSubquery)
        }
        if !anyColumns, result.columns.count != 1 {
            throw .tidb(1241, "21000", "Operand should contain 1 column(s)")
        }
        return result
    }

    /// `x IN (SELECT ...)` with IN's NULL rules: NULL when x is NULL (and the subquery has
    /// rows) or when nothing matched but the subquery gave a NULL.
    func isIn(_ operand: Expression, subquery select: SelectStatement, negated: Bool) throws(MySQLError) -> Value {
        if case .row(let items) = operand { return try self.isRowIn(items, subquery: select, negated: negated) }
        let result = try self.subqueryResult(for: select)
        guard !result.rows.isEmpty else { return .int(negated ? 1 : 0) }
        let value = try self.evaluate(operand)
        if value.isNull { return .null }
        // Strings compare under the subquery column's collation.
        let collation = value.isStringOrBytes ? result.columns[0].collation : nil
        var sawNull = false
        for row in result.rows {
            switch Arithmetic.compare(value, row[0], collation: collation, warn: self.warn) {
            case 0?: return .int(negated ? 0 : 1)
            case nil: sawNull = true
            default: break
            }
        }
        return sawNull ? .null : .int(negated ? 1 : 0)
    }

    /// `x op ANY (SELECT ...)`: 1 when some row compares true, else NULL when some comparison
    /// was NULL, else 0 (0 over no rows). `x op ALL (...)`: 0 when some row compares false, else
    /// NULL when some comparison was NULL, else 1 (1 over no rows).
    func quantifiedComparison(
        _ operand: Expression,
        _ op: BinaryOperator,
        _ quantifier: Quantifier,
        subquery select: SelectStatement
    ) throws(MySQLError) -> Value {
        let result = try self.subqueryResult(for: select)
        guard !result.rows.isEmpty else { return .int(quantifier == .all ? 1 : 0) }
        let value = try self.evaluate(operand)
        let collation = value.isStringOrBytes ? result.columns[0].collation : nil
        var sawNull = false
        for row in result.rows {
            guard let order = Arithmetic.compare(value, row[0], collation: collation, warn: self.warn) else {
                sawNull = true
                continue
            }
            let holds: Bool =
                switch op {
                case .equal, .nullSafeEqual: order == 0
                case .notEqual: order != 0
                case .less: order < 0
                case .lessOrEqual: order <= 0
                case .greater: order > 0
                default: order >= 0
                }
            if quantifier == .any, holds { return .int(1) }
            if quantifier == .all, !holds { return .int(0) }
        }
        if sawNull { return .null }
        return .int(quantifier == .all ? 1 : 0)
    }

    /// The name in 1054's message, `Unknown column 'name' in '...'`.
    private static func unknownColumnName(_ error: MySQLError) -> String? {
        let parts = error.message.split(separator: "'", omittingEmptySubsequences: false)
        return parts.count >= 2 ? String(parts[1]) : nil
    }

    private static func columnName(_ qualified: String) -> ColumnName {
        let parts = qualified.split(separator: ".").map(String.init)
        switch parts.count {
        case 3: return ColumnName(schema: parts[0], table: parts[1], name: parts[2])
        case 2: return ColumnName(schema: nil, table: parts[0], name: parts[1])
        default: return ColumnName(schema: nil, table: nil, name: qualified)
        }
    }
}
