/// CREATE / DROP / ALTER / TRUNCATE.
extension Parser {
    mutating func parseTableName() throws(SQLSyntaxError) -> TableName {
        let first = try self.parseIdentifier()
        if self.accept(.dot) {
            switch self.current.kind {
            case .quotedIdentifier(let name), .word(let name):
                self.advance()
                return TableName(database: first, name: name)
            default:
                throw self.errorAtCurrent()
            }
        }
        return TableName(name: first)
    }

    mutating func parseIfNotExists() throws(SQLSyntaxError) -> Bool {
        guard self.accept("IF") else { return false }
        try self.expect("NOT")
        try self.expect("EXISTS")
        return true
    }

    mutating func parseIfExists() throws(SQLSyntaxError) -> Bool {
        guard self.accept("IF") else { return false }
        try self.expect("EXISTS")
        return true
    }

    mutating func parseCreate() throws(SQLSyntaxError) -> Statement {
        try self.expect("CREATE")
        if self.accept("DATABASE") || self.accept("SCHEMA") {
            let ifNotExists = try self.parseIfNotExists()
            let name = try self.parseIdentifier()
            let options = try self.parseTableOptions()
            self.skipDatabaseOptions()
            return .createDatabase(name: name, ifNotExists: ifNotExists, options: options)
        }
        if self.current.isKeyword("TABLE") {
            self.advance()
            return .createTable(try self.parseCreateTable())
        }
        if let temporary = try self.parseTemporaryTableKeywords() {
            var create = try self.parseCreateTable()
            create.temporary = temporary
            try self.parseOnCommit(for: temporary)
            return .createTable(create)
        }
        if let view = try self.parseCreateViewIfPresent() { return .createView(view) }
        if self.accept("SEQUENCE") { return .sequence(.create(try self.parseCreateSequence())) }
        let unique = self.accept("UNIQUE")
        if self.accept("INDEX") || self.accept("KEY") {
            let ifNotExists = try self.parseIfNotExists()
            let name = try self.parseIdentifier()
            try self.expect("ON")
            let table = try self.parseTableName()
            let (columns, expressions, prefixes) = try self.parseIndexKeyPartsWithPrefixes()
            var index = IndexSpec(kind: unique ? .unique : .plain, name: name, columns: columns)
            index.expressionParts = expressions
            index.prefixLengths = prefixes
            try self.parseIndexOptions(into: &index)
            return .createIndex(table: table, index: index, ifNotExists: ifNotExists)
        }
        let name = "CREATE " + (self.currentWordUppercased ?? "")
        self.skipToEndOfStatement()
        return .unsupported(name.trimmingASCIISpaces())
    }

    var currentWordUppercased: String? {
        if case .word(let word) = self.current.kind { return word.uppercased() }
        return nil
    }

    private mutating func skipDatabaseOptions() {
        while self.current.kind != .endOfInput, !self.current.isSymbol(.semicolon) { self.advance() }
    }

    private mutating func parseCreateTable() throws(SQLSyntaxError) -> CreateTableStatement {
        let ifNotExists = try self.parseIfNotExists()
        var statement = CreateTableStatement(table: try self.parseTableName(), ifNotExists: ifNotExists)
        if self.accept("LIKE") {
            statement.like = try self.parseTableName()
            return statement
        }
        try self.expect(.leftParen)
        repeat {
            if let feature = self.unsupportedColumnType() {
                statement.unsupportedFeature = statement.unsupportedFeature ?? feature
                try self.skipTableElement()
            } else if let clause = try self.parseConstraintClause() {
                switch clause {
                case .index(let index): statement.indexes.append(index)
                case .foreignKey(let foreignKey): statement.foreignKeys.append(foreignKey)
                case .check(let check): statement.checks.append(check)
                }
            } else {
                statement.columns.append(try self.parseColumnSpec())
            }
        } while self.accept(.comma)
        try self.expect(.rightParen)
        statement.options = try self.parseTableOptions()
        if self.current.isKeyword("PARTITION") { statement.partitioning = try self.parsePartitionBy() }
        return statement
    }

    /// A column of a type TiDB has and the mock does not store yet: 1235 naming it, not 1064.
    func unsupportedColumnType() -> String? {
        guard case .word(let type) = self.peek(1).kind, self.current.isIdentifierLike else { return nil }
        let upper = type.uppercased()
        let unsupported: Set<String> = [
            "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
            "MULTIPOLYGON", "GEOMETRYCOLLECTION", "VECTOR",
        ]
        return unsupported.contains(upper) ? "\(upper) columns" : nil
    }

    /// Skips one element of a table definition, up to the comma or closing parenthesis that ends it.
    mutating func skipTableElement() throws(SQLSyntaxError) {
        var depth = 0
        while true {
            if self.current.kind == .endOfInput { throw self.errorAtCurrent() }
            if depth == 0, self.current.isSymbol(.comma) || self.current.isSymbol(.rightParen) { return }
            if self.current.isSymbol(.leftParen) { depth += 1 }
            if self.current.isSymbol(.rightParen) { depth -= 1 }
            self.advance()
        }
    }

    /// `PRIMARY KEY (...)`, `UNIQUE [KEY|INDEX] [name] (...)`, `KEY|INDEX [name] (...)`,
    /// `CONSTRAINT [name] ...`; nil when the next element is a column.
    mutating func parseTableConstraint() throws(SQLSyntaxError) -> IndexSpec? {
        var constraintName: String?
        if self.current.isKeyword("CONSTRAINT") {
            self.advance()
            if !self.current.isKeyword("PRIMARY"), !self.current.isKeyword("UNIQUE") {
                constraintName = try self.parseIdentifier()
            }
        }
        let kind: IndexSpec.Kind
        if self.accept("PRIMARY") {
            try self.expect("KEY")
            kind = .primary
        } else if self.accept("UNIQUE") {
            _ = self.accept("KEY") || self.accept("INDEX")
            kind = .unique
        } else if self.current.isKeyword("KEY") || self.current.isKeyword("INDEX") {
            self.advance()
            kind = .plain
        } else if self.current.isKeyword("FOREIGN") || self.current.isKeyword("CHECK")
            || self.current.isKeyword("FULLTEXT")
            || self.current.isKeyword("SPATIAL")
        {
            throw self.errorAtCurrent()
        } else {
            if constraintName != nil { throw self.errorAtCurrent() }
            return nil
        }
        var name = constraintName
        if !self.current.isSymbol(.leftParen), !self.current.isKeyword("USING") {
            name = try self.parseIdentifier()
        }
        if self.accept("USING") { self.advance() }
        let (columns, expressions, prefixes) = try self.parseIndexKeyPartsWithPrefixes()
        var index = IndexSpec(kind: kind, name: kind == .primary ? "PRIMARY" : name, columns: columns)
        index.expressionParts = expressions
        index.prefixLengths = prefixes
        try self.parseIndexOptions(into: &index)
        return index
    }

    /// `(col [(length)] [ASC|DESC], ...)`.
    mutating func parseIndexColumns() throws(SQLSyntaxError) -> [String] {
        try self.expect(.leftParen)
        var columns: [String] = []
        repeat {
            columns.append(try self.parseIdentifier())
            if self.accept(.leftParen) {
                _ = try self.parseInteger()
                try self.expect(.rightParen)
            }
            _ = self.accept("ASC") || self.accept("DESC")
        } while self.accept(.comma)
        try self.expect(.rightParen)
        return columns
    }

    /// Index options: `COMMENT '...'`, `CLUSTERED`, `NONCLUSTERED`, `USING BTREE`, `VISIBLE`, ...
    mutating func parseIndexOptions(into index: inout IndexSpec) throws(SQLSyntaxError) {
        while true {
            if self.accept("COMMENT") {
                guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
                self.advance()
                index.comment = String(decoding: bytes, as: UTF8.self)
            } else if self.accept("USING") {
                self.advance()
            } else if self.accept("VISIBLE") {
                index.isVisible = true
            } else if self.accept("INVISIBLE") {
                index.isVisible = false
            } else if self.accept("CLUSTERED") || self.accept("NONCLUSTERED") {
            } else {
                return
            }
        }
    }

    mutating func parseColumnSpec() throws(SQLSyntaxError) -> ColumnSpec {
        let name = try self.parseIdentifier()
        var column = ColumnSpec(name: name, type: try self.parseDataType())
        while true {
            if self.accept("NOT") {
                try self.expect("NULL")
                column.isNullable = false
            } else if self.accept("NULL") {
                column.isNullable = true
            } else if self.accept("DEFAULT") {
                column.defaultValue = try self.parseDefaultValue()
            } else if self.accept("AUTO_INCREMENT") {
                column.isAutoIncrement = true
            } else if self.accept("PRIMARY") {
                try self.expect("KEY")
                column.isPrimaryKey = true
            } else if self.accept("UNIQUE") {
                _ = self.accept("KEY")
                column.isUniqueKey = true
            } else if self.accept("KEY") {
                column.isPrimaryKey = true
            } else if self.accept("COMMENT") {
                guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
                self.advance()
                column.comment = String(decoding: bytes, as: UTF8.self)
            } else if self.accept("ON") {
                try self.expect("UPDATE")
                _ = try self.parsePrimary()
                column.onUpdateCurrentTimestamp = true
            } else if self.accept("COLLATE") {
                column.type.collation = try self.parseIdentifierOrString()
            } else if self.current.isKeyword("CHARACTER") || self.current.isKeyword("CHARSET") {
                if self.accept("CHARACTER") { try self.expect("SET") } else { self.advance() }
                // `CHARSET binary`: a reserved word, still a charset name here.
                column.type.charset = self.accept("BINARY") ? "binary" : try self.parseIdentifierOrString()
            } else if self.accept("CLUSTERED") || self.accept("NONCLUSTERED") {
            } else if try self.parseColumnConstraint(into: &column) {
            } else if self.current.isKeyword("GENERATED") || self.current.isKeyword("AS") {
                column.generated = try self.parseGeneratedColumn()
            } else if self.current.isKeyword("AUTO_RANDOM") {
                column.autoRandom = try self.parseAutoRandom()
            } else {
                return column
            }
        }
    }

    mutating func parseDefaultValue() throws(SQLSyntaxError) -> Expression {
        if self.accept(.leftParen) {
            let value = try self.parseExpression()
            try self.expect(.rightParen)
            return value
        }
        if self.accept(.minus) {
            return .unary(.minus, try self.parsePrimary())
        }
        return try self.parsePrimary()
    }

    /// A column type: `INT(11) UNSIGNED`, `DECIMAL(10,2)`, `VARCHAR(255)`, `DATETIME(3)`, ...
    mutating func parseDataType() throws(SQLSyntaxError) -> SQLType {
        guard case .word(let word) = self.current.kind else { throw self.errorAtCurrent() }
        self.advance()
        var type: SQLType
        switch word.uppercased() {
        // INT1..INT8, MIDDLEINT, FLOAT4/FLOAT8: MySQL's aliases, which TiDB's parser takes too.
        case "TINYINT", "INT1": type = SQLType(.tinyint)
        case "BOOL", "BOOLEAN": type = SQLType(.tinyint, length: 1)
        case "SMALLINT", "INT2": type = SQLType(.smallint)
        case "MEDIUMINT", "MIDDLEINT", "INT3": type = SQLType(.mediumint)
        case "INT", "INTEGER", "INT4": type = SQLType(.int)
        case "BIGINT", "INT8": type = SQLType(.bigint)
        case "DECIMAL", "NUMERIC", "DEC", "FIXED": type = SQLType(.decimal, length: 10, scale: 0)
        case "FLOAT", "FLOAT4": type = SQLType(.float)
        case "FLOAT8": type = SQLType(.double)
        case "DOUBLE":
            _ = self.accept("PRECISION")
            type = SQLType(.double)
        case "REAL": type = SQLType(.double)
        case "CHAR", "NCHAR", "CHARACTER":
            if self.accept("VARYING") { type = SQLType(.varchar) } else { type = SQLType(.char, length: 1) }
        case "VARCHAR", "NVARCHAR": type = SQLType(.varchar)
        case "TINYTEXT": type = SQLType(.tinytext)
        case "TEXT": type = SQLType(.text)
        case "MEDIUMTEXT": type = SQLType(.mediumtext)
        case "LONGTEXT": type = SQLType(.longtext)
        case "BINARY": type = SQLType(.binary, length: 1)
        case "VARBINARY": type = SQLType(.varbinary)
        case "TINYBLOB": type = SQLType(.tinyblob)
        case "BLOB": type = SQLType(.blob)
        case "MEDIUMBLOB": type = SQLType(.mediumblob)
        case "LONGBLOB": type = SQLType(.longblob)
        case "DATE": type = SQLType(.date)
        case "DATETIME": type = SQLType(.datetime)
        case "TIMESTAMP": type = SQLType(.timestamp)
        case "TIME": type = SQLType(.time)
        case "YEAR": type = SQLType(.year)
        case "JSON": type = SQLType(.json)
        case "ENUM", "SET":
            return try self.parseEnumSetType(word.uppercased() == "SET" ? .set : .enumeration)
        case "BIT": type = SQLType(.bit, length: 1)
        default:
            throw SQLSyntaxError(offset: self.tokens[self.index - 1].start, end: self.tokens[self.index - 1].end)
        }
        if self.accept(.leftParen) {
            let length = try self.parseInteger()
            switch type.kind {
            case .datetime, .timestamp, .time:
                guard length <= 6 else { throw SQLSyntaxError(offset: self.previousEnd, end: self.previousEnd) }
                type.scale = length
            case .text, .blob:
                // TEXT(n)/BLOB(n) pick the smallest type that holds n.
                if length <= 255 { type.kind = type.kind == .text ? .tinytext : .tinyblob }
            default:
                type.length = length
            }
            if self.accept(.comma) { type.scale = try self.parseInteger() }
            try self.expect(.rightParen)
        } else if type.kind == .varchar || type.kind == .varbinary {
            throw self.errorAtCurrent()
        }
        if type.kind == .float, let length = type.length, type.scale == nil, length > 24 {
            type = SQLType(.double)
        }
        while true {
            if self.accept("UNSIGNED") {
                type.isUnsigned = true
            } else if self.accept("SIGNED") {
            } else if self.accept("ZEROFILL") {
                type.isZerofill = true
                type.isUnsigned = true
            } else if self.current.isKeyword("BINARY"), type.isString {
                self.advance()
                type.collation = "utf8mb4_bin"
            } else {
                return type
            }
        }
    }

    /// Table options after `)`: `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=... AUTO_INCREMENT=5 COMMENT='x'`.
    mutating func parseTableOptions() throws(SQLSyntaxError) -> [String: String] {
        var options: [String: String] = [:]
        while true {
            _ = self.accept(.comma)
            guard case .word(let word) = self.current.kind, !self.current.isKeyword("PARTITION"),
                !self.current.isKeyword("ON")
            else { return options }
            var name = word.uppercased()
            self.advance()
            if name == "DEFAULT" {
                guard case .word(let next) = self.current.kind else { throw self.errorAtCurrent() }
                name = next.uppercased()
                self.advance()
            }
            if name == "CHARACTER" {
                try self.expect("SET")
                name = "CHARSET"
            }
            _ = self.accept(.equal)
            switch self.current.kind {
            case .word(let value), .quotedIdentifier(let value), .integer(let value):
                self.advance()
                options[name] = value
            case .string(let bytes, _):
                self.advance()
                options[name] = String(decoding: bytes, as: UTF8.self)
            default:
                throw self.errorAtCurrent()
            }
        }
    }

    mutating func parseDrop() throws(SQLSyntaxError) -> Statement {
        try self.expect("DROP")
        if self.accept("DATABASE") || self.accept("SCHEMA") {
            let ifExists = try self.parseIfExists()
            return .dropDatabase(name: try self.parseIdentifier(), ifExists: ifExists)
        }
        let temporary = try self.parseTemporaryTableKeywords()
        if temporary != nil || self.accept("TABLE") {
            let ifExists = try self.parseIfExists()
            var tables = [try self.parseTableName()]
            while self.accept(.comma) { tables.append(try self.parseTableName()) }
            _ = self.accept("RESTRICT") || self.accept("CASCADE")
            if let temporary { return .dropTemporaryTable(tables: tables, ifExists: ifExists, kind: temporary) }
            return .dropTable(tables: tables, ifExists: ifExists)
        }
        if self.accept("VIEW") {
            let ifExists = try self.parseIfExists()
            var views = [try self.parseTableName()]
            while self.accept(.comma) { views.append(try self.parseTableName()) }
            _ = self.accept("RESTRICT") || self.accept("CASCADE")
            return .dropView(names: views, ifExists: ifExists)
        }
        if self.accept("SEQUENCE") { return .sequence(try self.parseDropSequence()) }
        if self.accept("INDEX") || self.accept("KEY") {
            let ifExists = try self.parseIfExists()
            let name = try self.parseIdentifier()
            try self.expect("ON")
            return .dropIndex(table: try self.parseTableName(), name: name, ifExists: ifExists)
        }
        let name = "DROP " + (self.currentWordUppercased ?? "")
        self.skipToEndOfStatement()
        return .unsupported(name.trimmingASCIISpaces())
    }

    mutating func parseTruncate() throws(SQLSyntaxError) -> Statement {
        try self.expect("TRUNCATE")
        _ = self.accept("TABLE")
        return .truncate(try self.parseTableName())
    }
}
