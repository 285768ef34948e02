/// Window functions: `f(...) [FROM FIRST|LAST] [RESPECT|IGNORE NULLS] OVER (spec)` or
/// `OVER name`, and a SELECT's `WINDOW name AS (spec)[, ...]`.
extension Parser {
    /// A call whose arguments and `)` are read: a window call when OVER follows (required for
    /// the window functions proper), else a plain call (`name_distinct` with DISTINCT).
    mutating func finishFunctionCall(
        name: String,
        arguments: [Expression],
        distinct: Bool
    ) throws(SQLSyntaxError) -> Expression {
        let windowOnly = WindowCall.windowOnlyNames.contains(name)
        guard windowOnly || self.current.isKeyword("OVER") else {
            return .function(name: distinct ? name + "_distinct" : name, arguments: arguments)
        }
        if windowOnly {
            // TiDB's grammar fixes each window function's arguments.
            let arity: ClosedRange<Int> =
                switch name {
                case "ntile", "first_value", "last_value": 1...1
                case "nth_value": 2...2
                case "lag", "lead": 1...3
                default: 0...0
                }
            guard arity.contains(arguments.count), !arguments.contains(.star) else {
                throw SQLSyntaxError(offset: self.previousEnd, end: self.previousEnd)
            }
        } else if !Expression.aggregateFunctionNames.contains(name) {
            return .function(name: distinct ? name + "_distinct" : name, arguments: arguments)
        }
        var call = WindowCall(name: name, arguments: arguments, window: WindowSpec())
        call.distinct = distinct
        if name == "nth_value", self.accept("FROM") {
            if self.accept("LAST") { call.fromLast = true } else { try self.expect("FIRST") }
        }
        if ["lag", "lead", "first_value", "last_value", "nth_value"].contains(name) {
            if self.accept("IGNORE") {
                try self.expect("NULLS")
                call.ignoreNulls = true
            } else if self.accept("RESPECT") {
                try self.expect("NULLS")
            }
        }
        try self.expect("OVER")
        if self.accept(.leftParen) {
            call.window = try self.parseWindowSpecBody()
            try self.expect(.rightParen)
        } else {
            call.window = WindowSpec(name: try self.parseIdentifier())
        }
        return .window(call)
    }

    /// `WINDOW name AS (spec)[, name AS (spec)]` (WINDOW already read).
    mutating func parseNamedWindows() throws(SQLSyntaxError) -> [NamedWindow] {
        var windows: [NamedWindow] = []
        repeat {
            let name = try self.parseIdentifier()
            try self.expect("AS")
            try self.expect(.leftParen)
            let spec = try self.parseWindowSpecBody()
            try self.expect(.rightParen)
            windows.append(NamedWindow(name: name, spec: spec))
        } while self.accept(.comma)
        return windows
    }

    /// `[base] [PARTITION BY e, ...] [ORDER BY ...] [ROWS|RANGE frame]`.
    private mutating func parseWindowSpecBody() throws(SQLSyntaxError) -> WindowSpec {
        var spec = WindowSpec()
        if case .word(let word) = self.current.kind, !ReservedWords.contains(word) {
            spec.name = word
            self.advance()
        } else if case .quotedIdentifier(let name) = self.current.kind {
            spec.name = name
            self.advance()
        }
        if self.accept("PARTITION") {
            try self.expect("BY")
            repeat { spec.partitionBy.append(try self.parseExpression()) } while self.accept(.comma)
        }
        spec.orderBy = try self.parseOrderBy()
        let unit: WindowFrame.Unit
        if self.accept("ROWS") {
            unit = .rows
        } else if self.accept("RANGE") {
            unit = .range
        } else {
            return spec
        }
        if self.accept("BETWEEN") {
            let start = try self.parseFrameBound()
            try self.expect("AND")
            spec.frame = WindowFrame(unit: unit, start: start, end: try self.parseFrameBound())
        } else {
            spec.frame = WindowFrame(unit: unit, start: try self.parseFrameBound(), end: .currentRow)
        }
        return spec
    }

    /// `UNBOUNDED PRECEDING|FOLLOWING`, `CURRENT ROW`, `expr PRECEDING|FOLLOWING`, or
    /// `INTERVAL expr unit PRECEDING|FOLLOWING` (kept as a `#interval` call).
    private mutating func parseFrameBound() throws(SQLSyntaxError) -> WindowFrame.Bound {
        if self.accept("UNBOUNDED") {
            if self.accept("PRECEDING") { return .unboundedPreceding }
            try self.expect("FOLLOWING")
            return .unboundedFollowing
        }
        if self.accept("CURRENT") {
            try self.expect("ROW")
            return .currentRow
        }
        let amount: Expression
        if self.accept("INTERVAL") {
            let value = try self.parsePrimary()
            guard case .word(let unit) = self.current.kind, DateInterval.Unit(rawValue: unit.uppercased()) != nil else {
                throw self.errorAtCurrent()
            }
            self.advance()
            amount = .function(
                name: WindowCall.intervalMarker,
                arguments: [value, .literal(.string(Array(unit.uppercased().utf8), introducer: nil))]
            )
        } else {
            amount = try self.parsePrimary()
        }
        if self.accept("PRECEDING") { return .preceding(amount) }
        try self.expect("FOLLOWING")
        return .following(amount)
    }
}

extension WindowCall {
    /// How a frame bound's `INTERVAL n unit` is kept in the tree.
    static let intervalMarker = "#interval"
}

/// `x op ANY|SOME|ALL (SELECT ...)`.
extension Parser {
    /// ANY/SOME/ALL when a parenthesized query follows (`ANY (SELECT ...)`).
    mutating func quantifierBeforeSubquery() -> Quantifier? {
        guard self.peek().isSymbol(.leftParen),
            self.peek(2).isKeyword("SELECT") || self.peek(2).isKeyword("WITH")
                || self.peek(2).isSymbol(.leftParen)
        else { return nil }
        if self.current.isKeyword("ANY") || self.current.isKeyword("SOME") { return .any }
        if self.current.isKeyword("ALL") { return .all }
        return nil
    }

    /// `ANY (query)`: the quantifier, then the parenthesized query.
    mutating func parseQuantifiedSubquery() throws(SQLSyntaxError) -> SelectStatement {
        self.advance()
        try self.expect(.leftParen)
        let select = try self.parseQuery()
        try self.expect(.rightParen)
        return select
    }
}
