/// BACKUP and RESTORE (TiDB's `BRIEStmt`). Options are space-separated, `=` optional; a name
/// the grammar does not know is a syntax error, as in TiDB.
extension Parser {
    /// Whether the statement is the DATABASE/TABLE form (log backups and the rest are not).
    func isBRIEStatement() -> Bool {
        let next = self.peek()
        return next.isKeyword("DATABASE") || next.isKeyword("SCHEMA") || next.isKeyword("TABLE")
    }

    mutating func parseBRIE() throws(SQLSyntaxError) -> BRIEStatement {
        let kind: BRIEStatement.Kind = self.current.isKeyword("BACKUP") ? .backup : .restore
        self.advance()
        let scope: BRIEScope
        if self.accept("TABLE") {
            var tables = [try self.parseTableName()]
            while self.accept(.comma) { tables.append(try self.parseTableName()) }
            scope = .tables(tables)
        } else {
            if !self.accept("DATABASE") { try self.expect("SCHEMA") }
            if self.accept(.star) {
                scope = .all
            } else {
                var names = [try self.parseIdentifier()]
                while self.accept(.comma) { names.append(try self.parseIdentifier()) }
                scope = .databases(names)
            }
        }
        try self.expect(kind == .backup ? "TO" : "FROM")
        guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
        self.advance()
        var statement = BRIEStatement(kind: kind, scope: scope, url: String(decoding: bytes, as: UTF8.self))
        while case .word(let word) = self.current.kind {
            let name = word.uppercased()
            guard Self.brieOptionNames.contains(name) else { throw self.errorAtCurrent() }
            self.advance()
            _ = self.accept(.equal)
            statement.options.append(BRIEOption(name: name, value: try self.parseBRIEOptionValue(name)))
        }
        return statement
    }

    private mutating func parseBRIEOptionValue(_ name: String) throws(SQLSyntaxError) -> BRIEOption.Value {
        switch name {
        case "CONCURRENCY", "RESUME", "CHECKSUM_CONCURRENCY", "COMPRESSION_LEVEL":
            return .integer(try self.parseBRIEInteger())
        case "CHECKSUM":
            if self.accept("OPTIONAL") { return .keyword("OPTIONAL") }
            if self.accept("REQUIRED") { return .keyword("REQUIRED") }
            if self.accept("OFF") { return .boolean(false) }
            return .boolean(try self.parseBRIEBoolean())
        case "SEND_CREDENTIALS_TO_TIKV", "ONLINE", "CHECKPOINT", "WAIT_TIFLASH_READY", "WITH_SYS_TABLE", "IGNORE_STATS",
            "LOAD_STATS", "SKIP_SCHEMA_FILES", "STRICT_FORMAT":
            return .boolean(try self.parseBRIEBoolean())
        case "COMPRESSION_TYPE", "ENCRYPTION_METHOD", "ENCRYPTION_KEYFILE", "FULL_BACKUP_STORAGE":
            return .string(try self.parseBRIEString())
        case "RATE_LIMIT":
            let megabytes = try self.parseBRIEInteger()
            try self.expect("MB")
            try self.expect(.slash)
            try self.expect("SECOND")
            return .megabytesPerSecond(megabytes)
        case "SNAPSHOT", "LAST_BACKUP":
            if case .string = self.current.kind { return .string(try self.parseBRIEString()) }
            let number = try self.parseBRIEInteger()
            if name == "SNAPSHOT", case .word(let unit) = self.current.kind,
                Self.agoUnits.contains(unit.uppercased())
            {
                self.advance()
                try self.expect("AGO")
                return .ago(number, unit: unit.uppercased())
            }
            return .integer(number)
        default:
            throw self.errorAtCurrent()
        }
    }

    static let brieOptionNames: Set<String> = [
        "CONCURRENCY", "RESUME", "CHECKSUM_CONCURRENCY", "COMPRESSION_LEVEL", "CHECKSUM", "SEND_CREDENTIALS_TO_TIKV",
        "ONLINE", "CHECKPOINT", "WAIT_TIFLASH_READY", "WITH_SYS_TABLE", "IGNORE_STATS", "LOAD_STATS",
        "SKIP_SCHEMA_FILES",
        "STRICT_FORMAT", "COMPRESSION_TYPE", "ENCRYPTION_METHOD", "ENCRYPTION_KEYFILE", "FULL_BACKUP_STORAGE",
        "RATE_LIMIT",
        "SNAPSHOT", "LAST_BACKUP",
    ]

    static let agoUnits: Set<String> = ["MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK"]

    private mutating func parseBRIEInteger() throws(SQLSyntaxError) -> UInt64 {
        guard case .integer(let digits) = self.current.kind, let value = UInt64(digits) else {
            throw self.errorAtCurrent()
        }
        self.advance()
        return value
    }

    private mutating func parseBRIEBoolean() throws(SQLSyntaxError) -> Bool {
        if self.accept("TRUE") { return true }
        if self.accept("FALSE") { return false }
        return try self.parseBRIEInteger() != 0
    }

    private mutating func parseBRIEString() throws(SQLSyntaxError) -> String {
        guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
        self.advance()
        return String(decoding: bytes, as: UTF8.self)
    }
}
