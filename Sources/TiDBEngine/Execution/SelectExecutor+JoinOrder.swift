import MySQLTypes

/// Comma joins (`FROM t1, t2, ... WHERE t1.a = t2.a AND ...`) in an order that keeps every
/// step a hash join: a table that shares no WHERE equality with the tables before it waits
/// until one does (else it would multiply the rows so far). The columns come back in FROM
/// order, so `*` and positions are unchanged.
extension SelectExecutor {
    /// The join order, when FROM order would cross-join a table that a later one connects;
    /// nil to join in FROM order (also with ON conditions or LEFT JOINs, whose scoping the
    /// order must keep).
    static func commaJoinOrder(_ select: SelectStatement) -> [Int]? {
        guard select.from.count > 2, let condition = select.whereClause,
            select.from.allSatisfy({ $0.join == .inner && $0.condition == nil && $0.using.isEmpty && !$0.natural })
        else { return nil }
        let aliases = select.from.map { ($0.table.alias ?? $0.table.name).lowercased() }
        var edges: [(Int, Int)] = []
        for conjunct in AccessPlanner.conjuncts(condition) {
            guard case .binary(.equal, .column(let a), .column(let b)) = conjunct,
                let left = a.table.flatMap({ aliases.firstIndex(of: $0.lowercased()) }),
                let right = b.table.flatMap({ aliases.firstIndex(of: $0.lowercased()) }), left != right
            else { continue }
            edges.append((left, right))
        }
        var order = [0]
        var remaining = Array(1..<select.from.count)
        while !remaining.isEmpty {
            let joined = Set(order)
            let next =
                remaining.firstIndex { candidate in
                    edges.contains {
                        ($0.0 == candidate && joined.contains($0.1)) || ($0.1 == candidate && joined.contains($0.0))
                    }
                } ?? 0
            order.append(remaining.remove(at: next))
        }
        return order == Array(0..<select.from.count) ? nil : order
    }

    /// Joins `sources` (in FROM order) in `order`, hashing on WHERE's equalities, and returns
    /// the rows with their columns in FROM order.
    func joinInOrder(_ sources: [SourceRows], order: [Int], keys: [Expression]) throws(MySQLError) -> SourceRows {
        var joined = sources[order[0]]
        for index in order.dropFirst() {
            joined = try self.join(joined, sources[index], on: nil, keys: keys, padding: .inner)
        }
        var offsets = [Int](repeating: 0, count: sources.count)
        var offset = 0
        for index in order {
            offsets[index] = offset
            offset += sources[index].schema.columns.count
        }
        var permutation: [Int] = []
        for (index, source) in sources.enumerated() {
            permutation += (0..<source.schema.columns.count).map { offsets[index] + $0 }
        }
        let schema = RowSchema(columns: permutation.map { joined.schema.columns[$0] })
        return SourceRows(schema: schema, rows: joined.rows.map { row in permutation.map { row[$0] } })
    }
}

extension SelectExecutor {
    /// WHERE with each unqualified column that names a column of exactly one FROM table qualified
    /// by that table (`b48 = a57` → `t48.b48 = t57.a57`), so joins can order and hash on it. With
    /// a source that is not a plain table the condition is left as it is.
    func qualifyingJoinColumns(_ select: SelectStatement) -> Expression? {
        guard let condition = select.whereClause, select.from.count > 1 else { return select.whereClause }
        var owners: [String: [String]] = [:]
        for item in select.from {
            guard item.table.subquery == nil, let database = item.table.schema ?? self.catalog.currentDatabase,
                let table = try? self.catalog.userTable(TableName(database: database, name: item.table.name))
            else { return condition }
            let alias = item.table.alias ?? item.table.name
            for column in table.columns { owners[column.name.lowercased(), default: []].append(alias) }
        }
        let qualified = try? condition.rewritten { node in
            guard case .column(let reference) = node, reference.table == nil,
                let tables = owners[reference.name.lowercased()], tables.count == 1
            else { return nil }
            return .column(ColumnName(table: tables[0], name: reference.name))
        }
        return qualified ?? condition
    }

    /// WHERE's equalities of two qualified columns: an inner join may hash on them too. Only
    /// qualified names: an ambiguous unqualified one must still fail in WHERE (1052).
    static func qualifiedEqualities(_ condition: Expression?) -> [Expression] {
        guard let condition else { return [] }
        return AccessPlanner.conjuncts(condition).filter {
            if case .binary(.equal, .column(let a), .column(let b)) = $0 { return a.table != nil && b.table != nil }
            return false
        }
    }
}
