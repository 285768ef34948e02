/// JSON syntax: `col->'$.path'` (JSON_EXTRACT), `col->>'$.path'` (JSON_UNQUOTE of it) and
/// `value MEMBER OF (json)`.
extension Parser {
    /// A column reference, with `->` / `->>` and a path string after it as TiDB's grammar allows
    /// (only after a column).
    mutating func parseColumnWithJSONArrow() throws(SQLSyntaxError) -> Expression {
        let column = try self.parseColumnReference()
        let unquoting: Bool
        if self.current.isSymbol(.arrow) {
            unquoting = false
        } else if self.current.isSymbol(.doubleArrow) {
            unquoting = true
        } else {
            return column
        }
        self.advance()
        guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
        self.advance()
        let extract = Expression.function(
            name: "json_extract",
            arguments: [column, .literal(.string(bytes, introducer: nil))]
        )
        return unquoting ? .function(name: "json_unquote", arguments: [extract]) : extract
    }

    /// After `MEMBER` (with `OF` next): `OF ( expr )`.
    mutating func parseMemberOf(_ left: Expression) throws(SQLSyntaxError) -> Expression {
        self.advance()
        try self.expect("OF")
        try self.expect(.leftParen)
        let document = try self.parseExpression()
        try self.expect(.rightParen)
        return .function(name: "json_memberof", arguments: [left, document])
    }
}
