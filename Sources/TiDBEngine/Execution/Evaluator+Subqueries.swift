import MySQLTypes

/// Subqueries in expressions (issue 20): `(SELECT ...)` as a value, `EXISTS (SELECT ...)` and
/// `x [NOT] IN (SELECT ...)`. Uncorrelated ones only: each runs once per statement through the
/// environment; a subquery that names a column of the outer query is refused as not supported
/// rather than answered wrongly.
extension Evaluator {
    /// The subquery's rows; one column unless `anyColumns` (1241 otherwise, as MySQL).
    func subqueryRows(_ select: SelectStatement, anyColumns: Bool = false) throws(MySQLError) -> [[Value]] {
        try self.subquery(select, anyColumns: anyColumns).rows
    }

    private func subquery(_ select: SelectStatement, anyColumns: Bool = false) throws(MySQLError) -> ResultSet {
        let result: ResultSet
        do {
            result = try self.environment.subqueryResult(select)
        } catch  where error.code == 1054 {
            if let schema = self.schema, let name = Self.unknownColumnName(error),
                (try? schema.index(of: Self.columnName(name), clause: self.clause)) != nil
            {
                throw .notSupportedYet("correlated subquery (the subquery names the outer query's column \(name))")
            }
            throw error
        }
        if !anyColumns, result.columns.count != 1 {
            throw .tidb(1241, "21000", "Operand should contain 1 column(s)")
        }
        return result
    }

    /// `x IN (SELECT ...)` with IN's NULL rules: NULL when x is NULL (and the subquery has
    /// rows) or when nothing matched but the subquery gave a NULL.
    func isIn(_ operand: Expression, subquery select: SelectStatement, negated: Bool) throws(MySQLError) -> Value {
        let result = try self.subquery(select)
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
