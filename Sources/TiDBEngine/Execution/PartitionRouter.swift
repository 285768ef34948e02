import MySQLTypes

/// Which partition of a partitioned table a row belongs to (TiDB's rules: RANGE takes the first
/// partition whose bound is above the value, NULL below everything; LIST the one listing the
/// value; HASH `|expr mod n|`). Rows stay in one store; the partitioning decides where a row may
/// go (1526 when nowhere) and what `PARTITION (p)` reads.
struct PartitionRouter {
    let table: TableSchema
    let spec: PartitionSpec
    let environment: any ExpressionEnvironment

    init?(_ table: TableSchema, environment: any ExpressionEnvironment) {
        guard let spec = table.partitioning else { return nil }
        self.table = table
        self.spec = spec
        self.environment = environment
    }

    /// The partitions' names: their definitions', or p0, p1, ... for `PARTITIONS n`.
    var names: [String] {
        self.spec.definitions.isEmpty ? (0..<self.spec.count).map { "p\($0)" } : self.spec.definitions.map(\.name)
    }

    /// The positions of named partitions: 1735 for a name the table lacks.
    func positions(of requested: [String]) throws(MySQLError) -> Set<Int> {
        let names = self.names
        var positions = Set<Int>()
        for name in requested {
            guard let position = names.firstIndex(where: { $0.equalsIgnoringCase(name) }) else {
                throw .tidb(1735, "HY000", "Unknown partition '\(name)' in table '\(self.table.name)'")
            }
            positions.insert(position)
        }
        return positions
    }

    /// The partition holding a row of stored values; nil when no partition takes it.
    func partition(of values: [Value]) throws(MySQLError) -> Int? {
        let keys = try self.keys(values)
        switch self.spec.method {
        case .range:
            for (position, definition) in self.spec.definitions.enumerated() {
                if try self.isBelow(keys, definition.lessThan) { return position }
            }
            return nil
        case .list:
            for (position, definition) in self.spec.definitions.enumerated() {
                for tuple in definition.values where try self.matches(keys, tuple) { return position }
            }
            return nil
        case .hash:
            let number = keys[0].isNull ? 0 : keys[0].int64(warn: { _ in }) ?? 0
            return Int(number.magnitude % UInt64(self.spec.count))
        case .key:
            // TiDB hashes KEY partitions with MySQL's column hash; the mock does not place rows.
            throw .notSupportedYet("partition selection on a KEY partitioned table")
        }
    }

    /// 1526 when no partition takes the row, in TiDB's words.
    func checkPlaceable(_ values: [Value]) throws(MySQLError) {
        guard self.spec.method == .range || self.spec.method == .list else { return }
        guard try self.partition(of: values) == nil else { return }
        let shown = self.spec.usesColumns ? "from column_list" : (try self.keys(values)[0].text ?? "NULL")
        throw .tidb(1526, "HY000", "Table has no partition for value \(shown)")
    }

    private func keys(_ values: [Value]) throws(MySQLError) -> [Value] {
        if self.spec.usesColumns {
            return self.spec.columns.map { name in
                self.table.columns.firstIndex { $0.name.equalsIgnoringCase(name) }.map { values[$0] } ?? .null
            }
        }
        guard let expression = self.spec.expression else { return [.null] }
        var evaluator = Evaluator(
            environment: self.environment,
            schema: RowSchema(of: self.table, alias: self.table.name, withHandle: false)
        )
        evaluator.row = values + (self.table.isClustered ? [] : [.null])
        return [try evaluator.evaluate(expression)]
    }

    private func constant(_ expression: Expression) throws(MySQLError) -> Value {
        try Evaluator(environment: self.environment).evaluate(expression)
    }

    /// RANGE: the key tuple sorts before the bound (nil: MAXVALUE); NULL sorts first.
    private func isBelow(_ keys: [Value], _ bounds: [Expression?]) throws(MySQLError) -> Bool {
        for (index, bound) in bounds.enumerated() where index < keys.count {
            guard let bound else { return true }
            let key = keys[index]
            if key.isNull { return true }
            let comparison = Arithmetic.compare(key, try self.constant(bound), warn: { _ in }) ?? 0
            if comparison != 0 { return comparison < 0 }
        }
        return false
    }

    private func matches(_ keys: [Value], _ tuple: [Expression]) throws(MySQLError) -> Bool {
        guard tuple.count == keys.count else { return false }
        for (key, expression) in zip(keys, tuple) {
            let value = try self.constant(expression)
            if key.isNull || value.isNull {
                if key.isNull != value.isNull { return false }
                continue
            }
            if Arithmetic.compare(key, value, warn: { _ in }) != 0 { return false }
        }
        return true
    }
}

extension PartitionSpec {
    /// The clause SHOW CREATE TABLE ends with, as TiDB prints it (`\nPARTITION BY RANGE (\`a\`)\n(PARTITION
    /// \`p0\` VALUES LESS THAN (6),\n PARTITION ...)`).
    var showCreateText: String {
        func quoted(_ name: String) -> String { "`" + name.replacing("`", with: "``") + "`" }
        func value(_ expression: Expression?) -> String {
            guard let expression else { return "MAXVALUE" }
            switch expression {
            case .literal(.null): return "NULL"
            case .literal(.string(let bytes, _)):
                return "'" + String(decoding: bytes, as: UTF8.self).replacing("'", with: "''") + "'"
            default: return ExpressionRestore.text(expression)
            }
        }
        var text = "\nPARTITION BY \(self.method.rawValue)"
        if self.method == .key {
            text += " (" + self.columns.map(quoted).joined(separator: ",") + ")"
        } else if self.usesColumns {
            text += " COLUMNS(" + self.columns.map(quoted).joined(separator: ",") + ")"
        } else if let expression = self.expression {
            text += " (" + ExpressionRestore.text(expression) + ")"
        }
        if self.method == .hash || self.method == .key, self.definitions.isEmpty {
            return text + " PARTITIONS \(self.count)"
        }
        let definitions = self.definitions.map { definition in
            var line = "PARTITION " + quoted(definition.name)
            switch self.method {
            case .range:
                let bounds = definition.lessThan.map(value)
                line +=
                    " VALUES LESS THAN "
                    + (bounds == ["MAXVALUE"] && !self.usesColumns
                        ? "(MAXVALUE)" : "(" + bounds.joined(separator: ",") + ")")
            case .list:
                let tuples = definition.values.map { tuple in
                    tuple.count == 1 ? value(tuple[0]) : "(" + tuple.map(value).joined(separator: ",") + ")"
                }
                line += " VALUES IN (" + tuples.joined(separator: ",") + ")"
            case .hash, .key:
                break
            }
            return line
        }
        return text + "\n(" + definitions.joined(separator: ",\n ") + ")"
    }
}

extension SelectExecutor {
    /// `t PARTITION (p0, p1)`: whether a stored row is in one of those partitions; nil for all
    /// rows. 1747 when the table is not partitioned, 1735 for an unknown partition (TiDB's errors).
    func partitionFilter(
        _ table: TableSchema,
        _ names: [String]
    ) throws(MySQLError) -> ((_ values: [Value]) throws(MySQLError) -> Bool)? {
        guard !names.isEmpty else { return nil }
        guard let router = PartitionRouter(table, environment: self.environment) else {
            throw .tidb(1747, "HY000", "PARTITION () clause on non partitioned table")
        }
        let positions = try router.positions(of: names)
        return { (values) throws(MySQLError) in try router.partition(of: values).map(positions.contains) ?? false }
    }
}
