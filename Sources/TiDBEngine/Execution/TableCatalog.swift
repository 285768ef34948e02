import MySQLTypes

/// How statements find their tables: user tables by name (relative to the current database),
/// the row schema expressions see for one, and the system tables. `Session` provides it, with
/// its schema caches (`Session+TableCatalog.swift`).
protocol TableCatalog: AnyObject {
    /// Where a table name without a database is looked up.
    var currentDatabase: String? { get }
    /// A user table by name: 1046 without a database, 1146 when it does not exist.
    func userTable(_ name: TableName) throws(MySQLError) -> TableSchema
    /// A table of the shared catalog by name, never a session's local temporary table: what a
    /// view's query reads.
    func catalogTable(_ name: TableName) throws(MySQLError) -> TableSchema
    /// The columns expressions see for `table` under `alias`: its own, then `_tidb_rowid`
    /// (tables without a clustered primary key), then the handle for locking reads.
    func rowSchema(of table: TableSchema, alias: String, withHandle: Bool) -> RowSchema
    /// The rows of a table in a system database (`mysql.tidb`, `information_schema`).
    func systemTableRows(database: String, table: String, alias: String) throws(MySQLError) -> SourceRows
    /// The view of that name in `database`, if there is one (Session+Views.swift).
    func view(_ database: String, _ name: String) -> ViewSchema?
}

extension TableCatalog {
    func view(_ database: String, _ name: String) -> ViewSchema? { nil }
    func catalogTable(_ name: TableName) throws(MySQLError) -> TableSchema { try self.userTable(name) }

    /// A user table that statements may write; system tables are refused by name.
    func writableTable(_ name: TableName) throws(MySQLError) -> TableSchema {
        let database = name.database ?? self.currentDatabase
        if let database, Cluster.isSystemDatabase(database) {
            throw .notSupportedYet("writing to \(database).\(name.name)")
        }
        return try self.userTable(name)
    }
}

/// Where and how a statement reads.
struct ReadContext {
    /// Snapshot TS, or a fresh TS for current reads.
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

extension RowSchema {
    /// The columns expressions see for a table (see `TableCatalog.rowSchema`), built anew.
    init(of table: TableSchema, alias: String, withHandle: Bool) {
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
        self.init(columns: columns)
    }
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
