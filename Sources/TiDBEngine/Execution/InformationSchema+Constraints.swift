import MySQLTypes

/// REFERENTIAL_CONSTRAINTS and CHECK_CONSTRAINTS, and the foreign-key rows of KEY_COLUMN_USAGE
/// and TABLE_CONSTRAINTS, as TiDB v8.5's `infoschema_reader.go` writes them.
extension InformationSchema {
    private static func column(_ characters: UInt32, notNull: Bool = true) -> FieldType {
        FieldType(
            type: .varString,
            length: characters * 4,
            flags: notNull ? .notNull : [],
            charset: CollationID.utf8mb4Bin
        )
    }

    static let referentialConstraintsColumns: [(String, FieldType)] = [
        ("CONSTRAINT_CATALOG", column(512)), ("CONSTRAINT_SCHEMA", column(64)), ("CONSTRAINT_NAME", column(64)),
        ("UNIQUE_CONSTRAINT_CATALOG", column(512)), ("UNIQUE_CONSTRAINT_SCHEMA", column(64)),
        ("UNIQUE_CONSTRAINT_NAME", column(64, notNull: false)), ("MATCH_OPTION", column(64)),
        ("UPDATE_RULE", column(64)), ("DELETE_RULE", column(64)), ("TABLE_NAME", column(64)),
        ("REFERENCED_TABLE_NAME", column(64)),
    ]

    /// CHECK_CLAUSE is LONGTEXT.
    static let checkConstraintsColumns: [(String, FieldType)] = [
        ("CONSTRAINT_CATALOG", column(64)), ("CONSTRAINT_SCHEMA", column(64)), ("CONSTRAINT_NAME", column(64)),
        (
            "CHECK_CLAUSE",
            FieldType(type: .blob, length: 4_294_967_295, flags: .notNull, charset: CollationID.utf8mb4Bin)
        ),
    ]

    /// One row per foreign key; UNIQUE_CONSTRAINT_NAME is always PRIMARY and the schema the
    /// child's, as in TiDB.
    func referentialConstraintsRows() -> [[Value]] {
        self.userTables.flatMap { table in
            table.foreignKeys.map { foreignKey -> [Value] in
                [
                    .string("def"), .string(table.database), .string(foreignKey.name), .string("def"),
                    .string(table.database), .string("PRIMARY"), .string("NONE"),
                    .string(foreignKey.onUpdate?.rawValue ?? "NO ACTION"),
                    .string(foreignKey.onDelete?.rawValue ?? "NO ACTION"), .string(table.name),
                    .string(foreignKey.referencedTable),
                ]
            }
        }
    }

    func checkConstraintsRows() -> [[Value]] {
        self.userTables.flatMap { table in
            table.checks.map { check -> [Value] in
                [.string("def"), .string(table.database), .string(check.name), .string("(\(check.text))")]
            }
        }
    }

    /// KEY_COLUMN_USAGE's rows for a table's foreign keys: POSITION_IN_UNIQUE_CONSTRAINT is 1 for
    /// every column (TiDB writes the constant).
    static func foreignKeyUsageRows(_ table: TableSchema) -> [[Value]] {
        var rows: [[Value]] = []
        for foreignKey in table.foreignKeys {
            for (sequence, name) in foreignKey.columns.enumerated() {
                let column = table.columnIndex(name).map { table.columns[$0].name } ?? name
                let referenced =
                    sequence < foreignKey.referencedColumns.count ? foreignKey.referencedColumns[sequence] : ""
                rows.append([
                    .string("def"), .string(table.database), .string(foreignKey.name), .string("def"),
                    .string(table.database), .string(table.name), .string(column), .int(Int64(sequence + 1)), .int(1),
                    .string(foreignKey.referencedDatabase), .string(foreignKey.referencedTable), .string(referenced),
                ])
            }
        }
        return rows
    }

    static func foreignKeyConstraintRows(_ table: TableSchema) -> [[Value]] {
        table.foreignKeys.map {
            [
                .string("def"), .string(table.database), .string($0.name), .string(table.database),
                .string(table.name), .string("FOREIGN KEY"),
            ]
        }
    }
}
