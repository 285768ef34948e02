import MySQLTypes

/// SHOW statements about tables and databases, as TiDB's `pkg/executor/show.go` answers them
/// (docs/tidb/data-semantics.md §3).
extension Session {
    func showTables(full: Bool, database: String?, show: ShowStatement) throws(MySQLError) -> ResultSet {
        guard let database = database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        let names: [(name: String, type: String)]
        switch database.lowercased() {
        case "information_schema":
            names = InformationSchema.tableNames.map { ($0, "SYSTEM VIEW") }
        case "mysql":
            names = [("tidb", "BASE TABLE")]
        default:
            if Cluster.isSystemDatabase(database) { throw .notSupportedYet("SHOW TABLES FROM \(database)") }
            guard self.cluster.storage.database(database) != nil else { throw .unknownDatabase(database) }
            let tables = self.cluster.storage.tables(in: database).map { ($0.name, "BASE TABLE") }
            let views = self.cluster.storage.views(in: database).map { ($0.name, "VIEW") }
            names = (tables + views).sorted { $0.0 < $1.0 }
        }
        var header = "Tables_in_\(database)"
        if case .like(let pattern) = show.filter, let text = try self.evaluate(pattern).text {
            header += " (\(text))"
        }
        return try self.filtered(
            names.map { full ? [.string($0.name), .string($0.type)] : [.string($0.name)] },
            names: full ? [header, "Table_type"] : [header],
            show: show,
            likeIgnoresCase: true
        )
    }

    func showCreateTable(_ name: TableName) throws(MySQLError) -> ResultSet {
        let table = try self.describedTable(name)
        let text = self.createTableStatement(table)
        return ResultSet(
            columns: [
                FieldType.showColumn(longest: table.name.count).column(named: "Table"),
                FieldType.showColumn(longest: text.count).column(named: "Create Table"),
            ],
            rows: [[.string(table.name), .string(text)]]
        )
    }

    func showCreateDatabase(_ name: String) throws(MySQLError) -> ResultSet {
        let database: DatabaseSchema
        if let system = Cluster.systemDatabases.first(where: { $0.lowercased() == name.lowercased() }) {
            database = DatabaseSchema(name: system)
        } else if let user = self.cluster.storage.database(name) {
            database = user
        } else {
            throw .unknownDatabase(name)
        }
        var text = "CREATE DATABASE \(Self.quoted(database.name)) /*!40100 DEFAULT CHARACTER SET \(database.charset) "
        if CharacterSets.charset(named: database.charset)?.defaultCollation != database.collation {
            text += "COLLATE \(database.collation) "
        }
        text += "*/"
        return ResultSet(
            columns: [
                FieldType.showColumn(longest: database.name.count).column(named: "Database"),
                FieldType.showColumn(longest: text.count).column(named: "Create Database"),
            ],
            rows: [[.string(database.name), .string(text)]]
        )
    }

    /// SHOW [FULL] COLUMNS / DESCRIBE: one row per visible column (`_tidb_rowid` is not one).
    func showColumns(_ name: TableName, full: Bool, show: ShowStatement) throws(MySQLError) -> ResultSet {
        let table = try self.describedTable(name)
        let rows: [[Value]] = table.columns.indices.map { position in
            let column = ColumnDescription(
                table,
                column: position,
                timeZone: self.timeZone,
                deprecateIntegerDisplayLength: self.instance.deprecateIntegerDisplayLength
            )
            let nullable: Value = .string(column.isNullable ? "YES" : "NO")
            let defaultValue = column.defaultText.map(Value.string) ?? .null
            guard full else {
                return [
                    .string(column.name), .string(column.type), nullable, .string(column.key), defaultValue,
                    .string(column.extra),
                ]
            }
            return [
                .string(column.name), .string(column.type), column.collation.map(Value.string) ?? .null, nullable,
                .string(column.key), defaultValue, .string(column.extra), .string(ColumnDescription.privileges),
                .string(column.comment),
            ]
        }
        let names =
            full
            ? ["Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment"]
            : ["Field", "Type", "Null", "Key", "Default", "Extra"]
        return try self.filtered(rows, names: names, show: show, likeIgnoresCase: true)
    }

    /// SHOW INDEX: the primary key first, then the indexes in definition order, a row per column.
    func showIndexes(_ name: TableName, show: ShowStatement) throws(MySQLError) -> ResultSet {
        let table = try self.describedTable(name)
        var rows: [[Value]] = []
        for index in table.indexes {
            let handle = index.isPrimary && table.primaryKeyIsHandle
            for (sequence, part) in index.keyParts.enumerated() {
                // An expression part is TiDB's hidden column: its name shows as `NULL`.
                let (name, nullable, expression) = Self.keyPartDescription(part, of: table)
                rows.append([
                    .string(table.name), .int(index.isUnique ? 0 : 1), .string(index.name), .int(Int64(sequence + 1)),
                    .string(name), .string("A"), .int(0), .null, .null,
                    .string(nullable ? "YES" : ""), .string("BTREE"), .string(""),
                    .string(handle ? "" : index.comment), .string(index.isVisible ? "YES" : "NO"), expression,
                    .string(index.isPrimary && table.isClustered ? "YES" : "NO"), .string("NO"),
                ])
            }
        }
        return try self.typedShowResult(
            rows,
            columns: [
                ("Table", .text), ("Non_unique", .integer), ("Key_name", .text), ("Seq_in_index", .integer),
                ("Column_name", .text), ("Collation", .text), ("Cardinality", .integer), ("Sub_part", .integer),
                ("Packed", .text), ("Null", .text), ("Index_type", .text), ("Comment", .text),
                ("Index_comment", .text), ("Visible", .text), ("Expression", .text), ("Clustered", .text),
                ("Global", .text),
            ],
            show: show
        )
    }

    /// SHOW TABLE STATUS: information_schema.TABLES' figures, by table name.
    func showTableStatus(database: String?, show: ShowStatement) throws(MySQLError) -> ResultSet {
        guard let database = database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        if Cluster.isSystemDatabase(database) { throw .notSupportedYet("SHOW TABLE STATUS FROM \(database)") }
        guard self.cluster.storage.database(database) != nil else { throw .unknownDatabase(database) }
        let ts = try self.readContext().ts
        let rows: [[Value]] = self.cluster.storage.tables(in: database).map { table in
            let status = TableStatus(table, at: ts, session: self)
            return [
                .string(table.name), .string("InnoDB"), .int(10), .string("Compact"), .int(status.rows),
                .int(status.averageRowLength), .int(status.dataLength), .int(0), .int(status.indexLength), .int(0),
                status.autoIncrement.map(Value.int) ?? .null, .datetime(status.createTime), .null, .null,
                .string(table.collation), .string(""), .string(""), .string(table.comment),
            ]
        }
        return try self.typedShowResult(
            rows,
            columns: [
                ("Name", .text), ("Engine", .text), ("Version", .integer), ("Row_format", .text), ("Rows", .integer),
                ("Avg_row_length", .integer), ("Data_length", .integer), ("Max_data_length", .integer),
                ("Index_length", .integer), ("Data_free", .integer), ("Auto_increment", .integer),
                ("Create_time", .datetime), ("Update_time", .datetime), ("Check_time", .datetime),
                ("Collation", .text), ("Checksum", .text), ("Create_options", .text), ("Comment", .text),
            ],
            show: show
        )
    }

    // MARK: Helpers

    /// A user table to describe; system tables are not described yet.
    private func describedTable(_ name: TableName) throws(MySQLError) -> TableSchema {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        if Cluster.isSystemDatabase(database) { throw .notSupportedYet("describing \(database).\(name.name)") }
        return try self.userTable(TableName(database: database, name: name.name))
    }

    enum ShowColumnType {
        case text, integer, datetime
    }

    /// `filtered`, then TiDB's declared types for the columns that are not VARCHAR (a column of
    /// NULLs would otherwise look like text).
    private func typedShowResult(
        _ rows: [[Value]],
        columns: [(String, ShowColumnType)],
        show: ShowStatement
    ) throws(MySQLError) -> ResultSet {
        var result = try self.filtered(rows, names: columns.map(\.0), show: show, likeIgnoresCase: true)
        for (position, (name, type)) in columns.enumerated() {
            switch type {
            case .text:
                continue
            case .integer:
                result.columns[position] = FieldType.bigint(length: 21, flags: []).column(named: name)
            case .datetime:
                result.columns[position] = FieldType(type: .datetime, length: 19, charset: CollationID.binary)
                    .column(named: name)
            }
        }
        return result
    }

    /// A name in backquotes, as TiDB's `stringutil.Escape` writes it.
    static func quoted(_ name: String) -> String {
        "`" + String(name.flatMap { $0 == "`" ? ["`", "`"] : [$0] }) + "`"
    }
}

extension Session {
    /// A key part as SHOW INDEX and information_schema.STATISTICS show it: column name, whether it
    /// is nullable, the expression (NULL for a column).
    static func keyPartDescription(
        _ part: IndexSchema.KeyPart,
        of table: TableSchema
    ) -> (name: String, nullable: Bool, expression: Value) {
        switch part {
        case .column(let position):
            let column = table.columns[position]
            return (column.name, column.isNullable, .null)
        case .expression(let expression):
            return ("NULL", true, .string(expression.text))
        }
    }
}
