/// INSERT / REPLACE / UPDATE / DELETE.
extension Parser {
    mutating func parseInsert() throws(SQLSyntaxError) -> Statement {
        let replace = self.current.isKeyword("REPLACE")
        self.advance()
        _ = self.accept("LOW_PRIORITY") || self.accept("DELAYED") || self.accept("HIGH_PRIORITY")
        let ignore = self.accept("IGNORE")
        _ = self.accept("INTO")
        let table = try self.parseTableName()
        var columns: [String]?
        var source: InsertStatement.Source
        if self.current.isSymbol(.leftParen), !self.peek().isKeyword("SELECT") {
            self.advance()
            var names: [String] = []
            if !self.current.isSymbol(.rightParen) {
                repeat { names.append(try self.parseColumnNameOnly()) } while self.accept(.comma)
            }
            try self.expect(.rightParen)
            columns = names
        }
        if self.accept("VALUES") || self.accept("VALUE") {
            var rows: [[Expression]] = []
            repeat {
                try self.expect(.leftParen)
                var row: [Expression] = []
                if !self.current.isSymbol(.rightParen) {
                    repeat { row.append(try self.parseExpression()) } while self.accept(.comma)
                }
                try self.expect(.rightParen)
                rows.append(row)
            } while self.accept(.comma)
            source = .values(rows)
        } else if self.accept("SET") {
            guard columns == nil else { throw self.errorAtCurrent() }
            var names: [String] = []
            var row: [Expression] = []
            repeat {
                names.append(try self.parseColumnNameOnly())
                try self.expect(.equal)
                row.append(try self.parseExpression())
            } while self.accept(.comma)
            columns = names
            source = .values([row])
        } else if self.current.isKeyword("SELECT") || self.current.isSymbol(.leftParen) {
            let parenthesized = self.accept(.leftParen)
            source = .select(try self.parseQuery())
            if parenthesized { try self.expect(.rightParen) }
        } else {
            throw self.errorAtCurrent()
        }
        var statement = InsertStatement(
            table: table,
            columns: columns,
            source: source,
            ignore: ignore,
            replace: replace
        )
        if !replace, self.accept("ON") {
            try self.expect("DUPLICATE")
            try self.expect("KEY")
            try self.expect("UPDATE")
            repeat {
                let column = try self.parseColumnNameOnly()
                try self.expect(.equal)
                statement.onDuplicateUpdate.append((column, try self.parseExpression()))
            } while self.accept(.comma)
        }
        return .insert(statement)
    }

    /// `col` or `t.col`: the column part.
    private mutating func parseColumnNameOnly() throws(SQLSyntaxError) -> String {
        var name = try self.parseIdentifier()
        while self.accept(.dot) {
            switch self.current.kind {
            case .quotedIdentifier(let part), .word(let part):
                self.advance()
                name = part
            default:
                throw self.errorAtCurrent()
            }
        }
        return name
    }

    mutating func parseUpdate() throws(SQLSyntaxError) -> Statement {
        try self.expect("UPDATE")
        _ = self.accept("LOW_PRIORITY")
        let ignore = self.accept("IGNORE")
        let (table, alias, joined) = try self.parseUpdateTables()
        try self.expect("SET")
        var assignments: [Assignment] = []
        repeat {
            guard case .column(let column) = try self.parseColumnReference() else { throw self.errorAtCurrent() }
            try self.expect(.equal)
            // Bare DEFAULT parses as `.defaultValue`; `DEFAULT(c)` as a call.
            let value = try self.parseExpression()
            assignments.append(Assignment(column: column, value: value))
        } while self.accept(.comma)
        var statement = UpdateStatement(table: table, alias: alias, assignments: assignments, ignore: ignore)
        statement.joined = joined
        if self.accept("WHERE") { statement.whereClause = try self.parseExpression() }
        if !joined.isEmpty { return .update(statement) }
        statement.orderBy = try self.parseOrderBy()
        if self.accept("LIMIT") { statement.limit = try self.parsePrimary() }
        return .update(statement)
    }

    mutating func parseDelete() throws(SQLSyntaxError) -> Statement {
        try self.expect("DELETE")
        _ = self.accept("LOW_PRIORITY") || self.accept("QUICK")
        let ignore = self.accept("IGNORE")
        if let multiTable = try self.parseMultiTableDelete(ignore: ignore) { return .delete(multiTable) }
        try self.expect("FROM")
        let table = try self.parseTableName()
        let partitions = try self.parsePartitionSelection()
        var alias: String?
        if self.accept("AS") {
            alias = try self.parseIdentifier()
        } else if case .word(let word) = self.current.kind, !ReservedWords.contains(word) {
            alias = word
            self.advance()
        }
        if self.current.isSymbol(.comma) || self.current.isKeyword("USING") || self.current.isKeyword("JOIN") {
            throw self.errorAtCurrent()
        }
        var statement = DeleteStatement(table: table, alias: alias, ignore: ignore)
        statement.partitions = partitions
        if self.accept("WHERE") { statement.whereClause = try self.parseExpression() }
        statement.orderBy = try self.parseOrderBy()
        if self.accept("LIMIT") { statement.limit = try self.parsePrimary() }
        return .delete(statement)
    }

    mutating func parseOrderBy() throws(SQLSyntaxError) -> [SelectStatement.OrderItem] {
        guard self.accept("ORDER") else { return [] }
        try self.expect("BY")
        var items: [SelectStatement.OrderItem] = []
        repeat {
            let expression = try self.parseExpression()
            let descending = self.accept("DESC")
            if !descending { _ = self.accept("ASC") }
            items.append(SelectStatement.OrderItem(expression: expression, descending: descending))
        } while self.accept(.comma)
        return items
    }
}
