public import MySQLTypes

/// The session finds tables for its statements' executors: schemas are cached per session
/// (`SessionCaches`), valid while the storage's schema version stays; system tables are built
/// from the session's and the cluster's state.
extension Session: TableCatalog {
    func userTable(_ name: TableName) throws(MySQLError) -> TableSchema {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        if let temporary = self.localTemporaryTable(database, name.name) { return temporary }
        return try self.catalogTable(TableName(database: database, name: name.name))
    }

    func catalogTable(_ name: TableName) throws(MySQLError) -> TableSchema {
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

    func view(_ database: String, _ name: String) -> ViewSchema? {
        self.cluster.storage.view(database, name)
    }

    func rowSchema(of table: TableSchema, alias: String, withHandle: Bool) -> RowSchema {
        let cacheKey = RowSchemaCacheKey(
            tableID: table.id,
            version: table.version,
            alias: alias,
            withHandle: withHandle
        )
        if let cached = self.caches.rowSchemas[cacheKey] { return cached }
        let schema = RowSchema(of: table, alias: alias, withHandle: withHandle)
        if self.caches.rowSchemas.count > 256 { self.caches.rowSchemas.removeAll() }
        self.caches.rowSchemas[cacheKey] = schema
        return schema
    }

    func systemTableRows(database: String, table: String, alias: String) throws(MySQLError) -> SourceRows {
        let lowerDatabase = database.lowercased()
        let lowerTable = table.lowercased()
        if lowerDatabase == "mysql", lowerTable == "tidb" {
            // Reading it is reading data: under autocommit = 0 it starts a transaction.
            _ = self.activateTransactionForRead()
            return SourceRows(
                schema: Self.mysqlTiDBSchema(alias: alias),
                rows: self.cluster.mysqlTiDB.allRows.map { [.string($0.name), .string($0.value), .string($0.comment)] }
            )
        }
        if lowerDatabase == "mysql", let rows = self.mysqlPrivilegeTable(lowerTable, alias: alias) {
            return rows
        }
        if lowerDatabase == "information_schema", lowerTable == "user_attributes" {
            return self.userAttributesTable(alias: alias)
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

    /// `COM_FIELD_LIST`: the columns of a table in the current database, with defaults.
    public func fieldList(table: String) throws(MySQLError) -> [(ColumnDefinition, defaultValue: String?)] {
        let reference = SelectStatement.TableReference(schema: nil, name: table, alias: nil)
        let source = try self.selectExecutor.sourceRows(
            reference,
            condition: .literal(.boolean(false)),
            read: ReadContext(ts: 0)
        )
        return source.schema.columns.filter { !$0.isHidden }.map { column in
            (
                column.type.column(
                    named: column.name,
                    table: column.table,
                    schema: column.schema,
                    originalTable: column.originalTable.isEmpty ? column.table : column.originalTable,
                    originalName: column.name
                ), nil
            )
        }
    }
}

struct RowSchemaCacheKey: Hashable {
    var tableID: Int64
    var version: Int64
    var alias: String
    var withHandle: Bool
}
