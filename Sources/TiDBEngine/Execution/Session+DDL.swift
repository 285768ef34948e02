import MySQLTypes

/// CREATE/DROP DATABASE, CREATE/DROP TABLE, CREATE/DROP INDEX, TRUNCATE, ALTER TABLE. Every DDL
/// statement first commits the open transaction, as in TiDB, and is atomic on its own.
extension Session {
    func executeDDL(_ statement: Statement) throws(MySQLError) {
        if !self.variables.snapshotSetting.isEmpty {
            throw .unknown("can not execute write statement when 'tidb_snapshot' is set")
        }
        if self.variables.readsExternalTimestamp {
            throw .unknown("only support read-only statement during read-only staleness transactions")
        }
        try self.commit()
        try self.checkBDRRole(statement)
        let storage = self.cluster.storage
        let text = self.currentStatement.text
        switch statement {
        case .createDatabase(let name, let ifNotExists):
            if Cluster.isSystemDatabase(name) {
                if ifNotExists { return }
                throw .tidb(1007, "HY000", "Can't create database '\(name)'; database exists")
            }
            try Self.checkIdentifier(name)
            try storage.createDatabase(name, ifNotExists: ifNotExists, statement: text, writeSource: self.writeSource)
        case .dropDatabase(let name, let ifExists):
            if Cluster.isSystemDatabase(name) {
                throw .tidb(3552, "HY000", "Access to system schema '\(name)' is rejected.")
            }
            try storage.dropDatabase(name, ifExists: ifExists, statement: text, writeSource: self.writeSource)
            if self.identity.currentDatabase?.lowercased() == name.lowercased() { self.identity.currentDatabase = nil }
        case .createTable(let create):
            try self.createTable(create)
        case .dropTable(let tables, let ifExists):
            try self.dropTables(tables, ifExists: ifExists)
        case .truncate(let name):
            let table = try self.writableTable(name)
            try storage.truncateTable(
                database: table.database,
                name: table.name,
                statement: text,
                writeSource: self.writeSource
            )
        case .createIndex(let name, let index, let ifNotExists):
            try self.alterTable(name, changes: [.addIndex(index)], ifNotExists: ifNotExists)
        case .dropIndex(let name, let index, let ifExists):
            try self.alterTable(name, changes: [.dropIndex(index)], ifExists: ifExists)
        case .alterTable(let name, let changes):
            try self.alterTable(name, changes: changes)
        default:
            preconditionFailure("not DDL")
        }
    }

    static func checkIdentifier(_ name: String) throws(MySQLError) {
        if name.count > 64 { throw .tidb(1059, "42000", "Identifier name '\(name)' is too long") }
        if name.isEmpty || name.hasSuffix(" ") { throw .tidb(1103, "42000", "Incorrect table name '\(name)'") }
    }

    private func createTable(_ create: CreateTableStatement) throws(MySQLError) {
        guard let database = create.table.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        if let constraint = create.unsupportedFeature { throw .notSupportedYet(constraint) }
        if Cluster.isSystemDatabase(database) {
            throw .notSupportedYet("CREATE TABLE in system database \(database)")
        }
        guard self.cluster.databaseExists(database) else { throw .unknownDatabase(database) }
        try Self.checkIdentifier(create.table.name)
        var schema: TableSchema
        var autoIncrementStart: Int64?
        if let like = create.like {
            let source = try self.userTable(like)
            schema = source
            schema.database = database
            schema.name = create.table.name
        } else {
            schema = try TableDefinition(session: self).build(create, database: database)
            if let start = create.options["AUTO_INCREMENT"] {
                guard let value = Int64(start) else {
                    throw .syntaxError(in: start, SQLSyntaxError(offset: 0, end: start.utf8.count))
                }
                autoIncrementStart = value
            }
        }
        schema.createdMicroseconds = self.statementMicroseconds
        let created = try self.cluster.storage.createTable(
            schema,
            ifNotExists: create.ifNotExists,
            autoIncrementStart: autoIncrementStart,
            statement: self.currentStatement.text,
            writeSource: self.writeSource
        )
        if !created {
            self.addWarning(
                .tidb(1050, "42S01", "Table '\(database).\(create.table.name)' already exists"),
                level: .note
            )
        }
    }

    private func dropTables(_ tables: [TableName], ifExists: Bool) throws(MySQLError) {
        var missing: [String] = []
        for name in tables {
            guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
            if Cluster.isSystemDatabase(database) {
                throw .notSupportedYet("DROP TABLE in system database \(database)")
            }
            guard self.cluster.storage.table(database, name.name) != nil else {
                missing.append("\(database).\(name.name)")
                continue
            }
            try self.cluster.storage.dropTable(
                database: database,
                name: name.name,
                ifExists: true,
                statement: self.currentStatement.text,
                writeSource: self.writeSource
            )
        }
        guard !missing.isEmpty else { return }
        if ifExists {
            for name in missing { self.addWarning(.unknownTable(name), level: .note) }
        } else {
            throw .unknownTable(missing.joined(separator: ","))
        }
    }

    private func alterTable(
        _ name: TableName,
        changes: [AlterTableChange],
        ifNotExists: Bool = false,
        ifExists: Bool = false
    ) throws(MySQLError) {
        let table = try self.writableTable(name)
        let session = self
        var skipped: MySQLError?
        try self.cluster.storage.alterTable(
            database: table.database,
            name: table.name,
            statement: self.currentStatement.text,
            writeSource: self.writeSource
        ) {
            (schema) throws(MySQLError) -> (([Value]) -> [Value])? in
            var editor = TableEditor(schema: schema, session: session)
            for change in changes {
                do throws(MySQLError) {
                    try editor.apply(change)
                } catch {
                    // CREATE INDEX IF NOT EXISTS / DROP INDEX IF EXISTS: a note, nothing changes.
                    let tolerated = (ifNotExists && error.code == 1061) || (ifExists && error.code == 1091)
                    guard tolerated else { throw error }
                    skipped = error
                }
            }
            schema = editor.schema
            return editor.rowTransform
        }
        if let skipped { self.addWarning(skipped, level: .note) }
    }
}
