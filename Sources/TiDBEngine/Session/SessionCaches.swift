import MySQLTypes

/// What a session keeps so that a repeated statement does less: parsed texts, table and row
/// schemas, the builtin and the constant-row SELECT used last. Nothing here changes a result;
/// each entry is checked against the request before it is used (ARCHITECTURE.md, Performance
/// notes).
struct SessionCaches {
    /// Texts longer than this are not kept: bulk loads send large texts once each, and caching
    /// their trees would keep megabytes alive.
    static let largestCachedQuery = 4096

    /// Parsed texts, at most 64.
    private var parsed: [[UInt8]: [ParsedStatement]] = [:]
    /// The text parsed last: the network layer reuses the array for repeated texts, so the
    /// comparison is O(1).
    private var lastParsed: (text: [UInt8], statements: [ParsedStatement])?
    /// Row schemas of tables by id, version and alias.
    var rowSchemas: [RowSchemaCacheKey: RowSchema] = [:]
    /// Table schemas by name as written, valid while the storage's schema version is `version`.
    var tableSchemas: (version: Int64, tables: [TableName: TableSchema]) = (0, [:])
    /// The builtin function found last: a repeated statement calls the same ones, and comparing
    /// a name with itself is cheaper than hashing it.
    private var lastBuiltin: (name: String, function: Builtin)?
    /// The last SELECT without tables run from a parsed statement, its field types and columns
    /// (see `SelectExecutor.oneRow`).
    var lastConstantRow: (statement: ParsedStatement, columns: ConstantRowColumns)?

    /// `sql` parsed with `options`, from the cache when it was parsed before.
    mutating func parse(_ sql: [UInt8], options: Lexer.Options) throws(SQLSyntaxError) -> [ParsedStatement] {
        if let last = self.lastParsed, last.text == sql { return last.statements }
        if let cached = self.parsed[sql] {
            self.lastParsed = (sql, cached)
            return cached
        }
        let statements = try Parser.parse(bytes: sql, options: options)
        guard sql.count <= Self.largestCachedQuery else {
            self.lastParsed = nil
            return statements
        }
        // A small per-connection cache: clients repeat the same texts.
        if self.parsed.count >= 64 { self.parsed.removeAll(keepingCapacity: true) }
        self.parsed[sql] = statements
        self.lastParsed = (sql, statements)
        return statements
    }

    /// The lexer settings changed: the same text may tokenize differently now.
    mutating func forgetParsedTexts() {
        self.parsed.removeAll()
        self.lastParsed = nil
    }

    mutating func builtin(named name: String) -> Builtin? {
        if let last = self.lastBuiltin, last.name == name { return last.function }
        guard let function = Builtins.functions[name]?.copy() else { return nil }
        self.lastBuiltin = (name, function)
        return function
    }
}
