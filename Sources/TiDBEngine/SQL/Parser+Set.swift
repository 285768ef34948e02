extension Parser {
    mutating func parseSet() throws(SQLSyntaxError) -> Statement {
        try self.expect("SET")
        // SET [GLOBAL|SESSION] TRANSACTION ...
        if self.current.isKeyword("TRANSACTION")
            || ((self.current.isKeyword("GLOBAL") || self.current.isKeyword("SESSION")
                || self.current.isKeyword("LOCAL"))
                && self.peek().isKeyword("TRANSACTION"))
        {
            return .setTransaction(try self.parseSetTransaction())
        }
        var assignments: [SetAssignment] = []
        repeat {
            assignments.append(try self.parseAssignment())
        } while self.accept(.comma)
        return .set(assignments)
    }

    private mutating func parseAssignment() throws(SQLSyntaxError) -> SetAssignment {
        var scope: VariableScope?
        if self.accept("GLOBAL") {
            scope = .global
        } else if self.accept("SESSION") || self.accept("LOCAL") {
            scope = .session
        } else if self.accept("INSTANCE") {
            scope = .instance
        }
        switch self.current.kind {
        case .userVariable(let name) where scope == nil:
            self.advance()
            try self.expectAssignmentOperator()
            return .userVariable(name: name, value: try self.parseExpression())
        case .systemVariable(let text):
            guard scope == nil else { throw self.errorAtCurrent() }
            self.advance()
            let (name, variableScope) = Self.splitSystemVariable(text)
            try self.expectAssignmentOperator()
            return .systemVariable(name: name, scope: variableScope, value: try self.parseSetValue())
        case .word(let word) where scope == nil && word.uppercased() == "NAMES":
            self.advance()
            if self.accept("DEFAULT") { return .names(charset: nil, collation: nil) }
            let charset = try self.parseIdentifierOrString()
            let collation = self.accept("COLLATE") ? try self.parseIdentifierOrString() : nil
            return .names(charset: charset, collation: collation)
        case .word(let word)
        where scope == nil && (word.uppercased() == "CHARSET" || word.uppercased() == "CHARACTER"):
            self.advance()
            if word.uppercased() == "CHARACTER" { try self.expect("SET") }
            if self.accept("DEFAULT") { return .characterSet(nil) }
            return .characterSet(try self.parseIdentifierOrString())
        case .word, .quotedIdentifier:
            let name = try self.parseVariableName()
            try self.expectAssignmentOperator()
            return .systemVariable(name: name, scope: scope, value: try self.parseSetValue())
        default:
            throw self.errorAtCurrent()
        }
    }

    /// A system variable name: reserved words such as `sql_mode` are fine, and so is TiDB's
    /// `Identifier '.' Identifier` (`validate_password.enable`).
    private mutating func parseVariableName() throws(SQLSyntaxError) -> String {
        switch self.current.kind {
        case .quotedIdentifier(let name), .word(let name):
            self.advance()
            if self.current.isSymbol(.dot), case .word(let second) = self.peek().kind {
                self.advance()
                self.advance()
                return (name + "." + second).lowercased()
            }
            return name.lowercased()
        default:
            throw self.errorAtCurrent()
        }
    }

    private mutating func expectAssignmentOperator() throws(SQLSyntaxError) {
        guard self.accept(.equal) || self.accept(.assign) else { throw self.errorAtCurrent() }
    }

    /// The value side of a system variable assignment: `ON`, `BINARY` and bare words are strings,
    /// `DEFAULT` the variable's default, anything else an expression.
    private mutating func parseSetValue() throws(SQLSyntaxError) -> Expression {
        if case .word(let word) = self.current.kind {
            let next = self.peek()
            let endsValue = next.kind == .endOfInput || next.isSymbol(.comma) || next.isSymbol(.semicolon)
            if endsValue {
                let upper = word.uppercased()
                if upper == "DEFAULT" {
                    self.advance()
                    return .defaultValue
                }
                if upper == "ON" || upper == "BINARY" || upper == "ALL"
                    || !ReservedWords.contains(word)
                        && upper != "TRUE" && upper != "FALSE" && upper != "NULL"
                {
                    self.advance()
                    return .literal(.string(Array(word.utf8), introducer: nil))
                }
            }
        }
        return try self.parseExpression()
    }

    private mutating func parseSetTransaction() throws(SQLSyntaxError) -> SetTransactionStatement {
        var statement = SetTransactionStatement(scope: .nextTransaction)
        if self.accept("GLOBAL") {
            statement.scope = .global
        } else if self.accept("SESSION") || self.accept("LOCAL") {
            statement.scope = .session
        }
        try self.expect("TRANSACTION")
        repeat {
            if self.accept("ISOLATION") {
                try self.expect("LEVEL")
                if self.accept("REPEATABLE") {
                    try self.expect("READ")
                    statement.isolationLevel = "REPEATABLE-READ"
                } else if self.accept("SERIALIZABLE") {
                    statement.isolationLevel = "SERIALIZABLE"
                } else {
                    try self.expect("READ")
                    if self.accept("COMMITTED") {
                        statement.isolationLevel = "READ-COMMITTED"
                    } else {
                        try self.expect("UNCOMMITTED")
                        statement.isolationLevel = "READ-UNCOMMITTED"
                    }
                }
            } else if self.accept("READ") {
                if self.accept("ONLY") {
                    statement.readOnly = true
                } else {
                    try self.expect("WRITE")
                    statement.readOnly = false
                }
            } else {
                throw self.errorAtCurrent()
            }
        } while self.accept(.comma)
        return statement
    }
}
