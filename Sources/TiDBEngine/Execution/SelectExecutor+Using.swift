import MySQLTypes

/// `JOIN ... USING (a)` and `NATURAL JOIN`: the join condition is the columns' equality, and each
/// common column shows once, first, coalesced from the side that keeps its rows (MySQL's and
/// TiDB's rule); the other side's copy stays readable by qualified name only.
extension SelectExecutor {
    /// The columns a USING or NATURAL join matches on: 1054 for a name one side lacks.
    static func usingColumns(
        _ item: SelectStatement.FromItem,
        left: RowSchema,
        right: RowSchema
    ) throws(MySQLError) -> [String] {
        func visible(_ schema: RowSchema) -> [String] {
            schema.columns.filter { !$0.isHidden && !$0.mergedByUsing }.map(\.name)
        }
        if item.natural {
            let rightNames = visible(right)
            var seen = Set<String>()
            return visible(left).filter { name in
                rightNames.contains { $0.equalsIgnoringCase(name) } && seen.insert(name.lowercased()).inserted
            }
        }
        for name in item.using {
            guard visible(left).contains(where: { $0.equalsIgnoringCase(name) }),
                visible(right).contains(where: { $0.equalsIgnoringCase(name) })
            else { throw .unknownColumn(name, in: "from clause") }
        }
        return item.using
    }

    /// `left.a = right.a AND ...`, and the ON condition if there is one.
    static func usingCondition(
        _ using: [String],
        left: RowSchema,
        right: RowSchema,
        and condition: Expression?
    ) -> Expression? {
        var conjuncts: [Expression] = []
        for name in using {
            guard
                let l = left.columns.first(where: {
                    !$0.mergedByUsing && !$0.isHidden && $0.name.equalsIgnoringCase(name)
                }),
                let r = right.columns.first(where: { !$0.isHidden && $0.name.equalsIgnoringCase(name) })
            else { continue }
            conjuncts.append(
                .binary(
                    .equal,
                    .column(ColumnName(table: l.table, name: l.name)),
                    .column(ColumnName(table: r.table, name: r.name))
                )
            )
        }
        if let condition { conjuncts.append(condition) }
        guard let first = conjuncts.first else { return nil }
        return conjuncts.dropFirst().reduce(first) { .binary(.and, $0, $1) }
    }

    /// Reorders a joined row set: the common columns first (in the left table's order), then the
    /// left's others, then the right's, then the merged-away copies.
    static func mergingUsingColumns(
        _ joined: SourceRows,
        leftCount: Int,
        using: [String],
        keepRight: Bool
    ) -> SourceRows {
        let columns = joined.schema.columns
        func position(_ name: String, in range: Range<Int>) -> Int? {
            range.first {
                !columns[$0].isHidden && !columns[$0].mergedByUsing && columns[$0].name.equalsIgnoringCase(name)
            }
        }
        var pairs: [(left: Int, right: Int)] = []
        for name in using {
            guard let l = position(name, in: 0..<leftCount), let r = position(name, in: leftCount..<columns.count)
            else { continue }
            pairs.append((l, r))
        }
        pairs.sort { $0.left < $1.left }
        let kept = pairs.map { keepRight ? $0.right : $0.left }
        let merged = pairs.map { keepRight ? $0.left : $0.right }
        let order =
            kept + (0..<leftCount).filter { !kept.contains($0) && !merged.contains($0) }
            + (leftCount..<columns.count).filter { !kept.contains($0) && !merged.contains($0) } + merged
        var schema = RowSchema(columns: order.map { columns[$0] })
        for index in (order.count - merged.count)..<order.count { schema.columns[index].mergedByUsing = true }
        return SourceRows(schema: schema, rows: joined.rows.map { row in order.map { row[$0] } })
    }
}
