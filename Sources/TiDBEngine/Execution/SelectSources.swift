import MySQLTypes

/// FROM items: user tables read through the MVCC store (with the transaction's own writes on
/// top), `mysql.tidb`, and `information_schema`.
extension Session {
    /// Where and how a statement reads.
    struct ReadContext {
        /// Snapshot TS, or `Storage.latest`-like fresh TS for current reads.
        var ts: UInt64
        /// Its uncommitted writes are visible to the statement.
        var transaction: TransactionContext?
        /// Locking read: every user-table row carries its handle in a hidden column.
        var locking = false
    }

    /// Rows of a FROM item with the columns expressions see.
    struct SourceRows {
        var schema: RowSchema
        var rows: [[Value]]
        /// What of the condition given for reading the rows they still have to pass.
        var residual: Expression? = nil
    }

    /// A user table by name: 1046 without a database, 1146 when it does not exist.
    func userTable(_ name: TableName) throws(MySQLError) -> TableSchema {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        let qualified = TableName(database: database, name: name.name)
        let version = self.cluster.storage.schemaVersion
        if self.caches.tableSchemas.version == version, let table = self.caches.tableSchemas.tables[qualified] {
            return table
        }
        guard let table = self.cluster.storage.table(database, name.name) else {
            throw .tableDoesNotExist(schema: database, table: name.name)
        }
        if self.caches.tableSchemas.version != version || self.caches.tableSchemas.tables.count > 256 {
            self.caches.tableSchemas = (version, [:])
        }
        self.caches.tableSchemas.tables[qualified] = table
        return table
    }

    func sourceRows(
        _ reference: SelectStatement.TableReference,
        condition: Expression?,
        read: ReadContext
    ) throws(MySQLError) -> SourceRows {
        guard let database = reference.schema ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        let alias = reference.alias ?? reference.name
        if Cluster.isSystemDatabase(database) {
            var rows = try self.systemTableRows(database: database, table: reference.name, alias: alias)
            rows.residual = condition
            return rows
        }
        let table = try self.userTable(TableName(database: database, name: reference.name))
        let schema = self.rowSchema(of: table, alias: alias, withHandle: read.locking)
        let evaluator = Evaluator(session: self, schema: schema)
        let (stored, residual) = self.readRows(
            table,
            alias: alias,
            condition: condition,
            read: read,
            evaluator: evaluator
        )
        var rows: [[Value]] = []
        rows.reserveCapacity(stored.count)
        for row in stored { rows.append(self.visibleValues(row, of: table, withHandle: read.locking)) }
        return SourceRows(schema: schema, rows: rows, residual: residual)
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
        let rows = self.cluster.storage.scan(tableID: table.id, path: plan.path, at: read.ts)
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
            for (position, column) in table.columns.enumerated() where column.type.kind == .timestamp {
                guard case .datetime(let utc) = values[position], utc.year > 0 else { continue }
                let micros = utc.microsecondsSinceEpoch(offsetSeconds: 0)
                let offset = self.timeZone.offsetSeconds(atMicroseconds: micros)
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

    func rowSchema(of table: TableSchema, alias: String, withHandle: Bool = false) -> RowSchema {
        let cacheKey = RowSchemaCacheKey(
            tableID: table.id,
            version: table.version,
            alias: alias,
            withHandle: withHandle
        )
        if let cached = self.caches.rowSchemas[cacheKey] { return cached }
        var columns = table.columns.enumerated().map { position, column in
            RowSchema.Column(
                schema: table.database,
                table: alias,
                name: column.name,
                type: table.fieldType(ofColumn: position),
                originalTable: table.name
            )
        }
        if !table.isClustered {
            columns.append(
                RowSchema.Column(
                    schema: table.database,
                    table: alias,
                    name: "_tidb_rowid",
                    type: FieldType.bigint(length: 20, flags: [.binary, .notNull, .primaryKey]),
                    isHidden: true,
                    originalTable: table.name
                )
            )
        }
        if withHandle {
            columns.append(
                RowSchema.Column(
                    schema: "",
                    table: "",
                    name: "",
                    type: FieldType.bigint(),
                    isHidden: true,
                    handleOfTable: table.id
                )
            )
        }
        let schema = RowSchema(columns: columns)
        if self.caches.rowSchemas.count > 256 { self.caches.rowSchemas.removeAll() }
        self.caches.rowSchemas[cacheKey] = schema
        return schema
    }

    private func systemTableRows(database: String, table: String, alias: String) throws(MySQLError) -> SourceRows {
        let lowerDatabase = database.lowercased()
        let lowerTable = table.lowercased()
        if lowerDatabase == "mysql", lowerTable == "tidb" {
            _ = self.activateTransactionForRead()
            return SourceRows(
                schema: Self.mysqlTiDBSchema(alias: alias),
                rows: self.cluster.mysqlTiDB.allRows.map { [.string($0.name), .string($0.value), .string($0.comment)] }
            )
        }
        if lowerDatabase == "information_schema",
            let rows = try InformationSchema(session: self).table(lowerTable, alias: alias)
        {
            return rows
        }
        throw .notSupportedYet("SELECT FROM \(database).\(table)")
    }

    static func mysqlTiDBSchema(alias: String) -> RowSchema {
        let name = FieldType(
            type: .varString,
            length: 256,
            flags: [.notNull, .primaryKey, .noDefaultValue],
            charset: CollationID.utf8mb4Bin
        )
        let text = FieldType(type: .varString, length: 4096, charset: CollationID.utf8mb4Bin)
        return RowSchema(columns: [
            .init(schema: "mysql", table: alias, name: "VARIABLE_NAME", type: name, originalTable: "tidb"),
            .init(schema: "mysql", table: alias, name: "VARIABLE_VALUE", type: text, originalTable: "tidb"),
            .init(schema: "mysql", table: alias, name: "COMMENT", type: text, originalTable: "tidb"),
        ])
    }
}

struct RowSchemaCacheKey: Hashable {
    var tableID: Int64
    var version: Int64
    var alias: String
    var withHandle: Bool
}

extension TableSchema {
    var hasTimestampColumns: Bool { self.columns.contains { $0.type.kind == .timestamp } }

    /// The column definition TiDB sends for a table column: its type with key flags.
    func fieldType(ofColumn position: Int) -> FieldType {
        let column = self.columns[position]
        let inPrimary = self.primaryKey?.columns.contains(position) ?? false
        let unique = self.indexes.contains { $0.isUnique && !$0.isPrimary && $0.columns == [position] }
        let multiple = self.indexes.contains { !$0.isUnique && $0.columns.first == position }
        var type = column.type.fieldType(
            notNull: !column.isNullable,
            primaryKey: inPrimary,
            uniqueKey: unique,
            multipleKey: multiple,
            autoIncrement: column.isAutoIncrement
        )
        if !column.isNullable, case .none = column.defaultValue, !column.isAutoIncrement {
            type.flags.insert(.noDefaultValue)
        }
        if column.onUpdateCurrentTimestamp { type.flags.insert(.onUpdateNow) }
        return type
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
