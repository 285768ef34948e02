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
        // Local temporary tables are the session's own: no DDL, the transaction goes on.
        if try self.executeLocalTemporaryTableDDL(statement) { return }
        try self.commit()
        try self.checkBDRRole(statement)
        let storage = self.cluster.storage
        let text = self.currentStatement.text
        switch statement {
        case .alterDatabase(let name, let options):
            try self.alterDatabase(name, options: options)
        case .createDatabase(let name, let ifNotExists, let options):
            if Cluster.isSystemDatabase(name) {
                if ifNotExists { return }
                throw .tidb(1007, "HY000", "Can't create database '\(name)'; database exists")
            }
            try Self.checkIdentifier(name)
            let collation = try TableDefinition.collation(charset: options["CHARSET"], collation: options["COLLATE"])
            try storage.createDatabase(
                name,
                ifNotExists: ifNotExists,
                collation: collation,
                statement: text,
                writeSource: self.writeSource
            )
        case .dropDatabase(let name, let ifExists):
            if Cluster.isSystemDatabase(name) {
                throw .tidb(3552, "HY000", "Access to system schema '\(name)' is rejected.")
            }
            try self.checkNotReferenced(droppingDatabase: name)
            try storage.dropDatabase(name, ifExists: ifExists, statement: text, writeSource: self.writeSource)
            if self.identity.currentDatabase?.lowercased() == name.lowercased() { self.identity.currentDatabase = nil }
        case .createTable(let create):
            try self.createTable(create)
        case .dropTable(let tables, let ifExists):
            let (ordinary, temporary) = try self.separatingLocalTemporaryTables(tables)
            if !ordinary.isEmpty { try self.dropTables(ordinary, ifExists: ifExists) }
            self.dropLocalTemporaryTables(temporary)
        case .dropTemporaryTable(let tables, let ifExists, _):
            // DROP TEMPORARY TABLE naming only local temporary tables ran before the commit.
            try self.dropGlobalTemporaryTables(tables, ifExists: ifExists)
        case .truncate(let name):
            let table = try self.writableTable(name)
            if table.temporary == .local {
                self.truncateLocalTemporaryTable(table)
                return
            }
            try self.checkNotReferenced(truncating: table)
            try storage.truncateTable(
                database: table.database,
                name: table.name,
                statement: text,
                writeSource: self.writeSource
            )
        case .createIndex(let name, let index, let ifNotExists):
            try self.alterTable(name, changes: [.addIndex(index)], ifNotExists: ifNotExists, operation: "CREATE INDEX")
        case .dropIndex(let name, let index, let ifExists):
            try self.alterTable(name, changes: [.dropIndex(index)], ifExists: ifExists, operation: "DROP INDEX")
        case .alterTable(let name, let changes):
            try self.alterTable(name, changes: changes, operation: "ALTER TABLE")
        case .renameTables(let renames):
            try self.renameTables(renames)
        case .createView(let create):
            try self.createView(create)
        case .dropView(let names, let ifExists):
            try self.dropViews(names, ifExists: ifExists)
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
        let (schema, autoIncrementStart) = try self.newTableSchema(create, database: database)
        self.warnDeprecatedIntegerDisplayWidths(create.columns)
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

    /// The table a CREATE TABLE statement defines (copied for LIKE), and its AUTO_INCREMENT start.
    func newTableSchema(
        _ create: CreateTableStatement,
        database: String
    ) throws(MySQLError) -> (TableSchema, autoIncrementStart: Int64?) {
        try Self.checkIdentifier(create.table.name)
        for index in create.indexes { try TableEditor.checkExpressionParts(index) }
        var schema: TableSchema
        var autoIncrementStart: Int64?
        if let like = create.like {
            let source = try self.userTable(like)
            schema = source
            schema.database = database
            schema.name = create.table.name
            // TiDB's CREATE TABLE ... LIKE does not copy foreign keys.
            schema.foreignKeys = []
            schema.maxForeignKeyID = 0
            schema.temporary = nil
            // Its checks are renamed `<new table>_chk_N`, in order, named ones too.
            for index in schema.checks.indices {
                schema.checks[index].name = "\(create.table.name.lowercased())_chk_\(index + 1)"
            }
        } else {
            schema = try TableDefinition(session: self).build(create, database: database)
            if let start = create.options["AUTO_INCREMENT"] {
                guard let value = Int64(start) else {
                    throw .syntaxError(in: start, SQLSyntaxError(offset: 0, end: start.utf8.count))
                }
                autoIncrementStart = value
            }
            // An AUTO_RANDOM column's incremental ids come from the same allocator.
            if schema.autoRandomColumn != nil, let base = create.options["AUTO_RANDOM_BASE"] {
                guard let value = Int64(base) else {
                    throw .syntaxError(in: base, SQLSyntaxError(offset: 0, end: base.utf8.count))
                }
                autoIncrementStart = value
            }
        }
        schema.createdMicroseconds = self.statementMicroseconds
        if let temporary = create.temporary {
            schema.temporary = temporary
            try Self.checkTemporaryTable(schema)
        }
        return (schema, autoIncrementStart)
    }

    private func dropTables(_ tables: [TableName], ifExists: Bool) throws(MySQLError) {
        try self.checkNotReferenced(dropping: tables)
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
        ifExists: Bool = false,
        operation: String
    ) throws(MySQLError) {
        let table = try self.writableTable(name)
        if table.temporary == .local { throw .unsupportedOnLocalTemporaryTable(operation) }
        if try self.alterTableName(table, changes) { return }
        let session = self
        let constraints = ConstraintDefinition(session: self)
        try self.checkAddedConstraintsHold(table, changes, constraints)
        var skipped: MySQLError?
        try self.cluster.storage.alterTable(
            database: table.database,
            name: table.name,
            statement: self.currentStatement.text,
            writeSource: self.writeSource
        ) {
            (schema) throws(MySQLError) -> Storage.RowTransform? in
            var editor = TableEditor(schema: schema, session: session, constraints: constraints)
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

    /// ALTER TABLE ... RENAME TO and AUTO_INCREMENT = n change the table's name or allocator,
    /// not its schema; each is its own DDL. True when `changes` was one of them.
    private func alterTableName(_ table: TableSchema, _ changes: [AlterTableChange]) throws(MySQLError) -> Bool {
        var newName: TableName?
        var autoIncrement: String?
        for change in changes {
            if case .rename(let name) = change { newName = name }
            if case .option("AUTO_INCREMENT", let value) = change { autoIncrement = value }
        }
        guard newName != nil || autoIncrement != nil else { return false }
        guard changes.count == 1 else {
            throw .notSupportedYet("ALTER TABLE with RENAME or AUTO_INCREMENT and other changes in one statement")
        }
        if let newName {
            try self.renameTables([
                TableRename(from: TableName(database: table.database, name: table.name), to: newName)
            ])
        } else if let autoIncrement {
            guard let next = Int64(autoIncrement), next > 0 else {
                throw .syntaxError(in: autoIncrement, SQLSyntaxError(offset: 0, end: autoIncrement.utf8.count))
            }
            try self.cluster.storage.rebaseAutoIncrement(
                database: table.database,
                name: table.name,
                next: next,
                statement: self.currentStatement.text,
                writeSource: self.writeSource
            )
        }
        return true
    }

    private func renameTables(_ renames: [TableRename]) throws(MySQLError) {
        var pairs: [(from: (database: String, name: String), to: (database: String, name: String))] = []
        for rename in renames {
            guard let fromDatabase = rename.from.database ?? self.identity.currentDatabase,
                let toDatabase = rename.to.database ?? self.identity.currentDatabase
            else { throw .noDatabaseSelected }
            for database in [fromDatabase, toDatabase] where Cluster.isSystemDatabase(database) {
                throw .notSupportedYet("RENAME TABLE in system database \(database)")
            }
            if self.localTemporaryTable(fromDatabase, rename.from.name) != nil {
                throw .unsupportedOnLocalTemporaryTable("RENAME TABLE")
            }
            try Self.checkIdentifier(rename.to.name)
            try self.checkViewRename(from: (fromDatabase, rename.from.name), to: (toDatabase, rename.to.name))
            pairs.append(((fromDatabase, rename.from.name), (toDatabase, rename.to.name)))
        }
        try self.cluster.storage.renameTables(
            pairs,
            statement: self.currentStatement.text,
            writeSource: self.writeSource
        )
    }
}

extension Session {
    /// ALTER TABLE ADD FOREIGN KEY and ADD CHECK refuse a table whose rows already break them
    /// (1452 with `foreign_key_checks` ON, 3819), as TiDB's reorganisation step does.
    func checkAddedConstraintsHold(
        _ table: TableSchema,
        _ changes: [AlterTableChange],
        _ constraints: ConstraintDefinition
    ) throws(MySQLError) {
        var probe = table
        var added = false
        for change in changes {
            switch change {
            case .addForeignKey(let spec) where constraints.foreignKeyChecks:
                var candidate = probe
                // Errors in the definition itself are the editor's to report, in order.
                guard (try? constraints.addForeignKey(spec, to: &candidate)) != nil else { continue }
                probe.foreignKeys = candidate.foreignKeys
                probe.maxForeignKeyID = candidate.maxForeignKeyID
                added = true
            case .addCheck(let spec) where constraints.checkConstraints:
                var candidate = probe
                guard (try? constraints.addCheck(spec, to: &candidate)) != nil else { continue }
                probe.checks = candidate.checks
                added = true
            default:
                continue
            }
        }
        guard added else { return }
        let newForeignKeys = Array(probe.foreignKeys.dropFirst(table.foreignKeys.count))
        let newChecks = Array(probe.checks.dropFirst(table.checks.count))
        var subject = probe
        subject.foreignKeys = newForeignKeys
        subject.checks = newChecks
        let transaction = TransactionContext(
            startTS: self.cluster.pd.oracle.next(),
            mode: .pessimistic,
            readOnly: true,
            isExplicit: false
        )
        let context = self.writeContext(in: transaction)
        let enforcer = ConstraintEnforcer(context: context)
        let rows = self.cluster.storage.scan(tableID: table.id, path: .full, at: Storage.latest)
        for row in rows {
            try enforcer.checkRow(row.values, of: subject)
            try enforcer.afterWrite(subject, old: nil, new: row.values)
        }
    }
}
