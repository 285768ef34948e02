import MySQLTypes

/// `ONLY_FULL_GROUP_BY` (in TiDB's default sql_mode), as TiDB's checker applies it: a select
/// item of a grouped query is a GROUP BY item as a whole, or reads only columns the GROUP BY
/// determines (1055); an aggregated query without GROUP BY reads no bare column (8123). A
/// column is determined when it is grouped, fixed to a constant by WHERE (`= c`, `<=> c`,
/// `IS NULL`), equal to a determined column (WHERE, ON, USING), computed from determined columns
/// (generated columns), or in a table one of whose primary or unique keys is determined (a
/// unique key over nullable columns only where WHERE rejects their NULLs).
/// Columns of derived tables and views are not judged: TiDB carries their keys through, the mock
/// does not. Where the mock's rules are narrower than TiDB's they lean to accepting: it must not
/// refuse what TiDB runs.
extension SelectExecutor {
    func checkFullGroupBy(
        _ select: SelectStatement,
        projections: [Projection],
        schema: RowSchema
    ) throws(MySQLError) {
        guard self.checksFullGroupBy,
            self.environment.sessionVariableValue("sql_mode").uppercased().split(separator: ",")
                .contains("ONLY_FULL_GROUP_BY")
        else { return }
        // An aggregate only in ORDER BY or HAVING may be an outer query's (a correlated subquery).
        let aggregatedList = projections.contains { $0.expression.contains(where: Expression.isAggregateCall) }
        if select.groupBy.isEmpty, !aggregatedList { return }
        var groupExpressions: [Expression] = []
        for key in select.groupBy {
            groupExpressions.append(
                try Self.groupKey(key, projections: projections, fields: select.fields, schema: schema)
            )
        }
        let determined = self.determinedColumns(select, groupExpressions: groupExpressions, schema: schema)
        func firstUndetermined(_ expression: Expression) -> RowSchema.Column? {
            if groupExpressions.contains(expression) { return nil }
            var found: RowSchema.Column?
            _ = expression.contains { node in
                guard found == nil else { return true }
                if Expression.isAggregateCall(node) { return false }
                guard case .column(let reference) = node, let position = try? schema.index(of: reference, clause: ""),
                    !determined.contains(position), self.isJudged(schema.columns[position])
                else { return false }
                found = schema.columns[position]
                return true
            }
            return found
        }
        func name(_ column: RowSchema.Column) -> String { "\(column.schema).\(column.table).\(column.name)" }
        for (index, projection) in projections.enumerated() {
            // Aggregates' arguments are read per row; a window call sees the groups' results.
            if case .window = projection.expression { continue }
            guard let column = firstUndetermined(Self.outsideAggregates(projection.expression)) else { continue }
            if select.groupBy.isEmpty {
                throw .tidb(
                    8123,
                    "HY000",
                    "In aggregated query without GROUP BY, expression #\(index + 1) of SELECT list contains "
                        + "nonaggregated column '\(name(column))'; this is incompatible with sql_mode=only_full_group_by"
                )
            }
            throw Self.notGrouped(index + 1, name(column))
        }
        guard !select.groupBy.isEmpty else { return }
        // TiDB counts ORDER BY items after the select list's.
        for (index, item) in select.orderBy.enumerated() {
            if case .literal(.integer) = item.expression { continue }
            if case .column(let reference) = item.expression, reference.table == nil,
                projections.contains(where: { $0.name.equalsIgnoringCase(reference.name) })
            {
                continue
            }
            if projections.contains(where: { $0.expression == item.expression }) { continue }
            guard let column = firstUndetermined(Self.outsideAggregates(item.expression)) else { continue }
            throw Self.notGrouped(projections.count + index + 1, name(column))
        }
    }

    private static func notGrouped(_ position: Int, _ column: String) -> MySQLError {
        .tidb(
            1055,
            "42000",
            "Expression #\(position) of SELECT list is not in GROUP BY clause and contains nonaggregated column "
                + "'\(column)' which is not functionally dependent on columns in GROUP BY clause; "
                + "this is incompatible with sql_mode=only_full_group_by"
        )
    }

    /// The expression with its aggregate calls, ANY_VALUE() and window calls replaced by NULL.
    private static func outsideAggregates(_ expression: Expression) -> Expression {
        let stripped = try? expression.rewritten { node in
            if Expression.isAggregateCall(node) { return .literal(.null) }
            if case .function("any_value", _) = node { return .literal(.null) }
            if case .window = node { return .literal(.null) }
            return nil
        }
        return stripped ?? expression
    }

    /// Only base tables' columns are judged (derived tables and views carry keys the mock does not track).
    private func isJudged(_ column: RowSchema.Column) -> Bool {
        self.baseTable(of: column) != nil
    }

    private func baseTable(of column: RowSchema.Column) -> TableSchema? {
        let name = column.originalTable.isEmpty ? column.table : column.originalTable
        guard !column.schema.isEmpty, self.catalog.view(column.schema, name) == nil else { return nil }
        return try? self.catalog.userTable(TableName(database: column.schema, name: name))
    }

    /// The schema positions the GROUP BY, the WHERE constants, the equalities and the tables'
    /// keys determine.
    private func determinedColumns(
        _ select: SelectStatement,
        groupExpressions: [Expression],
        schema: RowSchema
    ) -> Set<Int> {
        func position(_ expression: Expression) -> Int? {
            guard case .column(let reference) = expression else { return nil }
            return try? schema.index(of: reference, clause: "")
        }
        var determined = Set(groupExpressions.compactMap(position))
        var conjuncts = select.whereClause.map(AccessPlanner.conjuncts) ?? []
        // ON constants hold for every row only when no table's rows are NULL-extended; ON and
        // USING equalities tie a NULL-extended column to the row it was joined to.
        let innerOnly = select.from.allSatisfy { $0.join == .inner }
        let onConjuncts = select.from.compactMap(\.condition).flatMap(AccessPlanner.conjuncts)
        var equalities: [(Int, Int)] = []
        for (index, item) in select.from.enumerated() {
            let alias = item.table.alias ?? item.table.name
            let names =
                item.natural
                ? schema.columns.filter { !$0.isHidden && $0.table.equalsIgnoringCase(alias) }.map(\.name) : item.using
            for name in names {
                let right = try? schema.index(of: ColumnName(table: alias, name: name), clause: "")
                let left = select.from[..<index].lazy.compactMap { earlier in
                    try? schema.index(
                        of: ColumnName(table: earlier.table.alias ?? earlier.table.name, name: name),
                        clause: ""
                    )
                }.first
                if let left, let right { equalities.append((left, right)) }
            }
        }
        if innerOnly { conjuncts += onConjuncts }
        for conjunct in innerOnly ? [] : onConjuncts {
            if case .binary(.equal, let lhs, let rhs) = conjunct, let left = position(lhs), let right = position(rhs) {
                equalities.append((left, right))
            }
        }
        for conjunct in conjuncts {
            switch conjunct {
            case .binary(.equal, let lhs, let rhs), .binary(.nullSafeEqual, let lhs, let rhs):
                if let left = position(lhs), let right = position(rhs) {
                    equalities.append((left, right))
                } else if let left = position(lhs), Evaluator.isConstant(rhs) {
                    determined.insert(left)
                } else if let right = position(rhs), Evaluator.isConstant(lhs) {
                    determined.insert(right)
                }
            case .isNull(let operand, negated: false):
                if let column = position(operand) { determined.insert(column) }
            default:
                break
            }
        }
        // Columns a WHERE conjunct rejects NULL for: a comparison, LIKE, IN, BETWEEN, IS [NOT] TRUE/FALSE
        // without NOT, IS NOT NULL (not `<=>`, `IS NULL` or `IS NOT TRUE`, which NULL passes).
        func rejected(_ conjunct: Expression) -> [Int] {
            switch conjunct {
            case .binary(let op, let lhs, let rhs)
            where [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op):
                return [position(lhs), position(rhs)].compactMap { $0 }
            case .like(let value, _, _, _), .between(let value, _, _, _), .inList(let value, _, negated: false),
                .inSubquery(let value, _, negated: false), .isNull(let value, negated: true),
                .unary(.not, .isNull(let value, negated: false)):
                return position(value).map { [$0] } ?? []
            case .isTruth(let value, value: .some, negated: false):
                return (position(value).map { [$0] } ?? []) + rejected(value)
            default:
                return []
            }
        }
        let nullRejected = Set((select.whereClause.map(AccessPlanner.conjuncts) ?? []).flatMap(rejected))
        // Each table's positions and its determining keys (primary, or unique over NOT NULL columns).
        var keys: [(columns: [Int], table: [Int])] = []
        var generated: [(inputs: [Int], column: Int)] = []
        var tables: [String: [Int]] = [:]
        for (index, column) in schema.columns.enumerated() {
            tables["\(column.schema).\(column.table)".lowercased(), default: []].append(index)
        }
        for positions in tables.values {
            guard let first = positions.first, let table = self.baseTable(of: schema.columns[first]) else { continue }
            func located(_ name: String) -> Int? {
                positions.first { schema.columns[$0].name.equalsIgnoringCase(name) }
            }
            for column in table.columns {
                guard let expression = column.generated?.expression, let target = located(column.name) else { continue }
                var inputs: [Int] = []
                _ = expression.contains { node in
                    if case .column(let reference) = node, let input = located(reference.name) { inputs.append(input) }
                    return false
                }
                generated.append((inputs, target))
            }
            // A unique key over nullable columns counts where WHERE rejects their NULLs.
            for index in table.indexes where index.isUnique {
                let keyPositions = index.columns.compactMap { column in
                    positions.first { schema.columns[$0].name.equalsIgnoringCase(table.columns[column].name) }
                }
                guard keyPositions.count == index.columns.count else { continue }
                let notNull = zip(index.columns, keyPositions).allSatisfy { column, position in
                    index.isPrimary || !table.columns[column].isNullable || nullRejected.contains(position)
                }
                if notNull { keys.append((keyPositions, positions)) }
            }
        }
        var changed = true
        while changed {
            changed = false
            for (left, right) in equalities where determined.contains(left) != determined.contains(right) {
                determined.formUnion([left, right])
                changed = true
            }
            for key in keys
            where key.columns.allSatisfy(determined.contains) && !key.table.allSatisfy(determined.contains) {
                determined.formUnion(key.table)
                changed = true
            }
            for column in generated
            where !determined.contains(column.column) && column.inputs.allSatisfy(determined.contains) {
                determined.insert(column.column)
                changed = true
            }
        }
        return determined
    }
}
