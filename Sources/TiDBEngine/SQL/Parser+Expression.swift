/// Expressions, by MySQL's operator precedence (lowest first): OR/||, XOR, AND/&&, NOT,
/// comparison and predicates, |, &, << >>, + -, * / DIV % MOD, ^, unary - ~ !, BINARY/COLLATE.
extension Parser {
    mutating func parseExpression() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseXor()
        while self.accept("OR") || self.accept(.logicalOr) {
            left = .binary(.or, left, try self.parseXor())
        }
        return left
    }

    private mutating func parseXor() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseAnd()
        while self.accept("XOR") {
            left = .binary(.xor, left, try self.parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseNot()
        while self.accept("AND") || self.accept(.logicalAnd) {
            left = .binary(.and, left, try self.parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(SQLSyntaxError) -> Expression {
        if self.accept("NOT") {
            return .unary(.not, try self.parseNot())
        }
        return try self.parsePredicate()
    }

    private mutating func parsePredicate() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseBitOr()
        while true {
            if let op = self.comparisonOperator() {
                self.advance()
                if let quantifier = self.quantifierBeforeSubquery() {
                    left = .quantified(left, op, quantifier, try self.parseQuantifiedSubquery())
                } else {
                    left = .binary(op, left, try self.parseBitOr())
                }
            } else if self.current.isKeyword("IS") {
                self.advance()
                let negated = self.accept("NOT")
                if self.accept("NULL") {
                    left = .isNull(left, negated: negated)
                } else if self.accept("TRUE") {
                    left = .isTruth(left, value: true, negated: negated)
                } else if self.accept("FALSE") {
                    left = .isTruth(left, value: false, negated: negated)
                } else if self.accept("UNKNOWN") {
                    left = .isTruth(left, value: nil, negated: negated)
                } else {
                    throw self.errorAtCurrent()
                }
            } else if self.current.isKeyword("MEMBER"), self.peek().isKeyword("OF") {
                left = try self.parseMemberOf(left)
            } else if self.current.isKeyword("NOT"), self.isPredicateKeyword(self.peek()) {
                self.advance()
                left = try self.parsePredicateTail(left, negated: true)
            } else if self.isPredicateKeyword(self.current) {
                left = try self.parsePredicateTail(left, negated: false)
            } else {
                return left
            }
        }
    }

    private func isPredicateKeyword(_ token: Token) -> Bool {
        token.isKeyword("LIKE") || token.isKeyword("BETWEEN") || token.isKeyword("IN")
            || token.isKeyword("REGEXP") || token.isKeyword("RLIKE")
    }

    private mutating func parsePredicateTail(_ left: Expression, negated: Bool) throws(SQLSyntaxError) -> Expression {
        if self.accept("LIKE") {
            let pattern = try self.parseBitOr()
            let escape = self.accept("ESCAPE") ? try self.parsePrimary() : nil
            return .like(left, pattern: pattern, escape: escape, negated: negated)
        }
        if self.accept("BETWEEN") {
            let low = try self.parseBitOr()
            try self.expect("AND")
            let high = try self.parseBitOr()
            return .between(left, low: low, high: high, negated: negated)
        }
        if self.accept("IN") {
            try self.expect(.leftParen)
            if let select = self.parseQueryThenCloseIfWhole() { return .inSubquery(left, select, negated: negated) }
            if self.current.isKeyword("SELECT") || self.current.isKeyword("WITH") {
                let select = try self.parseQuery()
                try self.expect(.rightParen)
                return .inSubquery(left, select, negated: negated)
            }
            var items: [Expression] = [try self.parseExpression()]
            while self.accept(.comma) { items.append(try self.parseExpression()) }
            try self.expect(.rightParen)
            return .inList(left, items, negated: negated)
        }
        if self.accept("REGEXP") || self.accept("RLIKE") {
            let pattern = try self.parseBitOr()
            let call = Expression.function(name: "regexp_like", arguments: [left, pattern])
            return negated ? .unary(.not, call) : call
        }
        throw self.errorAtCurrent()
    }

    private func comparisonOperator() -> BinaryOperator? {
        guard case .symbol(let symbol) = self.current.kind else { return nil }
        switch symbol {
        case .equal: return .equal
        case .nullSafeEqual: return .nullSafeEqual
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        default: return nil
        }
    }

    /// A bit expression: an operand that stops before comparisons and `IN` (POSITION's needle).
    mutating func parseBitOr() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseBitAnd()
        while self.accept(.pipe) { left = .binary(.bitOr, left, try self.parseBitAnd()) }
        return left
    }

    private mutating func parseBitAnd() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseShift()
        while self.accept(.ampersand) { left = .binary(.bitAnd, left, try self.parseShift()) }
        return left
    }

    private mutating func parseShift() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseAdditive()
        while true {
            if self.accept(.shiftLeft) {
                left = .binary(.shiftLeft, left, try self.parseAdditive())
            } else if self.accept(.shiftRight) {
                left = .binary(.shiftRight, left, try self.parseAdditive())
            } else {
                return left
            }
        }
    }

    private mutating func parseAdditive() throws(SQLSyntaxError) -> Expression {
        var left: Expression
        if let interval = try self.parseLeadingInterval() {
            left = interval
        } else {
            left = try self.parseMultiplicative()
        }
        while true {
            if self.accept(.plus) {
                if self.accept("INTERVAL") {
                    left = try self.parseInterval(applyingTo: left, function: "date_add")
                    continue
                }
                left = .binary(.add, left, try self.parseMultiplicative())
            } else if self.accept(.minus) {
                if self.accept("INTERVAL") {
                    left = try self.parseInterval(applyingTo: left, function: "date_sub")
                    continue
                }
                left = .binary(.subtract, left, try self.parseMultiplicative())
            } else {
                return left
            }
        }
    }

    /// `INTERVAL 1 DAY + d` (MySQL's other order for `d + INTERVAL 1 DAY`); nil, with nothing
    /// consumed, when the INTERVAL is not that (`INTERVAL(n, n1, ...)` the function).
    private mutating func parseLeadingInterval() throws(SQLSyntaxError) -> Expression? {
        guard self.current.isKeyword("INTERVAL"), !self.peek().isSymbol(.leftParen) else { return nil }
        self.advance()
        let amount = try self.parseBitOr()
        guard case .word(let unit) = self.current.kind, DateInterval.isUnitName(unit) else {
            throw self.errorAtCurrent()
        }
        self.advance()
        try self.expect(.plus)
        let date = try self.parseMultiplicative()
        return .function(
            name: "date_add",
            arguments: [date, amount, .literal(.string(Array(unit.uppercased().utf8), introducer: nil))]
        )
    }

    private mutating func parseMultiplicative() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseBitXor()
        while true {
            if self.accept(.star) {
                left = .binary(.multiply, left, try self.parseBitXor())
            } else if self.accept(.slash) {
                left = .binary(.divide, left, try self.parseBitXor())
            } else if self.accept("DIV") {
                left = .binary(.integerDivide, left, try self.parseBitXor())
            } else if self.accept(.percent) || self.accept("MOD") {
                left = .binary(.modulo, left, try self.parseBitXor())
            } else {
                return left
            }
        }
    }

    private mutating func parseBitXor() throws(SQLSyntaxError) -> Expression {
        var left = try self.parseUnary()
        while self.accept(.caret) { left = .binary(.bitXor, left, try self.parseUnary()) }
        return left
    }

    private mutating func parseUnary() throws(SQLSyntaxError) -> Expression {
        if self.accept(.minus) {
            let operand = try self.parseUnary()
            // Fold `-<integer>` so that -9223372036854775808 is a BIGINT, as in MySQL.
            if case .literal(.unsigned(let value)) = operand, value == UInt64(Int64.max) + 1 {
                return .literal(.integer(Int64.min))
            }
            return .unary(.minus, operand)
        }
        if self.accept(.plus) { return try self.parseUnary() }
        if self.accept(.tilde) { return .unary(.bitNot, try self.parseUnary()) }
        if self.accept(.bang) { return .unary(.not, try self.parseUnary()) }
        if self.current.isKeyword("BINARY"), !self.peek().isSymbol(.leftParen) {
            self.advance()
            return .unary(.binary, try self.parseUnary())
        }
        var expression = try self.parsePrimary()
        while self.accept("COLLATE") {
            expression = .collate(expression, collation: try self.parseIdentifierOrString())
        }
        return expression
    }
}
