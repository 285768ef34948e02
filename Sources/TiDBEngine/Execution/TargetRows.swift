import MySQLTypes

/// The rows an UPDATE or DELETE changes, in ORDER BY order, at most LIMIT of them. An optimistic
/// transaction reads them at its start TS; a pessimistic one reads the newest committed rows
/// (a fresh TS), locks them, and reads again if a commit slipped in between.
struct TargetRows {
    let context: WriteContext

    enum Found {
        case rows([StoredRow])
        case blocked(LockWait)
    }

    func find(
        in table: TableSchema,
        alias: String,
        condition: Expression?,
        orderBy: [SelectStatement.OrderItem],
        limit: Expression?,
        partitions: [String] = []
    ) throws(MySQLError) -> Found {
        let selected = try self.context.selectExecutor.partitionFilter(table, partitions)
        let transaction = self.context.transaction
        let reader = self.context.selectExecutor
        let schema = self.context.catalog.rowSchema(of: table, alias: alias, withHandle: false)
        var evaluator = Evaluator(environment: self.context.environment, schema: schema)
        let count = try limit.map { (expression) throws(MySQLError) in
            try Evaluator(environment: self.context.environment).limitValue(expression)
        }
        while true {
            let pessimistic = transaction.mode == .pessimistic
            let ts = pessimistic ? self.context.oracle.next().rawValue : transaction.startTS.rawValue
            let read = ReadContext(ts: ts, transaction: transaction)
            var rows: [(row: StoredRow, keys: [Value])] = []
            let (stored, residual) = reader.readRows(
                table,
                alias: alias,
                condition: condition,
                read: read,
                evaluator: evaluator
            )
            for stored in stored where try selected?(stored.values) ?? true {
                evaluator.row = reader.visibleValues(stored, of: table, withHandle: false)
                if let condition = residual {
                    evaluator.clause = "where clause"
                    guard try evaluator.evaluate(condition).truth(warn: evaluator.warn) == true else { continue }
                }
                var keys: [Value] = []
                evaluator.clause = "order clause"
                for item in orderBy { keys.append(try evaluator.evaluate(item.expression)) }
                rows.append((stored, keys))
            }
            if !orderBy.isEmpty {
                let collations = try orderBy.map { (item) throws(MySQLError) in
                    try evaluator.derivedCollation(of: item.expression)?.collation
                }
                rows = rows.enumerated().sorted { lhs, rhs in
                    for (index, item) in orderBy.enumerated() {
                        let comparison = SortOrder.compare(
                            lhs.element.keys[index],
                            rhs.element.keys[index],
                            collation: collations[index]
                        )
                        if comparison != 0 { return item.descending ? comparison > 0 : comparison < 0 }
                    }
                    return lhs.offset < rhs.offset
                }.map(\.element)
            }
            if let count, rows.count > count { rows.removeLast(rows.count - count) }
            let targets = rows.map(\.row)
            guard pessimistic else { return .rows(targets) }
            let keys = targets.map { LockKey(tableID: table.id, key: $0.handle) }
            if let wait = try self.context.locker.lock(keys, for: transaction) { return .blocked(wait) }
            if !self.context.storage.changed(keys, since: ts) { return .rows(targets) }
        }
    }
}
