import MySQLTypes

/// Temporary tables as TiDB v8.5 has them (Schema+Temporary.swift). A local one is created,
/// dropped and truncated by the session alone, without a DDL job and without committing the
/// open transaction (TiDB's `DDLExec.createSessionTemporaryTable` and
/// `dropLocalTemporaryTables`); a global one is a catalog table whose rows `Storage.commit`
/// drops.
extension Session {
    /// This session's local temporary table of that name: it hides a catalog table of the same
    /// name, as in TiDB.
    func localTemporaryTable(_ database: String, _ name: String) -> TableSchema? {
        guard !self.localTemporaryTables.isEmpty,
            let id = self.localTemporaryTables[Storage.tableKey(database, name)]
        else { return nil }
        return self.cluster.storage.tableSchema(id: id)
    }

    /// CREATE TEMPORARY TABLE, DROP TEMPORARY TABLE and a DROP TABLE naming only local temporary
    /// tables: run here, before any commit. False when `statement` is none of these.
    func executeLocalTemporaryTableDDL(_ statement: Statement) throws(MySQLError) -> Bool {
        switch statement {
        case .createTable(let create) where create.temporary == .local:
            try self.createLocalTemporaryTable(create)
            return true
        case .dropTemporaryTable(let tables, let ifExists, .local):
            let (ordinary, temporary) = try self.separatingLocalTemporaryTables(tables)
            // TiDB names every table that is not a local temporary one and then drops nothing.
            if !ordinary.isEmpty {
                let error = MySQLError.unknownTable(
                    try ordinary.map { (name) throws(MySQLError) in try self.qualifiedName(name) }
                        .joined(separator: ",")
                )
                if ifExists {
                    self.addWarning(error, level: .note)
                    return true
                }
                throw error
            }
            self.dropLocalTemporaryTables(temporary)
            return true
        case .dropTable(let tables, _):
            let (ordinary, temporary) = try self.separatingLocalTemporaryTables(tables)
            guard ordinary.isEmpty else { return false }
            self.dropLocalTemporaryTables(temporary)
            return true
        default:
            return false
        }
    }

    private func createLocalTemporaryTable(_ create: CreateTableStatement) throws(MySQLError) {
        guard let database = create.table.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        if let feature = create.unsupportedFeature { throw .notSupportedYet(feature) }
        guard self.cluster.storage.database(database) != nil else { throw .unknownDatabase(database) }
        if self.localTemporaryTable(database, create.table.name) != nil {
            let error = MySQLError.tidb(1050, "42S01", "Table '\(database).\(create.table.name)' already exists")
            guard create.ifNotExists else { throw error }
            self.addWarning(error, level: .note)
            return
        }
        let (schema, autoIncrementStart) = try self.newTableSchema(create, database: database)
        let stored = try self.cluster.storage.createLocalTemporaryTable(schema, autoIncrementStart: autoIncrementStart)
        self.localTemporaryTables[Storage.tableKey(database, create.table.name)] = stored.id
    }

    /// The names that are not this session's local temporary tables, and the tables that are.
    func separatingLocalTemporaryTables(
        _ names: [TableName]
    ) throws(MySQLError) -> (ordinary: [TableName], temporary: [TableSchema]) {
        var ordinary: [TableName] = []
        var temporary: [TableSchema] = []
        for name in names {
            guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
            if let table = self.localTemporaryTable(database, name.name) {
                temporary.append(table)
            } else {
                ordinary.append(name)
            }
        }
        return (ordinary, temporary)
    }

    private func qualifiedName(_ name: TableName) throws(MySQLError) -> String {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        return "\(database).\(name.name)"
    }

    func dropLocalTemporaryTables(_ tables: [TableSchema]) {
        for table in tables {
            self.localTemporaryTables[Storage.tableKey(table.database, table.name)] = nil
            self.cluster.storage.dropLocalTemporaryTable(id: table.id)
        }
    }

    /// The session ends: its local temporary tables go with it.
    func dropLocalTemporaryTables() {
        for id in self.localTemporaryTables.values { self.cluster.storage.dropLocalTemporaryTable(id: id) }
        self.localTemporaryTables = [:]
    }

    func truncateLocalTemporaryTable(_ table: TableSchema) {
        guard let emptied = self.cluster.storage.truncateLocalTemporaryTable(id: table.id) else { return }
        self.localTemporaryTables[Storage.tableKey(table.database, table.name)] = emptied.id
    }

    /// DROP GLOBAL TEMPORARY TABLE: 8007 when a named table exists and is not a global temporary
    /// one (a local temporary table included), else the missing ones are unknown (1051, a note
    /// with IF EXISTS) and the others dropped.
    func dropGlobalTemporaryTables(_ names: [TableName], ifExists: Bool) throws(MySQLError) {
        var found: [TableSchema] = []
        var missing: [String] = []
        for name in names {
            guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
            let table = self.localTemporaryTable(database, name.name) ?? self.cluster.storage.table(database, name.name)
            guard let table else {
                missing.append("\(database).\(name.name)")
                continue
            }
            guard table.temporary == .global else {
                throw .tidb(8007, "HY000", "`drop global temporary table` can only drop global temporary table")
            }
            found.append(table)
        }
        if !missing.isEmpty, !ifExists { throw .unknownTable(missing.joined(separator: ",")) }
        for table in found {
            try self.cluster.storage.dropTable(
                database: table.database,
                name: table.name,
                ifExists: true,
                statement: self.currentStatement.text,
                writeSource: self.writeSource
            )
        }
        for name in missing { self.addWarning(.unknownTable(name), level: .note) }
    }

    /// What TiDB refuses in a temporary table's definition.
    static func checkTemporaryTable(_ schema: TableSchema) throws(MySQLError) {
        if schema.partitioning != nil {
            throw .tidb(1562, "HY000", "Cannot create temporary table with partitions")
        }
        if !schema.foreignKeys.isEmpty {
            throw .tidb(1215, "HY000", "Cannot add foreign key constraint")
        }
    }
}

extension MySQLError {
    /// TiDB's `ErrUnsupportedLocalTempTableDDL`.
    static func unsupportedOnLocalTemporaryTable(_ operation: String) -> MySQLError {
        .tidb(8200, "HY000", "TiDB doesn't support \(operation) for local temporary table")
    }
}
