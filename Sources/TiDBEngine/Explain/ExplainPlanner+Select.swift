import MySQLTypes

/// SELECT: sources joined in FROM order (hash joins, the later table the build side), the WHERE
/// conjuncts pushed to the one table they read, then aggregation, HAVING, DISTINCT, ORDER BY,
/// LIMIT and the projection, as TiDB stacks its operators.
extension ExplainPlanner {
    func selectPlan(_ select: SelectStatement) throws(MySQLError) -> PlanNode {
        if !select.unions.isEmpty { return try self.unionPlan(select) }
        var unordered = select
        unordered.orderBy = []
        unordered.limit = nil
        unordered.offset = nil
        guard !select.from.isEmpty else {
            let dual = PlanNode("TableDual", rows: 1, info: "rows:1", actual: .query(Self.rowsQuery([], [])))
            return try self.projectionPlan(select, over: dual, sources: [], actual: .statementResult)
        }
        let sources = try select.from.map { (item) throws(MySQLError) in try self.source(item.table) }
        var node = try self.joinPlan(select, sources: sources)
        var columnNumber = sources.reduce(0) { $0 + $1.columns.count }
        let aggregates = select.hasAggregates || !select.groupBy.isEmpty
        if aggregates {
            var functions: [String] = []
            for call in Self.aggregateCalls(select) {
                columnNumber += 1
                let call =
                    call == .function(name: "count", arguments: [.star])
                    ? .function(name: "count", arguments: [.literal(.integer(1))]) : call
                functions.append("funcs:\(self.text(call, sources: sources))->Column#\(columnNumber)")
            }
            let groups = select.groupBy.map { self.text($0, sources: sources) }
            var info = groups.isEmpty ? "" : "group by:" + groups.joined(separator: ", ")
            if !functions.isEmpty { info += (info.isEmpty ? "" : ", ") + functions.joined(separator: ", ") }
            var grouped = unordered
            grouped.having = nil
            grouped.distinct = false
            let rows =
                select.groupBy.isEmpty
                ? 1 : try self.estimate(grouped, sources: sources, pseudo: (node.estimatedRows ?? 0) * 0.8)
            node = PlanNode("HashAgg", rows: rows, info: info, children: [node], actual: .query(grouped))
            if let having = select.having {
                var filtered = unordered
                filtered.distinct = false
                let rows = try self.estimate(filtered, sources: sources, pseudo: rows * 0.8)
                node = PlanNode(
                    "Selection",
                    rows: rows,
                    info: self.text(having, sources: sources),
                    children: [node],
                    actual: .query(filtered)
                )
            }
        }
        if select.distinct {
            let fields = Self.fieldExpressions(select).map { self.text($0, sources: sources) }
            let rows = try self.estimate(unordered, sources: sources, pseudo: (node.estimatedRows ?? 0) * 0.8)
            node = PlanNode(
                "HashAgg",
                rows: rows,
                info: "group by:" + fields.joined(separator: ", "),
                children: [node],
                actual: .query(unordered)
            )
        }
        node = try self.orderAndLimitPlan(
            select.orderBy,
            limit: select.limit,
            offset: select.offset,
            over: node,
            sources: sources
        )
        return try self.projectionPlan(select, over: node, sources: sources, actual: .statementResult)
    }

    /// ORDER BY with LIMIT is a TopN; alone a Sort; LIMIT alone a Limit.
    func orderAndLimitPlan(
        _ orderBy: [SelectStatement.OrderItem],
        limit: Expression?,
        offset: Expression?,
        over child: PlanNode,
        sources: [Source]
    ) throws(MySQLError) -> PlanNode {
        let keys = orderBy.map { item in self.text(item.expression, sources: sources) + (item.descending ? ":desc" : "")
        }
        guard let limit else {
            if keys.isEmpty { return child }
            return PlanNode("Sort", rows: child.estimatedRows, info: keys.joined(separator: ", "), children: [child])
        }
        let count = try self.constantInteger(limit)
        let skip = try offset.map { (expression) throws(MySQLError) in try self.constantInteger(expression) } ?? 0
        let rows = min(child.estimatedRows ?? 0, Double(count))
        let range = "offset:\(skip), count:\(count)"
        if keys.isEmpty {
            return PlanNode("Limit", rows: rows, info: range, children: [child], actual: .statementResult)
        }
        return PlanNode(
            "TopN",
            rows: rows,
            info: keys.joined(separator: ", ") + ", " + range,
            children: [child],
            actual: .statementResult
        )
    }

    /// A Projection when the select list computes something; `SELECT *` and plain columns need none.
    private func projectionPlan(
        _ select: SelectStatement,
        over child: PlanNode,
        sources: [Source],
        actual: PlanNode.ActualRows
    ) throws(MySQLError) -> PlanNode {
        var computed = sources.reduce(0) { $0 + $1.columns.count } + 100
        var items: [String] = []
        var needed = false
        for field in select.fields {
            switch field {
            case .wildcard(let table):
                items += sources.filter { table == nil || $0.alias.equalsIgnoringCase(table!) }.flatMap { source in
                    source.columns.map { "\(source.qualifier).\($0.lowercased())" }
                }
            case .expression(.column(let column), _, _):
                items.append(self.text(.column(column), sources: sources))
            case .expression(let expression, _, _):
                computed += 1
                needed = true
                items.append(self.text(expression, sources: sources) + "->Column#\(computed)")
            }
        }
        guard needed else { return child }
        var node = PlanNode(
            "Projection",
            rows: child.estimatedRows,
            info: items.joined(separator: ", "),
            children: [child]
        )
        node.actual = actual
        return node
    }

    /// The sources joined left to right; WHERE conjuncts on one inner-joined table go to its scan.
    private func joinPlan(_ select: SelectStatement, sources: [Source]) throws(MySQLError) -> PlanNode {
        var remaining = select.whereClause.map(AccessPlanner.conjuncts) ?? []
        // Tables after a LEFT JOIN supply NULLs: a WHERE condition on them filters after the join.
        // Tables after a LEFT JOIN, or before a RIGHT JOIN, supply NULLs.
        let lastRightJoin = select.from.lastIndex { $0.join == .right } ?? 0
        let nullSupplying = Set(
            select.from.indices.filter { select.from[$0].join == .left || $0 < lastRightJoin }
        )
        var pushed = Array(repeating: [Expression](), count: sources.count)
        remaining.removeAll { conjunct in
            guard let used = Self.referencedSources(conjunct, in: sources), used.count == 1, let only = used.first,
                !nullSupplying.contains(only)
            else { return false }
            pushed[only].append(conjunct)
            return true
        }
        var node = try self.sourcePlan(sources[0], conjuncts: pushed[0], sources: sources)
        var applied = pushed[0]
        for index in 1..<sources.count {
            let item = select.from[index]
            var joinConditions: [Expression] = []
            var rightConditions = pushed[index]
            let using = item.using.map { name in
                Expression.binary(
                    .equal,
                    .column(
                        ColumnName(
                            table: sources[0..<index].first { $0.columns.contains { $0.equalsIgnoringCase(name) } }?
                                .alias,
                            name: name
                        )
                    ),
                    .column(ColumnName(table: sources[index].alias, name: name))
                )
            }
            for conjunct in (item.condition.map(AccessPlanner.conjuncts) ?? []) + using {
                if let used = Self.referencedSources(conjunct, in: sources), used == [index] {
                    rightConditions.append(conjunct)
                } else {
                    joinConditions.append(conjunct)
                }
            }
            if item.join == .inner {
                remaining.removeAll { conjunct in
                    guard let used = Self.referencedSources(conjunct, in: sources), used.contains(index),
                        used.allSatisfy({ $0 <= index && !nullSupplying.contains($0) })
                    else { return false }
                    joinConditions.append(conjunct)
                    return true
                }
            }
            let right = try self.sourcePlan(sources[index], conjuncts: rightConditions, sources: sources)
            var equal: [String] = []
            var other: [String] = []
            for condition in joinConditions {
                if case .binary(.equal, .column, .column) = condition {
                    equal.append(self.text(condition, sources: sources))
                } else {
                    other.append(self.text(condition, sources: sources))
                }
            }
            var info = ["left outer join", "right outer join", "inner join"][
                item.join == .left ? 0 : item.join == .right ? 1 : 2
            ]
            if equal.isEmpty, item.join == .inner { info = "CARTESIAN " + info }
            if !equal.isEmpty { info += ", equal:[" + equal.joined(separator: ", ") + "]" }
            if !other.isEmpty { info += ", other cond:" + other.joined(separator: ", ") }
            applied += (item.join == .inner ? pushed[index] : []) + joinConditions
            var items = Array(select.from[0...index])
            if item.join == .left {
                items[index].condition = Self.conjunction(joinConditions + rightConditions)
            }
            let query = Self.rowsQuery(
                items,
                item.join == .left ? applied.filter { !joinConditions.contains($0) } : applied
            )
            let left = node.estimatedRows ?? 0
            let build = right.estimatedRows ?? 0
            let pseudo = equal.isEmpty ? left * build : max(left, build) * 1.25
            node = PlanNode(
                "HashJoin",
                rows: try self.estimate(query, sources: Array(sources[0...index]), pseudo: pseudo),
                info: info,
                children: [right.labelled("(Build)"), node.labelled("(Probe)")],
                actual: .query(query)
            )
        }
        if !remaining.isEmpty {
            let query = Self.rowsQuery(select.from, select.whereClause.map { [$0] } ?? [])
            node = PlanNode(
                "Selection",
                rows: try self.estimate(query, sources: sources, pseudo: (node.estimatedRows ?? 0) * 0.8),
                info: remaining.map { self.text($0, sources: sources) }.joined(separator: ", "),
                children: [node],
                actual: .query(query)
            )
        }
        return node
    }

    /// UNION [ALL]: the members side by side; DISTINCT removes duplicates above them.
    private func unionPlan(_ select: SelectStatement) throws(MySQLError) -> PlanNode {
        var first = select
        first.unions = []
        first.unionOrderBy = []
        first.unionLimit = nil
        first.unionOffset = nil
        var children = [try self.selectPlan(first)]
        for member in select.unions { children.append(try self.selectPlan(member.select)) }
        let rows = children.reduce(0) { $0 + ($1.estimatedRows ?? 0) }
        var node = PlanNode("Union", rows: rows, children: children, actual: .statementResult)
        if select.unions.contains(where: { !$0.all }) {
            node.actual = .none
            node = PlanNode("HashAgg", rows: rows * 0.8, info: "group by:Column#1", children: [node])
        }
        var whole = select
        whole.unionOrderBy = []
        whole.unionLimit = nil
        whole.unionOffset = nil
        node.actual = select.unionLimit == nil ? .statementResult : .query(whole)
        return try self.orderAndLimitPlan(
            select.unionOrderBy,
            limit: select.unionLimit,
            offset: select.unionOffset,
            over: node,
            sources: []
        )
    }

    private func constantInteger(_ expression: Expression) throws(MySQLError) -> Int {
        try Evaluator(environment: self.environment).limitValue(expression)
    }

    static func fieldExpressions(_ select: SelectStatement) -> [Expression] {
        select.fields.compactMap { field in
            if case .expression(let expression, _, _) = field { return expression }
            return nil
        }
    }

    /// The aggregate calls of the select list, HAVING and ORDER BY, each once.
    static func aggregateCalls(_ select: SelectStatement) -> [Expression] {
        var calls: [Expression] = []
        let expressions =
            Self.fieldExpressions(select) + [select.having].compactMap { $0 } + select.orderBy.map(\.expression)
        for expression in expressions {
            _ = expression.contains { node in
                if Expression.isAggregateCall(node), !calls.contains(node) { calls.append(node) }
                return false
            }
        }
        return calls
    }
}
