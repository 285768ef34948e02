import MySQLTypes

/// GROUP BY and the aggregate functions COUNT, SUM, AVG, MIN, MAX (with DISTINCT). Each distinct
/// aggregate call becomes a column appended to the group's row, so the select list, HAVING and
/// ORDER BY evaluate over groups like over rows.
struct Aggregation {
    /// The distinct aggregate calls, in order of appearance.
    private(set) var calls: [Expression] = []

    static func columnName(_ index: Int) -> String { "#aggregate\(index)" }

    /// Replaces aggregate calls by references to their columns, registering new calls.
    mutating func rewrite(_ expression: Expression) throws(MySQLError) -> Expression {
        try expression.rewritten { (node) throws(MySQLError) -> Expression? in
            guard Expression.isAggregateCall(node), case .function(_, let arguments) = node else { return nil }
            if arguments.contains(where: { $0.contains(where: Expression.isAggregateCall) }) {
                throw MySQLError(code: 1111, sqlState: "HY000", message: "Invalid use of group function")
            }
            let index: Int
            if let existing = self.calls.firstIndex(of: node) {
                index = existing
            } else {
                index = self.calls.count
                self.calls.append(node)
            }
            return .column(ColumnName(name: Self.columnName(index)))
        }
    }

    /// Groups `rows` by `keys` (first-seen order) and appends every aggregate's value to the
    /// group's first row. Without GROUP BY there is exactly one group, even over no rows.
    func groups(
        _ rows: [[Value]],
        schema: RowSchema,
        by keys: [Expression],
        evaluator: Evaluator
    ) throws(MySQLError) -> (schema: RowSchema, rows: [[Value]]) {
        var evaluator = evaluator
        evaluator.clause = "group statement"
        var order: [[Value]] = []
        var members: [[Value]: [[Value]]] = [:]
        if keys.isEmpty {
            order = [[]]
            members[[]] = rows
        } else {
            // Strings group by their collation's sort key: 'a' and 'A' are one group under _ci.
            let collations = try keys.map { (key) throws(MySQLError) in
                try evaluator.derivedCollation(of: key)?.collation
            }
            for row in rows {
                evaluator.row = row
                var key: [Value] = []
                key.reserveCapacity(keys.count)
                for (index, expression) in keys.enumerated() {
                    key.append(Self.normalized(try evaluator.evaluate(expression), collation: collations[index]))
                }
                if members[key] == nil { order.append(key) }
                members[key, default: []].append(row)
            }
        }
        evaluator.clause = "field list"
        var output: [[Value]] = []
        output.reserveCapacity(order.count)
        for key in order {
            let group = members[key] ?? []
            var row = group.first ?? Array(repeating: .null, count: schema.columns.count)
            for call in self.calls { row.append(try Self.compute(call, over: group, evaluator: evaluator)) }
            output.append(row)
        }
        // Types from a sample row; the arguments' types decide each aggregate's.
        evaluator.row = rows.first ?? Array(repeating: .null, count: schema.columns.count)
        var columns = schema.columns
        for (index, call) in self.calls.enumerated() {
            let type = try Self.type(
                of: call,
                evaluator: evaluator,
                sample: output.first?[schema.columns.count + index]
            )
            columns.append(
                RowSchema.Column(schema: "", table: "", name: Self.columnName(index), type: type, isHidden: true)
            )
        }
        return (RowSchema(columns: columns), output)
    }

    /// Values equal under SQL's rules hash alike: strings as their collation's sort key.
    static func normalized(_ value: Value, collation: Collation?) -> Value {
        if let collation, let bytes = value.stringBytes { return .bytes(collation.sortKey(bytes)) }
        return Self.normalized(value)
    }

    static func normalized(_ values: [Value], collations: [Collation?]) -> [Value] {
        values.indices.map { Self.normalized(values[$0], collation: $0 < collations.count ? collations[$0] : nil) }
    }

    /// Equal numbers hash alike, whatever their representation.
    static func normalized(_ value: Value) -> Value {
        switch value {
        case .uint(let number) where number <= UInt64(Int64.max): return .int(Int64(number))
        case .decimal(let number):
            if let whole = number.rescaled(to: 0), whole == number, let small = Int64(exactly: whole.unscaled) {
                return .int(small)
            }
            return value
        default: return value
        }
    }

    static func compute(
        _ call: Expression,
        over rows: [[Value]],
        evaluator: Evaluator
    ) throws(MySQLError) -> Value {
        guard case .function(let name, let arguments) = call else { return .null }
        var evaluator = evaluator
        if name == "count", arguments == [.star] { return .int(Int64(rows.count)) }
        let distinct = name.hasSuffix("_distinct")
        if name.hasPrefix("group_concat") {
            return try Self.groupConcat(arguments, distinct: distinct, over: rows, evaluator: evaluator)
        }
        if name == "json_arrayagg" || name == "json_objectagg" {
            return try Self.jsonAggregate(name, arguments, over: rows, evaluator: evaluator)
        }
        let collations = try arguments.map { (argument) throws(MySQLError) in
            try evaluator.derivedCollation(of: argument)?.collation
        }
        var seen = Set<[Value]>()
        var values: [Value] = []
        rowLoop: for row in rows {
            evaluator.row = row
            var tuple: [Value] = []
            for argument in arguments {
                let value = try evaluator.evaluate(argument)
                if value.isNull { continue rowLoop }
                tuple.append(value)
            }
            if distinct, !seen.insert(Self.normalized(tuple, collations: collations)).inserted { continue }
            values.append(tuple[0])
        }
        switch name {
        case "count", "count_distinct", "approx_count_distinct":
            // TiDB's HyperLogLog sketch is exact for the small sets the mock holds.
            return .int(Int64(values.count))
        case "sum", "sum_distinct":
            return try Self.sum(values, warn: evaluator.warn)
        case "avg", "avg_distinct":
            guard !values.isEmpty else { return .null }
            switch try Self.sum(values, warn: evaluator.warn) {
            case .decimal(let total):
                guard let average = total.dividing(by: SQLDecimal(Int64(values.count))) else { return .null }
                return .decimal(average)
            case .double(let total):
                return .double(total / Double(values.count))
            default:
                return .null
            }
        case "std", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp":
            return Self.spread(name, values, warn: evaluator.warn)
        case "bit_and", "bit_or", "bit_xor":
            return Self.bits(name, values, warn: evaluator.warn)
        default:
            let wantsMinimum = name.hasPrefix("min")
            var best: Value?
            for value in values {
                guard let current = best else {
                    best = value
                    continue
                }
                let order: Int
                if case .enumSet(let left) = value, case .enumSet(let right) = current {
                    // TiDB's maxMin4Enum/Set compare names under the collation, not indexes.
                    let collation = (collations.first ?? nil) ?? .utf8mb4Bin
                    order = collation.compare(Array(left.name.utf8), Array(right.name.utf8))
                } else {
                    order = Arithmetic.compare(value, current, collation: collations.first ?? nil, warn: { _ in }) ?? 0
                }
                if wantsMinimum ? order < 0 : order > 0 { best = value }
            }
            return best ?? .null
        }
    }

    /// SUM: exact (DECIMAL) over integers and decimals, DOUBLE over anything else.
    private static func sum(_ values: [Value], warn: (MySQLError) -> Void) throws(MySQLError) -> Value {
        guard !values.isEmpty else { return .null }
        var exact: SQLDecimal? = SQLDecimal(Int64(0))
        var approximate = 0.0
        for value in values {
            guard let number = value.number(warn: warn) else { continue }
            approximate += number.doubleValue
            if let running = exact {
                switch value {
                case .int, .uint, .decimal:
                    guard let decimal = number.decimalValue, let total = running.adding(decimal) else {
                        throw MySQLError(
                            code: 1690,
                            sqlState: "22003",
                            message: "DECIMAL value is out of range in 'sum'"
                        )
                    }
                    exact = total
                default:
                    exact = nil
                }
            }
        }
        return exact.map(Value.decimal) ?? .double(approximate)
    }

    /// TiDB's result types: COUNT is BIGINT(21); SUM and AVG of exact numbers DECIMAL, of others
    /// DOUBLE; MIN and MAX keep their argument's type.
    static func type(of call: Expression, evaluator: Evaluator, sample: Value?) throws(MySQLError) -> FieldType {
        guard case .function(let name, let arguments) = call else { return .bigint() }
        if name.hasPrefix("count") || name == "approx_count_distinct" {
            return FieldType.bigint(length: 21, flags: [.binary, .notNull])
        }
        if name.hasPrefix("group_concat") { return FieldType.varString(length: 1024) }
        if name.hasPrefix("json_") { return JSONBuiltins.jsonType }
        if name.hasPrefix("bit_") { return FieldType.bigint(length: 21, flags: [.binary, .notNull, .unsigned]) }
        if ["std", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp"].contains(name) {
            return FieldType.double
        }
        let argument = arguments.first ?? .literal(.null)
        let argumentValue = (try? evaluator.evaluate(argument)) ?? .null
        var argumentType = try evaluator.fieldType(of: argument, value: argumentValue)
        if name.hasPrefix("min") || name.hasPrefix("max") {
            argumentType.flags.remove([
                .notNull, .primaryKey, .uniqueKey, .multipleKey, .autoIncrement, .noDefaultValue,
            ])
            return argumentType
        }
        let exact: Bool
        switch argumentType.type {
        case .tiny, .short, .int24, .long, .longLong, .newDecimal, .decimal, .year, .bit: exact = true
        default: exact = false
        }
        guard exact else {
            return FieldType(
                type: .double,
                length: 22,
                decimals: FieldType.notSpecified,
                flags: .binary,
                charset: CollationID.binary
            )
        }
        let isAverage = name.hasPrefix("avg")
        var decimals = Int(argumentType.decimals == FieldType.notSpecified ? 0 : argumentType.decimals)
        if isAverage { decimals = min(decimals + 4, 30) }
        if case .decimal(let number)? = sample { decimals = number.scale }
        let length = min(argumentType.length + (isAverage ? 4 : 21), 65)
        return FieldType(
            type: .newDecimal,
            length: length,
            decimals: UInt8(decimals),
            flags: .binary,
            charset: CollationID.binary
        )
    }
}
