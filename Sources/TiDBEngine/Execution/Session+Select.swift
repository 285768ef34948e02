public import MySQLTypes

/// SELECT: without FROM, or from a table source; WHERE, ORDER BY, LIMIT, DISTINCT.
extension Session {
    func executeSelect(_ select: SelectStatement) throws(MySQLError) -> ResultSet {
        guard select.groupBy.isEmpty, select.having == nil else { throw .notSupportedYet("GROUP BY") }
        if select.from == nil, select.whereClause == nil, select.orderBy.isEmpty, select.limit == nil,
            select.offset == nil
        {
            return try self.selectOneRow(select.fields)
        }
        var schema: RowSchema?
        var rows: [[Value]]
        if let from = select.from {
            let table = try self.tableSource(from)
            schema = table.schema
            rows = table.rows
        } else {
            rows = [[]]
        }
        if select.lock == .forUpdate, !self.sessionVariableValue("tidb_snapshot").isEmpty {
            throw .unknown("can not execute write statement when 'tidb_snapshot' is set")
        }

        var evaluator = Evaluator(session: self, schema: schema)
        if let condition = select.whereClause {
            rows = try evaluator.rows(rows, matching: condition)
        }
        if !select.orderBy.isEmpty {
            evaluator.clause = "order clause"
            rows = try self.sorted(rows, by: select.orderBy, evaluator: evaluator)
            evaluator.clause = "field list"
        }

        // Projection: expand `*`, name each field, type it from its first value.
        var projections: [(Expression, String)] = []
        for field in select.fields {
            switch field {
            case .wildcard(let table):
                guard let schema else { throw .tidb(1096, "HY000", "No tables used") }
                let matching = schema.columns.filter { table == nil || $0.table.lowercased() == table!.lowercased() }
                guard !matching.isEmpty else { throw .unknownTable(table ?? "") }
                for column in matching {
                    projections.append((.column(ColumnName(table: column.table, name: column.name)), column.name))
                }
            case .expression(let expression, let alias, let text):
                projections.append((expression, alias ?? Self.columnName(for: expression, text: text)))
            }
        }

        var output: [[Value]] = []
        output.reserveCapacity(rows.count)
        for row in rows {
            evaluator.row = row
            var values: [Value] = []
            values.reserveCapacity(projections.count)
            for (expression, _) in projections { values.append(try evaluator.evaluate(expression)) }
            if self.isInterrupted { throw .queryInterrupted }
            output.append(values)
        }
        if select.distinct {
            var seen = Set<[Value]>()
            output = output.filter { seen.insert($0).inserted }
        }
        output = try self.applyLimit(output, limit: select.limit, offset: select.offset)

        // Types come from the first row; with no rows, from NULLs.
        evaluator.row = rows.first ?? Array(repeating: .null, count: schema?.columns.count ?? 0)
        var columns: [ColumnDefinition] = []
        columns.reserveCapacity(projections.count)
        for (index, (expression, name)) in projections.enumerated() {
            var sample = Value.null
            if let first = output.first {
                sample = first[index]
            } else if !rows.isEmpty {
                sample = try evaluator.evaluate(expression)
            }
            let type = try evaluator.fieldType(of: expression, value: sample)
            if case .column(let reference) = expression, let schema {
                let column = schema.columns[try schema.index(of: reference, clause: "field list")]
                columns.append(
                    type.column(named: name, table: column.table, schema: column.schema, originalName: column.name)
                )
            } else {
                columns.append(type.column(named: name))
            }
        }
        return ResultSet(columns: columns, rows: output)
    }

    /// The common `SELECT <expressions>`: one row, no filtering, no intermediate arrays.
    private func selectOneRow(_ fields: [SelectStatement.Field]) throws(MySQLError) -> ResultSet {
        let evaluator = Evaluator(session: self)
        var row: [Value] = []
        var columns: [ColumnDefinition] = []
        row.reserveCapacity(fields.count)
        columns.reserveCapacity(fields.count)
        for field in fields {
            guard case .expression(let expression, let alias, let text) = field else {
                throw .tidb(1096, "HY000", "No tables used")
            }
            let value = try evaluator.evaluate(expression)
            let type = try evaluator.fieldType(of: expression, value: value)
            row.append(value)
            columns.append(type.column(named: alias ?? Self.columnName(for: expression, text: text)))
        }
        return ResultSet(columns: columns, rows: [row])
    }

    /// TiDB's naming of un-aliased fields: a string literal is named by its value, a number by
    /// its trimmed text, anything else by the text as typed.
    static func columnName(for expression: Expression, text: String) -> String {
        switch expression {
        case .literal(.string(let bytes, _)):
            let value = String(decoding: bytes, as: UTF8.self)
            return String(value.drop { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.value < 0x20 } })
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

    func applyLimit(_ rows: [[Value]], limit: Expression?, offset: Expression?) throws(MySQLError) -> [[Value]] {
        guard limit != nil || offset != nil else { return rows }
        let start =
            try offset.map { (expression) throws(MySQLError) in
                Int(clamping: try self.evaluate(expression).int64(warn: { _ in }) ?? 0)
            } ?? 0
        let count =
            try limit.map { (expression) throws(MySQLError) in
                Int(clamping: try self.evaluate(expression).int64(warn: { _ in }) ?? 0)
            } ?? Int.max
        guard start < rows.count else { return [] }
        return Array(
            rows[start..<min(rows.count, start.addingReportingOverflow(count).overflow ? Int.max : start + count)]
        )
    }

    private func sorted(
        _ rows: [[Value]],
        by order: [SelectStatement.OrderItem],
        evaluator: Evaluator
    ) throws(MySQLError) -> [[Value]] {
        var evaluator = evaluator
        var keyed: [([Value], [Value])] = []
        for row in rows {
            evaluator.row = row
            var keys: [Value] = []
            for item in order { keys.append(try evaluator.evaluate(item.expression)) }
            keyed.append((keys, row))
        }
        keyed.sort { lhs, rhs in
            for (index, item) in order.enumerated() {
                let left = lhs.0[index]
                let right = rhs.0[index]
                // NULL sorts first ascending, as in MySQL.
                let comparison: Int
                switch (left.isNull, right.isNull) {
                case (true, true): comparison = 0
                case (true, false): comparison = -1
                case (false, true): comparison = 1
                default: comparison = Arithmetic.compare(left, right, warn: { _ in }) ?? 0
                }
                if comparison != 0 { return item.descending ? comparison > 0 : comparison < 0 }
            }
            return false
        }
        return keyed.map(\.1)
    }

    // MARK: Table sources

    struct TableSource {
        var schema: RowSchema
        var rows: [[Value]]
    }

    func tableSource(_ reference: SelectStatement.TableReference) throws(MySQLError) -> TableSource {
        guard let database = reference.schema ?? self.currentDatabase else { throw .noDatabaseSelected }
        let table = reference.name
        let alias = reference.alias ?? table
        if database.lowercased() == "mysql", table.lowercased() == "tidb" {
            _ = self.activateTransactionForRead()
            return TableSource(
                schema: Self.mysqlTiDBSchema(alias: alias),
                rows: self.cluster.mysqlTiDB.allRows.map { [.string($0.name), .string($0.value), .string($0.comment)] }
            )
        }
        let lower = database.lowercased()
        if Cluster.systemDatabases.contains(where: { $0.lowercased() == lower }) {
            throw .notSupportedYet("SELECT FROM \(database).\(table)")
        }
        throw .tableDoesNotExist(schema: database, table: table)
    }

    static func mysqlTiDBSchema(alias: String) -> RowSchema {
        let name = FieldType(
            type: .varString,
            length: 256,
            flags: [.notNull, .primaryKey, .noDefaultValue],
            charset: CollationID.utf8mb4Bin
        )
        let text = FieldType(type: .varString, length: 4096, charset: CollationID.utf8mb4Bin)
        return RowSchema(columns: [
            .init(schema: "mysql", table: alias, name: "VARIABLE_NAME", type: name),
            .init(schema: "mysql", table: alias, name: "VARIABLE_VALUE", type: text),
            .init(schema: "mysql", table: alias, name: "COMMENT", type: text),
        ])
    }
}

extension MySQLError {
    static func unknownTable(_ name: String) -> MySQLError {
        .tidb(1051, "42S02", "Unknown table '\(name)'")
    }
}

extension Session {
    /// `COM_FIELD_LIST`: the columns of a table in the current database, with defaults.
    public func fieldList(table: String) throws(MySQLError) -> [(ColumnDefinition, defaultValue: String?)] {
        let source = try self.tableSource(SelectStatement.TableReference(schema: nil, name: table, alias: nil))
        return source.schema.columns.map { column in
            (
                column.type.column(
                    named: column.name,
                    table: column.table,
                    schema: column.schema,
                    originalName: column.name
                ), nil
            )
        }
    }
}
