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
