/// One operator of the plan EXPLAIN shows. The mock executes statements directly (no plan
/// tree); these nodes describe what it does, in TiDB's operator vocabulary.
struct PlanNode {
    enum Task: String {
        case root
        case cop = "cop[tikv]"
    }

    /// How EXPLAIN ANALYZE learns the rows an operator produced.
    enum ActualRows {
        /// Counted by running this query (the operator's input and conditions, as a SELECT).
        case query(SelectStatement)
        /// As many as its (first) child produced.
        case child
        /// The statement's own result.
        case statementResult
        /// DML operators report none.
        case none
    }

    var name: String
    var estimatedRows: Double?
    var task: Task
    var accessObject = ""
    var info = ""
    /// A reader's info names its child (`data:TableFullScan_4`), known only once ids are given.
    var infoIsDataOfChild = false
    var children: [PlanNode] = []
    /// `(Build)`/`(Probe)` after the id, for the two sides of a join or an index lookup.
    var label = ""
    var actual: ActualRows = .child

    init(
        _ name: String,
        rows: Double?,
        task: Task = .root,
        accessObject: String = "",
        info: String = "",
        children: [PlanNode] = [],
        actual: ActualRows = .child
    ) {
        self.name = name
        self.estimatedRows = rows
        self.task = task
        self.accessObject = accessObject
        self.info = info
        self.children = children
        self.actual = actual
    }

    func labelled(_ label: String) -> PlanNode {
        var copy = self
        copy.label = label
        return copy
    }
}

/// A rendered EXPLAIN row before the ANALYZE columns are filled in.
struct PlanRow {
    var id: String
    var node: PlanNode
}

extension PlanNode {
    /// The rows of the tree, depth first, with TiDB's tree drawing (`└─`, `├─`, `│ `) and ids
    /// numbered in that order; `brief` drops the numbers as `FORMAT = 'brief'` does.
    func rows(brief: Bool) -> [PlanRow] {
        var counter = 0
        var rows: [PlanRow] = []
        func visit(_ node: PlanNode, prefix: String, isLast: Bool, isRoot: Bool) -> String {
            counter += 1
            let name = brief ? node.name : "\(node.name)_\(counter)"
            let branch = isRoot ? "" : (isLast ? "└─" : "├─")
            let position = rows.count
            rows.append(PlanRow(id: prefix + branch + name + node.label, node: node))
            let childPrefix = isRoot ? "" : prefix + (isLast ? "  " : "│ ")
            var childNames: [String] = []
            for (index, child) in node.children.enumerated() {
                childNames.append(
                    visit(child, prefix: childPrefix, isLast: index == node.children.count - 1, isRoot: false)
                )
            }
            if node.infoIsDataOfChild, let first = childNames.first {
                rows[position].node.info = "data:" + first
            }
            return name
        }
        _ = visit(self, prefix: "", isLast: true, isRoot: true)
        return rows
    }

    /// TiDB prints estimates with two decimals.
    static func format(rows: Double?) -> String {
        guard let rows else { return "N/A" }
        let hundredths = (rows * 100).rounded()
        let whole = Int64(hundredths / 100)
        let fraction = Int64(hundredths) - whole * 100
        return "\(whole)." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
