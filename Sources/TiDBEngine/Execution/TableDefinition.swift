import MySQLTypes

/// Turns CREATE TABLE column and index clauses into a validated `TableSchema`, with TiDB's
/// errors (1060, 1061, 1063, 1067, 1068, 1072, 1075, 1101, 1294).
struct TableDefinition {
    let session: Session
    /// RESTORE rebuilds tables from their CREATE statements in any order: a parent may come later.
    var requiresParents = true

    func build(_ create: CreateTableStatement, database: String) throws(MySQLError) -> TableSchema {
        var schema = TableSchema(id: 0, database: database, name: create.table.name, columns: [], indexes: [])
        // A table without its own charset takes its database's, as TiDB does.
        if let owner = self.session.cluster.storage.database(database) {
            schema.charset = owner.charset
            schema.collation = owner.collation
        }
        try self.applyTableOptions(create.options, to: &schema)
        guard !create.columns.isEmpty else {
            throw .tidb(1113, "42000", "A table must have at least 1 column")
        }
        var indexSpecs: [IndexSpec] = []
        for spec in create.columns {
            guard schema.columnIndex(spec.name) == nil else { throw .duplicateColumn(spec.name) }
            try Session.checkIdentifier(spec.name)
            schema.columns.append(try self.column(spec, table: schema))
            if spec.isPrimaryKey { indexSpecs.append(IndexSpec(kind: .primary, name: "PRIMARY", columns: [spec.name])) }
            if spec.isUniqueKey { indexSpecs.append(IndexSpec(kind: .unique, name: nil, columns: [spec.name])) }
        }
        for spec in indexSpecs + create.indexes { try self.addIndex(spec, to: &schema) }
        var constraints = ConstraintDefinition(session: self.session)
        if !self.requiresParents { constraints.foreignKeyChecks = false }
        // Table-level checks take the first names, then column-level ones (TiDB's order).
        for check in create.checks + create.columns.flatMap(\.checks) { try constraints.addCheck(check, to: &schema) }
        for foreignKey in create.foreignKeys { try constraints.addForeignKey(foreignKey, to: &schema) }
        try Self.checkAutoIncrement(schema)
        try Self.checkAutoRandomIsHandle(schema)
        try Self.checkGeneratedColumns(schema)
        if let partitioning = create.partitioning {
            schema.partitioning = try Self.checkPartitioning(partitioning, schema)
        }
        return schema
    }

    func applyTableOptions(_ options: [String: String], to schema: inout TableSchema) throws(MySQLError) {
        if options["CHARSET"] != nil || options["COLLATE"] != nil {
            let collation = try Self.collation(charset: options["CHARSET"], collation: options["COLLATE"])
            schema.collation = collation.name
            schema.charset = collation.charset
        }
        if let comment = options["COMMENT"] { schema.comment = comment }
        if let cache = options["AUTO_ID_CACHE"] { schema.autoIDCache = try Self.autoIDCache(cache) }
    }

    /// The collation a `CHARACTER SET x COLLATE y` clause names, as TiDB checks it: 1115 for an
    /// unknown charset, 1273 for an unknown or unsupported collation, 1253 when they disagree; a
    /// charset alone means its default collation.
    static func collation(charset: String?, collation: String?) throws(MySQLError) -> Collation {
        var named: CharacterSets.Charset?
        if let charset {
            guard let found = CharacterSets.charset(named: charset) else { throw .unknownCharacterSet(charset) }
            named = found
        }
        guard let collation else {
            return CharacterSets.collation(named: named?.defaultCollation ?? "utf8mb4_bin") ?? .utf8mb4Bin
        }
        guard let found = CharacterSets.collation(named: collation) else { throw .unsupportedCollation(collation) }
        if let named, named.name != found.charset {
            throw .collationMismatch(collation: found.name, charset: named.name)
        }
        return found
    }

    /// A column from its clause: NOT NULL, DEFAULT (converted to the column's type), AUTO_INCREMENT.
    /// A character column gets its charset and collation resolved here: its own clause, else the
    /// table's.
    func column(_ spec: ColumnSpec, table: TableSchema) throws(MySQLError) -> ColumnSchema {
        var type = spec.type
        if type.isString, type.charset?.lowercased() == "binary" {
            type.kind = type.kind == .char ? .binary : type.kind == .varchar ? .varbinary : .blob
            type.charset = nil
            type.collation = nil
        }
        if type.isString || type.isEnumOrSet {
            let collation =
                type.charset == nil && type.collation == nil
                ? CharacterSets.collation(named: table.collation) ?? .utf8mb4Bin
                : try Self.collation(charset: type.charset, collation: type.collation)
            type.charset = collation.charset
            type.collation = collation.name
        }
        if type.isEnumOrSet || type.kind == .bit { try Self.checkEnumSetBit(type, column: spec.name) }
        var column = ColumnSchema(
            name: spec.name,
            type: type,
            isNullable: spec.isPrimaryKey ? false : (spec.isNullable ?? true),
            isAutoIncrement: spec.isAutoIncrement,
            onUpdateCurrentTimestamp: spec.onUpdateCurrentTimestamp,
            comment: spec.comment
        )
        if spec.isAutoIncrement {
            guard type.isInteger || type.kind == .float || type.kind == .double else {
                throw .tidb(1063, "42000", "Incorrect column specifier for column '\(spec.name)'")
            }
        }
        if let autoRandom = spec.autoRandom { column.autoRandom = try Self.autoRandom(autoRandom, column: spec) }
        if spec.onUpdateCurrentTimestamp, type.kind != .datetime, type.kind != .timestamp {
            throw .tidb(1294, "HY000", "Invalid ON UPDATE clause for '\(spec.name)' column")
        }
        if let generated = spec.generated {
            column.generated = try Self.generatedColumn(generated, spec: spec)
        } else if let expression = spec.defaultValue {
            column.defaultValue = try self.defaultValue(expression, for: column, spec: spec)
        }
        return column
    }

    /// `ALTER COLUMN c SET DEFAULT value` on an existing column.
    func defaultValue(
        _ expression: Expression,
        for column: ColumnSchema
    ) throws(MySQLError) -> ColumnSchema.DefaultValue {
        try self.defaultValue(
            expression,
            for: column,
            spec: ColumnSpec(name: column.name, type: column.type, isNullable: column.isNullable)
        )
    }

    private func defaultValue(
        _ expression: Expression,
        for column: ColumnSchema,
        spec: ColumnSpec
    ) throws(MySQLError) -> ColumnSchema.DefaultValue {
        let invalid = MySQLError.tidb(1067, "42000", "Invalid default value for '\(column.name)'")
        if case .literal(.null) = expression {
            guard column.isNullable, spec.isNullable != false else { throw invalid }
            return .null
        }
        if column.isAutoIncrement { throw invalid }
        if case .function(let name, _) = expression,
            ["now", "current_timestamp", "localtime", "localtimestamp"].contains(name)
        {
            guard [.datetime, .timestamp].contains(column.type.kind) else { throw invalid }
            return .currentTimestamp
        }
        switch column.type.kind {
        case .tinytext, .text, .mediumtext, .longtext, .tinyblob, .blob, .mediumblob, .longblob, .json:
            let refused = MySQLError.tidb(
                1101,
                "42000",
                "BLOB/TEXT/JSON column '\(column.name)' can't have a default value"
            )
            // Outside strict mode TiDB takes '' for TEXT/BLOB with a warning: TEXT, BLOB and
            // LONGTEXT/LONGBLOB then have no default, the others keep ''.
            guard !self.session.variables.dataModes.strict, column.type.kind != .json,
                case .literal(.string(let bytes, _)) = expression, bytes.isEmpty
            else { throw refused }
            self.session.addWarning(refused)
            switch column.type.kind {
            case .text, .blob, .longtext, .longblob: return .none
            default: return .value(.string(""))
            }
        default:
            break
        }
        guard Evaluator.isConstant(expression),
            let value = try? Evaluator(environment: self.session).evaluate(expression)
        else {
            throw invalid
        }
        let coercion = ColumnCoercion(strict: true, warn: { _ in }, timeZone: self.session.timeZone)
        guard let stored = try? coercion.coerce(value, to: column, row: 1) else { throw invalid }
        return .value(stored)
    }

    /// Adds an index clause: positions, the name TiDB gives unnamed ones, PRIMARY KEY columns
    /// made NOT NULL.
    func addIndex(_ spec: IndexSpec, to schema: inout TableSchema) throws(MySQLError) {
        var positions: [Int] = []
        for name in spec.columns {
            guard let position = schema.columnIndex(name) else {
                throw .tidb(1072, "42000", "Key column '\(name)' doesn't exist in table")
            }
            positions.append(position)
        }
        try self.checkKeyLength(spec, positions: positions, schema: schema)
        if spec.kind == .primary {
            guard schema.primaryKey == nil else { throw .tidb(1068, "42000", "Multiple primary key defined") }
            for position in positions { schema.columns[position].isNullable = false }
            schema.indexes.insert(
                IndexSchema(
                    name: "PRIMARY",
                    columns: positions,
                    isUnique: true,
                    isPrimary: true,
                    comment: spec.comment
                ),
                at: 0
            )
            return
        }
        // An unnamed expression index is `expression_index` (TiDB's name for it).
        var name = spec.name ?? positions.first.map { schema.columns[$0].name } ?? "expression_index"
        if spec.name == nil {
            var suffix = 2
            let base = name
            while schema.indexes.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                name = "\(base)_\(suffix)"
                suffix += 1
            }
        }
        if name.lowercased() == "primary" { throw .tidb(1280, "42000", "Incorrect index name '\(name)'") }
        guard !schema.indexes.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw .tidb(1061, "42000", "Duplicate key name '\(name)'")
        }
        var index = IndexSchema(name: name, columns: positions, isUnique: spec.kind == .unique, comment: spec.comment)
        index.isVisible = spec.isVisible
        index.expressionParts = try Self.expressionParts(spec, indexName: name, table: schema)
        schema.indexes.append(index)
    }

    /// At most one AUTO_INCREMENT column, and it must be indexed.
    static func checkAutoIncrement(_ schema: TableSchema) throws(MySQLError) {
        let automatic = schema.columns.indices.filter { schema.columns[$0].isAutoIncrement }
        guard !automatic.isEmpty else { return }
        let error = MySQLError.tidb(
            1075,
            "42000",
            "Incorrect table definition; there can be only one auto column and it must be defined as a key"
        )
        guard automatic.count == 1, schema.indexes.contains(where: { $0.columns.contains(automatic[0]) }) else {
            throw error
        }
    }

    /// 0 leaves TiDB's default (its table info stores 0 for "not set"); more than 2^63-1 is refused.
    static func autoIDCache(_ text: String) throws(MySQLError) -> Int64? {
        guard let value = UInt64(text), value <= UInt64(Int64.max) else {
            throw .tidb(1105, "HY000", "table option auto_id_cache overflows int64")
        }
        return value == 0 ? nil : Int64(value)
    }

    /// Partitioning columns must exist (1054); RANGE and LIST need definitions (1492).
    static func checkPartitioning(_ spec: PartitionSpec, _ schema: TableSchema) throws(MySQLError) -> PartitionSpec {
        for name in spec.columns where !schema.columns.contains(where: { $0.name.equalsIgnoringCase(name) }) {
            throw .unknownColumn(name, in: "partition function")
        }
        if spec.method == .range || spec.method == .list, spec.definitions.isEmpty {
            throw .tidb(1492, "HY000", "For \(spec.method.rawValue) partitions each partition must be defined")
        }
        return spec
    }
}

extension MySQLError {
    static func duplicateColumn(_ name: String) -> MySQLError {
        .tidb(1060, "42S21", "Duplicate column name '\(name)'")
    }
}
