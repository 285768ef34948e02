import MySQLTypes

/// One FROM item's operators: how the access planner reaches its rows (Point_Get, a range or
/// full scan under a TableReader, an IndexLookUp), with the conditions left as a Selection.
extension ExplainPlanner {
    func sourcePlan(_ source: Source, conjuncts: [Expression], sources: [Source]) throws(MySQLError) -> PlanNode {
        let item = SelectStatement.FromItem(table: source.reference, condition: nil)
        let filtered = Self.rowsQuery([item], conjuncts)
        func selection(
            over child: PlanNode,
            task: PlanNode.Task,
            conditions: [Expression]
        ) throws(MySQLError)
            -> PlanNode
        {
            guard !conditions.isEmpty else { return child }
            let pseudo = (child.estimatedRows ?? 0) * Self.pseudoSelectivity(conditions)
            return PlanNode(
                "Selection",
                rows: try self.estimate(filtered, sources: [source], pseudo: pseudo),
                task: task,
                info: conditions.map { self.text($0, sources: sources) }.joined(separator: ", "),
                children: [child],
                actual: .query(filtered)
            )
        }
        guard let table = source.table else {
            if let subquery = source.reference.subquery {
                return try selection(over: try self.selectPlan(subquery), task: .root, conditions: conjuncts)
            }
            let scan = PlanNode(
                "MemTableScan",
                rows: Self.pseudoRowCount,
                accessObject: "table:\(source.reference.name.uppercased())",
                actual: .query(Self.rowsQuery([item], []))
            )
            return try selection(over: scan, task: .root, conditions: conjuncts)
        }
        let analyzed = self.statistics.analyzed(tableID: table.id) != nil
        let statsNote = analyzed ? "" : ", stats:pseudo"
        let hinted = table.applyingIndexHints(source.reference.indexHints)
        let schema = self.catalog.rowSchema(of: table, alias: source.alias, withHandle: false)
        let evaluator = Evaluator(environment: self.environment, schema: schema)
        let path = AccessPlanner(table: hinted, alias: source.alias, evaluator: evaluator)
            .plan(Self.conjunction(conjuncts)).path
        let base = try self.estimate(Self.rowsQuery([item], []), sources: [source], pseudo: Self.pseudoRowCount)
        let tableObject = "table:\(source.alias)"

        /// The conjuncts on one column of this table, and the scan of them.
        func keyScan(
            _ name: String,
            column: Int,
            object: String,
            task: PlanNode.Task,
            unique: Bool = false
        ) throws(MySQLError) -> (
            PlanNode, [Expression]
        ) {
            let keyConjuncts = conjuncts.filter { Self.isCondition($0, onColumn: table.columns[column].name) }
            let query = Self.rowsQuery([item], keyConjuncts)
            var pseudo = base * Self.pseudoSelectivity(keyConjuncts)
            // A unique one-column key holds at most one row per point.
            let points = Self.pointTexts(keyConjuncts)
            if unique, !points.isEmpty { pseudo = Double(Set(points).count) }
            let range = Self.rangeText(keyConjuncts)
            let node = PlanNode(
                name,
                rows: try self.estimate(query, sources: [source], pseudo: pseudo),
                task: task,
                accessObject: object,
                info: "range:\(range), keep order:false\(statsNote)",
                actual: .query(query)
            )
            return (node, conjuncts.filter { !keyConjuncts.contains($0) })
        }

        switch path {
        case .handles(let handles):
            guard let primary = table.primaryKey, !handles.isEmpty else {
                return PlanNode("TableDual", rows: 0, info: "rows:0", actual: .query(filtered))
            }
            let names = primary.columns.map { table.columns[$0].name }
            let keyConjuncts = conjuncts.filter { conjunct in
                names.contains { Self.isCondition(conjunct, onColumn: $0) }
            }
            let intHandle = primary.columns.count == 1 && table.columns[primary.columns[0]].type.isInteger
            // Point gets name the table, not the alias.
            let pointObject = "table:\(table.name)"
            let object =
                intHandle
                ? pointObject
                : pointObject + (self.hasHiddenHandle(table) ? ", index:PRIMARY(" : ", clustered index:PRIMARY(")
                    + names.joined(separator: ", ") + ")"
            // The handle as the integer it is: `'1.0'` looks up handle 1.
            let values: [String] =
                intHandle
                ? Self.pointTexts(keyConjuncts).map { (text: String) -> String in
                    let unquoted = text.hasPrefix("\"") ? String(text.dropFirst().dropLast()) : text
                    guard let decimal = SQLDecimal(parsing: unquoted), let whole = decimal.rescaled(to: 0),
                        whole == decimal
                    else { return text }
                    return String(whole.unscaled)
                } : []
            let node: PlanNode
            if handles.count == 1 {
                node = PlanNode(
                    "Point_Get",
                    rows: 1,
                    accessObject: object,
                    info: intHandle ? "handle:\(values.first ?? "?")" : "",
                    actual: .query(Self.rowsQuery([item], keyConjuncts))
                )
            } else {
                let handleText = intHandle ? "handle:[\(values.joined(separator: " "))], " : ""
                node = PlanNode(
                    "Batch_Point_Get",
                    rows: Double(handles.count),
                    accessObject: object,
                    info: handleText + "keep order:false, desc:false",
                    actual: .query(Self.rowsQuery([item], keyConjuncts))
                )
            }
            return try selection(
                over: node,
                task: .root,
                conditions: conjuncts.filter { !keyConjuncts.contains($0) }
            )
        case .handleRange:
            let primary = table.primaryKey!.columns[0]
            let (scan, rest) = try keyScan("TableRangeScan", column: primary, object: tableObject, task: .cop)
            let cop = try selection(over: scan, task: .cop, conditions: rest)
            var reader = PlanNode("TableReader", rows: cop.estimatedRows, children: [cop])
            reader.infoIsDataOfChild = true
            return reader
        case .index(let name, _):
            let index = table.indexes.first { $0.name.equalsIgnoringCase(name) }!
            let columnNames = index.columns.map { table.columns[$0].name.lowercased() }
            let shownNames = index.columns.map { table.columns[$0].name }
            let object = "\(tableObject), index:\(index.name)(\(shownNames.joined(separator: ", ")))"
            if index.isUnique,
                Set(index.columns.map { table.columns[$0].name.lowercased() })
                    == Set(
                        conjuncts.compactMap { Self.equalityColumn($0) }.filter(columnNames.contains)
                    )
            {
                let keyConjuncts = conjuncts.filter { Self.equalityColumn($0).map(columnNames.contains) ?? false }
                let point = PlanNode(
                    "Point_Get",
                    rows: 1,
                    accessObject: "table:\(table.name), index:\(index.name)(\(shownNames.joined(separator: ", ")))",
                    actual: .query(Self.rowsQuery([item], keyConjuncts))
                )
                return try selection(
                    over: point,
                    task: .root,
                    conditions: conjuncts.filter { !keyConjuncts.contains($0) }
                )
            }
            let (scan, rest) = try keyScan(
                "IndexRangeScan",
                column: index.columns[0],
                object: object,
                task: .cop,
                unique: index.isUnique && index.columns.count == 1
            )
            var rowScan = PlanNode(
                "TableRowIDScan",
                rows: scan.estimatedRows,
                task: .cop,
                accessObject: tableObject,
                info: "keep order:false\(statsNote)"
            )
            rowScan.actual = scan.actual
            let probe = try selection(over: rowScan, task: .cop, conditions: rest)
            return PlanNode(
                "IndexLookUp",
                rows: probe.estimatedRows,
                children: [scan.labelled("(Build)"), probe.labelled("(Probe)")],
                actual: .query(filtered)
            )
        case .full:
            let scan = PlanNode(
                "TableFullScan",
                rows: base,
                task: .cop,
                accessObject: tableObject,
                info: "keep order:false\(statsNote)",
                actual: .query(Self.rowsQuery([item], []))
            )
            let cop = try selection(over: scan, task: .cop, conditions: conjuncts)
            var reader = PlanNode("TableReader", rows: cop.estimatedRows, children: [cop])
            reader.infoIsDataOfChild = true
            return reader
        }
    }
}
