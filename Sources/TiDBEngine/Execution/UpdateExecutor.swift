import MySQLTypes

/// UPDATE: finds the rows (`TargetRows`: a current read in a pessimistic transaction, locked),
/// computes each new version, locks its new unique keys and writes it unless it collides.
struct UpdateExecutor {
    let context: WriteContext
    /// The client asked for CLIENT_FOUND_ROWS: the affected count is the matched rows.
    let reportsFoundRows: Bool

    func run(_ update: UpdateStatement) throws(MySQLError) -> WriteStep {
        if !update.joined.isEmpty {
            return try MultiTableUpdateExecutor(context: self.context, reportsFoundRows: self.reportsFoundRows).run(
                update
            )
        }
        let environment = self.context.environment
        let transaction = self.context.transaction
        let table = try self.context.catalog.writableTable(update.table)
        let alias = update.alias ?? table.name
        let schema = self.context.catalog.rowSchema(of: table, alias: alias, withHandle: false)
        var assignments: [(position: Int, value: Expression)] = []
        for assignment in update.assignments {
            let position = try schema.index(of: assignment.column, clause: "field list")
            guard position < table.columns.count else {
                throw .unknown("insert, update and replace statements for _tidb_rowid are not supported")
            }
            assignments.append((position, assignment.value))
        }
        let writer = self.context.tableWriter(table, ignore: update.ignore)
        let targets: [StoredRow]
        switch try TargetRows(context: self.context).find(
            in: table,
            alias: alias,
            condition: update.whereClause,
            orderBy: update.orderBy,
            limit: update.limit
        ) {
        case .blocked(let wait): return .blocked(wait)
        case .rows(let rows): targets = rows
        }

        let reader = self.context.selectExecutor
        let constraints = ConstraintEnforcer(context: self.context)
        var evaluator = Evaluator(environment: environment, schema: schema)
        let assigned = Set(assignments.map(\.position))
        var changed: UInt64 = 0
        for (index, target) in targets.enumerated() {
            evaluator.row = reader.visibleValues(target, of: table, withHandle: false)
            var values = target.values
            for (position, assigned) in assignments {
                var expression = assigned
                if TableWriter.callsDefault(expression) {
                    // `g = DEFAULT(g)` is `g = DEFAULT`; other DEFAULT(c) calls are c's default.
                    if try writer.defaultCallColumn(expression) == position, table.columns[position].generated != nil {
                        expression = .defaultValue
                    } else {
                        expression = try writer.resolvingDefaultCalls(expression, row: index + 1)
                    }
                }
                let value: Value
                if case .defaultValue = expression {
                    if table.columns[position].generated != nil { continue }
                } else {
                    try writer.refuseValue(forGeneratedColumn: position)
                }
                if case .defaultValue = expression {
                    value = try writer.defaultValue(ofColumn: position, row: index + 1)
                } else {
                    value = try evaluator.evaluate(expression)
                }
                // Every assignment reads the original row (`SET a = b, b = a` swaps): TiDB follows
                // standard SQL here, where MySQL lets later assignments see earlier ones.
                values[position] = try writer.convert(value, toColumn: position, row: index + 1, ignore: update.ignore)
            }
            try writer.computeGeneratedColumns(&values, row: index + 1, ignore: update.ignore)
            guard values != target.values else { continue }
            writer.applyOnUpdateTimestamps(&values, previous: target.values, assigned: assigned)
            try constraints.checkRow(values, of: table)
            let handle = table.isClustered ? writer.handle(for: values) : target.handle
            if transaction.mode == .pessimistic {
                let keys = writer.lockKeys(handle: handle, values: values)
                if let wait = try self.context.locker.lock(keys, for: transaction) { return .blocked(wait) }
            }
            if let collision = writer.collision(values, handle: handle, excluding: target.handle) {
                let error = writer.duplicateError(values, index: collision.index)
                guard update.ignore else { throw error }
                environment.warn(error)
                continue
            }
            if handle != target.handle {
                transaction.write(table.id, target.handle, nil, isInsert: false)
                transaction.write(table.id, handle, values, isInsert: true)
            } else {
                transaction.write(table.id, handle, values, isInsert: false)
            }
            try constraints.afterWrite(table, old: target.values, new: values)
            changed += 1
        }
        let matched = UInt64(targets.count)
        let info = "Rows matched: \(matched)  Changed: \(changed)  Warnings: \(environment.statementWarningCount)"
        return .done(.ok(affectedRows: self.reportsFoundRows ? matched : changed, lastInsertID: 0, info: info))
    }
}
