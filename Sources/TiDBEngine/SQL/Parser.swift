/// A recursive-descent parser for the MySQL dialect TiDB speaks. One `parse` call turns a whole
/// `COM_QUERY` text into its statements, or fails as TiDB does: with one syntax error and nothing
/// executed.
public struct Parser {
    /// The text as the client sent it: string literals keep their bytes, valid UTF-8 or not.
    let bytes: [UInt8]
    var tokens: [Token]
    var index = 0
    /// `?` markers seen so far; each becomes `.parameter(n)`.
    var parameterCount = 0

    init(bytes: [UInt8], options: Lexer.Options) throws(SQLSyntaxError) {
        self.bytes = bytes
        do {
            self.tokens = try Lexer.tokenize(bytes, options: options)
        } catch {
            throw SQLSyntaxError(offset: error.offset, end: self.bytes.count)
        }
    }

    public static func parse(
        _ sql: String,
        options: Lexer.Options = .init()
    ) throws(SQLSyntaxError) -> [ParsedStatement] {
        try Self.parse(bytes: Array(sql.utf8), options: options)
    }

    public static func parse(
        bytes: [UInt8],
        options: Lexer.Options = .init()
    ) throws(SQLSyntaxError) -> [ParsedStatement] {
        var parser = try Parser(bytes: bytes, options: options)
        var statements: [ParsedStatement] = []
        while true {
            while parser.current.isSymbol(.semicolon) { parser.index += 1 }
            if parser.current.kind == .endOfInput { return statements }
            let start = parser.current.start
            let firstParameter = parser.parameterCount
            let statement = try parser.parseStatement()
            // Up to the `;` or the end, so a closing `*/` of an executable comment stays with
            // the text (DDL is replicated as written).
            var end = parser.current.start
            while end > start, Lexer.isSpace(bytes[end - 1]) { end -= 1 }
            if !parser.current.isSymbol(.semicolon), parser.current.kind != .endOfInput {
                throw parser.errorAtCurrent()
            }
            statements.append(
                ParsedStatement(
                    statement: statement,
                    text: parser.text(from: start, to: end),
                    parameterCount: parser.parameterCount - firstParameter
                )
            )
        }
    }

    // MARK: Token access

    var current: Token { self.tokens[self.index] }

    func peek(_ offset: Int = 1) -> Token {
        self.tokens[min(self.index + offset, self.tokens.count - 1)]
    }

    var previousEnd: Int { self.index > 0 ? self.tokens[self.index - 1].end : 0 }

    func text(from start: Int, to end: Int) -> String {
        String(decoding: self.bytes[start..<max(start, end)], as: UTF8.self)
    }

    func errorAtCurrent() -> SQLSyntaxError {
        SQLSyntaxError(offset: self.current.start, end: self.current.end)
    }

    mutating func advance() {
        if self.index < self.tokens.count - 1 { self.index += 1 }
    }

    /// Consumes the keyword if it is next.
    mutating func accept(_ keyword: StaticString) -> Bool {
        guard self.current.isKeyword(keyword) else { return false }
        self.advance()
        return true
    }

    mutating func accept(_ symbol: Token.Symbol) -> Bool {
        guard self.current.isSymbol(symbol) else { return false }
        self.advance()
        return true
    }

    mutating func expect(_ keyword: StaticString) throws(SQLSyntaxError) {
        guard self.accept(keyword) else { throw self.errorAtCurrent() }
    }

    mutating func expect(_ symbol: Token.Symbol) throws(SQLSyntaxError) {
        guard self.accept(symbol) else { throw self.errorAtCurrent() }
    }

    /// An identifier: a back-quoted name, or a word that is not a reserved keyword.
    mutating func parseIdentifier() throws(SQLSyntaxError) -> String {
        switch self.current.kind {
        case .quotedIdentifier(let name):
            self.advance()
            return name
        case .word(let word) where !ReservedWords.contains(word):
            self.advance()
            return word
        default:
            throw self.errorAtCurrent()
        }
    }

    /// A name that may also be given as a string (`SET NAMES 'utf8'`, `USE 'db'` is not allowed).
    mutating func parseIdentifierOrString() throws(SQLSyntaxError) -> String {
        if case .string(let bytes, _) = self.current.kind {
            self.advance()
            return String(decoding: bytes, as: UTF8.self)
        }
        return try self.parseIdentifier()
    }

    // MARK: Statements

    mutating func parseStatement() throws(SQLSyntaxError) -> Statement {
        let token = self.current
        guard case .word(let word) = token.kind else {
            if token.isSymbol(.leftParen), self.peek().isKeyword("SELECT") || self.peek().isSymbol(.leftParen) {
                return .select(try self.parseQuery())
            }
            throw self.errorAtCurrent()
        }
        if let statement = try self.parseAccountStatementIfPresent() { return statement }
        switch word.uppercased() {
        case "SELECT":
            return .select(try self.parseQuery())
        case "WITH":
            return try self.parseWith()
        case "SET":
            return try self.parseSet()
        case "SHOW":
            return try self.parseShow()
        case "USE":
            self.advance()
            return .use(database: try self.parseIdentifier())
        case "BEGIN":
            self.advance()
            var begin = BeginStatement()
            if self.accept("PESSIMISTIC") {
                begin.mode = .pessimistic
            } else if self.accept("OPTIMISTIC") {
                begin.mode = .optimistic
            } else {
                _ = self.accept("WORK")
            }
            return .begin(begin)
        case "START":
            self.advance()
            try self.expect("TRANSACTION")
            guard let begin = try self.parseTransactionCharacteristics() else {
                self.skipToEndOfStatement()
                return .unsupported("START TRANSACTION READ ONLY AS OF TIMESTAMP")
            }
            return .begin(begin)
        case "COMMIT":
            self.advance()
            _ = self.accept("WORK")
            return .commit
        case "ROLLBACK":
            self.advance()
            _ = self.accept("WORK")
            if self.accept("TO") {
                _ = self.accept("SAVEPOINT")
                return .rollbackToSavepoint(try self.parseIdentifier())
            }
            return .rollback
        case "SAVEPOINT":
            self.advance()
            return .savepoint(try self.parseIdentifier())
        case "RELEASE" where self.peek().isKeyword("SAVEPOINT"):
            self.advance()
            self.advance()
            return .releaseSavepoint(try self.parseIdentifier())
        case "KILL":
            return .kill(try self.parseKill())
        case "CREATE":
            return try self.parseCreate()
        case "DROP":
            return try self.parseDrop()
        case "ALTER":
            return try self.parseAlter()
        case "TRUNCATE":
            return try self.parseTruncate()
        case "RENAME":
            return try self.parseRenameTables()
        case "INSERT", "REPLACE":
            return try self.parseInsert()
        case "UPDATE":
            return try self.parseUpdate()
        case "DELETE":
            return try self.parseDelete()
        case "DESC", "DESCRIBE", "EXPLAIN":
            let describesTable: Bool
            switch self.peek().kind {
            case .word:
                let next = self.peek()
                describesTable = !["SELECT", "ANALYZE", "FORMAT", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE"]
                    .contains { next.isKeyword($0) }
            case .quotedIdentifier: describesTable = true
            default: describesTable = false
            }
            if describesTable {
                self.advance()
                var show = ShowStatement(kind: .columns(try self.parseTableName(), full: false))
                // `DESCRIBE t column`: that column's row only (TiDB's `ExplainSym TableName ColumnName`).
                switch self.current.kind {
                case .word, .quotedIdentifier:
                    let column = try self.parseIdentifier()
                    let name = Expression.literal(.string(Array(column.utf8), introducer: nil))
                    // Column names match without case.
                    show.filter = .whereClause(
                        .binary(
                            .equal,
                            .column(ColumnName(name: "Field")),
                            .collate(name, collation: "utf8mb4_general_ci")
                        )
                    )
                default:
                    break
                }
                return .show(show)
            }
            self.advance()
            return try self.parseExplainBody()
        case "ANALYZE":
            self.advance()
            return try self.parseAnalyzeTables()
        case "ADMIN":
            if let statement = try self.parseAdminBDR() { return statement }
            if self.peek().isKeyword("CHECK") {
                self.advance()
                self.advance()
                return try self.parseAdminCheck()
            }
            if self.peek().isKeyword("CHECKSUM") {
                self.advance()
                self.advance()
                try self.expect("TABLE")
                var tables = [try self.parseTableName()]
                while self.accept(.comma) { tables.append(try self.parseTableName()) }
                return .adminChecksum(tables)
            }
        case "PREPARE":
            self.advance()
            let name = try self.parseIdentifier()
            try self.expect("FROM")
            return .prepare(name: name, source: try self.parsePrimary())
        case "EXECUTE":
            self.advance()
            let name = try self.parseIdentifier()
            var arguments: [String] = []
            if self.accept("USING") {
                repeat {
                    guard case .userVariable(let variable) = self.current.kind else { throw self.errorAtCurrent() }
                    self.advance()
                    arguments.append(variable)
                } while self.accept(.comma)
            }
            return .execute(name: name, arguments: arguments)
        case "BACKUP", "RESTORE":
            if self.isBRIEStatement() { return .brie(try self.parseBRIE()) }
        case "DEALLOCATE", "DROP_PREPARE":
            self.advance()
            try self.expect("PREPARE")
            return .deallocate(name: try self.parseIdentifier())
        default:
            break
        }
        switch word.uppercased() {
        default:
            if let name = self.unsupportedStatementName(word) {
                self.skipToEndOfStatement()
                return .unsupported(name)
            }
            throw self.errorAtCurrent()
        }
    }

    /// nil for `READ ONLY AS OF TIMESTAMP`, a stale-read transaction this mock does not offer.
    private mutating func parseTransactionCharacteristics() throws(SQLSyntaxError) -> BeginStatement? {
        var begin = BeginStatement()
        guard self.current.kind != .endOfInput, !self.current.isSymbol(.semicolon) else { return begin }
        repeat {
            if self.accept("READ") {
                if self.accept("ONLY") {
                    begin.readOnly = true
                    if self.current.isKeyword("AS") { return nil }
                } else {
                    try self.expect("WRITE")
                }
            } else if self.accept("WITH") {
                try self.expect("CONSISTENT")
                try self.expect("SNAPSHOT")
                begin.withConsistentSnapshot = true
            } else {
                throw self.errorAtCurrent()
            }
        } while self.accept(.comma)
        return begin
    }

    private mutating func parseKill() throws(SQLSyntaxError) -> KillStatement {
        self.advance()
        let tidb = self.accept("TIDB")
        var queryOnly = false
        if self.accept("QUERY") {
            queryOnly = true
        } else {
            _ = self.accept("CONNECTION")
        }
        return KillStatement(connectionID: try self.parseExpression(), queryOnly: queryOnly, tidbSyntax: tidb)
    }

    mutating func skipToEndOfStatement() {
        while self.current.kind != .endOfInput, !self.current.isSymbol(.semicolon) { self.advance() }
    }

    /// Statements of TiDB's grammar that the mock does not execute: named, so the executor can
    /// answer "not supported" instead of a misleading syntax error.
    private func unsupportedStatementName(_ word: String) -> String? {
        let first = word.uppercased()
        guard UnsupportedStatements.firstWords.contains(first) else { return nil }
        if UnsupportedStatements.singleWord.contains(first) { return first }
        if case .word(let second) = self.peek().kind {
            let upper = second.uppercased()
            if UnsupportedStatements.objectWords.contains(upper) { return first + " " + upper }
        }
        return first
    }
}

enum UnsupportedStatements {
    static let firstWords: Set<String> = [
        "CREATE", "DROP", "ALTER", "RENAME", "GRANT",
        "REVOKE", "ANALYZE", "EXPLAIN", "DESCRIBE", "DESC", "LOAD", "FLUSH", "LOCK", "UNLOCK", "BACKUP", "RESTORE",
        "ADMIN", "PREPARE", "EXECUTE", "DEALLOCATE", "CALL", "DO", "HANDLER", "CHECKSUM", "OPTIMIZE", "REPAIR",
        "SAVEPOINT", "RELEASE", "XA", "IMPORT", "SPLIT", "RECOVER", "FLASHBACK", "CHANGE", "PURGE", "RESET",
        "SHUTDOWN", "RESTART", "TABLE", "VALUES", "WITH", "CANCEL", "PAUSE", "RESUME", "STOP", "TRACE", "PLAN",
        "CALIBRATE", "BATCH", "BINLOG", "HELP", "INSTALL", "UNINSTALL", "QUERY", "REFRESH", "TRAFFIC", "DISTRIBUTE",
    ]
    static let singleWord: Set<String> = ["TABLE", "VALUES", "WITH", "DO"]
    static let objectWords: Set<String> = [
        "TABLE", "TABLES", "DATABASE", "SCHEMA", "INDEX", "UNIQUE", "USER", "VIEW", "ROLE", "SEQUENCE",
        "PLACEMENT", "RESOURCE", "BINDING", "GLOBAL", "SESSION", "STATS", "DATA", "PROCEDURE", "FUNCTION",
        "TRIGGER", "EVENT", "LOGS", "PRIVILEGES", "INSTANCE", "TEMPORARY", "OR", "DEFINER", "SQL", "CHECKSUM",
        "DDL", "JOBS", "STATEMENT", "TRANSACTION", "BR", "RECOVER", "REORGANIZE", "ALGORITHM", "SLOW",
    ]
}

/// Words MySQL and TiDB reserve: they cannot name a column or alias without back-quotes.
enum ReservedWords {
    static func contains(_ word: String) -> Bool {
        word.utf8.count <= 22 && words.contains(word.uppercased())
    }

    static let words: Set<String> = [
        "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "BETWEEN", "BIGINT", "BINARY", "BLOB", "BOTH", "BY",
        "CALL", "CASCADE", "CASE", "CHANGE", "CHAR", "CHARACTER", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT",
        "CONTINUE", "CONVERT", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
        "CURRENT_USER", "CURSOR", "DATABASE", "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE",
        "DAY_SECOND", "DECIMAL", "DECLARE", "DEFAULT", "DELAYED", "DELETE", "DESC", "DESCRIBE", "DISTINCT",
        "DISTINCTROW", "DIV", "DOUBLE", "DROP", "DUAL", "ELSE", "ELSEIF", "ENCLOSED", "ESCAPED", "EXCEPT", "EXISTS",
        "EXIT", "EXPLAIN", "FALSE", "FETCH", "FLOAT", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "GENERATED",
        "GRANT", "GROUP", "HAVING", "HIGH_PRIORITY", "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF",
        "IGNORE", "IN", "INDEX", "INFILE", "INNER", "INSERT", "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO",
        "IS", "JOIN", "KEY", "KEYS", "KILL", "LEADING", "LEFT", "LIKE", "LIMIT", "LINEAR", "LINES", "LOAD",
        "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LONG", "LOW_PRIORITY", "MATCH", "MAXVALUE", "MOD", "NATURAL", "NOT",
        "NO_WRITE_TO_BINLOG", "NULL", "NUMERIC", "ON", "OPTIMIZE", "OPTION", "OPTIONALLY", "OR", "ORDER", "OUTER",
        "OUTFILE", "OVER", "PARTITION", "PRECISION", "PRIMARY", "PROCEDURE", "RANGE", "READ", "REAL", "REFERENCES",
        "REGEXP", "RELEASE", "RENAME", "REPEAT", "REPLACE", "REQUIRE", "RESTRICT", "REVOKE", "RIGHT", "RLIKE",
        "ROW", "ROWS", "SCHEMA", "SCHEMAS", "SELECT", "SET", "SHOW", "SMALLINT", "SPATIAL", "SQL",
        "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "SSL", "STARTING", "STORED", "STRAIGHT_JOIN",
        "TABLE", "TERMINATED", "THEN", "TINYINT", "TO", "TRAILING", "TRIGGER", "TRUE", "UNION", "UNIQUE", "UNLOCK",
        "UNSIGNED", "UPDATE", "USAGE", "USE", "USING", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES",
        "VARBINARY", "VARCHAR", "VIRTUAL", "WHEN", "WHERE", "WHILE", "WINDOW", "WITH", "WRITE", "XOR",
        "YEAR_MONTH", "ZEROFILL",
    ]
}
