extension Parser {
    /// `(key_part, ...)`: a column with an optional prefix length, or `(expression)`; either
    /// with ASC or DESC. Returns the columns and the expressions.
    mutating func parseIndexKeyParts() throws(SQLSyntaxError) -> ([String], [IndexSpec.ExpressionPart]) {
        try self.expect(.leftParen)
        var columns: [String] = []
        var expressions: [IndexSpec.ExpressionPart] = []
        repeat {
            if self.accept(.leftParen) {
                let ordinal = columns.count + expressions.count
                expressions.append(IndexSpec.ExpressionPart(ordinal: ordinal, expression: try self.parseExpression()))
                try self.expect(.rightParen)
            } else {
                columns.append(try self.parseIdentifier())
                if self.accept(.leftParen) {
                    _ = try self.parseInteger()
                    try self.expect(.rightParen)
                }
            }
            _ = self.accept("ASC") || self.accept("DESC")
        } while self.accept(.comma)
        try self.expect(.rightParen)
        return (columns, expressions)
    }
}
