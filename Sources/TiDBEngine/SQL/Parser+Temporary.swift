extension Parser {
    /// `TEMPORARY TABLE` or `GLOBAL TEMPORARY TABLE` after CREATE or DROP: the kind, or nil
    /// (nothing consumed) when neither follows.
    mutating func parseTemporaryTableKeywords() throws(SQLSyntaxError) -> TemporaryTableKind? {
        if self.current.isKeyword("TEMPORARY") {
            self.advance()
            try self.expect("TABLE")
            return .local
        }
        guard self.current.isKeyword("GLOBAL"), self.peek().isKeyword("TEMPORARY") else { return nil }
        self.advance()
        self.advance()
        try self.expect("TABLE")
        return .global
    }

    /// `ON COMMIT DELETE ROWS`, which a global temporary table must have and a local one may
    /// not: TiDB's grammar refuses the statement otherwise.
    mutating func parseOnCommit(for kind: TemporaryTableKind) throws(SQLSyntaxError) {
        guard kind == .global else {
            if self.current.isKeyword("ON") { throw self.errorAtCurrent() }
            return
        }
        guard self.current.isKeyword("ON") else { throw self.errorAtCurrent() }
        self.advance()
        try self.expect("COMMIT")
        try self.expect("DELETE")
        try self.expect("ROWS")
    }
}
