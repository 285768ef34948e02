import MySQLTypes

/// Builds the plan EXPLAIN shows for a statement from the decisions the executors make: the
/// access planner's path per table, joins in FROM order, aggregation, sorting, limits. Estimates
/// follow TiDB: pseudo statistics (10,000 rows, fixed selectivities) until `ANALYZE TABLE`, then
/// counts from the data. The plan text is not a compatibility promise (docs/tidb/explain.md).
struct ExplainPlanner {
    let environment: any ExpressionEnvironment
    let catalog: any TableCatalog
    let storage: Storage
    let statistics: TableStatistics
    let read: ReadContext

    /// TiDB's row count for a table without statistics.
    static let pseudoRowCount = 10_000.0

    /// A FROM item as the planner sees it: its qualifier and columns, its table when it is one.
    struct Source {
        var reference: SelectStatement.TableReference
        var alias: String
        var qualifier: String
        var columns: [String]
        var table: TableSchema?
        var isSystem = false
    }

    func plan(_ statement: Statement) throws(MySQLError) -> PlanNode {
        switch statement {
        case .select(let select):
            return try self.selectPlan(select)
        case .insert(let insert):
            var node = PlanNode("Insert", rows: nil, info: "N/A", actual: .none)
            if case .select(let source) = insert.source { node.children = [try self.selectPlan(source)] }
            return node
        case .update(let update):
            let reference = SelectStatement.TableReference(
                schema: update.table.database,
                name: update.table.name,
                alias: update.alias
            )
            return try self.dmlPlan("Update", reference, whereClause: update.whereClause)
        case .delete(let delete):
            let reference = SelectStatement.TableReference(
                schema: delete.table.database,
                name: delete.table.name,
                alias: delete.alias
            )
            return try self.dmlPlan("Delete", reference, whereClause: delete.whereClause)
        default:
            throw .notSupportedYet("EXPLAIN of this statement")
        }
    }

    private func dmlPlan(
        _ name: String,
        _ reference: SelectStatement.TableReference,
        whereClause: Expression?
    ) throws(MySQLError) -> PlanNode {
        let source = try self.source(reference)
        let conjuncts = whereClause.map(AccessPlanner.conjuncts) ?? []
        let scan = try self.sourcePlan(source, conjuncts: conjuncts, sources: [source])
        return PlanNode(name, rows: nil, info: "N/A", children: [scan], actual: .none)
    }

    func source(_ reference: SelectStatement.TableReference) throws(MySQLError) -> Source {
        let alias = reference.alias ?? reference.name
        if let subquery = reference.subquery {
            let columns = try SelectExecutor(
                environment: self.environment,
                catalog: self.catalog,
                storage: self.storage
            )
            .query(subquery, read: self.read).columns.map(\.name)
            return Source(reference: reference, alias: alias, qualifier: alias, columns: columns)
        }
        guard let database = reference.schema ?? self.catalog.currentDatabase else { throw .noDatabaseSelected }
        if Cluster.isSystemDatabase(database) {
            let rows = try self.catalog.systemTableRows(database: database, table: reference.name, alias: alias)
            return Source(
                reference: reference,
                alias: alias,
                qualifier: "\(database).\(alias)",
                columns: rows.schema.columns.map(\.name),
                isSystem: true
            )
        }
        // Plans of view reads are not drawn here (Session+Views.swift); say so rather than 1146.
        if self.catalog.view(database, reference.name) != nil { throw .notSupportedYet("EXPLAIN of a view") }
        let table = try self.catalog.userTable(TableName(database: database, name: reference.name))
        try table.checkIndexHints(reference.indexHints)
        return Source(
            reference: reference,
            alias: alias,
            // TiDB names columns by their table, whatever alias the query gives it.
            qualifier: "\(table.database).\(table.name.lowercased())",
            columns: table.columns.map(\.name),
            table: table
        )
    }

    /// The text of an expression over `sources`, columns qualified as TiDB prints them.
    /// Aggregate calls computed below print as the column holding them (`lower(Column#6)`).
    func text(_ expression: Expression, sources: [Source], aggregates: [Expression: String] = [:]) -> String {
        let expression =
            aggregates.isEmpty
            ? expression
            : (try? expression.rewritten { node in
                aggregates[node].map { .column(ColumnName(table: Self.computedColumnMarker, name: $0)) }
            }) ?? expression
        return ExplainExpressionText { column in
            if column.table == Self.computedColumnMarker { return column.name }
            if let index = Self.sourceIndex(of: column, in: sources) {
                return "\(sources[index].qualifier).\(column.name.lowercased())"
            }
            return column.name.lowercased()
        }.text(expression)
    }

    /// The table name marking a reference to a column computed below (`Column#N`).
    static let computedColumnMarker = "#computed"

    static func sourceIndex(of column: ColumnName, in sources: [Source]) -> Int? {
        if let table = column.table {
            return sources.firstIndex { $0.alias.equalsIgnoringCase(table) }
        }
        return sources.firstIndex { source in
            source.columns.contains { $0.equalsIgnoringCase(column.name) }
        }
    }

    /// The sources an expression reads; nil when it holds a subquery (it stays above the joins).
    static func referencedSources(_ expression: Expression, in sources: [Source]) -> Set<Int>? {
        var found = Set<Int>()
        var resolvable = true
        _ = expression.contains { node in
            switch node {
            case .column(let column):
                if let index = Self.sourceIndex(of: column, in: sources) {
                    found.insert(index)
                } else {
                    resolvable = false
                }
            case .subquery, .exists, .inSubquery, .quantified:
                resolvable = false
            default:
                break
            }
            return false
        }
        return resolvable ? found : nil
    }

    /// How many rows a query returns: EXPLAIN ANALYZE's actual rows, and the estimate once the
    /// tables are analyzed.
    func count(_ select: SelectStatement) throws(MySQLError) -> Int {
        try SelectExecutor(environment: self.environment, catalog: self.catalog, storage: self.storage)
            .query(select, read: self.read).rows.count
    }

    /// The estimate for an operator producing `query`'s rows: its real count when every table it
    /// reads was analyzed, TiDB's pseudo estimate otherwise.
    func estimate(_ query: SelectStatement, sources: [Source], pseudo: Double) throws(MySQLError) -> Double {
        let analyzed = sources.allSatisfy { source in
            source.table.map { self.statistics.analyzed(tableID: $0.id) != nil } ?? false
        }
        return analyzed ? Double(try self.count(query)) : pseudo
    }

    /// `SELECT 1 FROM items WHERE conjuncts`: the rows an operator over those items produces.
    static func rowsQuery(_ items: [SelectStatement.FromItem], _ conjuncts: [Expression]) -> SelectStatement {
        var select = SelectStatement()
        select.fields = [.expression(.literal(.integer(1)), alias: nil, text: "1")]
        select.from = items
        select.whereClause = Self.conjunction(conjuncts)
        return select
    }

    static func conjunction(_ conjuncts: [Expression]) -> Expression? {
        guard let first = conjuncts.first else { return nil }
        return conjuncts.dropFirst().reduce(first) { .binary(.and, $0, $1) }
    }
}
