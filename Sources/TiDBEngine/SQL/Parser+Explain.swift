/// EXPLAIN, ANALYZE TABLE, ADMIN CHECK and index hints.
extension Parser {
    /// After `EXPLAIN`/`DESC`/`DESCRIBE`: `[ANALYZE] [FORMAT = name] statement`.
    mutating func parseExplainBody() throws(SQLSyntaxError) -> Statement {
        let analyze = self.accept("ANALYZE")
        var format = ExplainStatement.Format.row
        if self.accept("FORMAT") {
            try self.expect(.equal)
            let name: String
            switch self.current.kind {
            case .string(let bytes, _): name = String(decoding: bytes, as: UTF8.self)
            case .word(let word), .quotedIdentifier(let word): name = word
            default: throw self.errorAtCurrent()
            }
            self.advance()
            // TiDB's `traditional` is its `row` format under MySQL's name.
            let lowered = name.lowercased() == "traditional" ? "row" : name.lowercased()
            guard let known = ExplainStatement.Format(rawValue: lowered) else {
                // dot, tidb_json, cost_trace, ...: TiDB renders them; the mock does not.
                self.skipToEndOfStatement()
                return .unsupported("EXPLAIN FORMAT = '\(name)'")
            }
            format = known
        }
        let explained: Statement
        switch self.current.kind {
        case .word(let word)
        where ["SELECT", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE"].contains(word.uppercased()):
            explained = try self.parseStatement()
        case .symbol(.leftParen):
            explained = try self.parseStatement()
        default:
            throw self.errorAtCurrent()
        }
        return .explain(ExplainStatement(analyze: analyze, format: format, statement: explained))
    }

    /// After `ANALYZE`: `TABLE t[, ...]` and options TiDB accepts (`WITH n BUCKETS`, ...), which
    /// change nothing the mock keeps.
    mutating func parseAnalyzeTables() throws(SQLSyntaxError) -> Statement {
        try self.expect("TABLE")
        var tables = [try self.parseTableName()]
        while self.accept(.comma) { tables.append(try self.parseTableName()) }
        // `[ALL|PREDICATE] COLUMNS`, `INDEX ...`, `WITH n BUCKETS|TOPN|SAMPLES|SAMPLERATE`: statistics
        // detail the mock does not model; the row counts it keeps are exact either way.
        self.skipToEndOfStatement()
        return .analyzeTables(tables)
    }

    /// After `ADMIN CHECK`: `TABLE t[, ...]` or `INDEX t name`.
    mutating func parseAdminCheck() throws(SQLSyntaxError) -> Statement {
        if self.accept("INDEX") {
            let table = try self.parseTableName()
            return .adminCheck(.index(table, try self.parseIdentifier()))
        }
        try self.expect("TABLE")
        var tables = [try self.parseTableName()]
        while self.accept(.comma) { tables.append(try self.parseTableName()) }
        return .adminCheck(.tables(tables))
    }

    /// `{USE|FORCE|IGNORE} {INDEX|KEY} [FOR {JOIN|ORDER BY|GROUP BY}] ([name, ...])`, repeated.
    mutating func parseIndexHints() throws(SQLSyntaxError) -> [IndexHint] {
        var hints: [IndexHint] = []
        while true {
            let kind: IndexHint.Kind
            if self.current.isKeyword("USE") {
                kind = .use
            } else if self.current.isKeyword("FORCE") {
                kind = .force
            } else if self.current.isKeyword("IGNORE") {
                kind = .ignore
            } else {
                return hints
            }
            guard self.peek().isKeyword("INDEX") || self.peek().isKeyword("KEY") else { return hints }
            self.advance()
            self.advance()
            if self.accept("FOR") {
                if self.accept("JOIN") {
                } else if self.accept("ORDER") || self.accept("GROUP") {
                    try self.expect("BY")
                } else {
                    throw self.errorAtCurrent()
                }
            }
            try self.expect(.leftParen)
            var names: [String] = []
            if !self.current.isSymbol(.rightParen) {
                repeat {
                    // `PRIMARY` is a reserved word but names the primary key here.
                    if self.accept("PRIMARY") {
                        names.append("PRIMARY")
                    } else {
                        names.append(try self.parseIdentifier())
                    }
                } while self.accept(.comma)
            }
            // An empty list is only valid for USE (TiDB's grammar: IndexNameList may be empty).
            if names.isEmpty, kind != .use { throw self.errorAtCurrent() }
            try self.expect(.rightParen)
            hints.append(IndexHint(kind: kind, indexes: names))
        }
    }
}
