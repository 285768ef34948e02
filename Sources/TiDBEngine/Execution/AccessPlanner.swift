import MySQLTypes

/// Picks how a statement reaches a table's rows from its WHERE conditions: handles (primary
/// key points), an index, key ranges, or a full scan. The WHERE clause is still applied to
/// every row read, so a plan only has to cover the matching rows, never to be exact.
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

    func plan(_ condition: Expression?) -> AccessPath {
        guard let condition else { return .full }
        // A constant false condition (prepared-statement metadata) reads nothing.
        if Evaluator.isConstant(condition), let value = try? self.evaluator.evaluate(condition),
            value.truth(warn: { _ in }) != true
        {
            return .handles([])
        }
        var conditions: [Int: ColumnCondition] = [:]
        for conjunct in Self.conjuncts(condition) {
            guard let (column, found) = self.analyze(conjunct) else { continue }
            var merged = conditions[column] ?? ColumnCondition()
            if let points = found.points {
                merged.points = merged.points.map { existing in existing.filter { points.contains($0) } } ?? points
            }
            if let lower = found.lower { merged.lower = lower }
            if let upper = found.upper { merged.upper = upper }
            conditions[column] = merged
        }
        guard !conditions.isEmpty else { return .full }

        if let primary = self.table.primaryKey, self.table.isClustered {
            let types = primary.columns.map { self.table.columns[$0].type }
            if primary.columns.allSatisfy({ conditions[$0]?.points?.count == 1 }) {
                let values = primary.columns.map { conditions[$0]!.points![0] }
                return .handles([KeyEncoding.encode(values, types: types)])
            }
            if primary.columns.count == 1, let points = conditions[primary.columns[0]]?.points {
                return .handles(points.map { KeyEncoding.encode([$0], types: types) })
            }
        }
        for index in self.table.indexes where !(index.isPrimary && self.table.isClustered) {
            if let points = conditions[index.columns[0]]?.points {
                let type = self.table.columns[index.columns[0]].type
                return .index(name: index.name, ranges: points.map { Self.pointRange(KeyEncoding.encode([$0], types: [type])) })
            }
        }
        if let primary = self.table.primaryKey, self.table.isClustered, let condition = conditions[primary.columns[0]],
            let range = Self.range(condition, type: self.table.columns[primary.columns[0]].type)
        {
            if let points = condition.points, primary.columns.count > 1 {
                let type = self.table.columns[primary.columns[0]].type
                let ranges = points.map { Self.pointRange(KeyEncoding.encode([$0], types: [type])) }
                if ranges.count == 1 { return .handleRange(lower: ranges[0].lower, upper: ranges[0].upper) }
            }
            return .handleRange(lower: range.lower, upper: range.upper)
        }
        for index in self.table.indexes where !(index.isPrimary && self.table.isClustered) {
            if let condition = conditions[index.columns[0]], let range = Self.range(condition, type: self.table.columns[index.columns[0]].type) {
                return .index(name: index.name, ranges: [range])
            }
        }
        return .full
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
            return nil
        case .inList(let operand, let items, negated: false):
            guard let column = self.column(operand) else { return nil }
            var points: [Value] = []
            for item in items {
                guard let value = self.constant(item, for: column) else { return nil }
                points.append(value)
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

    private func comparison(_ op: BinaryOperator, _ column: Int, _ value: Value, flipped: Bool) -> (Int, ColumnCondition)? {
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

    /// The constant's value as the column stores it, when the conversion is exact (otherwise
    /// the condition cannot pick keys and the scan falls back to reading more).
    private func constant(_ expression: Expression, for column: Int) -> Value? {
        guard Evaluator.isConstant(expression), let value = try? self.evaluator.evaluate(expression), !value.isNull else {
            return nil
        }
        return KeyValue.exact(value, as: self.table.columns[column].type, timeZone: self.evaluator.session.timeZone)
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
                guard let parsed = Int128(text.trimmingASCIISpaces()) else { return nil }
                number = parsed
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
                time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: 0, fractionDigits: time.fractionDigits)
            }
            time.fractionDigits = type.fractionDigits
            return .datetime(time)
        case .time, .json:
            return nil
        }
    }
}
