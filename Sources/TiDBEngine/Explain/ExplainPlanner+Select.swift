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
            let output = Output(firstNumber: 0, aggregates: nil, childSchema: [])
            return try self.projectionPlan(select, over: dual, sources: [], output: output, actual: .statementResult)
        }
        let sources = try select.from.map { (item) throws(MySQLError) in try self.source(item.table) }
        var node = try self.joinPlan(select, sources: sources)
        var columnNumber = self.sourceColumnCount(sources)
        var aggregateColumns: [Expression: String] = [:]
        var aggregateSchema: [String] = []
        let aggregates = select.hasAggregates || !select.groupBy.isEmpty
        if aggregates {
            var functions: [String] = []
            let calls = Self.aggregateCalls(select)
            for call in calls {
                columnNumber += 1
                aggregateColumns[call] = "Column#\(columnNumber)"
                aggregateSchema.append("Column#\(columnNumber)")
                let call =
                    call == .function(name: "count", arguments: [.star])
                    ? .function(name: "count", arguments: [.literal(.integer(1))]) : call
                functions.append("funcs:\(self.text(call, sources: sources))->Column#\(columnNumber)")
            }
            // A grouped column read above the aggregation comes out of it as `firstrow`.
            let above =
                Self.fieldExpressions(select) + select.orderBy.map(\.expression) + [select.having].compactMap { $0 }
            for group in select.groupBy {
                guard case .column = group, above.contains(where: { Self.readsOutsideAggregates($0, group) }) else {
                    continue
                }
                let column = self.text(group, sources: sources)
                functions.append("funcs:firstrow(\(column))->\(column)")
                aggregateSchema.append(column)
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
            // TiDB streams a DISTINCT aggregate without GROUP BY (one group, nothing to hash).
            let streamed =
                select.groupBy.isEmpty
                && calls.contains { call in
                    if case .function(let name, _) = call {
                        return name.hasSuffix("_distinct") && name != "approx_count_distinct"
                    }
                    return false
                }
            node = PlanNode(
                streamed ? "StreamAgg" : "HashAgg",
                rows: rows,
                info: info,
                children: [node],
                actual: .query(grouped)
            )
            if let having = select.having {
                var filtered = unordered
                filtered.distinct = false
                let rows = try self.estimate(filtered, sources: sources, pseudo: rows * 0.8)
                node = PlanNode(
                    "Selection",
                    rows: rows,
                    info: self.text(having, sources: sources, aggregates: aggregateColumns),
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
        let output = Output(
            firstNumber: columnNumber,
            aggregates: aggregates ? aggregateColumns : nil,
            childSchema: aggregateSchema
        )
        return try self.projectionPlan(select, over: node, sources: sources, output: output, actual: .statementResult)
    }

    /// What the operator under the projection produces: the aggregates' columns (nil without
    /// aggregation: the sources' columns), and the number TiDB gives the next computed column.
    struct Output {
        var firstNumber: Int
        var aggregates: [Expression: String]?
        var childSchema: [String]
    }

    /// TiDB numbers computed columns (`Column#N`) after the sources' columns, counting a table's
    /// hidden `_tidb_rowid`.
    func sourceColumnCount(_ sources: [Source]) -> Int {
        sources.reduce(0) { count, source in
            guard let table = source.table else { return count + source.columns.count }
            return count + table.columns.count + (self.hasHiddenHandle(table) ? 1 : 0)
        }
    }

    /// Whether TiDB would key the table's rows by a hidden `_tidb_rowid`: no primary key, or one
    /// that is not clustered. The mock clusters every primary key; TiDB clusters one that is not a
    /// single integer only under `tidb_enable_clustered_index = ON`, read here when EXPLAIN runs.
    func hasHiddenHandle(_ table: TableSchema) -> Bool {
        guard let primary = table.primaryKey else { return true }
        if primary.columns.count == 1, table.columns[primary.columns[0]].type.isInteger { return false }
        return self.environment.sessionVariableValue("tidb_enable_clustered_index").uppercased() != "ON"
    }

    /// Whether `expression` reads `column` other than inside an aggregate call.
    static func readsOutsideAggregates(_ expression: Expression, _ column: Expression) -> Bool {
        let stripped = try? expression.rewritten { node in Expression.isAggregateCall(node) ? .literal(.null) : nil }
        return (stripped ?? expression).contains { $0 == column }
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

    /// A Projection unless the select list is exactly what the operator below produces, in its
    /// order (TiDB prunes the columns nobody reads and then drops such a projection).
    private func projectionPlan(
        _ select: SelectStatement,
        over child: PlanNode,
        sources: [Source],
        output: Output,
        actual: PlanNode.ActualRows
    ) throws(MySQLError) -> PlanNode {
        var computed = output.firstNumber
        var items: [String] = []
        var positions: [(Int, Int)] = []
        var needed = false
        for field in select.fields {
            switch field {
            case .wildcard(let table):
                for (sourceIndex, source) in sources.enumerated()
                where table == nil || source.alias.equalsIgnoringCase(table!) {
                    for (columnIndex, column) in source.columns.enumerated() {
                        items.append("\(source.qualifier).\(column.lowercased())")
                        positions.append((sourceIndex, columnIndex))
                    }
                }
            case .expression(let expression, _, _) where output.aggregates?[expression] != nil:
                items.append(output.aggregates![expression]!)
            case .expression(.column(let column), _, _):
                items.append(self.text(.column(column), sources: sources))
                if let sourceIndex = Self.sourceIndex(of: column, in: sources),
                    let columnIndex = sources[sourceIndex].columns.firstIndex(where: {
                        $0.equalsIgnoringCase(column.name)
                    })
                {
                    positions.append((sourceIndex, columnIndex))
                } else {
                    needed = true
                }
            case .expression(let expression, _, _):
                computed += 1
                needed = true
                items.append(
                    self.text(expression, sources: sources, aggregates: output.aggregates ?? [:])
                        + "->Column#\(computed)"
                )
            }
        }
        if output.aggregates != nil {
            needed = needed || items != output.childSchema
        } else {
            // Plain columns need no projection when they come in the sources' order, each once.
            needed = needed || zip(positions, positions.dropFirst()).contains { $0.0 >= $0.1 }
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
