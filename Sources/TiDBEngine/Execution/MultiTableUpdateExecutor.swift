import MySQLTypes

/// `UPDATE t1 JOIN t2 ON ... SET t1.a = t2.b, t2.c = ...` / `UPDATE t1, t2 SET ... WHERE ...`:
/// every assignment reads the joined row as it was read (the first joined row a target row
/// appears in); each target row is updated once. Affected rows are the rows changed (matched
/// with CLIENT_FOUND_ROWS), the info counts matched and changed rows over all tables.
struct MultiTableUpdateExecutor {
    let context: WriteContext
    let reportsFoundRows: Bool

    private struct TableAssignments {
        var target: MultiTableDML.Target
        var assignments: [(position: Int, value: Expression)] = []
    }

    func run(_ update: UpdateStatement) throws(MySQLError) -> WriteStep {
        let environment = self.context.environment
        let transaction = self.context.transaction
        let dml = MultiTableDML(context: self.context)
        var perTable: [TableAssignments] = []
        let (found, _) = try dml.joinedRows(update.joined, where: update.whereClause) { (schema) throws(MySQLError) in
            perTable = try self.assignments(update, schema: schema, dml: dml)
            return perTable.map(\.target)
        }
        let schema: RowSchema
        let rows: [[Value]]
        let read: ReadContext
        switch found {
        case .blocked(let wait): return .blocked(wait)
        case .rows(let joinedSchema, let joinedRows, let joinedRead):
            (schema, rows, read) = (joinedSchema, joinedRows, joinedRead)
        }
        var evaluator = Evaluator(environment: environment, schema: schema)
        var matched: UInt64 = 0
        var changed: UInt64 = 0
        for entry in perTable {
            let table = entry.target.table
            let writer = self.context.tableWriter(table, ignore: update.ignore)
            let assigned = Set(entry.assignments.map(\.position))
            var seen = Set<[UInt8]>()
            for row in rows {
                guard case .bytes(let oldHandle) = row[entry.target.handlePosition], seen.insert(oldHandle).inserted,
                    let stored = dml.storedValues(table, oldHandle, read: read)
                else { continue }
                matched += 1
                evaluator.row = row
                var values = stored
                for (position, expression) in entry.assignments {
                    let value: Value
                    if case .defaultValue = expression {
                        value = try writer.defaultValue(ofColumn: position, row: Int(matched))
                    } else {
                        value = try evaluator.evaluate(expression)
                    }
                    values[position] = try writer.convert(
                        value,
                        toColumn: position,
                        row: Int(matched),
                        ignore: update.ignore
                    )
                }
                guard values != stored else { continue }
                writer.applyOnUpdateTimestamps(&values, previous: stored, assigned: assigned)
                let handle = table.isClustered ? writer.handle(for: values) : oldHandle
                if transaction.mode == .pessimistic {
                    let keys = writer.lockKeys(handle: handle, values: values)
                    if let wait = try self.context.locker.lock(keys, for: transaction) { return .blocked(wait) }
                }
                if let collision = writer.collision(values, handle: handle, excluding: oldHandle) {
                    let error = writer.duplicateError(values, index: collision.index)
                    guard update.ignore else { throw error }
                    environment.warn(error)
                    continue
                }
                if handle != oldHandle {
                    transaction.write(table.id, oldHandle, nil, isInsert: false)
                    transaction.write(table.id, handle, values, isInsert: true)
                } else {
                    transaction.write(table.id, handle, values, isInsert: false)
                }
                changed += 1
            }
        }
        let info = "Rows matched: \(matched)  Changed: \(changed)  Warnings: \(environment.statementWarningCount)"
        return .done(.ok(affectedRows: self.reportsFoundRows ? matched : changed, lastInsertID: 0, info: info))
    }

    /// The assignments grouped by the table they write, in the order the tables are first named.
    private func assignments(
        _ update: UpdateStatement,
        schema: RowSchema,
        dml: MultiTableDML
    ) throws(MySQLError) -> [TableAssignments] {
        var result: [TableAssignments] = []
        for assignment in update.assignments {
            let position = try schema.index(of: assignment.column, clause: "field list")
            let column = schema.columns[position]
            guard !column.isHidden else {
                throw .unknown("insert, update and replace statements for _tidb_rowid are not supported")
            }
            let index: Int
            if let existing = result.firstIndex(where: { $0.target.alias.equalsIgnoringCase(column.table) }) {
                index = existing
            } else {
                let target = try dml.target(
                    named: column.table,
                    database: nil,
                    in: update.joined,
                    schema: schema,
                    statement: "UPDATE"
                ) { .unknownColumn(Evaluator.qualifiedName(assignment.column), in: "field list") }
                result.append(TableAssignments(target: target))
                index = result.count - 1
            }
            result[index].assignments.append((position - result[index].target.offset, assignment.value))
        }
        return result
    }
}
