import MySQLTypes

/// WHERE conjuncts that narrow one information_schema table on its own (`kc.table_name = 'x'`,
/// `kc.table_schema = DATABASE()`) filter its rows before a join, as TiDB pushes them into the
/// memtable reader: Django's constraint introspection joins KEY_COLUMN_USAGE with
/// TABLE_CONSTRAINTS on names every table shares (PRIMARY), which multiplied into a product
/// of all tables' constraints before the filter applied.
extension SelectExecutor {
    func prefilteredSystemRows(_ rows: SourceRows, alias: String, by condition: Expression?) -> SourceRows {
        guard let condition else { return rows }
        let filters = AccessPlanner.conjuncts(condition).filter { Self.isStringFilter($0, alias: alias) }
        guard !filters.isEmpty else { return rows }
        var evaluator = Evaluator(environment: self.environment, schema: rows.schema)
        var narrowed = rows
        narrowed.rows.removeAll()
        for row in rows.rows {
            evaluator.row = row
            var keep = true
            for filter in filters {
                // An error leaves the rows to the full WHERE, which reports it.
                guard let value = try? evaluator.evaluate(filter) else { return rows }
                if value.truth(warn: { _ in }) != true {
                    keep = false
                    break
                }
            }
            if keep { narrowed.rows.append(row) }
        }
        return narrowed
    }

    /// A comparison that cannot warn: this alias's column against a string literal or the
    /// current database, IS [NOT] NULL, and OR of those; WHERE still applies in full afterwards.
    private static func isStringFilter(_ expression: Expression, alias: String) -> Bool {
        func ownColumn(_ expression: Expression) -> Bool {
            guard case .column(let name) = expression, let table = name.table else { return false }
            return table.equalsIgnoringCase(alias) && name.schema == nil
        }
        func stringValue(_ expression: Expression) -> Bool {
            switch expression {
            case .literal(.string(_, nil)): return true
            case .function(let name, let arguments):
                return arguments.isEmpty && (name.equalsIgnoringCase("database") || name.equalsIgnoringCase("schema"))
            default: return false
            }
        }
        switch expression {
        case .binary(.equal, let lhs, let rhs), .binary(.notEqual, let lhs, let rhs):
            return (ownColumn(lhs) && stringValue(rhs)) || (ownColumn(rhs) && stringValue(lhs))
        case .isNull(let operand, _):
            return ownColumn(operand)
        case .binary(.or, let lhs, let rhs):
            return Self.isStringFilter(lhs, alias: alias) && Self.isStringFilter(rhs, alias: alias)
        default:
            return false
        }
    }
}
