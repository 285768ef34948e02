extension Parser {
    mutating func parseShow() throws(SQLSyntaxError) -> Statement {
        try self.expect("SHOW")
        var global = false
        if self.accept("GLOBAL") {
            global = true
        } else {
            _ = self.accept("SESSION") || self.accept("LOCAL")
        }
        let kind: ShowStatement.Kind
        guard case .word(let word) = self.current.kind else { throw self.errorAtCurrent() }
        self.advance()
        switch word.uppercased() {
        case "VARIABLES":
            kind = .variables(global: global)
        case "STATUS":
            kind = .status(global: global)
        case "DATABASES", "SCHEMAS":
            kind = .databases
        case "WARNINGS":
            kind = .warnings
        case "ERRORS":
            kind = .errors
        case "COUNT":
            try self.expect(.leftParen)
            try self.expect(.star)
            try self.expect(.rightParen)
            if self.accept("WARNINGS") {
                kind = .warningCount
            } else {
                try self.expect("ERRORS")
                kind = .errorCount
            }
        case "MASTER":
            try self.expect("STATUS")
            kind = .masterStatus
        case "BINARY" where self.current.isKeyword("LOG"):
            self.advance()
            try self.expect("STATUS")
            kind = .masterStatus
        case "PROCESSLIST":
            kind = .processList(full: false)
        case "BACKUPS":
            kind = .brieTasks(restores: false)
        case "RESTORES":
            kind = .brieTasks(restores: true)
        case "FULL" where self.current.isKeyword("PROCESSLIST"):
            self.advance()
            kind = .processList(full: true)
        case "CREATE" where self.current.isKeyword("TABLE"):
            self.advance()
            return .show(ShowStatement(kind: .createTable(try self.parseTableName())))
        case "CREATE" where self.current.isKeyword("SEQUENCE"):
            self.advance()
            return .show(ShowStatement(kind: .createSequence(try self.parseTableName())))
        case "CREATE" where self.current.isKeyword("VIEW"):
            self.advance()
            return .show(ShowStatement(kind: .createView(try self.parseTableName())))
        case "CREATE" where self.current.isKeyword("DATABASE") || self.current.isKeyword("SCHEMA"):
            self.advance()
            _ = try self.parseIfNotExists()
            return .show(ShowStatement(kind: .createDatabase(try self.parseIdentifier())))
        case "COLUMNS", "FIELDS":
            kind = .columns(try self.parseShowTable(), full: false)
        case "FULL" where self.current.isKeyword("COLUMNS") || self.current.isKeyword("FIELDS"):
            self.advance()
            kind = .columns(try self.parseShowTable(), full: true)
        case "INDEX", "INDEXES", "KEYS":
            kind = .indexes(try self.parseShowTable())
        case "TABLE" where self.current.isKeyword("STATUS"):
            self.advance()
            kind = .tableStatus(database: try self.parseShowDatabase())
        case "FULL" where self.current.isKeyword("TABLES"):
            self.advance()
            kind = .tables(full: true, database: try self.parseShowDatabase())
        case "TABLES":
            kind = .tables(full: false, database: try self.parseShowDatabase())
        case "COLLATION":
            kind = .collation
        case "CHARACTER" where self.current.isKeyword("SET"):
            self.advance()
            kind = .characterSet
        case "CHARSET":
            kind = .characterSet
        case "ENGINES":
            kind = .engines
        case "STORAGE" where self.current.isKeyword("ENGINES"):
            self.advance()
            kind = .engines
        case "PRIVILEGES":
            kind = .privileges
        case "BUILTINS":
            kind = .builtins
        case "HISTOGRAMS_IN_FLIGHT":
            kind = .histogramsInFlight
        case "OPEN" where self.current.isKeyword("TABLES"):
            self.advance()
            kind = .openTables(database: try self.parseShowDatabase())
        case "PLUGINS":
            kind = .plugins
        case "GRANTS":
            var user: String?
            if self.accept("FOR") {
                user = try self.parseUserName()
            }
            kind = .grants(user: user)
        default:
            // Other SHOW forms exist in TiDB; name the one we were given.
            var name = "SHOW " + word.uppercased()
            if case .word(let next) = self.current.kind, next.uppercased() != "LIKE", next.uppercased() != "WHERE",
                next.uppercased() != "FROM", next.uppercased() != "IN"
            {
                name += " " + next.uppercased()
            }
            self.skipToEndOfStatement()
            return .unsupported(name)
        }
        var show = ShowStatement(kind: kind)
        if self.accept("LIKE") {
            show.filter = .like(try self.parsePrimary())
        } else if self.accept("WHERE") {
            show.filter = .whereClause(try self.parseExpression())
        }
        if case .warnings = kind, self.accept("LIMIT") {
            try self.parseShowLimit(&show)
        } else if case .errors = kind, self.accept("LIMIT") {
            try self.parseShowLimit(&show)
        }
        return .show(show)
    }

    private mutating func parseShowLimit(_ show: inout ShowStatement) throws(SQLSyntaxError) {
        let first = Expression.literal(.unsigned(UInt64(try self.parseInteger())))
        if self.accept(.comma) {
            show.offset = first
            show.limit = .literal(.unsigned(UInt64(try self.parseInteger())))
        } else {
            show.limit = first
        }
    }

    /// `FROM t [FROM db]` / `IN t [IN db]`.
    private mutating func parseShowTable() throws(SQLSyntaxError) -> TableName {
        guard self.accept("FROM") || self.accept("IN") else { throw self.errorAtCurrent() }
        var table = try self.parseTableName()
        if let database = try self.parseShowDatabase() { table.database = database }
        return table
    }

    private mutating func parseShowDatabase() throws(SQLSyntaxError) -> String? {
        guard self.accept("FROM") || self.accept("IN") else { return nil }
        return try self.parseIdentifier()
    }

    /// `user`, `'user'@'host'`, `CURRENT_USER[()]`.
    private mutating func parseUserName() throws(SQLSyntaxError) -> String {
        switch try self.parseAccountName() {
        case .current: return "CURRENT_USER"
        case .named(let user, let host): return user + "@" + host
        }
    }
}
