/// `CREATE [OR REPLACE] [ALGORITHM = UNDEFINED | MERGE | TEMPTABLE] [DEFINER = user]
/// [SQL SECURITY DEFINER | INVOKER] VIEW name [(columns)] AS query
/// [WITH [CASCADED | LOCAL] CHECK OPTION]`, after CREATE.
extension Parser {
    mutating func parseCreateViewIfPresent() throws(SQLSyntaxError) -> CreateViewStatement? {
        let startsView =
            self.current.isKeyword("VIEW") || self.current.isKeyword("ALGORITHM")
            || self.current.isKeyword("DEFINER")
            || (self.current.isKeyword("OR") && self.peek().isKeyword("REPLACE"))
            || (self.current.isKeyword("SQL") && self.peek().isKeyword("SECURITY"))
        guard startsView else { return nil }
        var orReplace = false
        if self.accept("OR") {
            try self.expect("REPLACE")
            orReplace = true
        }
        var algorithm = "UNDEFINED"
        if self.accept("ALGORITHM") {
            try self.expect(.equal)
            guard let word = self.currentWordUppercased, ["UNDEFINED", "MERGE", "TEMPTABLE"].contains(word) else {
                throw self.errorAtCurrent()
            }
            self.advance()
            algorithm = word
        }
        var definer: (user: String, host: String)?
        if self.accept("DEFINER") {
            try self.expect(.equal)
            definer = try self.parseDefiner()
        }
        var security = "DEFINER"
        if self.accept("SQL") {
            try self.expect("SECURITY")
            guard let word = self.currentWordUppercased, word == "DEFINER" || word == "INVOKER" else {
                throw self.errorAtCurrent()
            }
            self.advance()
            security = word
        }
        try self.expect("VIEW")
        let name = try self.parseTableName()
        var columns: [String]?
        if self.accept(.leftParen) {
            var names = [try self.parseIdentifier()]
            while self.accept(.comma) { names.append(try self.parseIdentifier()) }
            try self.expect(.rightParen)
            columns = names
        }
        try self.expect("AS")
        let query = try self.parseQuery()
        var view = CreateViewStatement(name: name, query: query)
        view.orReplace = orReplace
        view.algorithm = algorithm
        view.definer = definer
        view.security = security
        view.columns = columns
        if self.accept("WITH") {
            if self.accept("LOCAL") {
                view.checkOption = .local
            } else {
                _ = self.accept("CASCADED")
                view.checkOption = .cascaded
            }
            try self.expect("CHECK")
            try self.expect("OPTION")
        }
        return view
    }

    /// `CURRENT_USER[()]` (nil: the session's account), `user`, `'user'@'host'`.
    private mutating func parseDefiner() throws(SQLSyntaxError) -> (user: String, host: String)? {
        switch try self.parseAccountName() {
        case .current: return nil
        case .named(let user, let host): return (user, host)
        }
    }
}
