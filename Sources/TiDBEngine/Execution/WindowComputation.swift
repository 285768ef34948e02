import MySQLTypes

/// One window call over a result's rows: sorts them by the window's PARTITION BY and ORDER BY,
/// splits the partitions, and computes the call for every row over its partition or frame.
struct WindowComputation {
    let call: WindowCall
    let spec: WindowSpec
    let windowName: String
    var evaluator: Evaluator

    /// Functions that read no frame: they see the whole partition in window order.
    private static let frameless: Set<String> = [
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
    ]

    init(call: WindowCall, spec: WindowSpec, windowName: String, evaluator: Evaluator) throws(MySQLError) {
        self.call = call
        self.spec = spec
        self.windowName = windowName
        self.evaluator = evaluator
        if call.distinct { throw .notSupportedYet("<window function>(DISTINCT ..)") }
        if call.fromLast { throw .notSupportedYet("FROM LAST") }
        if call.ignoreNulls { throw .notSupportedYet("IGNORE NULLS") }
        if call.name.hasPrefix("group_concat") { throw .notSupportedYet("group_concat as window function") }
        try self.checkFrame()
    }

    // MARK: Frame checks

    private func checkFrame() throws(MySQLError) {
        guard let frame = self.spec.frame else { return }
        if frame.start == .unboundedFollowing {
            throw .tidb(3584, "HY000", "Window '\(self.windowName)': frame start cannot be UNBOUNDED FOLLOWING.")
        }
        if frame.end == .unboundedPreceding {
            throw .tidb(3585, "HY000", "Window '\(self.windowName)': frame end cannot be UNBOUNDED PRECEDING.")
        }
        // A frame that would end before it starts.
        switch (frame.start, frame.end) {
        case (.following, .preceding), (.following, .currentRow), (.currentRow, .preceding): throw self.illegalFrame
        default: break
        }
        for bound in [frame.start, frame.end] {
            guard let amount = Self.amount(of: bound) else { continue }
            let isInterval =
                if case .function(let name, _) = amount { name == WindowCall.intervalMarker } else { false }
            if frame.unit == .rows {
                if isInterval {
                    throw .tidb(
                        3596,
                        "HY000",
                        "Window '\(self.windowName)': INTERVAL can only be used with RANGE frames."
                    )
                }
                guard case .literal(let literal) = amount, Self.isNonNegativeInteger(literal) else {
                    throw self.illegalFrame
                }
                continue
            }
            guard self.spec.orderBy.count == 1 else { throw self.rangeOrderTypeError }
            let key = self.spec.orderBy[0].expression
            let type = try self.evaluator.fieldType(of: key, value: .null)
            let temporal: Set<ColumnType> = [.date, .newDate, .datetime, .timestamp, .time]
            if temporal.contains(type.type) {
                if !isInterval {
                    throw .tidb(
                        3588,
                        "HY000",
                        "Window '\(self.windowName)' with RANGE frame has ORDER BY expression of datetime type. Only INTERVAL bound value allowed."
                    )
                }
                throw .notSupportedYet("RANGE frame with INTERVAL bound")
            }
            let numeric: Set<ColumnType> = [
                .tiny, .short, .int24, .long, .longLong, .float, .double, .decimal, .newDecimal, .year, .bit,
            ]
            guard numeric.contains(type.type) else { throw self.rangeOrderTypeError }
            if isInterval {
                throw .tidb(
                    3589,
                    "HY000",
                    "Window '\(self.windowName)' with RANGE frame has ORDER BY expression of numeric type, INTERVAL bound value not allowed."
                )
            }
            guard case .literal(let literal) = amount, Self.isNonNegativeNumber(literal) else {
                throw self.illegalFrame
            }
        }
    }

    private var illegalFrame: MySQLError {
        .tidb(
            3586,
            "HY000",
            "Window '\(self.windowName)': frame start or end is negative, NULL or of non-integral type"
        )
    }

    private var rangeOrderTypeError: MySQLError {
        .tidb(
            3587,
            "HY000",
            "Window '\(self.windowName)' with RANGE N PRECEDING/FOLLOWING frame requires exactly one ORDER BY expression, of numeric or temporal type"
        )
    }

    private static func amount(of bound: WindowFrame.Bound) -> Expression? {
        switch bound {
        case .preceding(let amount), .following(let amount): return amount
        default: return nil
        }
    }

    private static func isNonNegativeInteger(_ literal: Literal) -> Bool {
        switch literal {
        case .integer(let value): return value >= 0
        case .unsigned: return true
        default: return false
        }
    }

    private static func isNonNegativeNumber(_ literal: Literal) -> Bool {
        switch literal {
        case .integer(let value): return value >= 0
        case .unsigned: return true
        case .decimal(let text): return !text.hasPrefix("-")
        case .double(let value): return value >= 0
        default: return false
        }
    }

    // MARK: Computing

    /// The call's value for each row (in the rows' order), and the rows' window order.
    func values(over rows: [[Value]]) throws(MySQLError) -> (values: [Value], order: [Int]) {
        var evaluator = self.evaluator
        let partitionCollations = try self.collations(self.spec.partitionBy)
        let orderCollations = try self.collations(self.spec.orderBy.map(\.expression))
        var partitionKeys: [[Value]] = []
        var orderKeys: [[Value]] = []
        partitionKeys.reserveCapacity(rows.count)
        orderKeys.reserveCapacity(rows.count)
        for row in rows {
            evaluator.row = row
            evaluator.clause = "window partition by"
            var partition: [Value] = []
            for key in self.spec.partitionBy { partition.append(try evaluator.evaluate(key)) }
            evaluator.clause = "window order by"
            var order: [Value] = []
            for item in self.spec.orderBy { order.append(try evaluator.evaluate(item.expression)) }
            partitionKeys.append(partition)
            orderKeys.append(order)
        }
        let descending = self.spec.orderBy.map(\.descending)
        func compare(_ lhs: [Value], _ rhs: [Value], _ collations: [Collation?], _ descending: [Bool]?) -> Int {
            for index in lhs.indices {
                let comparison = SortOrder.compare(lhs[index], rhs[index], collation: collations[index])
                if comparison != 0 { return descending?[index] == true ? -comparison : comparison }
            }
            return 0
        }
        // Stable: rows equal in both keys keep their order.
        let order = rows.indices.sorted { lhs, rhs in
            let partition = compare(partitionKeys[lhs], partitionKeys[rhs], partitionCollations, nil)
            if partition != 0 { return partition < 0 }
            let ordering = compare(orderKeys[lhs], orderKeys[rhs], orderCollations, descending)
            if ordering != 0 { return ordering < 0 }
            return lhs < rhs
        }
        var values = [Value](repeating: .null, count: rows.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count,
                compare(partitionKeys[order[start]], partitionKeys[order[end]], partitionCollations, nil) == 0
            {
                end += 1
            }
            let members = Array(order[start..<end])
            var peerGroup: [Int] = []
            var group = 0
            for (position, row) in members.enumerated() {
                if position > 0,
                    compare(orderKeys[members[position - 1]], orderKeys[row], orderCollations, descending) != 0
                {
                    group += 1
                }
                peerGroup.append(group)
            }
            let partition = WindowPartition(
                rows: members.map { rows[$0] },
                orderKeys: members.map { orderKeys[$0] },
                peerGroup: peerGroup,
                descending: descending.first ?? false
            )
            let computed = try self.compute(over: partition)
            for (position, row) in members.enumerated() { values[row] = computed[position] }
            start = end
        }
        return (values, order)
    }

    private func collations(_ expressions: [Expression]) throws(MySQLError) -> [Collation?] {
        var collations: [Collation?] = []
        for expression in expressions {
            collations.append(try self.evaluator.derivedCollation(of: expression)?.collation)
        }
        return collations
    }
}

/// One partition's rows in window order, with their ORDER BY keys and peer groups.
struct WindowPartition {
    let rows: [[Value]]
    let orderKeys: [[Value]]
    /// Rows of one group have equal ORDER BY keys (all rows are peers without ORDER BY).
    let peerGroup: [Int]
    /// Whether the (single) ORDER BY key of a RANGE frame descends.
    let descending: Bool

    var count: Int { self.rows.count }

    func firstPeer(_ position: Int) -> Int {
        var index = position
        while index > 0, self.peerGroup[index - 1] == self.peerGroup[position] { index -= 1 }
        return index
    }

    func lastPeer(_ position: Int) -> Int {
        var index = position
        while index + 1 < self.count, self.peerGroup[index + 1] == self.peerGroup[position] { index += 1 }
        return index
    }
}
