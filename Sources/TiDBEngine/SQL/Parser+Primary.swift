/// Primary expressions: literals, variables, column references, function calls, CASE, CAST and
/// INTERVAL, and the small integer and length clauses they share with DDL.
extension Parser {
    mutating func parsePrimary() throws(SQLSyntaxError) -> Expression {
        let token = self.current
        switch token.kind {
        case .integer(let text):
            self.advance()
            if let value = Int64(text) { return .literal(.integer(value)) }
            if let value = UInt64(text) { return .literal(.unsigned(value)) }
            return .literal(.decimal(text))
        case .decimal(let text):
            self.advance()
            return .literal(.decimal(text))
        case .float(let text):
            self.advance()
            return .literal(.double(Double(text) ?? .infinity))
        case .string(let bytes, _):
            self.advance()
            return .literal(.string(self.concatenateAdjacentStrings(bytes), introducer: nil))
        case .hex(let bytes):
            self.advance()
            return .literal(.hex(bytes))
        case .bits(let bytes):
            self.advance()
            return .literal(.bits(bytes))
        case .userVariable(let name):
            self.advance()
            if self.accept(.assign) {
                return .function(
                    name: "set_user_variable",
                    arguments: [.literal(.string(Array(name.utf8), introducer: nil)), try self.parseExpression()]
                )
            }
            return .userVariable(name)
        case .systemVariable(let text):
            self.advance()
            let (name, scope) = Self.splitSystemVariable(text)
            return .systemVariable(name: name, scope: scope)
        case .parameterMarker:
            self.advance()
            defer { self.parameterCount += 1 }
            return .parameter(self.parameterCount)
        case .symbol(.leftParen):
            self.advance()
            if let select = self.parseQueryThenCloseIfWhole() { return .subquery(select) }
            if self.current.isKeyword("SELECT") || self.current.isKeyword("WITH") {
                let select = try self.parseQuery()
                try self.expect(.rightParen)
                return .subquery(select)
            }
            let inner = try self.parseExpression()
            if self.current.isSymbol(.comma) { return .row(try self.parseRowTail(first: inner)) }
            try self.expect(.rightParen)
            return inner
        case .quotedIdentifier:
            return try self.parseColumnWithJSONArrow()
        case .word(let word):
            return try self.parseWordPrimary(word)
        default:
            throw self.errorAtCurrent()
        }
    }

    /// Splits `global.name`, `session.name`, `local.name` or `name` after `@@`.
    static func splitSystemVariable(_ text: String) -> (String, VariableScope?) {
        guard let dot = text.firstIndex(of: ".") else { return (text.lowercased(), nil) }
        let prefix = text[..<dot].lowercased()
        let name = String(text[text.index(after: dot)...]).lowercased()
        switch prefix {
        case "global": return (name, .global)
        case "session", "local": return (name, .session)
        case "instance": return (name, .instance)
        default: return (text.lowercased(), nil)
        }
    }

    private mutating func concatenateAdjacentStrings(_ first: [UInt8]) -> [UInt8] {
        var bytes = first
        while case .string(let more, _) = self.current.kind {
            bytes += more
            self.advance()
        }
        return bytes
    }

    private mutating func parseWordPrimary(_ word: String) throws(SQLSyntaxError) -> Expression {
        let upper = word.uppercased()
        switch upper {
        case "NULL":
            self.advance()
            return .literal(.null)
        case "TRUE":
            self.advance()
            return .literal(.boolean(true))
        case "FALSE":
            self.advance()
            return .literal(.boolean(false))
        case "DEFAULT" where !self.peek().isSymbol(.leftParen):
            self.advance()
            return .defaultValue
        case "CASE":
            return try self.parseCase()
        case "ROW" where self.peek().isSymbol(.leftParen):
            return try self.parseRowConstructor()
        case "CAST":
            self.advance()
            try self.expect(.leftParen)
            let value = try self.parseExpression()
            try self.expect("AS")
            let target = try self.parseCastTarget()
            try self.expect(.rightParen)
            return .cast(value, target)
        case "CONVERT":
            self.advance()
            try self.expect(.leftParen)
            let value = try self.parseExpression()
            if self.accept("USING") {
                // BINARY is a reserved word, and a charset name here.
                let charset = self.accept("BINARY") ? "binary" : try self.parseIdentifierOrString()
                try self.expect(.rightParen)
                return .function(
                    name: "convert_using",
                    arguments: [value, .literal(.string(Array(charset.utf8), introducer: nil))]
                )
            }
            try self.expect(.comma)
            let target = try self.parseCastTarget()
            try self.expect(.rightParen)
            return .cast(value, target)
        case "CURRENT_USER", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME", "LOCALTIMESTAMP",
            "UTC_TIMESTAMP", "UTC_DATE", "UTC_TIME", "CURRENT_ROLE":
            // Niladic functions: parentheses are optional.
            self.advance()
            var arguments: [Expression] = []
            if self.accept(.leftParen) {
                if !self.current.isSymbol(.rightParen) { arguments = try self.parseArguments() }
                try self.expect(.rightParen)
            }
            return .function(name: upper.lowercased(), arguments: arguments)
        case "VALUES" where self.peek().isSymbol(.leftParen):
            // VALUES(col) in ON DUPLICATE KEY UPDATE: the value the row would have been inserted with.
            self.advance()
            self.advance()
            let column = try self.parseColumnReference()
            try self.expect(.rightParen)
            return .function(name: "values", arguments: [column])
        case "EXISTS"
        where self.peek().isSymbol(.leftParen) && (self.peek(2).isKeyword("SELECT") || self.peek(2).isKeyword("WITH")):
            self.advance()
            self.advance()
            let select = try self.parseQuery()
            try self.expect(.rightParen)
            return .exists(select)
        case "INTERVAL", "EXISTS", "ROW", "MATCH":
            throw self.errorAtCurrent()
        default:
            break
        }
        // A charset introducer: `_utf8mb4'abc'`, `_binary'..'`; `N'..'` is the national charset.
        if case .string(let bytes, _) = self.peek().kind, word.hasPrefix("_") || upper == "N" {
            self.advance()
            self.advance()
            let text = self.concatenateAdjacentStrings(bytes)
            return .literal(.string(text, introducer: upper == "N" ? "utf8" : String(word.dropFirst()).lowercased()))
        }
        if upper == "DATE" || upper == "TIME" || upper == "TIMESTAMP", case .string(let bytes, _) = self.peek().kind {
            self.advance()
            self.advance()
            return .cast(
                .literal(.string(bytes, introducer: nil)),
                upper == "DATE" ? .date : upper == "TIME" ? .time(fsp: nil) : .datetime(fsp: nil)
            )
        }
        if self.peek().isSymbol(.leftParen), !ReservedWords.contains(word) || Self.reservedFunctionNames.contains(upper)
        {
            return try self.parseFunctionCall(name: word.lowercased())
        }
        return try self.parseColumnWithJSONArrow()
    }

    /// Reserved words that are still function names when followed by `(`.
    static let reservedFunctionNames: Set<String> = [
        "IF", "INSERT", "REPLACE", "LEFT", "RIGHT", "REPEAT", "MOD", "DATABASE", "SCHEMA", "CHAR", "USER",
        "CONVERT", "VALUES", "INTERVAL", "DEFAULT", "UTC_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP",
    ]

    private mutating func parseFunctionCall(name: String) throws(SQLSyntaxError) -> Expression {
        self.advance()
        try self.expect(.leftParen)
        var arguments: [Expression] = []
        if self.accept(.star) {
            arguments = [.star]
        } else if ["date_add", "date_sub", "adddate", "subdate"].contains(name) {
            let date = try self.parseExpression()
            try self.expect(.comma)
            let function = name == "date_add" || name == "adddate" ? "date_add" : "date_sub"
            let call: Expression
            if self.accept("INTERVAL") {
                call = try self.parseInterval(applyingTo: date, function: function)
            } else {
                // ADDDATE(d, n): n days.
                call = .function(
                    name: function,
                    arguments: [
                        date, try self.parseExpression(), .literal(.string(Array("DAY".utf8), introducer: nil)),
                    ]
                )
            }
            try self.expect(.rightParen)
            return call
        } else if name == "position" {
            // `POSITION(needle IN haystack)`: the needle is a bit expression, so `IN` ends it.
            arguments = [try self.parseBitOr()]
            try self.expect("IN")
            arguments.append(try self.parseExpression())
        } else if name == "extract" || name == "timestampdiff" || name == "timestampadd" {
            // The unit is a keyword, not an expression: it becomes a string literal first argument.
            guard case .word(let unit) = self.current.kind,
                name == "extract"
                    ? DateInterval.isUnitName(unit) : DateInterval.Unit(rawValue: unit.uppercased()) != nil
            else { throw self.errorAtCurrent() }
            self.advance()
            arguments = [.literal(.string(Array(unit.uppercased().utf8), introducer: nil))]
            if name == "extract" {
                try self.expect("FROM")
                arguments.append(try self.parseExpression())
            } else {
                try self.expect(.comma)
                arguments += try self.parseArguments()
            }
        } else if !self.current.isSymbol(.rightParen) {
            var distinct = false
            if self.accept("DISTINCT") { distinct = true }
            arguments = try self.parseArguments()
            if name == "group_concat" { arguments += try self.parseGroupConcatClauses() }
            if distinct {
                try self.expect(.rightParen)
                return try self.finishFunctionCall(name: name, arguments: arguments, distinct: true)
            }
        }
        try self.expect(.rightParen)
        return try self.finishFunctionCall(name: name, arguments: arguments, distinct: false)
    }

    /// `INTERVAL expr unit` after `+`/`-` (or as DATE_ADD's second argument): the function call
    /// with the amount and the unit's name as a literal.
    mutating func parseInterval(
        applyingTo date: Expression,
        function: String
    ) throws(SQLSyntaxError) -> Expression {
        let amount = try self.parseExpression()
        guard case .word(let unit) = self.current.kind, DateInterval.isUnitName(unit) else {
            throw self.errorAtCurrent()
        }
        self.advance()
        return .function(
            name: function,
            arguments: [date, amount, .literal(.string(Array(unit.uppercased().utf8), introducer: nil))]
        )
    }

    private mutating func parseArguments() throws(SQLSyntaxError) -> [Expression] {
        var arguments = [try self.parseExpression()]
        while self.accept(.comma) { arguments.append(try self.parseExpression()) }
        return arguments
    }

    mutating func parseColumnReference() throws(SQLSyntaxError) -> Expression {
        var parts = [try self.parseIdentifier()]
        while self.current.isSymbol(.dot), parts.count < 3 {
            self.advance()
            switch self.current.kind {
            case .quotedIdentifier(let name), .word(let name):
                // After a dot even reserved words are names (`t.order`).
                self.advance()
                parts.append(name)
            default:
                throw self.errorAtCurrent()
            }
        }
        switch parts.count {
        case 1: return .column(ColumnName(name: parts[0]))
        case 2: return .column(ColumnName(table: parts[0], name: parts[1]))
        default: return .column(ColumnName(schema: parts[0], table: parts[1], name: parts[2]))
        }
    }

    private mutating func parseCase() throws(SQLSyntaxError) -> Expression {
        self.advance()
        let operand = self.current.isKeyword("WHEN") ? nil : try self.parseExpression()
        var branches: [CaseBranch] = []
        while self.accept("WHEN") {
            let condition = try self.parseExpression()
            try self.expect("THEN")
            branches.append(CaseBranch(condition: condition, result: try self.parseExpression()))
        }
        guard !branches.isEmpty else { throw self.errorAtCurrent() }
        let otherwise = self.accept("ELSE") ? try self.parseExpression() : nil
        try self.expect("END")
        return .caseWhen(operand: operand, branches: branches, otherwise: otherwise)
    }

    private mutating func parseCastTarget() throws(SQLSyntaxError) -> CastTarget {
        guard case .word(let word) = self.current.kind else { throw self.errorAtCurrent() }
        self.advance()
        switch word.uppercased() {
        case "SIGNED":
            _ = self.accept("INTEGER") || self.accept("INT")
            return .signed
        case "UNSIGNED":
            _ = self.accept("INTEGER") || self.accept("INT")
            return .unsigned
        case "CHAR", "NCHAR":
            let length = try self.parseOptionalLength()
            if self.accept("CHARACTER") || self.accept("CHARSET") {
                try self.expect("SET")
                _ = try self.parseIdentifierOrString()
            }
            return .char(length: length)
        case "BINARY":
            return .binary(length: try self.parseOptionalLength())
        case "DECIMAL":
            guard self.accept(.leftParen) else { return .decimal(precision: nil, scale: nil) }
            let precision = try self.parseInteger()
            let scale = self.accept(.comma) ? try self.parseInteger() : nil
            try self.expect(.rightParen)
            return .decimal(precision: precision, scale: scale)
        case "DOUBLE", "REAL", "FLOAT":
            _ = try self.parseOptionalLength()
            return .double
        case "DATE": return .date
        case "DATETIME": return .datetime(fsp: try self.parseOptionalLength())
        case "TIME": return .time(fsp: try self.parseOptionalLength())
        case "JSON": return .json
        default:
            throw SQLSyntaxError(offset: self.tokens[self.index - 1].start, end: self.tokens[self.index - 1].end)
        }
    }

    private mutating func parseOptionalLength() throws(SQLSyntaxError) -> Int? {
        guard self.accept(.leftParen) else { return nil }
        let value = try self.parseInteger()
        try self.expect(.rightParen)
        return value
    }

    mutating func parseInteger() throws(SQLSyntaxError) -> Int {
        guard case .integer(let text) = self.current.kind, let value = Int(text) else { throw self.errorAtCurrent() }
        self.advance()
        return value
    }

    /// GROUP_CONCAT's `ORDER BY ...` and `SEPARATOR '...'`, as marker arguments the aggregation
    /// reads (`GroupConcat`).
    private mutating func parseGroupConcatClauses() throws(SQLSyntaxError) -> [Expression] {
        var clauses: [Expression] = []
        if self.accept("ORDER") {
            try self.expect("BY")
            repeat {
                let key = try self.parseExpression()
                let descending = self.accept("DESC")
                if !descending { _ = self.accept("ASC") }
                clauses.append(
                    .function(name: descending ? GroupConcat.descending : GroupConcat.ascending, arguments: [key])
                )
            } while self.accept(.comma)
        }
        if self.accept("SEPARATOR") {
            guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
            self.advance()
            clauses.append(
                .function(name: GroupConcat.separator, arguments: [.literal(.string(bytes, introducer: nil))])
            )
        }
        return clauses
    }
}
