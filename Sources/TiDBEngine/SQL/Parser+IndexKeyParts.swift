extension Parser {
    /// `(key_part, ...)`: a column with an optional prefix length, or `(expression)`; either
    /// with ASC or DESC. Returns the columns and the expressions.
    mutating func parseIndexKeyParts() throws(SQLSyntaxError) -> ([String], [IndexSpec.ExpressionPart]) {
        let (columns, expressions, _) = try self.parseIndexKeyPartsWithPrefixes()
        return (columns, expressions)
    }

    /// The same, with each column's prefix length (nil: the whole column).
    mutating func parseIndexKeyPartsWithPrefixes() throws(SQLSyntaxError) -> (
        [String], [IndexSpec.ExpressionPart], [Int?]
    ) {
        try self.expect(.leftParen)
        var columns: [String] = []
        var expressions: [IndexSpec.ExpressionPart] = []
        var prefixes: [Int?] = []
        repeat {
            if self.accept(.leftParen) {
                let ordinal = columns.count + expressions.count
                expressions.append(IndexSpec.ExpressionPart(ordinal: ordinal, expression: try self.parseExpression()))
                try self.expect(.rightParen)
            } else {
                columns.append(try self.parseIdentifier())
                var prefix: Int?
                if self.accept(.leftParen) {
                    prefix = try self.parseInteger()
                    try self.expect(.rightParen)
                }
                prefixes.append(prefix)
            }
            _ = self.accept("ASC") || self.accept("DESC")
        } while self.accept(.comma)
        try self.expect(.rightParen)
        return (columns, expressions, prefixes)
    }
}
