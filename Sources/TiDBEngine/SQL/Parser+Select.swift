extension Parser {
    /// A query: a SELECT, or SELECTs joined by UNION (each may be parenthesized); an ORDER BY
    /// or LIMIT after the last unparenthesized one, or after the closing parenthesis, orders and
    /// limits the whole union.
    mutating func parseQuery() throws(SQLSyntaxError) -> SelectStatement {
        if self.current.isKeyword("WITH") { return try self.parseWithQuery() }
        var (first, parenthesized) = try self.parseUnionOperand()
        guard self.current.isKeyword("UNION") else {
            return parenthesized ? try self.parseOuterOrderAndLimit(of: first) : first
        }
        if parenthesized, !first.unions.isEmpty, !first.unionOrderBy.isEmpty || first.unionLimit != nil {
            // `(A UNION B ORDER BY x LIMIT n) UNION C`: the ordered, limited union is one member.
            first = Self.derivedQuery(first)
        }
        var lastParenthesized = false
        while self.accept("UNION") {
            let all = self.accept("ALL")
            if !all { _ = self.accept("DISTINCT") }
            let (next, parenthesized) = try self.parseUnionOperand()
            first.unions.append(SelectStatement.UnionMember(all: all, select: next))
            lastParenthesized = parenthesized
        }
        if !lastParenthesized, var last = first.unions.last?.select {
            (first.unionOrderBy, first.unionLimit, first.unionOffset) = (last.orderBy, last.limit, last.offset)
            (last.orderBy, last.limit, last.offset) = ([], nil, nil)
            first.unions[first.unions.count - 1].select = last
        } else {
            first.unionOrderBy = try self.parseOrderBy()
            if self.accept("LIMIT") { (first.unionLimit, first.unionOffset) = try self.parseLimitClause() }
        }
        return first
    }

    private mutating func parseUnionOperand() throws(SQLSyntaxError) -> (SelectStatement, parenthesized: Bool) {
        guard self.accept(.leftParen) else { return (try self.parseSelect(), false) }
        let select = try self.parseQuery()
        try self.expect(.rightParen)
        return (select, true)
    }

    /// `LIMIT n`, `LIMIT offset, n`, `LIMIT n OFFSET offset`: (limit, offset).
    mutating func parseLimitClause() throws(SQLSyntaxError) -> (Expression, Expression?) {
        let first = try self.parseLimitValue()
        if self.accept(.comma) { return (try self.parseLimitValue(), first) }
        if self.accept("OFFSET") { return (first, try self.parseLimitValue()) }
        return (first, nil)
    }

    mutating func parseSelect() throws(SQLSyntaxError) -> SelectStatement {
        try self.expect("SELECT")
        var select = SelectStatement()
        // Select options TiDB accepts; only DISTINCT changes the result.
        while case .word(let word) = self.current.kind {
            let upper = word.uppercased()
            if upper == "DISTINCT" || upper == "DISTINCTROW" {
                select.distinct = true
            } else if upper != "ALL", upper != "SQL_NO_CACHE", upper != "SQL_CACHE", upper != "HIGH_PRIORITY",
                upper != "STRAIGHT_JOIN", upper != "SQL_SMALL_RESULT", upper != "SQL_BIG_RESULT",
                upper != "SQL_BUFFER_RESULT", upper != "SQL_CALC_FOUND_ROWS"
            {
                break
            }
            self.advance()
        }
        repeat {
            select.fields.append(try self.parseSelectField())
        } while self.accept(.comma)

        if self.accept("FROM") {
            if !self.accept("DUAL") {
                select.from = try self.parseFromClause()
            }
        }
        if self.accept("WHERE") { select.whereClause = try self.parseExpression() }
        if self.accept("GROUP") {
            try self.expect("BY")
            repeat { select.groupBy.append(try self.parseExpression()) } while self.accept(.comma)
        }
        if self.accept("HAVING") { select.having = try self.parseExpression() }
        if self.accept("WINDOW") { select.windows = try self.parseNamedWindows() }
        select.orderBy = try self.parseOrderBy()
        if self.accept("LIMIT") { (select.limit, select.offset) = try self.parseLimitClause() }
        if self.accept("FOR") {
            if self.accept("UPDATE") {
                select.lock = .forUpdate
            } else {
                try self.expect("SHARE")
                select.lock = .forShare
            }
            if self.accept("NOWAIT") || self.accept("WAIT") {}
        } else if self.accept("LOCK") {
            try self.expect("IN")
            try self.expect("SHARE")
            try self.expect("MODE")
            select.lock = .forShare
        }
        return select
    }

    private mutating func parseLimitValue() throws(SQLSyntaxError) -> Expression {
        switch self.current.kind {
        case .parameterMarker:
            return try self.parsePrimary()
        case .integer(let text):
            self.advance()
            guard let value = UInt64(text) else {
                throw SQLSyntaxError(offset: self.previousEnd, end: self.previousEnd)
            }
            return .literal(.unsigned(value))
        default:
            throw self.errorAtCurrent()
        }
    }

    private mutating func parseSelectField() throws(SQLSyntaxError) -> SelectStatement.Field {
        if self.accept(.star) { return .wildcard(table: nil) }
        // `t.*`
        if case .symbol(.dot) = self.peek().kind, self.peek(2).isSymbol(.star) {
            let table = try self.parseIdentifier()
            self.advance()
            self.advance()
            return .wildcard(table: table)
        }
        let start = self.current.start
        let expression = try self.parseExpression()
        let text = self.text(from: start, to: self.previousEnd)
        var alias: String?
        if self.accept("AS") {
            alias = try self.parseAlias()
        } else if case .word(let word) = self.current.kind, !ReservedWords.contains(word) {
            alias = word
            self.advance()
        } else if case .quotedIdentifier(let name) = self.current.kind {
            alias = name
            self.advance()
        } else if case .string(let bytes, _) = self.current.kind {
            alias = String(decoding: bytes, as: UTF8.self)
            self.advance()
        }
        return .expression(expression, alias: alias, text: text)
    }

    private mutating func parseAlias() throws(SQLSyntaxError) -> String {
        if case .string(let bytes, _) = self.current.kind {
            self.advance()
            return String(decoding: bytes, as: UTF8.self)
        }
        return try self.parseIdentifier()
    }

    mutating func parseTableReference() throws(SQLSyntaxError) -> SelectStatement.TableReference {
        if self.parenthesesLeadToQuery() {
            self.advance()
            let subquery = try self.parseQuery()
            try self.expect(.rightParen)
            _ = self.accept("AS")
            // A derived table without a name is refused by the executor (1248), as TiDB does.
            var alias = ""
            if case .word(let word) = self.current.kind, !ReservedWords.contains(word),
                !Self.tableClauseWords.contains(word.uppercased())
            {
                alias = word
                self.advance()
            } else if case .quotedIdentifier(let name) = self.current.kind {
                alias = name
                self.advance()
            }
            return SelectStatement.TableReference(schema: nil, name: alias, alias: alias, subquery: subquery)
        }
        let first = try self.parseIdentifier()
        var reference = SelectStatement.TableReference(schema: nil, name: first, alias: nil)
        if self.accept(.dot) {
            reference.schema = first
            switch self.current.kind {
            case .quotedIdentifier(let name), .word(let name):
                self.advance()
                reference.name = name
            default:
                throw self.errorAtCurrent()
            }
        }
        reference.partitions = try self.parsePartitionSelection()
        if self.accept("AS") {
            reference.alias = try self.parseIdentifier()
        } else if case .word(let word) = self.current.kind, !ReservedWords.contains(word),
            !Self.tableClauseWords.contains(word.uppercased())
        {
            reference.alias = word
            self.advance()
        } else if case .quotedIdentifier(let name) = self.current.kind {
            reference.alias = name
            self.advance()
        }
        reference.indexHints = try self.parseIndexHints()
        return reference
    }

    /// `t1 [AS a] [[NATURAL] [INNER|CROSS|LEFT|RIGHT [OUTER]] JOIN t2 [AS b] [ON cond|USING (cols)]] ...`
    /// or comma-separated tables.
    mutating func parseFromClause() throws(SQLSyntaxError) -> [SelectStatement.FromItem] {
        var items = [SelectStatement.FromItem(table: try self.parseTableReference(), condition: nil)]
        while true {
            if self.accept(.comma) {
                items.append(SelectStatement.FromItem(table: try self.parseTableReference(), condition: nil))
                continue
            }
            if self.current.isKeyword("FULL") {
                // Not executed (TiDB has no FULL JOIN either); better a syntax error than wrong rows.
                throw self.errorAtCurrent()
            }
            let natural = self.accept("NATURAL")
            var join = SelectStatement.FromItem.Join.inner
            if self.accept("LEFT") {
                _ = self.accept("OUTER")
                join = .left
                try self.expect("JOIN")
            } else if self.accept("RIGHT") {
                _ = self.accept("OUTER")
                join = .right
                try self.expect("JOIN")
            } else {
                let inner = !natural && (self.accept("INNER") || self.accept("CROSS"))
                guard self.accept("JOIN") || (!natural && self.accept("STRAIGHT_JOIN")) else {
                    if inner || natural { throw self.errorAtCurrent() }
                    return items
                }
            }
            let table = try self.parseTableReference()
            var item = SelectStatement.FromItem(table: table, condition: nil, join: join)
            item.natural = natural
            if natural {
            } else if self.accept("ON") {
                item.condition = try self.parseExpression()
            } else if self.accept("USING") {
                try self.expect(.leftParen)
                repeat { item.using.append(try self.parseIdentifier()) } while self.accept(.comma)
                try self.expect(.rightParen)
            } else if join != .inner {
                throw self.errorAtCurrent()
            }
            items.append(item)
        }
    }

    /// Non-reserved words that still end a table reference instead of naming an alias.
    static let tableClauseWords: Set<String> = ["OFFSET", "NOWAIT", "WAIT", "SHARE", "MODE", "AS"]
}
