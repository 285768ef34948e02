/// `PARTITION BY ...` after CREATE TABLE's options.
extension Parser {
    mutating func parsePartitionBy() throws(SQLSyntaxError) -> PartitionSpec {
        try self.expect("PARTITION")
        try self.expect("BY")
        _ = self.accept("LINEAR")
        let method: PartitionSpec.Method
        if self.accept("RANGE") {
            method = .range
        } else if self.accept("LIST") {
            method = .list
        } else if self.accept("HASH") {
            method = .hash
        } else if self.accept("KEY") {
            method = .key
        } else {
            throw self.errorAtCurrent()
        }
        var spec = PartitionSpec(method: method, count: 0, definitions: [])
        spec.usesColumns = method == .key || self.accept("COLUMNS")
        try self.expect(.leftParen)
        if spec.usesColumns {
            if !self.current.isSymbol(.rightParen) {
                repeat { spec.columns.append(try self.parseIdentifier()) } while self.accept(.comma)
            }
        } else {
            spec.expression = try self.parseExpression()
        }
        try self.expect(.rightParen)
        if self.accept("PARTITIONS") {
            guard case .integer(let text) = self.current.kind, let count = Int(text), count > 0 else {
                throw self.errorAtCurrent()
            }
            self.advance()
            spec.count = count
        }
        if self.accept(.leftParen) {
            repeat { spec.definitions.append(try self.parsePartitionDefinition(method)) } while self.accept(.comma)
            try self.expect(.rightParen)
        }
        if spec.count == 0 { spec.count = max(1, spec.definitions.count) }
        return spec
    }

    private mutating func parsePartitionDefinition(
        _ method: PartitionSpec.Method
    ) throws(SQLSyntaxError) -> PartitionSpec.Definition {
        try self.expect("PARTITION")
        var definition = PartitionSpec.Definition(name: try self.parseIdentifier())
        if self.accept("VALUES") {
            if method == .range, self.accept("LESS") {
                try self.expect("THAN")
                if self.accept("MAXVALUE") {
                    definition.lessThan = [nil]
                } else {
                    try self.expect(.leftParen)
                    repeat {
                        definition.lessThan.append(self.accept("MAXVALUE") ? nil : try self.parseExpression())
                    } while self.accept(.comma)
                    try self.expect(.rightParen)
                }
            } else if method == .list, self.accept("IN") {
                try self.expect(.leftParen)
                repeat {
                    if self.accept(.leftParen) {
                        var tuple: [Expression] = []
                        repeat { tuple.append(try self.parseExpression()) } while self.accept(.comma)
                        try self.expect(.rightParen)
                        definition.values.append(tuple)
                    } else {
                        definition.values.append([try self.parseExpression()])
                    }
                } while self.accept(.comma)
                try self.expect(.rightParen)
            } else {
                throw self.errorAtCurrent()
            }
        }
        // `COMMENT '...'`, `ENGINE = x`: per-partition options the mock does not keep.
        while self.accept("COMMENT") || self.accept("ENGINE") {
            _ = self.accept(.equal)
            self.advance()
        }
        return definition
    }

    /// `PARTITION (p0, p1)` after a table name.
    mutating func parsePartitionSelection() throws(SQLSyntaxError) -> [String] {
        guard self.current.isKeyword("PARTITION"), self.peek().isSymbol(.leftParen) else { return [] }
        self.advance()
        self.advance()
        var names: [String] = []
        repeat { names.append(try self.parseIdentifier()) } while self.accept(.comma)
        try self.expect(.rightParen)
        return names
    }
}
