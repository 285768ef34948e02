import MySQLTypes

/// FOREIGN KEY and CHECK clauses turned into a table's constraints, with TiDB's names (`fk_N`,
/// `t_chk_N`), the index TiDB adds for a foreign key no index covers, and TiDB's DDL errors.
/// Every table it looks at was read before the storage's lock is taken (`tables`).
struct ConstraintDefinition {
    /// Every table of the cluster, as before this statement.
    let tables: [TableSchema]
    /// `foreign_key_checks`: with it OFF the parent may be missing.
    var foreignKeyChecks: Bool
    /// `tidb_enable_check_constraint`: with it OFF a CHECK clause is a warning and nothing else.
    let checkConstraints: Bool
    /// Where an unqualified REFERENCES table is: the session's database (TiDB's preprocessor).
    let defaultDatabase: String?
    let warn: (MySQLError) -> Void

    init(session: Session) {
        self.tables = session.cluster.storage.allTables
        self.foreignKeyChecks = ["ON", "1"].contains(session.sessionVariableValue("foreign_key_checks").uppercased())
        let check = try? session.readSystemVariable("tidb_enable_check_constraint", scope: .global).1
        self.checkConstraints = ["ON", "1"].contains((check ?? "OFF").uppercased())
        self.defaultDatabase = session.identity.currentDatabase
        self.warn = { session.addWarning($0) }
    }

    // MARK: Foreign keys

    func addForeignKey(_ spec: ForeignKeySpec, to schema: inout TableSchema) throws(MySQLError) {
        schema.maxForeignKeyID += 1
        let name = spec.name ?? "fk_\(schema.maxForeignKeyID)"
        if schema.foreignKeys.contains(where: { $0.name.equalsIgnoringCase(name) }) {
            throw .tidb(1826, "HY000", "Duplicate foreign key constraint name '\(name)'")
        }
        guard spec.columns.count == spec.referencedColumns.count else {
            throw .tidb(
                1239,
                "42000",
                "Incorrect foreign key definition for '\(name)': Key reference and table reference don't match"
            )
        }
        let setsNull = spec.onDelete == .setNull || spec.onUpdate == .setNull
        for column in spec.columns {
            guard let position = schema.columnIndex(column) else {
                throw .tidb(1072, "42000", "Key column '\(column)' doesn't exist in table")
            }
            if setsNull, !schema.columns[position].isNullable {
                throw .tidb(
                    1830,
                    "HY000",
                    "Column '\(column)' cannot be NOT NULL: needed in a foreign key constraint '\(name)' SET NULL"
                )
            }
        }
        let foreignKey = ForeignKeySchema(
            name: name,
            columns: spec.columns,
            referencedDatabase: spec.referencedTable.database ?? self.defaultDatabase ?? schema.database,
            referencedTable: spec.referencedTable.name,
            referencedColumns: spec.referencedColumns,
            onDelete: spec.onDelete,
            onUpdate: spec.onUpdate
        )
        try self.validate(foreignKey, of: schema)
        schema.foreignKeys.append(foreignKey)
        try Self.checkReferentialActionColumns(schema)
        try self.addIndex(for: foreignKey, to: &schema)
    }

    /// TiDB's `checkTableForeignKeyValid`: the parent, its columns, their types and an index.
    private func validate(_ foreignKey: ForeignKeySchema, of child: TableSchema) throws(MySQLError) {
        let parent: TableSchema
        if foreignKey.references(child.database, child.name) {
            let same = zip(foreignKey.columns, foreignKey.referencedColumns).allSatisfy { $0.equalsIgnoringCase($1) }
            if same { throw .tidb(1215, "HY000", "Cannot add foreign key constraint") }
            parent = child
        } else if let found = self.table(foreignKey.referencedDatabase, foreignKey.referencedTable) {
            parent = found
        } else {
            if !self.foreignKeyChecks { return }
            throw .tidb(1824, "HY000", "Failed to open the referenced table '\(foreignKey.referencedTable)'")
        }
        var parentPositions: [Int] = []
        for (index, referenced) in foreignKey.referencedColumns.enumerated() {
            guard let parentPosition = parent.columnIndex(referenced) else {
                throw .tidb(
                    3734,
                    "HY000",
                    "Failed to add the foreign key constraint. Missing column '\(referenced)' for constraint "
                        + "'\(foreignKey.name)' in the referenced table '\(foreignKey.referencedTable)'"
                )
            }
            guard let childPosition = child.columnIndex(foreignKey.columns[index]) else {
                throw .tidb(1072, "42000", "Key column '\(foreignKey.columns[index])' doesn't exist in table")
            }
            let column = child.columns[childPosition]
            let referencedColumn = parent.columns[parentPosition]
            if !Self.compatible(column.type, referencedColumn.type) {
                throw .tidb(
                    3780,
                    "HY000",
                    "Referencing column '\(column.name)' and referenced column '\(referencedColumn.name)' in "
                        + "foreign key constraint '\(foreignKey.name)' are incompatible."
                )
            }
            parentPositions.append(parentPosition)
        }
        guard Self.coveringIndex(parent, parentPositions) != nil else {
            throw .tidb(
                1822,
                "HY000",
                "Failed to add the foreign key constraint. Missing index for constraint '\(foreignKey.name)' "
                    + "in the referenced table '\(foreignKey.referencedTable)'"
            )
        }
    }

    /// TiDB compares the column's type code, sign, charset and collation; lengths may differ.
    static func compatible(_ child: SQLType, _ parent: SQLType) -> Bool {
        Self.typeCode(child) == Self.typeCode(parent) && child.isUnsigned == parent.isUnsigned
            && child.charset == parent.charset && child.collation == parent.collation
    }

    /// TiDB's type code: binary and character strings of one shape share it.
    static func typeCode(_ type: SQLType) -> SQLType.Kind {
        switch type.kind {
        case .binary: return .char
        case .varbinary: return .varchar
        case .blob: return .text
        case .tinyblob: return .tinytext
        case .mediumblob: return .mediumtext
        case .longblob: return .longtext
        default: return type.kind
        }
    }

    /// An index (the primary key included) whose leading columns are `positions`, in order.
    static func coveringIndex(_ table: TableSchema, _ positions: [Int]) -> IndexSchema? {
        table.indexes.first {
            $0.columns.count >= positions.count && Array($0.columns.prefix(positions.count)) == positions
        }
    }

    /// The index TiDB adds, named after the foreign key, when none covers its columns.
    private func addIndex(for foreignKey: ForeignKeySchema, to schema: inout TableSchema) throws(MySQLError) {
        let positions = ConstraintEnforcer.positions(of: foreignKey.columns, in: schema)
        if Self.coveringIndex(schema, positions) != nil { return }
        if schema.indexes.contains(where: { $0.name.equalsIgnoringCase(foreignKey.name) }) {
            throw .tidb(1061, "42000", "duplicate key name \(foreignKey.name)")
        }
        schema.indexes.append(IndexSchema(name: foreignKey.name, columns: positions, isUnique: false))
    }

    func table(_ database: String, _ name: String) -> TableSchema? {
        self.tables.first { $0.database.equalsIgnoringCase(database) && $0.name.equalsIgnoringCase(name) }
    }

    /// Foreign keys of other tables (or the table itself) that reference `database.name`.
    func children(of database: String, _ name: String) -> [(TableSchema, ForeignKeySchema)] {
        self.tables.flatMap { child in
            child.foreignKeys.filter { $0.references(database, name) }.map { (child, $0) }
        }
    }

    // MARK: CHECK

    /// Adds a CHECK clause (a warning when `tidb_enable_check_constraint` is OFF, as in TiDB).
    func addCheck(_ spec: CheckSpec, to schema: inout TableSchema) throws(MySQLError) {
        guard self.checkConstraints else {
            self.warn(.tidb(1105, "HY000", "tidb_enable_check_constraint is off"))
            return
        }
        let name = spec.name ?? Self.unusedCheckName(schema)
        try Self.checkNameLength(name)
        if schema.checks.contains(where: { $0.name.equalsIgnoringCase(name) }) {
            throw .tidb(3822, "HY000", "Duplicate check constraint name '\(name)'.")
        }
        try Self.validateCheck(spec, name: name, in: schema)
        try Self.checkBoolean(spec.expression, name: name)
        schema.checks.append(
            CheckConstraintSchema(
                name: name,
                expression: spec.expression,
                text: ExpressionRestore.text(spec.expression, style: .init(lowercaseIntroducer: true)),
                enforced: spec.enforced
            )
        )
        try Self.checkReferentialActionColumns(schema)
    }

    /// TiDB's `setEmptyCheckConstraintName`: the first `<table>_chk_N` not taken, N from 1.
    static func unusedCheckName(_ schema: TableSchema) -> String {
        var number = 1
        while true {
            let name = "\(schema.name.lowercased())_chk_\(number)"
            if !schema.checks.contains(where: { $0.name.equalsIgnoringCase(name) }) { return name }
            number += 1
        }
    }

    static let disallowedFunctions: Set<String> = [
        "now", "current_timestamp", "curdate", "curtime", "current_date", "current_time", "localtime",
        "localtimestamp", "unix_timestamp", "utc_date", "utc_timestamp", "utc_time", "connection_id",
        "current_user", "session_user", "version", "found_rows", "last_insert_id", "system_user", "user",
        "rand", "row_count", "get_lock", "is_free_lock", "is_used_lock", "release_lock", "release_all_locks",
        "load_file", "uuid", "uuid_short", "sleep", "sysdate", "database", "schema", "default",
    ]

    private static func validateCheck(_ spec: CheckSpec, name: String, in schema: TableSchema) throws(MySQLError) {
        var failure: MySQLError?
        _ = spec.expression.contains { node in
            switch node {
            case .subquery, .exists, .inSubquery:
                failure =
                    failure
                    ?? .tidb(
                        3815,
                        "HY000",
                        "An expression of a check constraint '\(name)' contains disallowed function."
                    )
            case .function(let function, _) where Self.disallowedFunctions.contains(function):
                failure =
                    failure
                    ?? .tidb(
                        3814,
                        "HY000",
                        "An expression of a check constraint '\(name)' contains disallowed function: \(function)."
                    )
            case .userVariable, .systemVariable:
                failure =
                    failure
                    ?? .tidb(
                        3816,
                        "HY000",
                        "An expression of a check constraint '\(name)' cannot refer to a user or system variable."
                    )
            case .column(let column):
                guard let position = schema.columnIndex(column.name) else {
                    failure =
                        failure
                        ?? .tidb(
                            3820,
                            "HY000",
                            "Check constraint '\(name)' refers to non-existing column '\(column.name)'."
                        )
                    break
                }
                if let own = spec.column, !own.equalsIgnoringCase(column.name) {
                    failure =
                        failure ?? .tidb(3813, "HY000", "Column check constraint '\(name)' references other column.")
                } else if schema.columns[position].isAutoIncrement {
                    failure =
                        failure
                        ?? .tidb(
                            3818,
                            "HY000",
                            "Check constraint '\(name)' cannot refer to an auto-increment column."
                        )
                }
            default:
                break
            }
            return false
        }
        if let failure { throw failure }
    }
}
