import MySQLTypes

/// `DEFAULT(col)` in the values INSERT, REPLACE, ON DUPLICATE KEY UPDATE and UPDATE write: the
/// column's default. TiDB resolves it against the written table; a generated column's is NULL,
/// and `g = DEFAULT(g)` for a generated column `g` is `g = DEFAULT`.
extension TableWriter {
    /// The column `DEFAULT(c)` names when `expression` is exactly that call.
    func defaultCallColumn(_ expression: Expression) throws(MySQLError) -> Int? {
        guard case .function(let name, let arguments) = expression, name.lowercased() == "default",
            arguments.count == 1, case .column(let column) = arguments[0]
        else { return nil }
        guard let position = self.table.columnIndex(column.name) else {
            throw .unknownColumn(column.name, in: "field list")
        }
        return position
    }

    /// `expression` with each `DEFAULT(c)` replaced by c's default as a literal.
    func resolvingDefaultCalls(_ expression: Expression, row: Int) throws(MySQLError) -> Expression {
        try expression.rewritten { (node) throws(MySQLError) -> Expression? in
            guard let position = try self.defaultCallColumn(node) else { return nil }
            if self.table.columns[position].generated != nil { return .literal(.null) }
            return Self.literal(try self.defaultValue(ofColumn: position, row: row))
        }
    }

    /// Whether `expression` calls DEFAULT(c) anywhere (most values do not: no rewrite then).
    static func callsDefault(_ expression: Expression) -> Bool {
        expression.contains { node in
            if case .function(let name, _) = node, name.lowercased() == "default" { return true }
            return false
        }
    }

    private static func literal(_ value: Value) -> Expression {
        switch value {
        case .null: return .literal(.null)
        case .int(let number): return .literal(.integer(number))
        case .uint(let number): return .literal(.unsigned(number))
        case .double(let number): return .literal(.double(number))
        case .decimal: return .literal(.decimal(value.text ?? "0"))
        default: return .literal(.string(value.textBytes ?? [], introducer: nil))
        }
    }
}

/// DEFAULT(col) in INSERT's values (TableWriter+DefaultFunction.swift).
extension InsertExecutor {
    /// `g = DEFAULT(g)` for a generated `g` becomes DEFAULT; DEFAULT(g) for another column is
    /// 3105 naming that column (TiDB); other calls become the named column's default.
    func resolvingDefaultCalls(
        _ rows: [[Expression]],
        positions: [Int],
        writer: TableWriter
    ) throws(MySQLError) -> [[Expression]] {
        var resolved = rows
        for (rowIndex, row) in rows.enumerated() {
            for (slot, expression) in row.enumerated() where TableWriter.callsDefault(expression) {
                if slot < positions.count, let called = try writer.defaultCallColumn(expression),
                    writer.table.columns[called].generated != nil
                {
                    let target = positions[slot]
                    guard called == target else {
                        throw .tidb(
                            3105,
                            "HY000",
                            "The value specified for generated column '\(writer.table.columns[target].name)' in table '\(writer.table.name)' is not allowed."
                        )
                    }
                    resolved[rowIndex][slot] = .defaultValue
                    continue
                }
                resolved[rowIndex][slot] = try writer.resolvingDefaultCalls(expression, row: rowIndex + 1)
            }
        }
        return resolved
    }
}
