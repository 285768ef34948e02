import MySQLTypes

/// What a union's ORDER BY may name, as TiDB resolves it: the union's result columns by name or
/// 1-based position, or any expression over those columns (`ORDER BY a + 0 DESC`). A column
/// qualified by a table (`t.a`) names a member's table: 1250. An unknown name: 1054 in
/// 'order clause'.
extension SelectExecutor {
    typealias UnionOrderKey = (index: Int, descending: Bool, collation: Collation?)

    /// The sort keys; an expression's values are appended to each row as an extra column, which
    /// the caller drops after sorting.
    func unionOrderKeys(
        _ rows: [[Value]],
        by items: [SelectStatement.OrderItem],
        columns: [ColumnDefinition]
    ) throws(MySQLError) -> ([[Value]], [UnionOrderKey]) {
        var rows = rows
        var keys: [UnionOrderKey] = []
        let schema = Self.unionResultSchema(columns)
        for item in items {
            if let index = try Self.unionColumnIndex(item.expression, columns: columns) {
                keys.append((index, item.descending, columns[index].collation))
                continue
            }
            if let table = Self.firstQualifiedTable(item.expression) {
                throw .tidb(
                    1250,
                    "42000",
                    "Table '\(table)' from one of the SELECTs cannot be used in global ORDER clause"
                )
            }
            var evaluator = Evaluator(environment: self.environment, schema: schema)
            evaluator.clause = "order clause"
            let collation = try evaluator.derivedCollation(of: item.expression)?.collation
            for index in rows.indices {
                evaluator.row = rows[index]
                rows[index].append(try evaluator.evaluate(item.expression))
            }
            keys.append((columns.count + keys.count, item.descending, collation))
        }
        return (rows, Self.renumbered(keys, columns: columns.count))
    }

    /// Expression keys were numbered as they came; their columns follow the result's in the
    /// order they were appended.
    private static func renumbered(_ keys: [UnionOrderKey], columns: Int) -> [UnionOrderKey] {
        var next = columns
        return keys.map { key in
            guard key.index >= columns else { return key }
            defer { next += 1 }
            return (next, key.descending, key.collation)
        }
    }

    /// A result column named by position or by its unqualified name; nil for anything else.
    private static func unionColumnIndex(
        _ expression: Expression,
        columns: [ColumnDefinition]
    ) throws(MySQLError) -> Int? {
        switch expression {
        case .literal(.integer(let position)) where position >= 1 && position <= columns.count:
            return Int(position) - 1
        case .literal(.unsigned(let position)) where position >= 1 && position <= UInt64(columns.count):
            return Int(position) - 1
        case .literal(.integer(let position)):
            throw .tidb(1054, "42S22", "Unknown column '\(position)' in 'order clause'")
        case .literal(.unsigned(let position)):
            throw .tidb(1054, "42S22", "Unknown column '\(position)' in 'order clause'")
        case .column(let reference) where reference.table == nil:
            guard let index = columns.firstIndex(where: { $0.name.lowercased() == reference.name.lowercased() })
            else { throw .unknownColumn(reference.name, in: "order clause") }
            return index
        default:
            return nil
        }
    }

    private static func firstQualifiedTable(_ expression: Expression) -> String? {
        var table: String?
        _ = expression.contains { node in
            if table == nil, case .column(let reference) = node, let qualifier = reference.table { table = qualifier }
            return table != nil
        }
        return table
    }

    private static func unionResultSchema(_ columns: [ColumnDefinition]) -> RowSchema {
        RowSchema(
            columns: columns.map {
                RowSchema.Column(
                    schema: "",
                    table: "",
                    name: $0.name,
                    type: FieldType(
                        type: $0.type,
                        length: $0.length,
                        decimals: $0.decimals,
                        flags: $0.flags,
                        charset: $0.characterSet
                    )
                )
            }
        )
    }
}
