import MySQLTypes

/// Schema changes. Each is atomic, bumps the schema version and is logged at a new commit TS.
extension Storage {
    /// How an ALTER TABLE maps a stored row to the new columns; it may refuse a row.
    typealias RowTransform = ([Value]) throws(MySQLError) -> [Value]

    enum DDLFailure: Error {
        case failed(MySQLError)
    }

    func logDDL(
        _ state: inout State,
        database: String,
        table: String?,
        statement: String,
        writeSource: UInt64 = 0,
        replicated: Bool = true
    ) {
        state.schemaVersion += 1
        self.publishedSchemaVersion.store(state.schemaVersion, ordering: .releasing)
        // A temporary table's DDL stays out of the change stream, as TiCDC skips it.
        guard replicated else { return }
        state.changeLog.append(
            ChangeRecord(
                commitTS: self.pd.oracle.next(),
                change: .ddl(database: database, table: table, statement: statement),
                writeSource: writeSource
            )
        )
    }

    func createDatabase(
        _ name: String,
        ifNotExists: Bool,
        collation: Collation = .utf8mb4Bin,
        statement: String,
        writeSource: UInt64 = 0
    ) throws(MySQLError) {
        try self.state.withLock { (state) throws(MySQLError) in
            if state.databases[name.lowercased()] != nil {
                if ifNotExists { return }
                throw .tidb(1007, "HY000", "Can't create database '\(name)'; database exists")
            }
            var database = DatabaseSchema(name: name)
            database.charset = collation.charset
            database.collation = collation.name
            state.databases[name.lowercased()] = database
            self.logDDL(&state, database: name, table: nil, statement: statement, writeSource: writeSource)
        }
    }

    func dropDatabase(_ name: String, ifExists: Bool, statement: String, writeSource: UInt64 = 0) throws(MySQLError) {
        try self.state.withLock { (state) throws(MySQLError) in
            let lower = name.lowercased()
            guard state.databases[lower] != nil else {
                if ifExists { return }
                throw .tidb(1008, "HY000", "Can't drop database '\(name)'; database doesn't exist")
            }
            state.databases[lower] = nil
            for (key, id) in state.tableIDs where key.hasPrefix(lower + ".") {
                state.tableIDs[key] = nil
                state.tables[id] = nil
            }
            for key in state.views.keys where key.hasPrefix(lower + ".") { state.views[key] = nil }
            for key in state.sequences.keys where key.hasPrefix(lower + ".") { state.sequences[key] = nil }
            self.logDDL(&state, database: name, table: nil, statement: statement, writeSource: writeSource)
        }
    }

    /// Creates a table; returns false when it existed and `ifNotExists` was given.
    @discardableResult
    func createTable(
        _ schema: TableSchema,
        ifNotExists: Bool,
        autoIncrementStart: Int64?,
        statement: String,
        writeSource: UInt64 = 0
    ) throws(MySQLError) -> Bool {
        try self.state.withLock { (state) throws(MySQLError) -> Bool in
            guard state.databases[schema.database.lowercased()] != nil else { throw .unknownDatabase(schema.database) }
            let key = Self.tableKey(schema.database, schema.name)
            if state.tableIDs[key] != nil || state.views[key] != nil || state.sequences[key] != nil {
                if ifNotExists { return false }
                throw .tidb(1050, "42S01", "Table '\(schema.database).\(schema.name)' already exists")
            }
            var schema = schema
            schema.id = state.nextTableID
            state.nextTableID += 2
            schema.version = state.schemaVersion + 1
            let data = TableData(schema: schema)
            if let start = autoIncrementStart {
                data.autoIncrement = AutoIncrement(start: max(1, start), batchSize: schema.autoIDCache)
            }
            state.tables[schema.id] = data
            state.tableIDs[key] = schema.id
            self.logDDL(
                &state,
                database: schema.database,
                table: schema.name,
                statement: statement,
                writeSource: writeSource,
                replicated: schema.temporary == nil
            )
            return true
        }
    }

    func dropTable(
        database: String,
        name: String,
        ifExists: Bool,
        statement: String,
        writeSource: UInt64 = 0
    ) throws(MySQLError) {
        try self.state.withLock { (state) throws(MySQLError) in
            let key = Self.tableKey(database, name)
            guard let id = state.tableIDs[key] else {
                if ifExists { return }
                throw .tidb(1051, "42S02", "Unknown table '\(database).\(name)'")
            }
            let replicated = state.tables[id]?.schema.temporary == nil
            state.tableIDs[key] = nil
            state.tables[id] = nil
            self.logDDL(
                &state,
                database: database,
                table: name,
                statement: statement,
                writeSource: writeSource,
                replicated: replicated
            )
        }
    }

    /// TRUNCATE: a new, empty table with the same definition (TiDB gives it a new id).
    func truncateTable(database: String, name: String, statement: String, writeSource: UInt64 = 0) throws(MySQLError) {
        try self.state.withLock { (state) throws(MySQLError) in
            let key = Self.tableKey(database, name)
            guard let id = state.tableIDs[key], let old = state.tables[id] else {
                throw .tableDoesNotExist(schema: database, table: name)
            }
            var schema = old.schema
            schema.id = state.nextTableID
            state.nextTableID += 2
            state.tables[id] = nil
            state.tables[schema.id] = TableData(schema: schema)
            state.tableIDs[key] = schema.id
            self.logDDL(
                &state,
                database: database,
                table: name,
                statement: statement,
                writeSource: writeSource,
                replicated: schema.temporary == nil
            )
        }
    }

    /// `RENAME TABLE a TO b, c TO d` (and ALTER TABLE ... RENAME TO): all renamed or none, each
    /// pair seeing the names the earlier pairs left (so `a TO tmp, b TO a, tmp TO b` swaps).
    func renameTables(
        _ renames: [(from: (database: String, name: String), to: (database: String, name: String))],
        statement: String,
        writeSource: UInt64 = 0
    ) throws(MySQLError) {
        try self.state.withLock { (state) throws(MySQLError) in
            var tableIDs = state.tableIDs
            var renamed: [Int64: (database: String, name: String)] = [:]
            for (from, to) in renames {
                let fromKey = Self.tableKey(from.database, from.name)
                guard let id = tableIDs[fromKey] else {
                    throw .tableDoesNotExist(schema: from.database, table: from.name)
                }
                guard state.databases[to.database.lowercased()] != nil else { throw .unknownDatabase(to.database) }
                let toKey = Self.tableKey(to.database, to.name)
                guard tableIDs[toKey] == nil else {
                    throw .tidb(1050, "42S01", "Table '\(to.database).\(to.name)' already exists")
                }
                tableIDs[fromKey] = nil
                tableIDs[toKey] = id
                renamed[id] = to
            }
            state.tableIDs = tableIDs
            for (id, to) in renamed {
                guard let table = state.tables[id] else { continue }
                var schema = table.schema
                schema.database = to.database
                schema.name = to.name
                schema.version = state.schemaVersion + 1
                table.schema = schema
            }
            Self.moveForeignKeyReferences(&state, renames)
            let first = renames[0].from
            self.logDDL(
                &state,
                database: first.database,
                table: first.name,
                statement: statement,
                writeSource: writeSource
            )
        }
    }

    /// `ALTER TABLE t AUTO_INCREMENT = n`: the next id is at least `n` (a smaller value is
    /// ignored, as in TiDB, which never moves the allocator back).
    func rebaseAutoIncrement(
        database: String,
        name: String,
        next: Int64,
        statement: String,
        writeSource: UInt64 = 0
    )
        throws(MySQLError)
    {
        try self.state.withLock { (state) throws(MySQLError) in
            guard let id = state.tableIDs[Self.tableKey(database, name)], let table = state.tables[id] else {
                throw .tableDoesNotExist(schema: database, table: name)
            }
            table.autoIncrement.rebase(next - 1)
            self.logDDL(&state, database: database, table: name, statement: statement, writeSource: writeSource)
        }
    }

    /// Replaces a table's definition; `change` edits the schema and returns how every stored
    /// row version maps to the new column layout (ADD/DROP/MODIFY COLUMN). A new unique index that the
    /// newest rows violate fails with 1062 and changes nothing.
    func alterTable(
        database: String,
        name: String,
        statement: String,
        writeSource: UInt64 = 0,
        _ change: (inout TableSchema) throws(MySQLError) -> RowTransform?
    ) throws(MySQLError) {
        try self.state.withLock { (state) throws(MySQLError) in
            guard let id = state.tableIDs[Self.tableKey(database, name)], let table = state.tables[id] else {
                throw .tableDoesNotExist(schema: database, table: name)
            }
            var schema = table.schema
            let transform = try change(&schema)
            let oldNames = Set(table.schema.indexes.map { $0.name.lowercased() })
            for index in schema.indexes where index.isUnique && !oldNames.contains(index.name.lowercased()) {
                if let duplicate = Self.duplicate(in: table, index: index, schema: schema, transform: transform) {
                    throw duplicate
                }
            }
            schema.version = state.schemaVersion + 1
            if let transform {
                // Every row's newest version converted before any is stored: one that does not
                // convert (MODIFY COLUMN to a narrower type or NOT NULL) fails the statement and
                // changes nothing. Older versions a later UPDATE already fixed must not fail it:
                // those that do not convert are dropped, as no read at the new schema sees them.
                var converted: [[RowVersion]] = []
                var failure: MySQLError?
                table.rows.scan(from: nil, to: nil) { _, chain in
                    do throws(MySQLError) {
                        converted.append(try Self.converted(chain.versions, with: transform))
                        return true
                    } catch {
                        failure = error
                        return false
                    }
                }
                if let failure { throw failure }
                var next = converted.makeIterator()
                table.rows.scan(from: nil, to: nil) { _, chain in
                    guard let versions = next.next() else { return false }
                    chain.versions = versions
                    return true
                }
            }
            table.schema = schema
            table.rebuildIndexes()
            self.logDDL(
                &state,
                database: database,
                table: name,
                statement: statement,
                writeSource: writeSource,
                replicated: schema.temporary == nil
            )
        }
    }

    /// A row's versions in the new layout: the newest strictly, older ones only where they convert.
    private static func converted(
        _ versions: [RowVersion],
        with transform: RowTransform
    ) throws(MySQLError)
        -> [RowVersion]
    {
        var result: [RowVersion] = []
        for (position, version) in versions.enumerated() {
            var copy = version
            if position == versions.count - 1 {
                copy.values = try version.values.map { (values) throws(MySQLError) in try transform(values) }
            } else if let values = version.values {
                guard let transformed = try? transform(values) else { continue }
                copy.values = transformed
            }
            result.append(copy)
        }
        return result
    }

    /// The first duplicate key of `index` among the newest rows, as 1062.
    private static func duplicate(
        in table: TableData,
        index: IndexSchema,
        schema: TableSchema,
        transform: RowTransform?
    ) -> MySQLError? {
        var seen = Set<[UInt8]>()
        var failure: MySQLError?
        table.rows.scan(from: nil, to: nil) { _, chain in
            guard var values = chain.latest.values else { return true }
            if let transform {
                do throws(MySQLError) {
                    values = try transform(values)
                } catch {
                    failure = error
                    return false
                }
            }
            let columns = index.columns.map { values[$0] }
            if columns.contains(.null) { return true }
            let key = KeyEncoding.encode(columns, types: index.columns.map { schema.columns[$0].type })
            if !seen.insert(key).inserted {
                failure = .duplicateEntry(value: DuplicateKey.render(columns), key: "\(schema.name).\(index.name)")
                return false
            }
            return true
        }
        return failure
    }
}

enum DuplicateKey {
    /// How TiDB shows a key's values in 1062: joined with `-`.
    static func render(_ values: [Value]) -> String {
        values.map { $0.text ?? "NULL" }.joined(separator: "-")
    }
}
