import MySQLTypes

/// `WITH [RECURSIVE] name [(columns)] AS (query)[, ...]` before a query: each common table
/// expression becomes a derived table (or, when it reads itself under RECURSIVE, a recursive
/// CTE) wherever a FROM names it, in the query, its UNION members, derived tables and
/// subqueries. Later definitions may use earlier ones.
extension Parser {
    /// A statement starting with WITH: a query, or (not supported) another statement.
    mutating func parseWith() throws(SQLSyntaxError) -> Statement {
        let definitions = try self.parseWithClause()
        guard self.current.isKeyword("SELECT") || self.current.isSymbol(.leftParen) else {
            let name = "WITH ... " + (self.currentWordUppercased ?? "")
            self.skipToEndOfStatement()
            return .unsupported(name.trimmingASCIISpaces())
        }
        return .select(Self.applying(definitions, to: try self.parseQuery()))
    }

    /// A query starting with WITH (inside parentheses: a subquery or derived table).
    mutating func parseWithQuery() throws(SQLSyntaxError) -> SelectStatement {
        let definitions = try self.parseWithClause()
        guard self.current.isKeyword("SELECT") || self.current.isSymbol(.leftParen) else {
            throw self.errorAtCurrent()
        }
        return Self.applying(definitions, to: try self.parseQuery())
    }

    private static func applying(
        _ definitions: [SelectStatement.TableReference],
        to query: SelectStatement
    )
        -> SelectStatement
    {
        var query = query
        for definition in definitions { query = query.replacingTable(named: definition.name, with: definition) }
        return query
    }

    /// The definitions, each as the table reference that replaces its name.
    private mutating func parseWithClause() throws(SQLSyntaxError) -> [SelectStatement.TableReference] {
        try self.expect("WITH")
        let recursive = self.accept("RECURSIVE")
        var definitions: [SelectStatement.TableReference] = []
        repeat {
            let name = try self.parseIdentifier()
            var columns: [String]?
            if self.accept(.leftParen) {
                var names = [try self.parseIdentifier()]
                while self.accept(.comma) { names.append(try self.parseIdentifier()) }
                try self.expect(.rightParen)
                columns = names
            }
            try self.expect("AS")
            try self.expect(.leftParen)
            var query = try self.parseQuery()
            try self.expect(.rightParen)
            for earlier in definitions { query = query.replacingTable(named: earlier.name, with: earlier) }
            var reference = SelectStatement.TableReference(schema: nil, name: name, alias: nil)
            reference.columnNames = columns
            var first = query
            first.unions = []
            let members = [first] + query.unions.map(\.select)
            let readsItself = members.map { $0.namesTable(name) }
            if recursive, readsItself.contains(true) {
                reference.recursiveCTE = RecursiveCTE(
                    name: name,
                    columnNames: columns,
                    query: query,
                    readsItself: readsItself
                )
            } else {
                reference.subquery = query
            }
            definitions.append(reference)
        } while self.accept(.comma)
        return definitions
    }
}

extension SelectStatement {
    /// This query with every unqualified FROM reference to `name` read from `definition`
    /// instead (a common table expression); in UNION members, derived tables and subqueries too.
    func replacingTable(named name: String, with definition: TableReference) -> SelectStatement {
        var copy = self
        for index in copy.from.indices {
            let table = copy.from[index].table
            if let subquery = table.subquery {
                copy.from[index].table.subquery = subquery.replacingTable(named: name, with: definition)
            } else if table.schema == nil, table.recursiveCTE == nil, table.name.lowercased() == name.lowercased() {
                var replacement = definition
                replacement.name = table.alias ?? table.name
                replacement.alias = table.alias ?? table.name
                copy.from[index].table = replacement
            }
            if let condition = copy.from[index].condition {
                copy.from[index].condition = condition.replacingSubqueryTables(named: name, with: definition)
            }
        }
        for index in copy.unions.indices {
            copy.unions[index].select = copy.unions[index].select.replacingTable(named: name, with: definition)
        }
        for index in copy.fields.indices {
            if case .expression(let expression, let alias, let text) = copy.fields[index] {
                copy.fields[index] = .expression(
                    expression.replacingSubqueryTables(named: name, with: definition),
                    alias: alias,
                    text: text
                )
            }
        }
        copy.whereClause = copy.whereClause?.replacingSubqueryTables(named: name, with: definition)
        copy.having = copy.having?.replacingSubqueryTables(named: name, with: definition)
        return copy
    }

    /// Whether a FROM of this query (its UNION members, derived tables or subqueries) names
    /// the unqualified table `name`.
    func namesTable(_ name: String) -> Bool {
        let lowered = name.lowercased()
        for item in self.from {
            if let subquery = item.table.subquery {
                if subquery.namesTable(name) { return true }
            } else if item.table.schema == nil, item.table.recursiveCTE == nil, item.table.name.lowercased() == lowered
            {
                return true
            }
        }
        if self.unions.contains(where: { $0.select.namesTable(name) }) { return true }
        var expressions: [Expression] = self.from.compactMap(\.condition)
        for field in self.fields {
            if case .expression(let expression, _, _) = field { expressions.append(expression) }
        }
        if let condition = self.whereClause { expressions.append(condition) }
        if let having = self.having { expressions.append(having) }
        return expressions.contains { expression in
            expression.contains { node in
                switch node {
                case .subquery(let select), .exists(let select), .inSubquery(_, let select, _),
                    .quantified(_, _, _, let select):
                    return select.namesTable(name)
                default:
                    return false
                }
            }
        }
    }
}

extension Expression {
    /// This expression with the CTE `name` replaced inside its subqueries.
    func replacingSubqueryTables(named name: String, with definition: SelectStatement.TableReference) -> Expression {
        let replaced = try? self.rewritten { (node) throws(MySQLError) -> Expression? in
            switch node {
            case .subquery(let select):
                return .subquery(select.replacingTable(named: name, with: definition))
            case .exists(let select):
                return .exists(select.replacingTable(named: name, with: definition))
            case .inSubquery(let operand, let select, let negated):
                return .inSubquery(
                    operand.replacingSubqueryTables(named: name, with: definition),
                    select.replacingTable(named: name, with: definition),
                    negated: negated
                )
            case .quantified(let operand, let op, let quantifier, let select):
                return .quantified(
                    operand.replacingSubqueryTables(named: name, with: definition),
                    op,
                    quantifier,
                    select.replacingTable(named: name, with: definition)
                )
            default:
                return nil
            }
        }
        return replaced ?? self
    }
}
