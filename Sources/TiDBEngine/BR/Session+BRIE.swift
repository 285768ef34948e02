import ExternalStorage
import MySQLTypes

extension MySQLError {
    /// ErrBRIEBackupFailed.
    static func backupFailed(_ reason: String) -> MySQLError { .tidb(8124, "HY000", "Backup failed: \(reason)") }
    /// ErrBRIERestoreFailed.
    static func restoreFailed(_ reason: String) -> MySQLError { .tidb(8125, "HY000", "Restore failed: \(reason)") }
}

/// What BACKUP and RESTORE need from a session: the statement's scope resolved against the
/// catalog, BackupTS and the GC check, and applying a loaded backup. The file work in between
/// (`BackupRunner`, `RestoreReader`) runs off the connection's thread.
extension Session {
    /// BR's default service-safepoint TTL (`DefaultBRGCSafePointTTL`).
    static let backupSafePointTTLMicroseconds: Int64 = 300 * 1_000_000

    /// Resolves the scope, takes BackupTS (now, or `snapshot`), refuses a snapshot GC has
    /// passed, and holds GC below BackupTS with a `br-<id>` service safepoint until
    /// `finishBackup` removes it.
    func prepareBackup(
        _ scope: BRIEScope,
        storage: any ExternalStorage,
        snapshot: UInt64?,
        rateLimit: Int?,
        clock: any Clock<Duration>
    ) throws(MySQLError) -> (runner: BackupRunner, serviceSafePoint: String) {
        let backupTS = snapshot ?? self.cluster.pd.oracle.next().rawValue
        let safePoint = self.cluster.pd.gcSafePoint.rawValue
        guard backupTS >= safePoint else {
            throw .backupFailed("GC safepoint \(safePoint) exceed TS \(backupTS)")
        }
        let service = "br-" + String(self.cluster.pd.oracle.next().rawValue, radix: 16)
        self.cluster.pd.updateServiceSafePoint(
            service: service,
            safePoint: TSO(rawValue: backupTS &- 1),
            expiresAtMicroseconds: self.cluster.clock.microsecondsSinceEpoch() + Self.backupSafePointTTLMicroseconds
        )
        try self.refuseViews(scope)
        let tables = try self.backupTables(scope)
        let databaseNames = Set(tables.map { $0.database.lowercased() })
        let databases = self.cluster.storage.databaseNames.sorted().compactMap { name -> BackupMeta.Database? in
            guard scope == .all ? !Cluster.isSystemDatabase(name) : databaseNames.contains(name.lowercased()),
                let schema = self.cluster.storage.database(name)
            else { return nil }
            return BackupMeta.Database(name: schema.name, charset: schema.charset, collation: schema.collation)
        }
        let runner = BackupRunner(
            storage: storage,
            source: self.cluster.storage,
            backupTS: backupTS,
            serverVersion: self.instance.serverVersion,
            databases: databases,
            tables: tables.map { table in
                BackupRunner.Table(
                    schema: table,
                    createStatement: self.createTableStatement(table),
                    autoIncrement: self.cluster.storage.nextAutoIncrement(tableID: table.id)
                )
            },
            rateLimit: rateLimit,
            clock: clock
        )
        return (runner, service)
    }

    func finishBackup(serviceSafePoint: String) {
        self.cluster.pd.removeServiceSafePoint(service: serviceSafePoint)
    }

    private func backupTables(_ scope: BRIEScope) throws(MySQLError) -> [TableSchema] {
        switch scope {
        case .all:
            return self.cluster.storage.databaseNames.sorted().filter { !Cluster.isSystemDatabase($0) }
                .flatMap { self.cluster.storage.tables(in: $0) }.filter { $0.temporary == nil }
        case .databases(let names):
            var tables: [TableSchema] = []
            for name in names {
                guard self.cluster.databaseExists(name), !Cluster.isSystemDatabase(name) else {
                    throw .backupFailed("Unknown database '\(name)'")
                }
                // BR leaves temporary tables out, as TiDB's BR does.
                tables += self.cluster.storage.tables(in: name).filter { $0.temporary == nil }
            }
            return tables
        case .tables(let names):
            var tables: [TableSchema] = []
            for name in names { tables.append(try self.userTable(name)) }
            return tables.filter { $0.temporary == nil }
        }
    }

    /// Which tables of a backup the statement restores.
    func restoreSelection(_ scope: BRIEScope) throws(MySQLError) -> @Sendable (BackupMeta.Table) -> Bool {
        switch scope {
        case .all:
            return { _ in true }
        case .databases(let names):
            let wanted = Set(names.map { $0.lowercased() })
            return { wanted.contains($0.database.lowercased()) }
        case .tables(let names):
            var wanted = Set<String>()
            for name in names {
                guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
                wanted.insert(database.lowercased() + "." + name.name.lowercased())
            }
            let selected = wanted
            return { selected.contains($0.database.lowercased() + "." + $0.name.lowercased()) }
        }
    }

    /// RESTORE's write: schemas rebuilt from the backup's CREATE statements, then every table
    /// and row in one step at a new commit TS of this cluster (returned: `Cluster TS`).
    func applyRestore(_ loaded: RestoreReader.Loaded) throws(MySQLError) -> TSO {
        let changefeeds = ChangefeedCheck.blocking(self.cluster.metadata, backupTS: loaded.meta.backupTS)
        guard changefeeds.isEmpty else { throw .restoreFailed(ChangefeedCheck.message(changefeeds)) }
        var tables: [Storage.RestoredTable] = []
        for (table, rows) in zip(loaded.meta.tables, loaded.rows) {
            let statements: [ParsedStatement]
            do {
                statements = try Parser.parse(table.createStatement, options: self.lexerOptions)
            } catch {
                throw .restoreFailed("the schema of \(table.database).\(table.name) in backupmeta does not parse")
            }
            guard statements.count == 1, case .createTable(let create) = statements[0].statement else {
                throw .restoreFailed(
                    "the schema of \(table.database).\(table.name) in backupmeta is not a CREATE TABLE"
                )
            }
            var definition = TableDefinition(session: self)
            definition.requiresParents = false
            var schema = try definition.build(create, database: table.database)
            schema.name = table.name
            schema.createdMicroseconds = self.statementMicroseconds
            tables.append(
                Storage.RestoredTable(
                    schema: schema,
                    createStatement: table.createStatement,
                    rows: rows,
                    autoIncrement: table.autoIncrement
                )
            )
        }
        let databases = loaded.meta.databases.filter { database in
            loaded.meta.tables.contains { $0.database.lowercased() == database.name.lowercased() }
        }.map { entry in
            var schema = DatabaseSchema(name: entry.name)
            schema.charset = entry.charset
            schema.collation = entry.collation
            return schema
        }
        switch self.cluster.storage.restore(databases: databases, tables: tables) {
        case .success(let commitTS):
            return commitTS
        case .failure(.tablesExist(let names)):
            throw .restoreFailed(
                "table already exists: \(names.joined(separator: ", ")) : [BR:Restore:ErrTablesAlreadyExisted]tables already existed in restored cluster"
            )
        }
    }
}
