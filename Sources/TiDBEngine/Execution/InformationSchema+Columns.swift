import MySQLTypes

/// Column names and types of the information_schema tables, as TiDB v8.5 declares them
/// (`pkg/infoschema/tables.go`: VARCHAR(n) in utf8mb4, BIGINT(n) and DATETIME in binary).
extension InformationSchema {
    static func varchar(_ characters: UInt32, notNull: Bool = false) -> FieldType {
        FieldType(
            type: .varString,
            length: characters * 4,
            flags: notNull ? .notNull : [],
            charset: CollationID.utf8mb4Bin
        )
    }

    static func bigint(_ length: UInt32, notNull: Bool = false) -> FieldType {
        FieldType(type: .longLong, length: length, flags: notNull ? .notNull : [], charset: CollationID.binary)
    }

    private static func text(_ characters: UInt32, notNull: Bool = false) -> FieldType {
        FieldType(type: .blob, length: characters * 4, flags: notNull ? .notNull : [], charset: CollationID.utf8mb4Bin)
    }

    private static let datetime = FieldType(type: .datetime, length: 19, charset: CollationID.binary)

    static let clusterInfoColumns: [(String, FieldType)] = [
        ("TYPE", varchar(64)), ("INSTANCE", varchar(64)), ("STATUS_ADDRESS", varchar(64)), ("VERSION", varchar(64)),
        ("GIT_HASH", varchar(64)), ("START_TIME", datetime), ("UPTIME", varchar(32)), ("SERVER_ID", bigint(21)),
    ]

    /// TiDB v8.5's 17 columns (`DESC information_schema.processlist`); INFO is LONGTEXT.
    static let processListColumns: [(String, FieldType)] = [
        ("ID", FieldType(type: .longLong, length: 21, flags: [.notNull, .unsigned], charset: CollationID.binary)),
        ("USER", varchar(16, notNull: true)), ("HOST", varchar(64, notNull: true)), ("DB", varchar(64)),
        ("COMMAND", varchar(16, notNull: true)),
        ("TIME", FieldType(type: .long, length: 7, flags: .notNull, charset: CollationID.binary)),
        ("STATE", varchar(7)),
        ("INFO", FieldType(type: .blob, length: 4_294_967_295, charset: CollationID.utf8mb4Bin)),
        ("DIGEST", varchar(64)),
        ("MEM", FieldType(type: .longLong, length: 21, flags: .unsigned, charset: CollationID.binary)),
        ("DISK", FieldType(type: .longLong, length: 21, flags: .unsigned, charset: CollationID.binary)),
        ("TxnStart", varchar(64, notNull: true)), ("RESOURCE_GROUP", varchar(32, notNull: true)),
        ("SESSION_ALIAS", varchar(64, notNull: true)),
        ("ROWS_AFFECTED", FieldType(type: .longLong, length: 21, flags: .unsigned, charset: CollationID.binary)),
        ("TIDB_CPU", bigint(21, notNull: true)), ("TIKV_CPU", bigint(21, notNull: true)),
    ]

    /// `KEY` and the digest text are TEXT columns in TiDB; the transaction ids BIGINT UNSIGNED.
    static let dataLockWaitsColumns: [(String, FieldType)] = [
        ("KEY", text(16_383, notNull: true)), ("KEY_INFO", text(16_383)),
        ("TRX_ID", FieldType(type: .longLong, length: 21, flags: [.notNull, .unsigned], charset: CollationID.binary)),
        (
            "CURRENT_HOLDING_TRX_ID",
            FieldType(type: .longLong, length: 21, flags: [.notNull, .unsigned], charset: CollationID.binary)
        ),
        ("SQL_DIGEST", varchar(64)), ("SQL_DIGEST_TEXT", text(16_383)),
    ]

    static let schemataColumns: [(String, FieldType)] = [
        ("CATALOG_NAME", varchar(512)), ("SCHEMA_NAME", varchar(64)), ("DEFAULT_CHARACTER_SET_NAME", varchar(64)),
        ("DEFAULT_COLLATION_NAME", varchar(32)), ("SQL_PATH", varchar(512)),
        ("TIDB_PLACEMENT_POLICY_NAME", varchar(64)),
    ]

    static let tablesColumns: [(String, FieldType)] = [
        ("TABLE_CATALOG", varchar(512)), ("TABLE_SCHEMA", varchar(64)), ("TABLE_NAME", varchar(64)),
        ("TABLE_TYPE", varchar(64)), ("ENGINE", varchar(64)), ("VERSION", bigint(21)), ("ROW_FORMAT", varchar(10)),
        ("TABLE_ROWS", bigint(21)), ("AVG_ROW_LENGTH", bigint(21)), ("DATA_LENGTH", bigint(21)),
        ("MAX_DATA_LENGTH", bigint(21)), ("INDEX_LENGTH", bigint(21)), ("DATA_FREE", bigint(21)),
        ("AUTO_INCREMENT", bigint(21)), ("CREATE_TIME", datetime), ("UPDATE_TIME", datetime),
        ("CHECK_TIME", datetime), ("TABLE_COLLATION", varchar(32)), ("CHECKSUM", bigint(21)),
        ("CREATE_OPTIONS", varchar(255)), ("TABLE_COMMENT", varchar(2048)), ("TIDB_TABLE_ID", bigint(21)),
        ("TIDB_ROW_ID_SHARDING_INFO", varchar(255)), ("TIDB_PK_TYPE", varchar(64)),
        ("TIDB_PLACEMENT_POLICY_NAME", varchar(64)),
    ]

    static let columnsColumns: [(String, FieldType)] = [
        ("TABLE_CATALOG", varchar(512)), ("TABLE_SCHEMA", varchar(64)), ("TABLE_NAME", varchar(64)),
        ("COLUMN_NAME", varchar(64)), ("ORDINAL_POSITION", bigint(64)), ("COLUMN_DEFAULT", text(196_606)),
        ("IS_NULLABLE", varchar(3)), ("DATA_TYPE", varchar(64)), ("CHARACTER_MAXIMUM_LENGTH", bigint(21)),
        ("CHARACTER_OCTET_LENGTH", bigint(21)), ("NUMERIC_PRECISION", bigint(21)), ("NUMERIC_SCALE", bigint(21)),
        ("DATETIME_PRECISION", bigint(21)), ("CHARACTER_SET_NAME", varchar(32)), ("COLLATION_NAME", varchar(32)),
        ("COLUMN_TYPE", text(196_606)), ("COLUMN_KEY", varchar(3)), ("EXTRA", varchar(45)),
        ("PRIVILEGES", varchar(80)), ("COLUMN_COMMENT", varchar(1024)),
        ("GENERATION_EXPRESSION", text(589_779, notNull: true)),
    ]

    static let statisticsColumns: [(String, FieldType)] = [
        ("TABLE_CATALOG", varchar(512)), ("TABLE_SCHEMA", varchar(64)), ("TABLE_NAME", varchar(64)),
        ("NON_UNIQUE", varchar(1)), ("INDEX_SCHEMA", varchar(64)), ("INDEX_NAME", varchar(64)),
        ("SEQ_IN_INDEX", bigint(2)), ("COLUMN_NAME", varchar(21)), ("COLLATION", varchar(1)),
        ("CARDINALITY", bigint(21)), ("SUB_PART", bigint(3)), ("PACKED", varchar(10)), ("NULLABLE", varchar(3)),
        ("INDEX_TYPE", varchar(16)), ("COMMENT", varchar(16)), ("INDEX_COMMENT", varchar(1024)),
        ("IS_VISIBLE", varchar(3)), ("Expression", varchar(64)),
    ]

    static let keyColumnUsageColumns: [(String, FieldType)] = [
        ("CONSTRAINT_CATALOG", varchar(512, notNull: true)), ("CONSTRAINT_SCHEMA", varchar(64, notNull: true)),
        ("CONSTRAINT_NAME", varchar(64, notNull: true)), ("TABLE_CATALOG", varchar(512, notNull: true)),
        ("TABLE_SCHEMA", varchar(64, notNull: true)), ("TABLE_NAME", varchar(64, notNull: true)),
        ("COLUMN_NAME", varchar(64, notNull: true)), ("ORDINAL_POSITION", bigint(10, notNull: true)),
        ("POSITION_IN_UNIQUE_CONSTRAINT", bigint(10)), ("REFERENCED_TABLE_SCHEMA", varchar(64)),
        ("REFERENCED_TABLE_NAME", varchar(64)), ("REFERENCED_COLUMN_NAME", varchar(64)),
    ]

    static let tableConstraintsColumns: [(String, FieldType)] = [
        ("CONSTRAINT_CATALOG", varchar(512)), ("CONSTRAINT_SCHEMA", varchar(64)), ("CONSTRAINT_NAME", varchar(64)),
        ("TABLE_SCHEMA", varchar(64)), ("TABLE_NAME", varchar(64)), ("CONSTRAINT_TYPE", varchar(64)),
    ]

    static let characterSetsColumns: [(String, FieldType)] = [
        ("CHARACTER_SET_NAME", varchar(32)), ("DEFAULT_COLLATE_NAME", varchar(32)), ("DESCRIPTION", varchar(60)),
        ("MAXLEN", bigint(3)),
    ]

    static let collationsColumns: [(String, FieldType)] = [
        ("COLLATION_NAME", varchar(32)), ("CHARACTER_SET_NAME", varchar(32)), ("ID", bigint(11)),
        ("IS_DEFAULT", varchar(3)), ("IS_COMPILED", varchar(3)), ("SORTLEN", bigint(3)),
        ("PAD_ATTRIBUTE", varchar(9)),
    ]
}
