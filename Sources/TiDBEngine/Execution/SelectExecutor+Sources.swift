import MySQLTypes

/// FROM items: user tables read through the MVCC store (with the transaction's own writes on
/// top), and the system tables the catalog builds (`mysql.tidb`, `information_schema`).
extension SelectExecutor {
    /// A FROM item's rows; `condition` narrows the read where a key can serve it.
    func sourceRows(
        _ reference: SelectStatement.TableReference,
        condition: Expression?,
        read: ReadContext
    ) throws(MySQLError) -> SourceRows {
        if let cte = reference.recursiveCTE {
            let result = try self.recursiveCTEResult(cte, read: read)
            return try Self.derivedTable(result, alias: reference.name, columnNames: nil, condition: condition)
        }
        if reference.schema == nil, let working = self.workingTables[reference.name.lowercased()] {
            let alias = reference.alias ?? reference.name
            return try Self.derivedTable(working, alias: alias, columnNames: nil, condition: condition)
        }
        if let subquery = reference.subquery {
            guard !reference.name.isEmpty else {
                throw .tidb(1248, "42000", "Every derived table must have its own alias")
            }
            let result = try self.query(subquery, read: read)
            return try Self.derivedTable(
                result,
                alias: reference.name,
                columnNames: reference.columnNames,
                condition: condition
            )
        }
        guard let database = reference.schema ?? self.catalog.currentDatabase else { throw .noDatabaseSelected }
        let alias = reference.alias ?? reference.name
        if Cluster.isSystemDatabase(database) {
            var rows = self.prefilteredSystemRows(
                try self.catalog.systemTableRows(database: database, table: reference.name, alias: alias),
                alias: alias,
                by: condition
            )
            rows.residual = condition
            return rows
        }
        if let view = self.catalog.view(database, reference.name) {
            return try self.viewRows(view, alias: alias, condition: condition, read: read)
        }
        let name = TableName(database: database, name: reference.name)
        // A view's query names catalog tables: a local temporary table does not hide them there.
        let table = try self.expandingViews.isEmpty ? self.catalog.userTable(name) : self.catalog.catalogTable(name)
        let schema = self.catalog.rowSchema(of: table, alias: alias, withHandle: read.locking)
        let evaluator = Evaluator(environment: self.environment, schema: schema)
        var planned = table
        if !reference.indexHints.isEmpty {
            try table.checkIndexHints(reference.indexHints)
            planned = table.applyingIndexHints(reference.indexHints)
        }
        let (stored, residual) = self.readRows(
            planned,
            alias: alias,
            condition: condition,
            read: read,
            evaluator: evaluator
        )
        var rows: [[Value]] = []
        rows.reserveCapacity(stored.count)
        let selected = try self.partitionFilter(table, reference.partitions)
        for row in stored where try selected?(row.values) ?? true {
            rows.append(self.visibleValues(row, of: table, withHandle: read.locking))
        }
        return SourceRows(schema: schema, rows: rows, residual: residual)
    }

    /// `(SELECT ...) AS alias`: the subquery's result as a table named `alias` (its columns
    /// renamed by a CTE's column list), read at the outer query's snapshot.
    static func derivedTable(
        _ result: ResultSet,
        alias: String,
        columnNames: [String]?,
        condition: Expression?
    ) throws(MySQLError) -> SourceRows {
        var result = result
        if let columnNames {
            guard columnNames.count == result.columns.count else { throw .cteColumnCountMismatch }
            for index in columnNames.indices { result.columns[index].name = columnNames[index] }
        }
        var seen = Set<String>()
        for column in result.columns where !seen.insert(column.name.lowercased()).inserted {
            throw .duplicateColumn(column.name)
        }
        let schema = RowSchema(
            columns: result.columns.map {
                RowSchema.Column(
                    schema: "",
                    table: alias,
                    name: $0.name,
                    type: FieldType(
                        type: $0.type,
                        length: $0.length,
                        decimals: $0.decimals,
                        flags: $0.flags,
                        charset: $0.characterSet
                    ),
                    originalTable: alias
                )
            }
        )
        return SourceRows(schema: schema, rows: result.rows, residual: condition)
    }

    /// The stored rows a condition may select, in handle order (the access planner narrows the
    /// scan), and the part of the condition the caller must still apply to them.
    func readRows(
        _ table: TableSchema,
        alias: String,
        condition: Expression?,
        read: ReadContext,
        evaluator: Evaluator
    ) -> (rows: [StoredRow], residual: Expression?) {
        let plan = AccessPlanner(table: table, alias: alias, evaluator: evaluator).plan(condition)
        let rows = self.storage.scan(tableID: table.id, path: plan.path, at: read.ts)
        guard let pending = read.transaction?.writes.tables[table.id], !pending.isEmpty else {
            return (rows, plan.residual)
        }
        // The transaction's own rows join the scan's, and get the whole condition. A lookup by
        // handle takes only its handles' (a transaction writing thousands of rows by primary
        // key, as a changefeed's sink does, would otherwise re-read all of them per statement).
        var merged = rows.filter { pending[$0.handle] == nil }
        switch plan.path {
        case .handles(let handles):
            for handle in Set(handles) {
                if let values = pending[handle]?.values { merged.append(StoredRow(handle: handle, values: values)) }
            }
        case .handleRange(let lower, let upper):
            for (handle, write) in pending {
                guard let values = write.values,
                    lower.map({ ByteOrder.compare(handle, $0) >= 0 }) ?? true,
                    upper.map({ ByteOrder.compare(handle, $0) < 0 }) ?? true
                else { continue }
                merged.append(StoredRow(handle: handle, values: values))
            }
        case .full, .index:
            for (handle, write) in pending {
                if let values = write.values { merged.append(StoredRow(handle: handle, values: values)) }
            }
        }
        if merged.count > 1 { merged.sort { ByteOrder.compare($0.handle, $1.handle) < 0 } }
        return (merged, condition)
    }

    /// A stored row as expressions see it: its columns (TIMESTAMPs in the session zone), then
    /// `_tidb_rowid` (tables without a clustered primary key), then the handle for locking reads.
    func visibleValues(_ row: StoredRow, of table: TableSchema, withHandle: Bool) -> [Value] {
        guard !table.isClustered || withHandle || table.hasTimestampColumns else { return row.values }
        var values = row.values
        if table.hasTimestampColumns {
            let timeZone = self.environment.timeZone
            for (position, column) in table.columns.enumerated() where column.type.kind == .timestamp {
                guard case .datetime(let utc) = values[position], utc.year > 0 else { continue }
                let micros = utc.microsecondsSinceEpoch(offsetSeconds: 0)
                let offset = timeZone.offsetSeconds(atMicroseconds: micros)
                values[position] = .datetime(
                    SQLDateTime(
                        microsecondsSinceEpoch: micros,
                        offsetSeconds: offset,
                        fractionDigits: utc.fractionDigits
                    )
                )
            }
        }
        if !table.isClustered { values.append(KeyEncoding.decodeRowID(row.handle).map(Value.int) ?? .null) }
        if withHandle { values.append(.bytes(row.handle)) }
        return values
    }
}

extension KeyEncoding {
    static func decodeRowID(_ handle: [UInt8]) -> Int64? {
        guard handle.count == 9, handle[0] == Self.intTag else { return nil }
        var value: UInt64 = 0
        for byte in handle[1...] { value = value << 8 | UInt64(byte) }
        return Int64(bitPattern: value ^ (1 << 63))
    }
}
