/// Row constructors: `(a, b, ...)` and `ROW(a, b, ...)` (two or more values, as TiDB's grammar).
extension Parser {
    /// The rest of `(first, b, ...)` after `first`, through the closing parenthesis.
    mutating func parseRowTail(first: Expression) throws(SQLSyntaxError) -> [Expression] {
        var items = [first]
        while self.accept(.comma) { items.append(try self.parseExpression()) }
        try self.expect(.rightParen)
        return items
    }

    /// `ROW(a, b, ...)`, the current token being `ROW`.
    mutating func parseRowConstructor() throws(SQLSyntaxError) -> Expression {
        self.advance()
        try self.expect(.leftParen)
        let first = try self.parseExpression()
        guard self.current.isSymbol(.comma) else { throw self.errorAtCurrent() }
        return .row(try self.parseRowTail(first: first))
    }
}

/// Parenthesised queries inside expressions and FROM: `x IN ((SELECT ...) UNION (SELECT ...))`,
/// `((SELECT ...) UNION (SELECT ...)) AS t`.
extension Parser {
    /// Whether the parentheses starting here open, after any more of them, SELECT or WITH.
    func parenthesesLeadToQuery() -> Bool {
        var offset = 0
        while self.peek(offset).isSymbol(.leftParen) { offset += 1 }
        return offset > 0 && (self.peek(offset).isKeyword("SELECT") || self.peek(offset).isKeyword("WITH"))
    }

    /// A query and the closing parenthesis after it, or nil (nothing consumed) when what is
    /// there is something else, such as `(SELECT 1) + 1` or a list `(SELECT 1), (SELECT 2)`.
    mutating func parseQueryThenCloseIfWhole() -> SelectStatement? {
        guard self.parenthesesLeadToQuery() else { return nil }
        var attempt = self
        guard let select = try? attempt.parseQuery(), attempt.accept(.rightParen) else { return nil }
        self = attempt
        return select
    }
}

extension Parser {
    /// `(query) ORDER BY ... LIMIT ...`: the clauses order and limit the parenthesised query's
    /// result; where it has its own, it becomes a derived table the clauses apply to.
    mutating func parseOuterOrderAndLimit(of query: SelectStatement) throws(SQLSyntaxError) -> SelectStatement {
        let orderBy = try self.parseOrderBy()
        var limit: (Expression, Expression?)?
        if self.accept("LIMIT") { limit = try self.parseLimitClause() }
        guard !orderBy.isEmpty || limit != nil else { return query }
        var result = query
        if query.unions.isEmpty {
            if !query.orderBy.isEmpty || query.limit != nil { result = Self.derivedQuery(query) }
            result.orderBy = orderBy.isEmpty ? result.orderBy : orderBy
            if let limit { (result.limit, result.offset) = limit }
        } else {
            if !query.unionOrderBy.isEmpty || query.unionLimit != nil { return try self.outerOf(query, orderBy, limit) }
            result.unionOrderBy = orderBy
            if let limit { (result.unionLimit, result.unionOffset) = limit }
        }
        return result
    }

    private func outerOf(
        _ query: SelectStatement,
        _ orderBy: [SelectStatement.OrderItem],
        _ limit: (Expression, Expression?)?
    ) throws(SQLSyntaxError) -> SelectStatement {
        var result = Self.derivedQuery(query)
        result.orderBy = orderBy
        if let limit { (result.limit, result.offset) = limit }
        return result
    }

    /// `SELECT * FROM (query) AS ...`, under a name no query can write unquoted.
    static func derivedQuery(_ query: SelectStatement) -> SelectStatement {
        var outer = SelectStatement()
        outer.fields = [.wildcard(table: nil)]
        let name = "_parenthesized_query"
        outer.from = [
            SelectStatement.FromItem(
                table: SelectStatement.TableReference(schema: nil, name: name, alias: name, subquery: query)
            )
        ]
        return outer
    }
}
