extension Parser {
    /// `ENUM('a','b')` and `SET('a','b')`: the elements, trailing spaces removed as TiDB's
    /// parser does. CHARACTER SET and COLLATE after the list are column attributes.
    mutating func parseEnumSetType(_ kind: SQLType.Kind) throws(SQLSyntaxError) -> SQLType {
        try self.expect(.leftParen)
        var type = SQLType(kind)
        repeat {
            guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
            self.advance()
            var element = String(decoding: bytes, as: UTF8.self)
            while element.last == " " { element.removeLast() }
            type.elements.append(element)
        } while self.accept(.comma)
        try self.expect(.rightParen)
        return type
    }
}
