import MySQLTypes

/// The select list: `*` expansion, column names and types, ORDER BY (expressions, aliases,
/// positions), DISTINCT and LIMIT.
extension SelectExecutor {
    struct Projection {
        var expression: Expression
        var name: String
    }

    func projections(_ fields: [SelectStatement.Field], schema: RowSchema?) throws(MySQLError) -> [Projection] {
        var projections: [Projection] = []
        for field in fields {
            switch field {
            case .wildcard(let table):
                guard let schema else { throw .tidb(1096, "HY000", "No tables used") }
                let matching = schema.columns.filter {
                    !$0.isHidden && (table.map($0.table.equalsIgnoringCase) ?? !$0.mergedByUsing)
                }
                guard !matching.isEmpty else { throw .unknownTable(table ?? "") }
                for column in matching {
                    projections.append(
                        Projection(
                            expression: .column(ColumnName(table: column.table, name: column.name)),
                            name: column.name
                        )
                    )
                }
            case .expression(let expression, let alias, let text):
                projections.append(
                    Projection(expression: expression, name: alias ?? Self.columnName(for: expression, text: text))
                )
            }
        }
        return projections
    }

    /// HAVING may name select-list aliases.
    static func substitutingAliases(
        _ expression: Expression,
        projections: [Projection]
    ) throws(MySQLError) -> Expression {
        try expression.rewritten { (node) throws(MySQLError) -> Expression? in
            guard case .column(let reference) = node, reference.table == nil,
                let projection = projections.first(where: { $0.name.lowercased() == reference.name.lowercased() }),
                projection.expression != node
            else { return nil }
            return projection.expression
        }
    }

    /// A GROUP BY item: a position, an alias, or an expression over the rows.
    static func groupKey(
        _ key: Expression,
        projections: [Projection],
        fields: [SelectStatement.Field],
        schema: RowSchema
    ) throws(MySQLError) -> Expression {
        if case .literal(.integer(let position)) = key {
            guard position >= 1, position <= fields.count,
                case .expression(let expression, _, _) = fields[Int(position) - 1]
            else {
                throw .unknownColumn(String(position), in: "group statement")
            }
            return expression
        }
        if case .column(let reference) = key, reference.table == nil,
            (try? schema.index(of: reference, clause: "")) == nil,
            case .expression(let expression, _, _)? = fields.first(where: {
                if case .expression(_, let alias?, _) = $0 { return alias.lowercased() == reference.name.lowercased() }
                return false
            })
        {
            return expression
        }
        return key
    }

    private enum SortKey {
        case output(Int)
        case expression(Expression)
    }

    func project(
        _ rows: [[Value]],
        schema: RowSchema?,
        projections: [Projection],
        select: SelectStatement,
        orderBy: [SelectStatement.OrderItem],
        evaluator: Evaluator
    ) throws(MySQLError) -> ResultSet {
        var evaluator = evaluator
        evaluator.schema = schema
        // Plain column references are resolved once, not per row.
        var directColumns: [Int?] = []
        for projection in projections {
            if case .column(let reference) = projection.expression, let schema {
                // A column of an outer query (correlated subquery) is read by the evaluator.
                directColumns.append(try Self.ownColumn(reference, in: schema))
            } else {
                directColumns.append(nil)
            }
        }
        var sortKeys: [SortKey] = []
        for item in orderBy {
            if case .literal(.integer(let position)) = item.expression {
                guard position >= 1, position <= projections.count else {
                    throw .unknownColumn(String(position), in: "order clause")
                }
                sortKeys.append(.output(Int(position) - 1))
            } else if case .column(let reference) = item.expression, reference.table == nil,
                let index = projections.firstIndex(where: { $0.name.lowercased() == reference.name.lowercased() })
            {
                sortKeys.append(.output(index))
            } else {
                sortKeys.append(.expression(item.expression))
            }
        }

        // Strings sort and compare for DISTINCT under the collation their expressions derive.
        evaluator.clause = "order clause"
        let sortCollations = try sortKeys.map { (key) throws(MySQLError) -> Collation? in
            switch key {
            case .output(let index): try evaluator.derivedCollation(of: projections[index].expression)?.collation
            case .expression(let expression): try evaluator.derivedCollation(of: expression)?.collation
            }
        }
        evaluator.clause = "field list"
        let distinctCollations =
            select.distinct
            ? try projections.map { (projection) throws(MySQLError) in
                try evaluator.derivedCollation(of: projection.expression)?.collation
            } : []
        var output: [(values: [Value], keys: [Value])] = []
        output.reserveCapacity(rows.count)
        var seen = Set<[Value]>()
        for row in rows {
            evaluator.row = row
            var values: [Value] = []
            values.reserveCapacity(projections.count)
            for (index, projection) in projections.enumerated() {
                if let column = directColumns[index] {
                    values.append(row[column])
                } else {
                    values.append(try evaluator.evaluate(projection.expression))
                }
            }
            if select.distinct, !seen.insert(Aggregation.normalized(values, collations: distinctCollations)).inserted {
                continue
            }
            var keys: [Value] = []
            if !sortKeys.isEmpty {
                evaluator.clause = "order clause"
                for key in sortKeys {
                    switch key {
                    case .output(let index): keys.append(values[index])
                    case .expression(let expression): keys.append(try evaluator.evaluate(expression))
                    }
                }
                evaluator.clause = "field list"
            }
            if self.environment.isInterrupted { throw .queryInterrupted }
            output.append((values, keys))
        }
        if !sortKeys.isEmpty {
            let descending = orderBy.map(\.descending)
            // Stable: rows with equal keys keep their read order.
            output = output.enumerated().sorted { lhs, rhs in
                for index in descending.indices {
                    let comparison = SortOrder.compare(
                        lhs.element.keys[index],
                        rhs.element.keys[index],
                        collation: sortCollations[index]
                    )
                    if comparison != 0 { return descending[index] ? comparison > 0 : comparison < 0 }
                }
                return lhs.offset < rhs.offset
            }.map(\.element)
        }
        let limited = try evaluator.applyLimit(output.map(\.values), limit: select.limit, offset: select.offset)
        return ResultSet(
            columns: try self.columnDefinitions(
                projections,
                schema: schema,
                sample: limited.first,
                rows: rows,
                evaluator: evaluator
            ),
            rows: limited
        )
    }

    /// Column definitions: table columns keep their table's metadata; other expressions are
    /// typed from their first value.
    private func columnDefinitions(
        _ projections: [Projection],
        schema: RowSchema?,
        sample: [Value]?,
        rows: [[Value]],
        evaluator: Evaluator
    ) throws(MySQLError) -> [ColumnDefinition] {
        var evaluator = evaluator
        evaluator.row = rows.first ?? Array(repeating: .null, count: schema?.columns.count ?? 0)
        var columns: [ColumnDefinition] = []
        columns.reserveCapacity(projections.count)
        for (index, projection) in projections.enumerated() {
            if case .column(let reference) = projection.expression, let schema,
                let index = try Self.ownColumn(reference, in: schema)
            {
                let column = schema.columns[index]
                if !column.table.isEmpty {
                    columns.append(
                        column.type.column(
                            named: projection.name,
                            table: column.table,
                            schema: column.schema,
                            originalTable: column.originalTable.isEmpty ? column.table : column.originalTable,
                            originalName: column.name
                        )
                    )
                    continue
                }
            }
            var value = sample?[index] ?? .null
            if sample == nil, !rows.isEmpty { value = (try? evaluator.evaluate(projection.expression)) ?? .null }
            columns.append(
                try evaluator.fieldType(of: projection.expression, value: value).column(named: projection.name)
            )
        }
        return columns
    }

    /// A SELECT without tables: one row. `last` is the field types and columns of the same
    /// statement's previous run: while every field's type matches, its column array is returned
    /// as it was (no names or definitions rebuilt, and the connection's header cache compares it
    /// by identity). Returns the result and, when `last` no longer fits, what to remember instead.
    static func oneRow(
        _ fields: [SelectStatement.Field],
        environment: any ExpressionEnvironment,
        last: ConstantRowColumns?
    ) throws(MySQLError) -> (result: ResultSet, changed: ConstantRowColumns?) {
        let evaluator = Evaluator(environment: environment)
        var row: [Value] = []
        row.reserveCapacity(fields.count)
        var matching = last != nil
        var types: [FieldType] = []
        var columns: [ColumnDefinition] = []
        for (index, field) in fields.enumerated() {
            guard case .expression(let expression, let alias, let text) = field else {
                throw .tidb(1096, "HY000", "No tables used")
            }
            let value = try evaluator.evaluate(expression)
            let type = try evaluator.fieldType(of: expression, value: value)
            row.append(value)
            if matching, let last {
                if last.types[index] == type { continue }
                // The first field whose type changed: keep what came before it.
                matching = false
                types = Array(last.types[..<index])
                columns = Array(last.columns[..<index])
            }
            types.append(type)
            columns.append(type.column(named: alias ?? Self.columnName(for: expression, text: text)))
        }
        if matching, let last { return (ResultSet(columns: last.columns, rows: [row]), nil) }
        return (ResultSet(columns: columns, rows: [row]), ConstantRowColumns(types: types, columns: columns))
    }

    /// A select-list column's position in the query's own rows; nil when the rows lack it (an
    /// outer query's column, or an error the evaluator reports).
    static func ownColumn(_ reference: ColumnName, in schema: RowSchema) throws(MySQLError) -> Int? {
        do {
            return try schema.index(of: reference, clause: "field list")
        } catch  where error.code == 1054 {
            return nil
        }
    }

    /// TiDB's naming of un-aliased fields: a string literal is named by its value, a number by
    /// its trimmed text, a column by its name without qualifier, anything else by the text as typed.
    static func columnName(for expression: Expression, text: String) -> String {
        switch expression {
        case .literal(.string(let bytes, _)):
            let value = String(decoding: bytes, as: UTF8.self)
            return String(value.drop { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.value < 0x20 } })
        case .column(let reference):
            // `p.id` is called `id`: clients read rows by these names.
            return reference.name
        case .literal(.null):
            return "NULL"
        case .literal(.boolean(let value)):
            return value ? "TRUE" : "FALSE"
        case .literal:
            var name = Substring(text)
            while let first = name.first, " \t\n+(".contains(first) { name = name.dropFirst() }
            while let last = name.last, " \t\n)".contains(last) { name = name.dropLast() }
            return String(name)
        default:
            return text
        }
    }
}

/// How ORDER BY compares keys.
enum SortOrder {
    /// NULL sorts first ascending, as in MySQL.
    static func compare(_ left: Value, _ right: Value, collation: Collation? = nil) -> Int {
        switch (left.isNull, right.isNull) {
        case (true, true): return 0
        case (true, false): return -1
        case (false, true): return 1
        default: return Arithmetic.compare(left, right, collation: collation, warn: { _ in }) ?? 0
        }
    }
}

/// The field types and result columns of a constant-row SELECT's last run.
struct ConstantRowColumns {
    var types: [FieldType]
    var columns: [ColumnDefinition]
}

extension Evaluator {
    /// The rows from OFFSET on, at most LIMIT of them.
    func applyLimit(_ rows: [[Value]], limit: Expression?, offset: Expression?) throws(MySQLError) -> [[Value]] {
        guard limit != nil || offset != nil else { return rows }
        let start = try offset.map { (expression) throws(MySQLError) in try self.limitValue(expression) } ?? 0
        let count = try limit.map { (expression) throws(MySQLError) in try self.limitValue(expression) } ?? Int.max
        guard start < rows.count else { return [] }
        let end = start.addingReportingOverflow(count).overflow ? rows.count : min(rows.count, start + count)
        return Array(rows[start..<end])
    }

    /// A LIMIT or OFFSET operand: a non-negative integer (literals, or `?` in prepared statements).
    func limitValue(_ expression: Expression) throws(MySQLError) -> Int {
        let value = try Evaluator(environment: self.environment).evaluate(expression)
        switch value {
        case .int(let number) where number >= 0: return Int(number)
        case .uint(let number): return Int(clamping: number)
        default:
            if case .parameter = expression {
                throw MySQLError(code: 1210, sqlState: "HY000", message: "Incorrect arguments to LIMIT")
            }
            return Int(clamping: max(0, value.int64(warn: { _ in }) ?? 0))
        }
    }
}
