import MySQLTypes

/// `SELECT ... UNION [ALL|DISTINCT] SELECT ...` (issue 20): the first SELECT names the columns;
/// each column's type is the one every member agrees on, else the wider family (DOUBLE over
/// DECIMAL over integers, text over anything else), and values are converted to it. `UNION`
/// removes the duplicates of everything before it; `UNION ALL` keeps them. ORDER BY and LIMIT
/// of the union order and cut the combined rows by result column name or position.
extension SelectExecutor {
    func unionQuery(_ select: SelectStatement, read: ReadContext) throws(MySQLError) -> ResultSet {
        var first = select
        (first.unions, first.unionOrderBy, first.unionLimit, first.unionOffset) = ([], [], nil, nil)
        let head = try self.query(first, read: read)
        var parts = [head]
        var rows = head.rows
        for member in select.unions {
            let part = try self.query(member.select, read: read)
            guard part.columns.count == head.columns.count else {
                throw .tidb(1222, "21000", "The used SELECT statements have a different number of columns")
            }
            parts.append(part)
            rows += part.rows
            if !member.all { rows = Self.distinct(rows, collations: head.columns.map(\.collation)) }
        }
        let columns = head.columns.indices.map { index in
            Self.unifiedColumn(parts.map { $0.columns[index] }, named: head.columns[index].name)
        }
        rows = rows.map { row in row.indices.map { Self.convert(row[$0], to: columns[$0]) } }
        if !select.unionOrderBy.isEmpty { rows = try self.sorted(rows, by: select.unionOrderBy, columns: columns) }
        let evaluator = Evaluator(environment: self.environment)
        let offset = try select.unionOffset.map { (offset) throws(MySQLError) in try evaluator.limitValue(offset) } ?? 0
        let limit = try select.unionLimit.map { (limit) throws(MySQLError) in try evaluator.limitValue(limit) }
        let start = min(rows.count, Int(clamping: offset))
        let end = limit.map { min(rows.count, start + Int(clamping: $0)) } ?? rows.count
        return ResultSet(columns: columns, rows: Array(rows[start..<end]))
    }

    /// Rows equal under each column's collation (and numbers of any kind) count once.
    private static func distinct(_ rows: [[Value]], collations: [Collation?]) -> [[Value]] {
        var seen = Set<[Value]>()
        return rows.filter { seen.insert(Aggregation.normalized($0, collations: collations)).inserted }
    }

    private static func unifiedColumn(_ columns: [ColumnDefinition], named name: String) -> ColumnDefinition {
        var column = columns[0]
        column.name = name
        column.length = columns.map(\.length).max() ?? column.length
        if columns.contains(where: { !$0.flags.contains(.notNull) }) { column.flags.remove(.notNull) }
        let types = Set(columns.map(\.type))
        guard types.count > 1 else { return column }
        let integers: Set<ColumnType> = [.tiny, .short, .int24, .long, .longLong]
        if types.isSubset(of: integers) {
            column.type = .longLong
        } else if types.isSubset(of: integers.union([.newDecimal])) {
            column.type = .newDecimal
            column.decimals = columns.filter { $0.type == .newDecimal }.map(\.decimals).max() ?? 0
        } else if types.isSubset(of: integers.union([.newDecimal, .float, .double])) {
            column.type = .double
            column.decimals = 31
        } else {
            column.type = .varString
            column.characterSet = CollationID.utf8mb4Bin
            column.flags.remove(.binary)
            column.decimals = 31
        }
        return column
    }

    private static func convert(_ value: Value, to column: ColumnDefinition) -> Value {
        switch (column.type, value) {
        case (_, .null): return .null
        case (.varString, .string), (.varString, .bytes): return value
        case (.varString, _): return .string(value.text ?? "")
        case (.double, .int(let number)): return .double(Double(number))
        case (.double, .uint(let number)): return .double(Double(number))
        case (.double, .decimal(let number)): return .double(number.doubleValue)
        case (.newDecimal, .int(let number)): return .decimal(Self.rescaled(SQLDecimal(number), Int(column.decimals)))
        case (.newDecimal, .uint(let number)): return .decimal(Self.rescaled(SQLDecimal(number), Int(column.decimals)))
        case (.newDecimal, .decimal(let number)): return .decimal(Self.rescaled(number, Int(column.decimals)))
        default: return value
        }
    }

    /// A DECIMAL shown with the union column's scale (`1` among `2.5` is `1.0`).
    private static func rescaled(_ value: SQLDecimal, _ scale: Int) -> SQLDecimal {
        guard value.scale < scale else { return value }
        return value.rescaled(to: scale) ?? value
    }

    /// ORDER BY of a union: result columns by name or 1-based position, or expressions over
    /// them (SelectExecutor+UnionOrder.swift).
    private func sorted(
        _ rows: [[Value]],
        by items: [SelectStatement.OrderItem],
        columns: [ColumnDefinition]
    ) throws(MySQLError) -> [[Value]] {
        let (rows, keys) = try self.unionOrderKeys(rows, by: items, columns: columns)
        let warn = self.environment.warn
        return rows.sorted { lhs, rhs in
            for (index, descending, collation) in keys {
                let order: Int
                switch (lhs[index].isNull, rhs[index].isNull) {
                case (true, true): continue
                case (true, false): order = -1
                case (false, true): order = 1
                case (false, false):
                    order =
                        Arithmetic.compare(lhs[index], rhs[index], collation: collation, warn: warn) ?? 0
                }
                if order != 0 { return descending ? order > 0 : order < 0 }
            }
            return false
        }.map { Array($0.prefix(columns.count)) }
    }
}

extension ColumnDefinition {
    /// The collation a result column's strings compare under; nil for other types.
    var collation: Collation? {
        switch self.type {
        case .string, .varString, .varchar, .tinyBlob, .mediumBlob, .longBlob, .blob, .enumeration, .set:
            CharacterSets.collation(id: Int(self.characterSet))
        default: nil
        }
    }
}
