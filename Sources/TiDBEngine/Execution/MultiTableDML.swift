import MySQLTypes

/// Multi-table UPDATE and DELETE: the joined rows that pass WHERE (a current read that locks
/// the target rows in a pessimistic transaction, as TargetRows does for one table), then each
/// target table's rows, each once however many joined rows it appears in (the first one
/// decides an UPDATE's values).
struct MultiTableDML {
    let context: WriteContext

    /// A table written, and where its columns and handle sit in the joined row.
    struct Target {
        var table: TableSchema
        var alias: String
        /// The first of its columns in the joined row.
        var offset: Int
        var handlePosition: Int
    }

    enum Found {
        case rows(schema: RowSchema, rows: [[Value]], read: ReadContext)
        case blocked(LockWait)
    }

    /// The joined rows that pass WHERE, with the targets' rows locked in a pessimistic
    /// transaction (read again if a commit slipped in before the lock).
    func joinedRows(
        _ joined: [SelectStatement.FromItem],
        where condition: Expression?,
        targets: (RowSchema) throws(MySQLError) -> [Target]
    ) throws(MySQLError) -> (Found, [Target]) {
        // USING/NATURAL reorder the joined columns; targets are located by table order.
        if joined.contains(where: { !$0.using.isEmpty || $0.natural }) {
            throw .notSupportedYet("multi-table UPDATE/DELETE with JOIN ... USING or NATURAL JOIN")
        }
        let transaction = self.context.transaction
        let select = SelectStatement(from: joined, whereClause: condition)
        while true {
            let pessimistic = transaction.mode == .pessimistic
            let ts = pessimistic ? self.context.oracle.next().rawValue : transaction.startTS.rawValue
            let read = ReadContext(ts: ts, transaction: transaction, locking: true)
            let (schema, rows) = try self.context.selectExecutor.matchingRows(select, read: read)
            let schemaOrEmpty = schema ?? RowSchema(columns: [])
            let resolved = try targets(schemaOrEmpty)
            guard pessimistic else { return (.rows(schema: schemaOrEmpty, rows: rows, read: read), resolved) }
            var keys: [LockKey] = []
            var seen = Set<LockKey>()
            for target in resolved {
                for row in rows {
                    guard case .bytes(let handle) = row[target.handlePosition] else { continue }
                    let key = LockKey(tableID: target.table.id, key: handle)
                    if seen.insert(key).inserted { keys.append(key) }
                }
            }
            if let wait = try self.context.locker.lock(keys, for: transaction) { return (.blocked(wait), resolved) }
            if !self.context.storage.changed(keys, since: ts) {
                return (.rows(schema: schemaOrEmpty, rows: rows, read: read), resolved)
            }
        }
    }

    /// The FROM item named `name` (its alias, or its table name when it has none) as a target.
    func target(
        named name: String,
        database: String?,
        in joined: [SelectStatement.FromItem],
        schema: RowSchema,
        statement: String,
        unknown: () -> MySQLError
    ) throws(MySQLError) -> Target {
        guard
            let item = joined.first(where: { item in
                let visible = item.table.alias ?? item.table.name
                guard visible.equalsIgnoringCase(name) else { return false }
                return database.map { item.table.alias == nil && (item.table.schema ?? "").equalsIgnoringCase($0) }
                    ?? true
            })
        else { throw unknown() }
        let alias = item.table.alias ?? item.table.name
        if item.table.subquery != nil {
            throw .tidb(1288, "HY000", "The target table \(alias) of the \(statement) is not updatable")
        }
        let table = try self.context.catalog.writableTable(
            TableName(database: item.table.schema, name: item.table.name)
        )
        guard let offset = schema.columns.firstIndex(where: { !$0.isHidden && $0.table.equalsIgnoringCase(alias) })
        else { throw unknown() }
        let handlePosition = offset + table.columns.count + (table.isClustered ? 0 : 1)
        guard handlePosition < schema.columns.count, schema.columns[handlePosition].handleOfTable == table.id else {
            throw .unknown("cannot locate the rows of \(alias)")
        }
        return Target(table: table, alias: alias, offset: offset, handlePosition: handlePosition)
    }

    /// A row's stored values (TIMESTAMPs in UTC) at `read`: the transaction's own write first.
    func storedValues(_ table: TableSchema, _ handle: [UInt8], read: ReadContext) -> [Value]? {
        if let pending = read.transaction?.pending(table.id, handle) { return pending.values }
        return self.context.storage.scan(tableID: table.id, path: .handles([handle]), at: read.ts).first?.values
    }
}

/// `DELETE t1[, t2] FROM ...` / `DELETE FROM t1[, t2] USING ...`: affected rows are the rows
/// deleted from all targets.
struct MultiTableDeleteExecutor {
    let context: WriteContext

    func run(_ delete: DeleteStatement) throws(MySQLError) -> WriteStep {
        let dml = MultiTableDML(context: self.context)
        let (found, targets) = try dml.joinedRows(delete.joined, where: delete.whereClause) {
            (schema) throws(MySQLError) in
            var targets: [MultiTableDML.Target] = []
            for name in delete.targets {
                let target = try dml.target(
                    named: name.name,
                    database: name.database,
                    in: delete.joined,
                    schema: schema,
                    statement: "DELETE"
                ) {
                    .tidb(1109, "42S02", "Unknown table '\(name.name)' in MULTI DELETE")
                }
                if !targets.contains(where: { $0.alias.equalsIgnoringCase(target.alias) }) { targets.append(target) }
            }
            return targets
        }
        guard case .rows(_, let rows, _) = found else {
            if case .blocked(let wait) = found { return .blocked(wait) }
            return .done(.ok(affectedRows: 0, lastInsertID: 0, info: ""))
        }
        var deleted: UInt64 = 0
        var seen = Set<LockKey>()
        for target in targets {
            for row in rows {
                guard case .bytes(let handle) = row[target.handlePosition],
                    seen.insert(LockKey(tableID: target.table.id, key: handle)).inserted
                else { continue }
                self.context.transaction.write(target.table.id, handle, nil, isInsert: false)
                deleted += 1
            }
        }
        return .done(.ok(affectedRows: deleted, lastInsertID: 0, info: ""))
    }
}
