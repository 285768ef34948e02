import MySQLTypes

/// Picks how a statement reaches a table's rows from its WHERE conditions: handles (primary
/// key points), an index, key ranges, or a full scan. A plan covers at least the matching rows;
/// what it does not decide exactly stays in the residual condition the rows must still pass.
struct AccessPlanner {
    let table: TableSchema
    let alias: String
    let evaluator: Evaluator

    /// A condition on one column: points, or a range (nil bound: open; bool: inclusive).
    private struct ColumnCondition {
        var points: [Value]?
        var lower: (Value, Bool)?
        var upper: (Value, Bool)?
    }

    /// How to read, and what of the condition the rows read still have to pass: nothing more
    /// when the primary-key lookup or range is exactly the conjunct it came from.
    struct Plan {
        var path: AccessPath
        var residual: Expression?
    }

    func plan(_ condition: Expression?) -> Plan {
        guard let condition else { return Plan(path: .full, residual: nil) }
        // A constant false condition (prepared-statement metadata) reads nothing.
        if Evaluator.isConstant(condition), let value = try? self.evaluator.evaluate(condition),
            value.truth(warn: { _ in }) != true
        {
            return Plan(path: .handles([]), residual: nil)
        }
        // The commonest shape, a point select (`id = ?` on a one-column clustered primary key),
        // without the general merging below: it decides the rows exactly, nothing is left over.
        if case .binary(let op, _, _) = condition, op != .and, let primary = self.table.primaryKey,
            self.table.isClustered, primary.columns.count == 1, let (column, found) = self.analyze(condition),
            column == primary.columns[0], let points = found.points
        {
            let types = [self.table.columns[column].type]
            return Plan(path: .handles(points.map { KeyEncoding.encode([$0], types: types) }), residual: nil)
        }
        let conjuncts = Self.conjuncts(condition)
        var conditions: [Int: ColumnCondition] = [:]
        var sources: [Int: [Int]] = [:]
        for (position, conjunct) in conjuncts.enumerated() {
            guard let (column, found) = self.analyze(conjunct) else { continue }
            var merged = conditions[column] ?? ColumnCondition()
            if let points = found.points {
                merged.points = merged.points.map { existing in existing.filter { points.contains($0) } } ?? points
            }
            if let lower = found.lower { merged.lower = lower }
            if let upper = found.upper { merged.upper = upper }
            conditions[column] = merged
            sources[column, default: []].append(position)
        }
        guard !conditions.isEmpty else { return Plan(path: .full, residual: condition) }
        /// The conjuncts left once those on `columns` are covered exactly by the key.
        func residual(covering columns: [Int]) -> Expression? {
            guard columns.allSatisfy({ sources[$0]?.count == 1 }) else { return condition }
            let used = Set(columns.map { sources[$0]![0] })
            let rest = conjuncts.enumerated().filter { !used.contains($0.offset) }.map(\.element)
            guard let first = rest.first else { return nil }
            return rest.dropFirst().reduce(first) { .binary(.and, $0, $1) }
        }

        if let primary = self.table.primaryKey, self.table.isClustered {
            let types = primary.columns.map { self.table.columns[$0].type }
            if primary.columns.allSatisfy({ conditions[$0]?.points?.count == 1 }) {
                let values = primary.columns.map { conditions[$0]!.points![0] }
                return Plan(
                    path: .handles([KeyEncoding.encode(values, types: types)]),
                    residual: residual(covering: primary.columns)
                )
            }
            let first = primary.columns[0]
            if primary.columns.count == 1, let points = conditions[first]?.points {
                return Plan(
                    path: .handles(points.map { KeyEncoding.encode([$0], types: types) }),
                    residual: residual(covering: [first])
                )
            }
            if let points = conditions[first]?.points, points.count == 1 {
                let range = Self.pointRange(KeyEncoding.encode(points, types: [types[0]]))
                return Plan(
                    path: .handleRange(lower: range.lower, upper: range.upper),
                    residual: residual(covering: [first])
                )
            }
        }
        for index in self.table.indexes
        where !(index.isPrimary && self.table.isClustered) && index.expressionParts.isEmpty && index.isVisible {
            if let points = conditions[index.columns[0]]?.points {
                let type = self.table.columns[index.columns[0]].type
                let ranges = points.map { Self.pointRange(KeyEncoding.encode([$0], types: [type])) }
                return Plan(path: .index(name: index.name, ranges: ranges), residual: condition)
            }
        }
        if let primary = self.table.primaryKey, self.table.isClustered, let found = conditions[primary.columns[0]],
            found.points == nil, let range = Self.range(found, type: self.table.columns[primary.columns[0]].type)
        {
            return Plan(
                path: .handleRange(lower: range.lower, upper: range.upper),
                residual: residual(covering: [primary.columns[0]])
            )
        }
        for index in self.table.indexes
        where !(index.isPrimary && self.table.isClustered) && index.expressionParts.isEmpty && index.isVisible {
            let type = self.table.columns[index.columns[0]].type
            if let found = conditions[index.columns[0]], let range = Self.range(found, type: type) {
                return Plan(path: .index(name: index.name, ranges: [range]), residual: condition)
            }
        }
        return Plan(path: .full, residual: condition)
    }

    static func conjuncts(_ expression: Expression) -> [Expression] {
        if case .binary(.and, let lhs, let rhs) = expression { return conjuncts(lhs) + conjuncts(rhs) }
        return [expression]
    }

    static func pointRange(_ encoded: [UInt8]) -> KeyRange {
        KeyRange(lower: encoded, upper: ByteOrder.successor(ofPrefix: encoded))
    }

    private static func range(_ condition: ColumnCondition, type: SQLType) -> KeyRange? {
        guard condition.lower != nil || condition.upper != nil else { return nil }
        var range = KeyRange(lower: [KeyEncoding.nullTag + 1], upper: nil)  // NULLs never match a range
        if let (value, inclusive) = condition.lower {
            let encoded = KeyEncoding.encode([value], types: [type])
            range.lower = inclusive ? encoded : ByteOrder.successor(ofPrefix: encoded)
        }
        if let (value, inclusive) = condition.upper {
            let encoded = KeyEncoding.encode([value], types: [type])
            range.upper = inclusive ? ByteOrder.successor(ofPrefix: encoded) : encoded
        }
        return range
    }

    /// `column op constant` (either side), `column IN (constants)`, `column BETWEEN a AND b`.
    private func analyze(_ conjunct: Expression) -> (Int, ColumnCondition)? {
        switch conjunct {
        case .binary(let op, let lhs, let rhs):
            if let column = self.column(lhs), let value = self.constant(rhs, for: column) {
                return self.comparison(op, column, value, flipped: false)
            }
            if let column = self.column(rhs), let value = self.constant(lhs, for: column) {
                return self.comparison(op, column, value, flipped: true)
            }
            // Only when the constant is not a key value (off the point-select path).
            if op == .equal || op == .nullSafeEqual {
                if let column = self.column(lhs), self.equalsNoValue(rhs, of: column) {
                    return (column, ColumnCondition(points: []))
                }
                if let column = self.column(rhs), self.equalsNoValue(lhs, of: column) {
                    return (column, ColumnCondition(points: []))
                }
            }
            return nil
        case .inList(let operand, let items, negated: false):
            guard let column = self.column(operand) else { return nil }
            var points: [Value] = []
            for item in items {
                if let value = self.constant(item, for: column) {
                    points.append(value)
                } else if !self.equalsNoValue(item, of: column) {
                    return nil
                }
            }
            return (column, ColumnCondition(points: points))
        case .between(let operand, let low, let high, negated: false):
            guard let column = self.column(operand), let lower = self.constant(low, for: column),
                let upper = self.constant(high, for: column)
            else { return nil }
            return (column, ColumnCondition(lower: (lower, true), upper: (upper, true)))
        default:
            return nil
        }
    }

    private func comparison(
        _ op: BinaryOperator,
        _ column: Int,
        _ value: Value,
        flipped: Bool
    ) -> (Int, ColumnCondition)? {
        switch (op, flipped) {
        case (.equal, _), (.nullSafeEqual, _): return (column, ColumnCondition(points: [value]))
        case (.greater, false), (.less, true): return (column, ColumnCondition(lower: (value, false)))
        case (.greaterOrEqual, false), (.lessOrEqual, true): return (column, ColumnCondition(lower: (value, true)))
        case (.less, false), (.greater, true): return (column, ColumnCondition(upper: (value, false)))
        case (.lessOrEqual, false), (.greaterOrEqual, true): return (column, ColumnCondition(upper: (value, true)))
        default: return nil
        }
    }

    private func column(_ expression: Expression) -> Int? {
        guard case .column(let reference) = expression else { return nil }
        if let table = reference.table, table.lowercased() != self.alias.lowercased() { return nil }
        if let schema = reference.schema, schema.lowercased() != self.table.database.lowercased() { return nil }
        return self.table.columnIndex(reference.name)
    }

    /// Whether a constant equals no value an integer column can hold: a fraction, or a number
    /// outside the type's range (TiDB plans such a point get as `TableDual`).
    private func equalsNoValue(_ expression: Expression, of column: Int) -> Bool {
        let type = self.table.columns[column].type
        guard type.isInteger, Evaluator.isConstant(expression),
            let value = try? self.evaluator.evaluate(expression)
        else { return false }
        let number: SQLDecimal?
        switch value {
        case .int(let n): number = SQLDecimal(n)
        case .uint(let n): number = SQLDecimal(n)
        case .decimal(let d): number = d
        default: number = nil
        }
        guard let number else { return false }
        guard let whole = number.rescaled(to: 0), whole == number else { return true }
        let (minimum, maximum) = type.integerRange
        return whole.unscaled < minimum || whole.unscaled > maximum
    }

    /// The constant's value as the column stores it, when the conversion is exact (otherwise
    /// the condition cannot pick keys and the scan falls back to reading more).
    private func constant(_ expression: Expression, for column: Int) -> Value? {
        guard Evaluator.isConstant(expression), let value = try? self.evaluator.evaluate(expression), !value.isNull
        else {
            return nil
        }
        // Keys are in the column's collation: a constant whose collation wins the comparison
        // (`COLLATE x`, a binary string) cannot pick them.
        if self.table.columns[column].type.isString {
            guard let derived = try? self.evaluator.derivedCollation(of: expression),
                derived.coercibility > .implicit, derived.collation != .binary
            else { return nil }
        }
        return KeyValue.exact(value, as: self.table.columns[column].type, timeZone: self.evaluator.environment.timeZone)
    }
}

/// Exact conversion of a constant to a key column's stored representation.
enum KeyValue {
    static func exact(_ value: Value, as type: SQLType, timeZone: SessionTimeZone) -> Value? {
        switch type.kind {
        case .tinyint, .smallint, .mediumint, .int, .bigint, .year:
            let number: Int128
            switch value {
            case .int(let n): number = Int128(n)
            case .uint(let n): number = Int128(n)
            case .decimal(let d):
                guard let whole = d.rescaled(to: 0), whole == d else { return nil }
                number = whole.unscaled
            case .double(let d):
                guard d.isFinite, d == d.rounded(), d.magnitude < 1e30 else { return nil }
                number = Int128(d)
            case .string(let text):
                // '1.0' compares equal to 1 (as numbers); '1abc' is left to the scan and its warning.
                let trimmed = text.trimmingASCIISpaces()
                if let parsed = Int128(trimmed) {
                    number = parsed
                } else if let decimal = SQLDecimal(parsing: trimmed), let whole = decimal.rescaled(to: 0),
                    whole == decimal
                {
                    number = whole.unscaled
                } else {
                    return nil
                }
            default:
                return nil
            }
            let (minimum, maximum) = type.kind == .year ? (0, 9999) : type.integerRange
            guard number >= minimum, number <= maximum else { return nil }
            return type.isUnsigned ? .uint(UInt64(number)) : .int(Int64(number))
        case .decimal:
            let decimal: SQLDecimal?
            switch value {
            case .int(let n): decimal = SQLDecimal(n)
            case .uint(let n): decimal = SQLDecimal(n)
            case .decimal(let d): decimal = d
            case .string(let text): decimal = SQLDecimal(parsing: text.trimmingASCIISpaces())
            default: decimal = nil
            }
            guard let decimal, let scaled = decimal.rescaled(to: type.scale ?? 0), scaled == decimal else { return nil }
            return .decimal(scaled)
        case .float, .double:
            if case .string = value { return nil }
            guard let number = value.number(warn: { _ in }) else { return nil }
            return .double(number.doubleValue)
        case .char, .varchar, .tinytext, .text, .mediumtext, .longtext:
            guard case .string(let text) = value else { return nil }
            var stored = text
            if type.kind == .char { while stored.last == " " { stored.removeLast() } }
            return .string(stored)
        case .binary, .varbinary, .tinyblob, .blob, .mediumblob, .longblob:
            switch value {
            case .bytes(let bytes): return type.kind == .binary ? nil : .bytes(bytes)
            case .string(let text): return type.kind == .binary ? nil : .bytes(Array(text.utf8))
            default: return nil
            }
        case .date, .datetime, .timestamp:
            var time: SQLDateTime
            switch value {
            case .datetime(let t), .date(let t): time = t
            case .string(let text):
                guard let parsed = SQLDateTime(parsing: text.trimmingASCIISpaces()) else { return nil }
                time = parsed
            default:
                return nil
            }
            if type.kind == .date {
                guard time.hour == 0, time.minute == 0, time.second == 0, time.microsecond == 0 else { return nil }
                return .date(SQLDateTime(year: time.year, month: time.month, day: time.day))
            }
            if type.kind == .timestamp {
                var micros = time.microsecondsSinceEpoch(offsetSeconds: 0)
                micros -= Int64(timeZone.offsetSeconds(atMicroseconds: micros)) * 1_000_000
                time = SQLDateTime(
                    microsecondsSinceEpoch: micros,
                    offsetSeconds: 0,
                    fractionDigits: time.fractionDigits
                )
            }
            time.fractionDigits = type.fractionDigits
            return .datetime(time)
        case .time, .json, .enumeration, .set, .bit:
            // Scanned and filtered: their keys are numbers that a string constant does not give.
            return nil
        }
    }
}
