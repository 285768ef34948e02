import MySQLTypes

/// The window functions' values over one partition, and their result types (TiDB's
/// `pkg/expression/aggregation/base_func.go` type inference).
extension WindowComputation {
    func compute(over partition: WindowPartition) throws(MySQLError) -> [Value] {
        var evaluator = self.evaluator
        let count = partition.count
        var values: [Value] = []
        values.reserveCapacity(count)
        switch self.call.name {
        case "row_number":
            for position in 0..<count { values.append(.int(Int64(position + 1))) }
        case "rank":
            for position in 0..<count { values.append(.int(Int64(partition.firstPeer(position) + 1))) }
        case "dense_rank":
            for position in 0..<count { values.append(.int(Int64(partition.peerGroup[position] + 1))) }
        case "percent_rank":
            for position in 0..<count {
                let rank = partition.firstPeer(position)
                values.append(.double(count > 1 ? Double(rank) / Double(count - 1) : 0))
            }
        case "cume_dist":
            for position in 0..<count {
                values.append(.double(Double(partition.lastPeer(position) + 1) / Double(count)))
            }
        case "ntile":
            // NULL buckets (TiDB allows it) number no row.
            guard let buckets = try self.positiveConstant(self.call.arguments[0], allowZero: false, allowNull: true)
            else { return [Value](repeating: .null, count: count) }
            let size = count / buckets
            let larger = count % buckets
            for position in 0..<count {
                let bucket =
                    position < larger * (size + 1)
                    ? position / (size + 1) : (position - larger * (size + 1)) / max(size, 1) + larger
                values.append(.uint(UInt64(bucket + 1)))
            }
        case "lag", "lead":
            let offset =
                self.call.arguments.count > 1
                ? try self.positiveConstant(self.call.arguments[1], allowZero: true, allowNull: false) ?? 1 : 1
            for position in 0..<count {
                let target = self.call.name == "lag" ? position - offset : position + offset
                if target >= 0, target < count {
                    evaluator.row = partition.rows[target]
                    values.append(try evaluator.evaluate(self.call.arguments[0]))
                } else if self.call.arguments.count > 2 {
                    evaluator.row = partition.rows[position]
                    values.append(try evaluator.evaluate(self.call.arguments[2]))
                } else {
                    values.append(.null)
                }
            }
        default:
            var nth = 0
            if self.call.name == "nth_value" {
                guard let n = try self.positiveConstant(self.call.arguments[1], allowZero: false, allowNull: true)
                else {
                    return [Value](repeating: .null, count: count)
                }
                nth = n
            }
            for position in 0..<count {
                let frame = try self.frame(of: position, in: partition)
                switch self.call.name {
                case "first_value", "last_value", "nth_value":
                    let index =
                        self.call.name == "first_value"
                        ? frame.lowerBound
                        : self.call.name == "last_value" ? frame.upperBound - 1 : frame.lowerBound + nth - 1
                    if frame.isEmpty || index >= frame.upperBound {
                        values.append(.null)
                    } else {
                        evaluator.row = partition.rows[index]
                        values.append(try evaluator.evaluate(self.call.arguments[0]))
                    }
                default:
                    values.append(
                        try Aggregation.compute(
                            .function(name: self.call.name, arguments: self.call.arguments),
                            over: Array(partition.rows[frame]),
                            evaluator: evaluator
                        )
                    )
                }
            }
        }
        return values
    }

    /// NTILE's bucket count, LAG/LEAD's offset, NTH_VALUE's N: a constant unsigned integer
    /// (TiDB's `GetUint64FromConstant`), else 1210; nil for NULL where TiDB allows it.
    private func positiveConstant(
        _ expression: Expression,
        allowZero: Bool,
        allowNull: Bool
    ) throws(MySQLError) -> Int? {
        let invalid = MySQLError.tidb(1210, "HY000", "Incorrect arguments to \(self.call.name)")
        guard Evaluator.isConstant(expression) else { throw invalid }
        let value = try Evaluator(environment: self.evaluator.environment).evaluate(expression)
        let number: Int64
        switch value {
        case .null where allowNull: return nil
        case .int(let integer): number = integer
        case .uint(let integer): number = Int64(clamping: integer)
        default: throw invalid
        }
        guard number > 0 || (allowZero && number == 0) else { throw invalid }
        return Int(number)
    }

    /// The positions of `position`'s frame: the whole partition without ORDER BY, else RANGE
    /// UNBOUNDED PRECEDING to CURRENT ROW (with the current row's peers) unless a frame is given.
    private func frame(of position: Int, in partition: WindowPartition) throws(MySQLError) -> Range<Int> {
        let count = partition.count
        guard let frame = self.spec.frame else {
            if self.spec.orderBy.isEmpty { return 0..<count }
            return 0..<(partition.lastPeer(position) + 1)
        }
        var start = 0
        var end = count - 1
        switch frame.unit {
        case .rows:
            start = try self.rowsBound(frame.start, position: position, count: count)
            end = try self.rowsBound(frame.end, position: position, count: count)
        case .range:
            start = try self.rangeStart(frame.start, position: position, in: partition)
            end = try self.rangeEnd(frame.end, position: position, in: partition)
        }
        start = max(start, 0)
        end = min(end, count - 1)
        return start <= end ? start..<(end + 1) : 0..<0
    }

    private func rowsBound(_ bound: WindowFrame.Bound, position: Int, count: Int) throws(MySQLError) -> Int {
        switch bound {
        case .unboundedPreceding: return 0
        case .unboundedFollowing: return count - 1
        case .currentRow: return position
        case .preceding(let amount): return position - (try self.frameAmount(amount).rounded(.towardZero)).clampedInt
        case .following(let amount): return position + (try self.frameAmount(amount).rounded(.towardZero)).clampedInt
        }
    }

    private func frameAmount(_ amount: Expression) throws(MySQLError) -> Double {
        let value = try Evaluator(environment: self.evaluator.environment).evaluate(amount)
        return value.number(warn: { _ in })?.doubleValue ?? 0
    }

    /// RANGE: the first row whose key is within the start bound.
    private func rangeStart(
        _ bound: WindowFrame.Bound,
        position: Int,
        in partition: WindowPartition
    ) throws(MySQLError)
        -> Int
    {
        switch bound {
        case .unboundedPreceding: return 0
        case .currentRow: return partition.firstPeer(position)
        case .unboundedFollowing: return partition.count
        case .preceding(let amount), .following(let amount):
            let sign: Double = if case .preceding = bound { -1 } else { 1 }
            let offset = sign * (try self.frameAmount(amount))
            guard let current = self.rangeKey(partition, position) else { return partition.firstPeer(position) }
            for index in 0..<partition.count {
                guard let key = self.rangeKey(partition, index) else { continue }
                let distance = partition.descending ? current - key : key - current
                if distance >= offset { return index }
            }
            return partition.count
        }
    }

    /// RANGE: the last row whose key is within the end bound.
    private func rangeEnd(
        _ bound: WindowFrame.Bound,
        position: Int,
        in partition: WindowPartition
    ) throws(MySQLError)
        -> Int
    {
        switch bound {
        case .unboundedFollowing: return partition.count - 1
        case .currentRow: return partition.lastPeer(position)
        case .unboundedPreceding: return -1
        case .preceding(let amount), .following(let amount):
            let sign: Double = if case .preceding = bound { -1 } else { 1 }
            let offset = sign * (try self.frameAmount(amount))
            guard let current = self.rangeKey(partition, position) else { return partition.lastPeer(position) }
            var last = -1
            for index in 0..<partition.count {
                guard let key = self.rangeKey(partition, index) else { continue }
                let distance = partition.descending ? current - key : key - current
                if distance <= offset { last = index }
            }
            return last
        }
    }

    /// The RANGE frame's ORDER BY key as a number; nil for NULL (NULLs are only their own peers).
    private func rangeKey(_ partition: WindowPartition, _ position: Int) -> Double? {
        partition.orderKeys[position].first?.number(warn: { _ in })?.doubleValue
    }

    // MARK: Types

    /// The result column's type as TiDB infers it.
    func resultType(sample: Value?) throws(MySQLError) -> FieldType {
        switch self.call.name {
        case "row_number", "rank", "dense_rank":
            return .bigint(length: 21, flags: .binary)
        case "ntile":
            return .bigint(length: 21, flags: [.binary, .unsigned])
        case "cume_dist":
            return FieldType(type: .double, length: 23, decimals: FieldType.notSpecified, charset: CollationID.binary)
        case "percent_rank":
            // TiDB sets the flags to MaxRealWidth (23) where it meant the length: NOT NULL, PRI_KEY,
            // UNIQUE_KEY and BLOB on the wire, with no length.
            return FieldType(
                type: .double,
                length: 0,
                decimals: FieldType.notSpecified,
                flags: ColumnFlags(rawValue: 23),
                charset: CollationID.binary
            )
        case "lag", "lead":
            let argument = self.call.arguments[0]
            var type = try self.evaluator.fieldType(of: argument, value: .null)
            if self.call.arguments.count > 2 {
                let fallback = try self.evaluator.fieldType(of: self.call.arguments[2], value: .null)
                if fallback.type != type.type, fallback.type != .null {
                    type = Evaluator.typeOfStoredValue(sample ?? .null)
                }
            }
            type.flags.remove(.notNull)
            return type
        case "first_value", "last_value", "nth_value":
            return try self.evaluator.fieldType(of: self.call.arguments[0], value: sample ?? .null)
        default:
            return try Aggregation.type(
                of: .function(name: self.call.name, arguments: self.call.arguments),
                evaluator: self.evaluator,
                sample: sample
            )
        }
    }
}

extension Double {
    fileprivate var clampedInt: Int { self >= Double(Int.max / 2) ? Int.max / 2 : Int(self) }
}
