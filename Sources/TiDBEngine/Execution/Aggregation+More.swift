import MySQLTypes

#if canImport(Glibc)
import Glibc
#endif

/// GROUP_CONCAT's marker arguments: the parser turns its ORDER BY and SEPARATOR clauses into
/// calls of these names, which only the aggregation reads.
enum GroupConcat {
    static let ascending = "#group_concat_order_asc"
    static let descending = "#group_concat_order_desc"
    static let separator = "#group_concat_separator"
}

/// GROUP_CONCAT, the standard deviations and variances, and BIT_AND/OR/XOR (issue 20).
extension Aggregation {
    /// GROUP_CONCAT([DISTINCT] expr[, expr...] [ORDER BY ...] [SEPARATOR s]): NULL for no row;
    /// a row with a NULL argument is skipped; cut at `group_concat_max_len` bytes with 1260.
    static func groupConcat(
        _ arguments: [Expression],
        distinct: Bool,
        over rows: [[Value]],
        evaluator: Evaluator
    ) throws(MySQLError) -> Value {
        var evaluator = evaluator
        var values: [Expression] = []
        var order: [(key: Expression, descending: Bool)] = []
        var separator: [UInt8] = Array(",".utf8)
        for argument in arguments {
            guard case .function(let name, let marked) = argument, name.hasPrefix("#group_concat") else {
                values.append(argument)
                continue
            }
            switch name {
            case GroupConcat.separator:
                if case .literal(.string(let bytes, _)) = marked[0] { separator = bytes }
            case GroupConcat.ascending: order.append((marked[0], false))
            default: order.append((marked[0], true))
            }
        }
        // `ORDER BY 2` names the second concatenated expression, as in MySQL and TiDB.
        for index in order.indices {
            if case .literal(.integer(let position)) = order[index].key, position >= 1, position <= values.count {
                order[index].key = values[Int(position) - 1]
            }
        }
        // Strings sort under the collation their expression derives (`utf8mb4_general_ci`: 'Abc' = 'abc').
        let collations = try order.map { (item) throws(MySQLError) in
            try evaluator.derivedCollation(of: item.key)?.collation
        }
        var items: [(bytes: [UInt8], keys: [Value])] = []
        var seen = Set<[Value]>()
        rowLoop: for row in rows {
            evaluator.row = row
            var parts: [Value] = []
            for value in values {
                let part = try evaluator.evaluate(value)
                if part.isNull { continue rowLoop }
                parts.append(part)
            }
            if distinct, !seen.insert(parts.map { Self.normalized($0) }).inserted { continue }
            var keys: [Value] = []
            for (key, _) in order { keys.append(try evaluator.evaluate(key)) }
            items.append((parts.flatMap { $0.textBytes ?? [] }, keys))
        }
        guard !items.isEmpty else { return .null }
        if !order.isEmpty {
            items.sort { lhs, rhs in
                for (index, item) in order.enumerated() {
                    let comparison: Int =
                        switch (lhs.keys[index].isNull, rhs.keys[index].isNull) {
                        case (true, true): 0
                        case (true, false): -1
                        case (false, true): 1
                        case (false, false):
                            Arithmetic.compare(
                                lhs.keys[index],
                                rhs.keys[index],
                                collation: collations[index],
                                warn: { _ in }
                            ) ?? 0
                        }
                    if comparison != 0 { return item.descending ? comparison > 0 : comparison < 0 }
                }
                return false
            }
        }
        var joined: [UInt8] = []
        for (index, item) in items.enumerated() {
            if index > 0 { joined += separator }
            joined += item.bytes
        }
        let limit = Int(evaluator.environment.sessionVariableValue("group_concat_max_len")) ?? 1024
        if joined.count > limit {
            joined = Array(joined.prefix(limit))
            // TiDB names the arguments as its planner prints them; the mock prints them as written.
            let text = values.map(\.sqlText).joined(separator: ", ")
            evaluator.warn(.tidb(1260, "HY000", "Some rows were cut by GROUPCONCAT(\(text))"))
        }
        return .string(String(decoding: joined, as: UTF8.self))
    }

    /// STD/STDDEV/STDDEV_POP/STDDEV_SAMP/VARIANCE/VAR_POP/VAR_SAMP over the non-NULL values, as
    /// DOUBLE; a sample statistic of one value is NULL.
    static func spread(_ name: String, _ values: [Value], warn: (MySQLError) -> Void) -> Value {
        let numbers = values.compactMap { $0.number(warn: warn)?.doubleValue }
        let sample = name.hasSuffix("_samp")
        guard !numbers.isEmpty, !(sample && numbers.count < 2) else { return .null }
        let mean = numbers.reduce(0, +) / Double(numbers.count)
        let squares = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let variance = squares / Double(numbers.count - (sample ? 1 : 0))
        return .double(name.hasPrefix("var") || name == "variance" ? variance : Glibc.sqrt(variance))
    }

    /// BIT_AND/BIT_OR/BIT_XOR as BIGINT UNSIGNED; over no rows BIT_AND is all ones, the others 0.
    static func bits(_ name: String, _ values: [Value], warn: (MySQLError) -> Void) -> Value {
        var result: UInt64 = name == "bit_and" ? .max : 0
        for value in values {
            guard let number = value.int64(warn: warn) else { continue }
            let bits = UInt64(bitPattern: number)
            switch name {
            case "bit_and": result &= bits
            case "bit_or": result |= bits
            default: result ^= bits
            }
        }
        return .uint(result)
    }
}
