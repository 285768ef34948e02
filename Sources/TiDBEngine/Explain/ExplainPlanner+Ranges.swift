import MySQLTypes

/// The key ranges EXPLAIN prints (`range:[1,1]`, `range:(3,+inf]`) and TiDB's pseudo
/// selectivities for tables without statistics.
extension ExplainPlanner {
    /// TiDB's pseudo selectivities: an equality 1/1000 per value, a range bounded on both sides
    /// 1/40, on one side 1/3, any other condition 0.8.
    static func pseudoSelectivity(_ conjuncts: [Expression]) -> Double {
        var selectivity = 1.0
        var bounds: [String: (lower: Bool, upper: Bool)] = [:]
        for conjunct in conjuncts {
            switch conjunct {
            case .binary(.equal, _, _) where Self.equalityColumn(conjunct) != nil,
                .binary(.nullSafeEqual, _, _) where Self.equalityColumn(conjunct) != nil,
                .isNull(.column, negated: false):
                selectivity *= 1.0 / 1000
            case .inList(.column, let values, negated: false):
                selectivity *= min(1, Double(values.count) / 1000)
            case .between(.column(let column), _, _, negated: false):
                bounds[column.name.lowercased()] = (true, true)
            case .binary(let op, let lhs, let rhs):
                guard let (column, lower) = Self.bound(op, lhs, rhs) else {
                    selectivity *= 0.8
                    continue
                }
                var bound = bounds[column] ?? (false, false)
                if lower { bound.lower = true } else { bound.upper = true }
                bounds[column] = bound
            default:
                selectivity *= 0.8
            }
        }
        for bound in bounds.values { selectivity *= bound.lower && bound.upper ? 1.0 / 40 : 1.0 / 3 }
        return selectivity
    }

    /// `column op constant` (either side): the column and whether it bounds from below.
    private static func bound(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> (String, Bool)? {
        switch (lhs, rhs) {
        case (.column(let column), let constant) where Self.isConstant(constant):
            switch op {
            case .greater, .greaterOrEqual: return (column.name.lowercased(), true)
            case .less, .lessOrEqual: return (column.name.lowercased(), false)
            default: return nil
            }
        case (let constant, .column(let column)) where Self.isConstant(constant):
            switch op {
            case .greater, .greaterOrEqual: return (column.name.lowercased(), false)
            case .less, .lessOrEqual: return (column.name.lowercased(), true)
            default: return nil
            }
        default:
            return nil
        }
    }

    static func isConstant(_ expression: Expression) -> Bool {
        !expression.contains { node in
            switch node {
            case .column, .subquery, .exists, .inSubquery, .quantified, .window: return true
            default: return false
            }
        }
    }

    /// The column of `column = constant` (either side), lowercased.
    static func equalityColumn(_ conjunct: Expression) -> String? {
        switch conjunct {
        case .binary(.equal, .column(let column), let constant) where Self.isConstant(constant),
            .binary(.equal, let constant, .column(let column)) where Self.isConstant(constant):
            return column.name.lowercased()
        default:
            return nil
        }
    }

    /// Whether a conjunct compares one column named `name` with constants (what a key range serves).
    static func isCondition(_ conjunct: Expression, onColumn name: String) -> Bool {
        switch conjunct {
        case .binary(let op, let lhs, let rhs):
            if let column = Self.equalityColumn(conjunct) { return column == name.lowercased() }
            return Self.bound(op, lhs, rhs)?.0 == name.lowercased()
        case .inList(.column(let column), let values, negated: false):
            return column.name.equalsIgnoringCase(name) && values.allSatisfy(Self.isConstant)
        case .between(.column(let column), let low, let high, negated: false):
            return column.name.equalsIgnoringCase(name) && Self.isConstant(low) && Self.isConstant(high)
        default:
            return false
        }
    }

    /// The constants of equality and IN conditions, in TiDB's printing.
    static func pointTexts(_ conjuncts: [Expression]) -> [String] {
        var points: [String] = []
        for conjunct in conjuncts {
            switch conjunct {
            case .binary(.equal, .column, let constant), .binary(.equal, let constant, .column):
                points.append(Self.constantText(constant))
            case .inList(.column, let values, negated: false):
                points += values.map(Self.constantText)
            default:
                break
            }
        }
        return points
    }

    /// `[1,1], [5,5]` for points, `(1,10]` for a range, `[-inf,+inf]` without a bound.
    static func rangeText(_ conjuncts: [Expression]) -> String {
        var points = Self.pointTexts(conjuncts)
        if !points.isEmpty {
            // TiDB's ranges come sorted and without repeats.
            points = Array(Set(points))
            let numbers = points.compactMap { Double($0) }
            points =
                numbers.count == points.count
                ? points.sorted { Double($0)! < Double($1)! } : points.sorted()
            return points.map { "[\($0),\($0)]" }.joined(separator: ", ")
        }
        var lower = "[-inf"
        var upper = "+inf]"
        for conjunct in conjuncts {
            switch conjunct {
            case .between(_, let low, let high, _):
                lower = "[" + Self.constantText(low)
                upper = Self.constantText(high) + "]"
            case .binary(let op, let lhs, let rhs):
                let constant = Self.isConstant(rhs) ? rhs : lhs
                // `5 > a` bounds a from above: flip the operator to read it as `a < 5`.
                let flipped: BinaryOperator =
                    Self.isConstant(rhs)
                    ? op
                    : [.less: .greater, .lessOrEqual: .greaterOrEqual, .greater: .less, .greaterOrEqual: .lessOrEqual][
                        op
                    ] ?? op
                let text = Self.constantText(constant)
                switch flipped {
                case .greater: lower = "(" + text
                case .greaterOrEqual: lower = "[" + text
                case .less: upper = text + ")"
                case .lessOrEqual: upper = text + "]"
                default: break
                }
            default:
                break
            }
        }
        return lower + "," + upper
    }

    private static func constantText(_ expression: Expression) -> String {
        if case .literal(let literal) = expression { return ExplainExpressionText.literal(literal) }
        if case .unary(.minus, .literal(let literal)) = expression {
            return "-" + ExplainExpressionText.literal(literal)
        }
        return ExplainExpressionText { $0.name }.text(expression)
    }
}

extension TableSchema {
    /// The indexes a query may use under `USE|FORCE|IGNORE INDEX`; the clustered primary key is
    /// the rows themselves and stays usable.
    func applyingIndexHints(_ hints: [IndexHint]) -> TableSchema {
        guard !hints.isEmpty else { return self }
        var copy = self
        for hint in hints {
            let named = { (index: IndexSchema) in hint.indexes.contains { $0.equalsIgnoringCase(index.name) } }
            switch hint.kind {
            case .ignore:
                copy.indexes.removeAll { !($0.isPrimary && self.isClustered) && named($0) }
            case .use, .force:
                copy.indexes.removeAll { !($0.isPrimary && self.isClustered) && !named($0) }
            }
        }
        return copy
    }

    /// 1176 for a hinted index the table does not have, as TiDB answers.
    func checkIndexHints(_ hints: [IndexHint]) throws(MySQLError) {
        for hint in hints {
            for name in hint.indexes
            where !self.indexes.contains(where: { $0.name.equalsIgnoringCase(name) })
                && !(name.uppercased() == "PRIMARY" && self.primaryKey != nil)
            {
                throw .tidb(1176, "42000", "Key '\(name)' doesn't exist in table '\(self.name)'")
            }
        }
    }
}
