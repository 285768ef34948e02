/// A column of a table.
public struct ColumnSchema: Sendable, Hashable {
    public enum DefaultValue: Sendable, Hashable {
        /// No DEFAULT clause: NULL for nullable columns, an error (1364) for NOT NULL ones.
        case none
        case null
        case value(Value)
        case currentTimestamp
    }

    public var name: String
    public var type: SQLType
    public var isNullable: Bool
    public var defaultValue: DefaultValue
    public var isAutoIncrement: Bool
    public var onUpdateCurrentTimestamp: Bool
    public var comment: String
    /// Set for a generated column (Schema+Generated.swift).
    public var generated: GeneratedColumn?
    /// Set for an AUTO_RANDOM column (Schema+AutoRandom.swift).
    public var autoRandom: AutoRandom?

    public init(
        name: String,
        type: SQLType,
        isNullable: Bool = true,
        defaultValue: DefaultValue = .none,
        isAutoIncrement: Bool = false,
        onUpdateCurrentTimestamp: Bool = false,
        comment: String = ""
    ) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.defaultValue = defaultValue
        self.isAutoIncrement = isAutoIncrement
        self.onUpdateCurrentTimestamp = onUpdateCurrentTimestamp
        self.comment = comment
    }
}

/// An index: the primary key, a unique key or a plain key.
public struct IndexSchema: Sendable, Hashable {
    public var name: String
    /// Positions of the indexed columns in the table.
    public var columns: [Int]
    public var isUnique: Bool
    public var isPrimary: Bool
    public var comment: String
    /// Expression key parts (Schema+ExpressionIndex.swift); `columns` holds the others.
    public var expressionParts: [IndexExpressionPart] = []
    /// False for an INVISIBLE index: maintained, never an access path.
    public var isVisible = true

    public init(name: String, columns: [Int], isUnique: Bool, isPrimary: Bool = false, comment: String = "") {
        self.name = name
        self.columns = columns
        self.isUnique = isUnique || isPrimary
        self.isPrimary = isPrimary
        self.comment = comment
    }
}

/// A table definition. Rows are keyed by the primary key when it is clustered (TiDB's default),
/// otherwise by the hidden `_tidb_rowid`.
public struct TableSchema: Sendable, Hashable {
    public var id: Int64
    public var database: String
    public var name: String
    public var columns: [ColumnSchema]
    /// Every index, the primary key first when there is one.
    public var indexes: [IndexSchema]
    public var foreignKeys: [ForeignKeySchema] = []
    /// The last `fk_N` number used: TiDB's `MaxForeignKeyID`, which names unnamed foreign keys.
    public var maxForeignKeyID = 0
    public var checks: [CheckConstraintSchema] = []
    public var engine = "InnoDB"
    public var charset = "utf8mb4"
    public var collation = "utf8mb4_bin"
    public var comment = ""
    public var createdMicroseconds: Int64 = 0
    /// Schema version of the last change (for the table's update time and caches).
    public var version: Int64 = 0
    /// `AUTO_ID_CACHE = n`: the AUTO_INCREMENT batch an instance takes (nil: TiDB's 30,000;
    /// 1: MySQL-compatible, strictly increasing ids from the central allocator).
    public var autoIDCache: Int64?
    /// `PARTITION BY ...`: which partition a row belongs to (`PartitionRouter`).
    public var partitioning: PartitionSpec?
    /// A temporary table's kind (Schema+Temporary.swift); nil for an ordinary table.
    public var temporary: TemporaryTableKind?

    public init(id: Int64, database: String, name: String, columns: [ColumnSchema], indexes: [IndexSchema]) {
        self.id = id
        self.database = database
        self.name = name
        self.columns = columns
        self.indexes = indexes
    }

    public var primaryKey: IndexSchema? { self.indexes.first { $0.isPrimary } }

    /// Whether rows are keyed by the primary key. TiDB v8.5 clusters every primary key by default
    /// (`tidb_enable_clustered_index = ON`).
    public var isClustered: Bool { self.primaryKey != nil }

    public func columnIndex(_ name: String) -> Int? {
        self.columns.firstIndex { $0.name.equalsIgnoringCase(name) }
    }

    public var autoIncrementColumn: Int? { self.columns.firstIndex { $0.isAutoIncrement } }

    public var autoRandomColumn: Int? { self.columns.firstIndex { $0.autoRandom != nil } }
}

/// A database (schema) and its options.
public struct DatabaseSchema: Sendable, Hashable {
    public var name: String
    public var charset = "utf8mb4"
    public var collation = "utf8mb4_bin"

    public init(name: String) {
        self.name = name
    }
}
