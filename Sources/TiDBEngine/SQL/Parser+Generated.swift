extension Parser {
    /// `[GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED]`; VIRTUAL is the default.
    mutating func parseGeneratedColumn() throws(SQLSyntaxError) -> GeneratedColumnSpec {
        if self.accept("GENERATED") { try self.expect("ALWAYS") }
        try self.expect("AS")
        try self.expect(.leftParen)
        let expression = try self.parseExpression()
        try self.expect(.rightParen)
        var isStored = false
        if self.accept("STORED") {
            isStored = true
        } else {
            _ = self.accept("VIRTUAL")
        }
        return GeneratedColumnSpec(expression: expression, isStored: isStored)
    }
}
