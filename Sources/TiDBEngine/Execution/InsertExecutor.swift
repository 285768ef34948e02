import MySQLTypes

/// INSERT, INSERT IGNORE, INSERT ... ON DUPLICATE KEY UPDATE and REPLACE: completes and converts
/// the rows, locks them and their unique keys (pessimistic), then writes each row or resolves
/// its collision.
struct InsertExecutor {
    let context: WriteContext

    func run(_ insert: InsertStatement) throws(MySQLError) -> WriteStep {
        let environment = self.context.environment
        let storage = self.context.storage
        let transaction = self.context.transaction
        let table = try self.context.catalog.writableTable(insert.table)
        let writer = self.context.tableWriter(table, ignore: insert.ignore)
        let constraints = ConstraintEnforcer(context: self.context)
        let positions = try self.insertPositions(insert.columns, table: table)
        var insert = insert
        if case .values(let valueRows) = insert.source,
            valueRows.contains(where: { $0.contains(where: TableWriter.callsDefault) })
        {
            insert.source = .values(try self.resolvingDefaultCalls(valueRows, positions: positions, writer: writer))
        }
        let given = try self.insertSourceRows(insert, width: positions.count)

        // Complete and convert every row, and find its handle.
        var rows: [(values: [Value], handle: [UInt8])] = []
        rows.reserveCapacity(given.count)
        var firstGenerated: Int64?
        var explicitAutoIncrement: Int64?
        let autoColumn = table.autoIncrementColumn
        let autoRandomColumn = table.autoRandomColumn
        for (index, provided) in given.enumerated() {
            let rowNumber = index + 1
            var values = [Value](repeating: .null, count: table.columns.count)
            var isGiven = [Bool](repeating: false, count: table.columns.count)
            for (slot, position) in positions.enumerated() {
                guard let value = provided[slot] else { continue }  // DEFAULT
                try writer.refuseValue(forGeneratedColumn: position)
                isGiven[position] = true
                if position == autoColumn || position == autoRandomColumn, value.isNull { continue }
                values[position] = try writer.convert(value, toColumn: position, row: rowNumber, ignore: insert.ignore)
            }
            for position in table.columns.indices where !isGiven[position] && table.columns[position].generated == nil {
                values[position] = try writer.defaultValue(ofColumn: position, row: rowNumber)
            }
            if let autoColumn {
                let zero = !self.context.dataModes.noAutoValueOnZero && Self.isZero(values[autoColumn])
                if values[autoColumn].isNull || zero {
                    let id = storage.allocateAutoIncrement(tableID: table.id, count: 1)
                    try Self.checkAutoIncrementRange(id, type: table.columns[autoColumn].type)
                    firstGenerated = firstGenerated ?? id
                    values[autoColumn] = try writer.convert(
                        .int(id),
                        toColumn: autoColumn,
                        row: rowNumber,
                        ignore: false
                    )
                } else if let used = values[autoColumn].int64(warn: { _ in }) {
                    storage.rebaseAutoIncrement(tableID: table.id, usedValue: used)
                    explicitAutoIncrement = used
                }
            }
            if let autoRandomColumn,
                let generated = try self.fillAutoRandom(
                    &values,
                    column: autoRandomColumn,
                    table: table,
                    writer: writer,
                    row: rowNumber
                )
            {
                firstGenerated = firstGenerated ?? generated
            }
            try writer.computeGeneratedColumns(&values, row: rowNumber, ignore: insert.ignore)
            try constraints.checkRow(values, of: table)
            rows.append((values, writer.handle(for: values)))
        }

        // Pessimistic transactions lock every row and unique key before looking for duplicates.
        if transaction.mode == .pessimistic {
            var keys: [LockKey] = []
            keys.reserveCapacity(rows.count)
            for row in rows { keys += writer.lockKeys(handle: row.handle, values: row.values) }
            if let wait = try self.context.locker.lock(keys, for: transaction) { return .blocked(wait) }
        }

        var affected: UInt64 = 0
        var duplicates = 0
        for (index, row) in rows.enumerated() {
            // IGNORE skips a row without its parent, with the error as a warning (TiDB).
            if insert.ignore, let missing = constraints.missingParent(table, values: row.values) {
                environment.warn(missing)
                continue
            }
            guard let collision = writer.collision(row.values, handle: row.handle) else {
                transaction.write(table.id, row.handle, row.values, isInsert: true)
                try constraints.afterWrite(table, old: nil, new: row.values)
                affected += 1
                continue
            }
            if insert.replace {
                affected += try self.replace(row, collidingWith: collision, writer: writer, constraints: constraints)
                duplicates += 1
            } else if !insert.onDuplicateUpdate.isEmpty {
                let changed = try self.updateOnDuplicate(
                    insert,
                    row: row.values,
                    existing: collision,
                    writer: writer,
                    constraints: constraints,
                    rowNumber: index + 1
                )
                if changed {
                    affected += 2
                    duplicates += 1
                }
            } else if insert.ignore {
                environment.warn(writer.duplicateError(row.values, index: collision.index))
                duplicates += 1
            } else {
                throw writer.duplicateError(row.values, index: collision.index)
            }
        }

        if let firstGenerated { environment.lastInsertID = UInt64(bitPattern: firstGenerated) }
        let insertID = firstGenerated ?? explicitAutoIncrement ?? 0
        var info = ""
        if case .values(let valueRows) = insert.source, valueRows.count == 1 {
            info = ""
        } else {
            info = "Records: \(rows.count)  Duplicates: \(duplicates)  Warnings: \(environment.statementWarningCount)"
        }
        return .done(.ok(affectedRows: affected, lastInsertID: UInt64(bitPattern: insertID), info: info))
    }

    private static func isZero(_ value: Value) -> Bool {
        switch value {
        case .int(0), .uint(0): return true
        default: return false
        }
    }

    /// The table positions of the column list (all columns without one): 1054, 1110.
    private func insertPositions(_ names: [String]?, table: TableSchema) throws(MySQLError) -> [Int] {
        guard let names else { return Array(table.columns.indices) }
        var positions: [Int] = []
        for name in names {
            guard let position = table.columnIndex(name) else {
                if name.lowercased() == "_tidb_rowid", !table.isClustered {
                    throw .unknown("insert, update and replace statements for _tidb_rowid are not supported")
                }
                throw .unknownColumn(name, in: "field list")
            }
            if positions.contains(position) {
                throw MySQLError(code: 1110, sqlState: "42000", message: "Column '\(name)' specified twice")
            }
            positions.append(position)
        }
        return positions
    }

    /// The given values per row; nil stands for `DEFAULT`. 1136 when a row has the wrong width.
    private func insertSourceRows(_ insert: InsertStatement, width: Int) throws(MySQLError) -> [[Value?]] {
        switch insert.source {
        case .values(let rows):
            let evaluator = Evaluator(environment: self.context.environment)
            var result: [[Value?]] = []
            result.reserveCapacity(rows.count)
            for (index, row) in rows.enumerated() {
                // `INSERT INTO t VALUES ()` gives every column its default.
                if row.isEmpty {
                    result.append(Array(repeating: nil, count: width))
                    continue
                }
                guard row.count == width else { throw .columnCountMismatch(row: index + 1) }
                var values: [Value?] = []
                values.reserveCapacity(width)
                for expression in row {
                    if case .defaultValue = expression {
                        values.append(nil)
                    } else {
                        values.append(try evaluator.evaluate(expression))
                    }
                }
                result.append(values)
            }
            return result
        case .select(let select):
            // The newest committed rows, and the transaction's own writes.
            let read = ReadContext(ts: self.context.oracle.next().rawValue, transaction: self.context.transaction)
            let result = try self.context.selectExecutor.query(select, read: read)
            guard result.columns.count == width else { throw .columnCountMismatch(row: 1) }
            return result.rows.map { $0.map { Optional($0) } }
        }
    }

    /// REPLACE: the colliding rows go, the new row comes. Returns the affected-row count.
    private func replace(
        _ row: (values: [Value], handle: [UInt8]),
        collidingWith first: (handle: [UInt8], values: [Value], index: IndexSchema),
        writer: TableWriter,
        constraints: ConstraintEnforcer
    ) throws(MySQLError) -> UInt64 {
        if first.handle == row.handle, first.values == row.values { return 1 }
        var affected: UInt64 = 1
        var collision: (handle: [UInt8], values: [Value], index: IndexSchema)? = first
        while let current = collision {
            writer.transaction.write(writer.table.id, current.handle, nil, isInsert: false)
            try constraints.afterWrite(writer.table, old: current.values, new: nil)
            affected += 1
            collision = writer.collision(row.values, handle: row.handle)
        }
        writer.transaction.write(writer.table.id, row.handle, row.values, isInsert: true)
        try constraints.afterWrite(writer.table, old: nil, new: row.values)
        return affected
    }

    /// ON DUPLICATE KEY UPDATE on the first colliding row. Returns whether it changed.
    private func updateOnDuplicate(
        _ insert: InsertStatement,
        row inserted: [Value],
        existing: (handle: [UInt8], values: [Value], index: IndexSchema),
        writer: TableWriter,
        constraints: ConstraintEnforcer,
        rowNumber: Int
    ) throws(MySQLError) -> Bool {
        let table = writer.table
        let schema = self.context.catalog.rowSchema(of: table, alias: table.name, withHandle: false)
        let visible = self.context.selectExecutor
        var evaluator = Evaluator(environment: self.context.environment, schema: schema)
        evaluator.insertedRow = visible.visibleValues(
            StoredRow(handle: existing.handle, values: inserted),
            of: table,
            withHandle: false
        )
        evaluator.row = visible.visibleValues(
            StoredRow(handle: existing.handle, values: existing.values),
            of: table,
            withHandle: false
        )
        var updated = existing.values
        for (name, assigned) in insert.onDuplicateUpdate {
            guard let position = table.columnIndex(name) else { throw .unknownColumn(name, in: "field list") }
            var expression = assigned
            if TableWriter.callsDefault(expression) {
                // `g = DEFAULT(g)` is `g = DEFAULT`; other DEFAULT(c) calls are c's default.
                if try writer.defaultCallColumn(expression) == position, table.columns[position].generated != nil {
                    continue
                }
                expression = try writer.resolvingDefaultCalls(expression, row: rowNumber)
            }
            // `SET c = DEFAULT`: the column's default, as UPDATE gives it.
            let value: Value
            if case .defaultValue = expression {
                if table.columns[position].generated != nil { continue }
                value = try writer.defaultValue(ofColumn: position, row: rowNumber)
            } else {
                value = try evaluator.evaluate(expression)
                try writer.refuseValue(forGeneratedColumn: position)
            }
            updated[position] = try writer.convert(value, toColumn: position, row: rowNumber, ignore: insert.ignore)
            evaluator.row[position] = updated[position]
        }
        try writer.computeGeneratedColumns(&updated, row: rowNumber, ignore: insert.ignore)
        guard updated != existing.values else { return false }
        writer.applyOnUpdateTimestamps(
            &updated,
            previous: existing.values,
            assigned: Set(insert.onDuplicateUpdate.compactMap { table.columnIndex($0.0) })
        )
        try constraints.checkRow(updated, of: table)
        let newHandle = table.isClustered ? writer.handle(for: updated) : existing.handle
        if let collision = writer.collision(updated, handle: newHandle, excluding: existing.handle) {
            let error = writer.duplicateError(updated, index: collision.index)
            guard insert.ignore else { throw error }
            self.context.environment.warn(error)
            return false
        }
        if newHandle != existing.handle {
            writer.transaction.write(table.id, existing.handle, nil, isInsert: false)
            writer.transaction.write(table.id, newHandle, updated, isInsert: true)
        } else {
            writer.transaction.write(table.id, existing.handle, updated, isInsert: false)
        }
        try constraints.afterWrite(table, old: existing.values, new: updated)
        return true
    }
}
