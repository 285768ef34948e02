import MySQLTypes

/// EXPLAIN [ANALYZE], ANALYZE TABLE and ADMIN CHECK TABLE/INDEX.
extension Session {
    var explainPlanner: ExplainPlanner {
        get throws(MySQLError) {
            ExplainPlanner(
                environment: self,
                catalog: self,
                storage: self.cluster.storage,
                statistics: self.cluster.statistics,
                read: try self.readContext()
            )
        }
    }

    /// EXPLAIN shows the plan; EXPLAIN ANALYZE also runs the statement (writes included, as TiDB
    /// does) and adds what each operator produced.
    func executeExplain(
        _ explain: ExplainStatement,
        statementTransaction: TransactionContext?
    ) throws(MySQLError) -> Execution {
        let planner = try self.explainPlanner
        let plan = try planner.plan(explain.statement)
        let rows = plan.rows(brief: explain.format == .brief)
        guard explain.analyze else {
            return .done(.rows(Self.explainResult(rows.map(Self.explainCells))))
        }
        // Counted before the statement runs: a DML's scan reports the rows it found to change.
        var counts: [Int?] = []
        var times: [Duration] = []
        let clock = ContinuousClock()
        for row in rows {
            let start = clock.now
            switch row.node.actual {
            case .query(let query): counts.append(try planner.count(query))
            default: counts.append(nil)
            }
            times.append(clock.now - start)
        }
        let start = clock.now
        let execution = try self.run(
            explain.statement,
            previousWarnings: [],
            statementTransaction: statementTransaction
        )
        guard case .done(let result) = execution else { return execution }
        let elapsed = clock.now - start
        var resultRows: Int?
        if case .rows(let set) = result { resultRows = set.rows.count }
        for index in counts.indices.reversed() where counts[index] == nil {
            switch rows[index].node.actual {
            case .statementResult: counts[index] = resultRows ?? 0
            case .none: counts[index] = 0
            case .child: counts[index] = counts.indices.contains(index + 1) ? counts[index + 1] : 0
            case .query: break
            }
        }
        let cells = rows.enumerated().map { index, row in
            let produced = counts[index] ?? 0
            let time = index == 0 ? elapsed : times[index]
            // TiDB reads in chunks of up to 1,024 rows and counts the final empty one.
            let loops = (produced + 1023) / 1024 + 1
            return [
                row.id, PlanNode.format(rows: row.node.estimatedRows), String(produced), row.node.task.rawValue,
                row.node.accessObject, "time:\(Self.goDuration(time)), loops:\(loops)", row.node.info, "N/A", "N/A",
            ]
        }
        return .done(.rows(Self.explainResult(cells, analyze: true)))
    }

    private static func explainCells(_ row: PlanRow) -> [String] {
        [
            row.id, PlanNode.format(rows: row.node.estimatedRows), row.node.task.rawValue, row.node.accessObject,
            row.node.info,
        ]
    }

    private static func explainResult(_ cells: [[String]], analyze: Bool = false) -> ResultSet {
        let names =
            analyze
            ? [
                "id", "estRows", "actRows", "task", "access object", "execution info", "operator info", "memory",
                "disk",
            ]
            : ["id", "estRows", "task", "access object", "operator info"]
        let columns = names.indices.map { position in
            FieldType.showColumn(longest: cells.map { $0[position].count }.max() ?? 0).column(named: names[position])
        }
        return ResultSet(columns: columns, rows: cells.map { $0.map { Value.bytes(Array($0.utf8)) } })
    }

    /// TiDB's `FormatDuration`: two decimals below 10 of the unit, one from 10 on.
    static func goDuration(_ duration: Duration) -> String {
        let nanoseconds = Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
        let (value, unit): (Double, String) =
            nanoseconds < 1e3
            ? (nanoseconds, "ns")
            : nanoseconds < 1e6
                ? (nanoseconds / 1e3, "µs") : nanoseconds < 1e9 ? (nanoseconds / 1e6, "ms") : (nanoseconds / 1e9, "s")
        let scale = value >= 10 ? 10.0 : 100.0
        var text = String((value * scale).rounded() / scale)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + unit
    }

    /// ANALYZE TABLE records each table's row count for EXPLAIN, with TiDB's note on the sample
    /// rate it chose (statistics version 2: every row of a table under 110,000).
    func executeAnalyze(_ names: [TableName]) throws(MySQLError) {
        let read = try self.readContext()
        for name in names {
            let table = try self.userTable(name)
            let previous = self.cluster.statistics.analyzed(tableID: table.id)
            let rows = self.cluster.storage.statistics(tableID: table.id, at: read.ts).rows
            let known = previous?.rowCount ?? rows
            let reason: String
            let rate: Double
            if known == 0 {
                (rate, reason) = (1, "TiDB assumes that the table is empty, use sample-rate=1")
            } else {
                rate = min(1, 110_000 / Double(known))
                reason = "use min(1, 110000/\(known)) as the sample-rate=\(Self.goFloat(rate))"
            }
            let ratePrinted = String(format6: rate)
            self.addWarning(
                .tidb(
                    1105,
                    "HY000",
                    "Analyze use auto adjusted sample rate \(ratePrinted) for table \(table.database).\(table.name), reason to use this rate is \"\(reason)\""
                ),
                level: .note
            )
            self.cluster.statistics.record(
                tableID: table.id,
                TableStatistics.Analyzed(rowCount: rows, analyzedTS: read.ts)
            )
        }
    }

    /// Go's `%v` of a float64 for the values a sample rate takes.
    private static func goFloat(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }

    /// ADMIN CHECK TABLE/INDEX: nothing when every index agrees with the rows; TiDB's 8223
    /// (data inconsistency) otherwise.
    func executeAdminCheck(_ statement: AdminCheckStatement) throws(MySQLError) {
        let read = try self.readContext()
        let checks: [(TableName, [String]?)]
        switch statement {
        case .tables(let names): checks = names.map { ($0, nil) }
        case .index(let name, let index): checks = [(name, [index])]
        }
        for (name, indexes) in checks {
            let table = try self.userTable(name)
            // TiDB's planner: an errors.Errorf, so 1105.
            for index in indexes ?? [] where !table.indexes.contains(where: { $0.name.equalsIgnoringCase(index) }) {
                throw .tidb(1105, "HY000", "index \(index) do not exist")
            }
            if let found = self.cluster.storage.firstIndexInconsistency(
                tableID: table.id,
                indexes: indexes,
                at: read.ts
            ) {
                throw .tidb(
                    8223,
                    "HY000",
                    "data inconsistency in table: \(table.name), index: \(found.index), index-count:\(found.indexRows) != record-count:\(found.tableRows)"
                )
            }
        }
    }
}

extension String {
    /// C's `%f`: six decimals.
    init(format6 value: Double) {
        let scaled = (value * 1_000_000).rounded()
        let whole = Int64(scaled / 1_000_000)
        let fraction = String(Int64(scaled) - whole * 1_000_000)
        self = "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
