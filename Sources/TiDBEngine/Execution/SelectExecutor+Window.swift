import MySQLTypes

/// Window functions in the select list and ORDER BY: each distinct call is computed over the
/// rows (after WHERE, GROUP BY and HAVING) into a column appended to every row, and the
/// expressions then read that column, as aggregates read theirs.
extension SelectExecutor {
    static func windowColumnName(_ index: Int) -> String { "#window\(index)" }

    /// Refuses window calls where TiDB has none: WHERE, GROUP BY, HAVING, ON (3593).
    static func refuseMisplacedWindowCalls(_ select: SelectStatement) throws(MySQLError) {
        var clauses: [Expression] = select.groupBy + select.from.compactMap(\.condition)
        if let condition = select.whereClause { clauses.append(condition) }
        if let having = select.having { clauses.append(having) }
        for clause in clauses {
            if let call = clause.firstWindowCall { throw .windowFunctionMisused(call.name) }
        }
        // HAVING naming the alias of a field with a window call: 3594.
        var windowAliases = Set<String>()
        for field in select.fields {
            if case .expression(let expression, let alias?, _) = field, expression.firstWindowCall != nil {
                windowAliases.insert(alias.lowercased())
            }
        }
        if let having = select.having, !windowAliases.isEmpty {
            var misused: String?
            _ = having.contains { node in
                if misused == nil, case .column(let reference) = node, reference.table == nil,
                    windowAliases.contains(reference.name.lowercased())
                {
                    misused = reference.name
                }
                return misused != nil
            }
            if let misused {
                throw .tidb(
                    3594,
                    "HY000",
                    "You cannot use the alias '\(misused)' of an expression containing a window function in this context.'"
                )
            }
        }
        _ = try WindowDefinitions(select.windows)
    }

    /// Computes the window calls of `projections` and `orderBy` into columns; returns the rows
    /// with those columns, in the order of the last window's sort (as TiDB emits them).
    func computeWindows(
        _ rows: [[Value]],
        schema: RowSchema?,
        projections: inout [Projection],
        orderBy: inout [SelectStatement.OrderItem],
        definitions: [NamedWindow],
        evaluator: Evaluator
    ) throws(MySQLError) -> (RowSchema, [[Value]]) {
        let named = try WindowDefinitions(definitions)
        var calls: [WindowCall] = []
        func register(_ expression: Expression) throws(MySQLError) -> Expression {
            try expression.rewritten { (node) throws(MySQLError) -> Expression? in
                guard case .window(let call) = node else { return nil }
                for argument in call.arguments {
                    if let nested = argument.firstWindowCall { throw .windowFunctionMisused(nested.name) }
                }
                let index: Int
                if let existing = calls.firstIndex(of: call) {
                    index = existing
                } else {
                    index = calls.count
                    calls.append(call)
                }
                return .column(ColumnName(name: Self.windowColumnName(index)))
            }
        }
        for index in projections.indices {
            projections[index].expression = try register(projections[index].expression)
        }
        for index in orderBy.indices { orderBy[index].expression = try register(orderBy[index].expression) }

        var evaluator = evaluator
        evaluator.schema = schema
        var columns = schema?.columns ?? []
        var table = rows
        for (index, call) in calls.enumerated() {
            let (spec, windowName) = try named.resolve(call.window)
            // Types are read from a sample row of the rows as they are before this column.
            evaluator.row = table.first ?? Array(repeating: .null, count: columns.count)
            let computation = try WindowComputation(
                call: call,
                spec: spec,
                windowName: windowName,
                evaluator: evaluator
            )
            let (values, order) = try computation.values(over: table)
            let type = try computation.resultType(sample: values.first)
            for row in table.indices { table[row].append(values[row]) }
            columns.append(
                RowSchema.Column(schema: "", table: "", name: Self.windowColumnName(index), type: type, isHidden: true)
            )
            evaluator.schema = RowSchema(columns: columns)
            if index == calls.count - 1 { table = order.map { table[$0] } }
        }
        return (RowSchema(columns: columns), table)
    }
}

/// A SELECT's `WINDOW name AS (...)` definitions, checked as TiDB checks them.
struct WindowDefinitions {
    private var specs: [String: (name: String, spec: WindowSpec)] = [:]

    static let unnamed = "<unnamed window>"

    init(_ windows: [NamedWindow]) throws(MySQLError) {
        for window in windows {
            let key = window.name.lowercased()
            if self.specs[key] != nil { throw .tidb(3591, "HY000", "Window '\(window.name)' is defined twice.") }
            self.specs[key] = (window.name, window.spec)
        }
        for window in windows {
            _ = try self.resolve(window.spec, as: window.name, visiting: [window.name.lowercased()])
        }
    }

    /// A call's window with its base windows merged in, and the name its errors use.
    func resolve(_ spec: WindowSpec) throws(MySQLError) -> (WindowSpec, String) {
        let isReference = spec.partitionBy.isEmpty && spec.orderBy.isEmpty && spec.frame == nil
        let name = isReference ? (spec.name ?? Self.unnamed) : Self.unnamed
        return (try self.resolve(spec, as: name, visiting: []), name)
    }

    private func resolve(_ spec: WindowSpec, as name: String, visiting: Set<String>) throws(MySQLError) -> WindowSpec {
        guard let baseName = spec.name else { return spec }
        guard let entry = self.specs[baseName.lowercased()] else {
            throw .tidb(3579, "HY000", "Window name '\(baseName)' is not defined.")
        }
        let (definedName, definition) = (entry.name, entry.spec)
        if visiting.contains(baseName.lowercased()) {
            throw .tidb(3580, "HY000", "There is a circularity in the window dependency graph.")
        }
        let base = try self.resolve(definition, as: definedName, visiting: visiting.union([baseName.lowercased()]))
        if !spec.partitionBy.isEmpty {
            throw .tidb(3581, "HY000", "A window which depends on another cannot define partitioning.")
        }
        if base.frame != nil, !spec.orderBy.isEmpty || spec.frame != nil {
            throw .tidb(
                3582,
                "HY000",
                "Window '\(definedName)' has a frame definition, so cannot be referenced by another window."
            )
        }
        if !base.orderBy.isEmpty, !spec.orderBy.isEmpty {
            throw .tidb(
                3583,
                "HY000",
                "Window '\(name)' cannot inherit '\(definedName)' since both contain an ORDER BY clause."
            )
        }
        var merged = base
        merged.name = nil
        if !spec.orderBy.isEmpty { merged.orderBy = spec.orderBy }
        if let frame = spec.frame { merged.frame = frame }
        return merged
    }
}

extension MySQLError {
    /// 3593: a window function where none may be (WHERE, GROUP BY, HAVING, nested).
    static func windowFunctionMisused(_ name: String) -> MySQLError {
        .tidb(3593, "HY000", "You cannot use the window function '\(name.lowercased())' in this context.'")
    }
}
