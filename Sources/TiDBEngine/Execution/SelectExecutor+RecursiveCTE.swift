import MySQLTypes

/// `WITH RECURSIVE`: the seed members run once; the recursive members run over the rows the
/// last round added (the CTE's name reads those) until a round adds none. TiDB counts the seed
/// as iteration 1 and refuses to start iteration `cte_max_recursion_depth + 1` (3636).
extension SelectExecutor {
    func recursiveCTEResult(_ cte: RecursiveCTE, read: ReadContext) throws(MySQLError) -> ResultSet {
        var first = cte.query
        first.unions = []
        first.unionOrderBy = []
        first.unionLimit = nil
        first.unionOffset = nil
        let members = [first] + cte.query.unions.map(\.select)
        guard members.count > 1 else {
            throw .tidb(3573, "HY000", "Recursive Common Table Expression '\(cte.name)' should contain a UNION")
        }
        let seedCount = cte.readsItself.firstIndex(of: true) ?? members.count
        if seedCount == 0 || cte.readsItself[seedCount...].contains(false) {
            throw .tidb(
                3574,
                "HY000",
                "Recursive Common Table Expression '\(cte.name)' should have one or more non-recursive query blocks followed by one or more recursive ones"
            )
        }
        for member in members[seedCount...]
        where member.hasAggregates || !member.groupBy.isEmpty || member.hasWindowCalls {
            throw .tidb(
                3575,
                "HY000",
                "Recursive Common Table Expression '\(cte.name)' can contain neither aggregation nor window functions in recursive query block"
            )
        }
        if !cte.query.unionOrderBy.isEmpty {
            throw .notSupportedYet("ORDER BY over UNION in recursive Common Table Expression")
        }
        // TiDB: LIMIT is the whole CTE's, over its rows in the order they are produced (the seed's
        // first); the recursion stops once it has them.
        let evaluator = Evaluator(environment: self.environment)
        let offset =
            try cte.query.unionOffset.map { (expression) throws(MySQLError) in
                try evaluator.limitValue(expression)
            } ?? 0
        let wanted = try cte.query.unionLimit.map { (expression) throws(MySQLError) in
            try evaluator.limitValue(expression)
        }
        let enough = wanted.map { offset.addingReportingOverflow($0).overflow ? Int.max : offset + $0 }
        func limited(_ rows: [[Value]]) -> [[Value]] {
            guard let wanted else { return rows }
            return Array(rows.dropFirst(offset).prefix(wanted))
        }
        var seedQuery = first
        seedQuery.unions = Array(cte.query.unions[..<(seedCount - 1)])
        let distinct = cte.query.unions.contains { !$0.all }

        var seed = try self.query(seedQuery, read: read)
        if let names = cte.columnNames {
            guard names.count == seed.columns.count else { throw .cteColumnCountMismatch }
            for index in names.indices { seed.columns[index].name = names[index] }
        }
        var seen = Set<[Value]>()
        var rows: [[Value]] = []
        for row in seed.rows where !distinct || seen.insert(row.map { Aggregation.normalized($0) }).inserted {
            rows.append(row)
        }
        var working = rows
        let limit = UInt64(self.environment.sessionVariableValue("cte_max_recursion_depth")) ?? 1000
        var iteration: UInt64 = 1
        while !working.isEmpty {
            if let enough, rows.count >= enough { break }
            if iteration > limit {
                throw .tidb(
                    3636,
                    "HY000",
                    "Recursive query aborted after \(iteration) iterations. Try increasing @@cte_max_recursion_depth to a larger value."
                )
            }
            if self.environment.isInterrupted { throw .queryInterrupted }
            var executor = self
            executor.workingTables[cte.name.lowercased()] = ResultSet(columns: seed.columns, rows: working)
            var produced: [[Value]] = []
            for member in members[seedCount...] {
                let result = try executor.query(member, read: read)
                guard result.columns.count == seed.columns.count else {
                    throw .tidb(1222, "21000", "The used SELECT statements have a different number of columns")
                }
                for row in result.rows where !distinct || seen.insert(row.map { Aggregation.normalized($0) }).inserted {
                    produced.append(row)
                }
            }
            rows += produced
            working = produced
            iteration += 1
        }
        return ResultSet(columns: seed.columns, rows: limited(rows))
    }
}

extension MySQLError {
    /// 1353: a CTE's column list and its query's columns differ in number.
    static var cteColumnCountMismatch: MySQLError {
        .tidb(
            1353,
            "HY000",
            "In definition of view, derived table or common table expression, SELECT list and column names list have different column counts"
        )
    }
}
