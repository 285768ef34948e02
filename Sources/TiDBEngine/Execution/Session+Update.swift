import MySQLTypes

/// UPDATE and DELETE: find the rows (a current read in pessimistic transactions, locked, read
/// again if a commit slipped in between), then write the new versions.
extension Session {
    func executeUpdate(_ update: UpdateStatement, in transaction: TransactionContext) throws(MySQLError) -> WriteStep {
        let table = try self.writableTable(update.table)
        let alias = update.alias ?? table.name
        let schema = self.rowSchema(of: table, alias: alias)
        var assignments: [(position: Int, value: Expression)] = []
        for assignment in update.assignments {
            let position = try schema.index(of: assignment.column, clause: "field list")
            guard position < table.columns.count else {
                throw .unknown("insert, update and replace statements for _tidb_rowid are not supported")
            }
            assignments.append((position, assignment.value))
        }
        let writer = TableWriter(
            session: self,
            table: table,
            transaction: transaction,
            strict: self.variables.dataModes.strict && !update.ignore
        )
        let targets: [StoredRow]
        switch try self.targetRows(
            table,
            alias: alias,
            condition: update.whereClause,
            orderBy: update.orderBy,
            limit: update.limit,
            transaction: transaction
        ) {
        case .blocked(let wait): return .blocked(wait)
        case .rows(let rows): targets = rows
        }

        var evaluator = Evaluator(session: self, schema: schema)
        let assigned = Set(assignments.map(\.position))
        var changed: UInt64 = 0
        for (index, target) in targets.enumerated() {
            evaluator.row = self.visibleValues(target, of: table, withHandle: false)
            var values = target.values
            for (position, expression) in assignments {
                let value: Value
                if case .defaultValue = expression {
                    value = try writer.defaultValue(ofColumn: position, row: index + 1)
                } else {
                    value = try evaluator.evaluate(expression)
                }
                values[position] = try writer.convert(value, toColumn: position, row: index + 1, ignore: update.ignore)
                // Later assignments see earlier ones, as in MySQL.
                evaluator.row[position] =
                    self.visibleValues(StoredRow(handle: target.handle, values: values), of: table, withHandle: false)[
                        position
                    ]
            }
            guard values != target.values else { continue }
            try self.applyOnUpdateTimestamps(&values, previous: target.values, assigned: assigned, writer: writer)
            let handle = table.isClustered ? writer.handle(for: values) : target.handle
            if transaction.mode == .pessimistic {
                let keys = writer.lockKeys(handle: handle, values: values)
                if let wait = try self.lock(keys, for: transaction) { return .blocked(wait) }
            }
            if let collision = writer.collision(values, handle: handle, excluding: target.handle) {
                let error = writer.duplicateError(values, index: collision.index)
                guard update.ignore else { throw error }
                self.addWarning(error)
                continue
            }
            if handle != target.handle {
                transaction.write(table.id, target.handle, nil, isInsert: false)
                transaction.write(table.id, handle, values, isInsert: true)
            } else {
                transaction.write(table.id, handle, values, isInsert: false)
            }
            changed += 1
        }
        let matched = UInt64(targets.count)
        let info = "Rows matched: \(matched)  Changed: \(changed)  Warnings: \(self.diagnostics.warnings.count)"
        return .done(.ok(affectedRows: self.identity.foundRows ? matched : changed, lastInsertID: 0, info: info))
    }

    func executeDelete(_ delete: DeleteStatement, in transaction: TransactionContext) throws(MySQLError) -> WriteStep {
        let table = try self.writableTable(delete.table)
        let alias = delete.alias ?? table.name
        let targets: [StoredRow]
        switch try self.targetRows(
            table,
            alias: alias,
            condition: delete.whereClause,
            orderBy: delete.orderBy,
            limit: delete.limit,
            transaction: transaction
        ) {
        case .blocked(let wait): return .blocked(wait)
        case .rows(let rows): targets = rows
        }
        for target in targets { transaction.write(table.id, target.handle, nil, isInsert: false) }
        return .done(.ok(affectedRows: UInt64(targets.count), lastInsertID: 0, info: ""))
    }

    private enum Targets {
        case rows([StoredRow])
        case blocked(LockWait)
    }

    /// The rows an UPDATE or DELETE changes, in ORDER BY order, at most LIMIT of them; locked
    /// in a pessimistic transaction.
    private func targetRows(
        _ table: TableSchema,
        alias: String,
        condition: Expression?,
        orderBy: [SelectStatement.OrderItem],
        limit: Expression?,
        transaction: TransactionContext
    ) throws(MySQLError) -> Targets {
        let schema = self.rowSchema(of: table, alias: alias)
        var evaluator = Evaluator(session: self, schema: schema)
        let count = try limit.map { (expression) throws(MySQLError) in try self.limitValue(expression) }
        while true {
            let pessimistic = transaction.mode == .pessimistic
            let ts = pessimistic ? self.cluster.pd.oracle.next().rawValue : transaction.startTS.rawValue
            let read = ReadContext(ts: ts, transaction: transaction)
            var rows: [(row: StoredRow, keys: [Value])] = []
            let (stored, residual) = self.readRows(
                table,
                alias: alias,
                condition: condition,
                read: read,
                evaluator: evaluator
            )
            for stored in stored {
                evaluator.row = self.visibleValues(stored, of: table, withHandle: false)
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
                        let comparison = Self.compareForSort(
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
            if let wait = try self.lock(keys, for: transaction) { return .blocked(wait) }
            if !self.cluster.storage.changed(keys, since: ts) { return .rows(targets) }
        }
    }
}
