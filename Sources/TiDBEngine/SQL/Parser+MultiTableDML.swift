/// Multi-table UPDATE and DELETE: `UPDATE t1 JOIN t2 ON ... SET ...`, `UPDATE t1, t2 SET ...`,
/// `DELETE t1[, t2] FROM <tables> ...`, `DELETE FROM t1[, t2] USING <tables> ...`. None takes
/// ORDER BY or LIMIT (a syntax error, as in TiDB's grammar).
extension Parser {
    /// UPDATE's tables: one table with its alias, or table references that join.
    mutating func parseUpdateTables() throws(SQLSyntaxError) -> (
        table: TableName, alias: String?, joined: [SelectStatement.FromItem]
    ) {
        let items = try self.parseFromClause()
        if items.count == 1, items[0].table.subquery == nil {
            let reference = items[0].table
            return (TableName(database: reference.schema, name: reference.name), reference.alias, [])
        }
        let first = items.first { $0.table.subquery == nil }?.table ?? items[0].table
        return (TableName(database: first.schema, name: first.name), nil, items)
    }

    /// `DELETE [opts]` was read: the multi-table forms, or nil (position unchanged) for the
    /// single-table `DELETE FROM t ...`.
    mutating func parseMultiTableDelete(ignore: Bool) throws(SQLSyntaxError) -> DeleteStatement? {
        let start = self.index
        var targets: [TableName]
        var joined: [SelectStatement.FromItem]
        if self.accept("FROM") {
            guard let names = try? self.parseDeleteTargets(), self.accept("USING") else {
                self.index = start
                return nil
            }
            targets = names
            joined = try self.parseFromClause()
        } else {
            targets = try self.parseDeleteTargets()
            try self.expect("FROM")
            joined = try self.parseFromClause()
        }
        // `table` names the first target's real table (prepared statements check it exists).
        let first = targets[0]
        let reference = joined.first {
            ($0.table.alias ?? $0.table.name).equalsIgnoringCase(first.name) && first.database == nil
        }?.table
        let table = reference.map { TableName(database: $0.schema, name: $0.name) } ?? first
        var statement = DeleteStatement(table: table, alias: nil, ignore: ignore)
        statement.joined = joined
        statement.targets = targets
        if self.accept("WHERE") { statement.whereClause = try self.parseExpression() }
        return statement
    }

    /// `t1[.*][, db.t2[.*]]...`
    private mutating func parseDeleteTargets() throws(SQLSyntaxError) -> [TableName] {
        var targets: [TableName] = []
        repeat {
            let first = try self.parseIdentifier()
            var target = TableName(name: first)
            if self.accept(.dot) {
                if self.current.isSymbol(.star) {
                    self.advance()
                } else {
                    switch self.current.kind {
                    case .quotedIdentifier(let name), .word(let name):
                        self.advance()
                        target = TableName(database: first, name: name)
                    default:
                        throw self.errorAtCurrent()
                    }
                    if self.accept(.dot) { try self.expect(.star) }
                }
            }
            targets.append(target)
        } while self.accept(.comma)
        return targets
    }
}
