import MySQLTypes

/// CREATE VIEW, DROP VIEW, SHOW CREATE VIEW, as TiDB v8.5 does them (`pkg/planner/core`
/// `buildCreateView`, `pkg/ddl` `BuildViewInfo`, `pkg/executor/show.go`
/// `fetchShowCreateTable4View`).
extension Session {
    func createView(_ create: CreateViewStatement) throws(MySQLError) {
        guard let database = create.name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        if Cluster.isSystemDatabase(database) {
            throw .notSupportedYet("CREATE VIEW in system database \(database)")
        }
        guard self.cluster.databaseExists(database) else { throw .unknownDatabase(database) }
        try Self.checkIdentifier(create.name.name)
        if Self.readsVariable(create.query) {
            throw .tidb(1351, "HY000", "View's SELECT contains a variable or parameter")
        }
        let query = create.query.qualifyingTables(in: database)
        // Building the query checks its tables and columns and gives its column names.
        let result: ResultSet
        if query.isConstantRow {
            result = try self.selectOneRow(query.fields)
        } else {
            var executor = self.selectExecutor
            executor.checksFullGroupBy = false
            result = try executor.query(query, read: ReadContext(ts: self.cluster.pd.oracle.next().rawValue))
        }
        // TiDB's adjustOverlongViewColname: a generated name over 64 characters becomes name_exp_N.
        let outputNames = result.columns.enumerated().map { index, column in
            column.name.count > 64 && create.columns == nil ? "name_exp_\(index + 1)" : column.name
        }
        let columns = create.columns ?? outputNames
        guard columns.count == outputNames.count else { throw .cteColumnCountMismatch }
        var seen = Set<String>()
        for name in columns where !seen.insert(name.lowercased()).inserted { throw .duplicateColumn(name) }
        let account = self.identity.account
        var view = ViewSchema(
            database: database,
            name: create.name.name,
            columns: columns,
            query: query,
            selectText: ViewText(columnNames: outputNames).query(query),
            definerUser: create.definer?.user ?? account.name,
            definerHost: create.definer?.host ?? account.host,
            charset: self.sessionVariableValue("character_set_client"),
            collation: self.sessionVariableValue("collation_connection")
        )
        view.algorithm = create.algorithm
        view.security = create.security
        view.checkOption = create.checkOption?.rawValue ?? "CASCADED"
        view.createdMicroseconds = self.statementMicroseconds
        try self.cluster.storage.createView(
            view,
            orReplace: create.orReplace,
            statement: self.currentStatement.text,
            writeSource: self.writeSource
        )
    }

    /// TiDB's `dropTableObject` for views: a table is 1347 at once; missing ones are 1051 at the
    /// end (notes under IF EXISTS), after the others are dropped.
    func dropViews(_ names: [TableName], ifExists: Bool) throws(MySQLError) {
        let missing = try self.dropSchemaObjects(names, kind: "VIEW") { database, name in
            self.cluster.storage.dropView(
                database: database,
                name: name,
                statement: self.currentStatement.text,
                writeSource: self.writeSource
            )
        }
        guard !missing.isEmpty else { return }
        if ifExists {
            for name in missing { self.addWarning(.unknownTable(name), level: .note) }
        } else {
            throw .unknownTable(missing.joined(separator: ","))
        }
    }

    /// DROP VIEW / DROP SEQUENCE: a table among the names is 1347 at once (`'db.t' is not VIEW`);
    /// the others are dropped; returns those that did not exist, for the caller's error.
    func dropSchemaObjects(
        _ names: [TableName],
        kind: String,
        drop: (_ database: String, _ name: String) -> Bool
    ) throws(MySQLError) -> [String] {
        var missing: [String] = []
        for name in names {
            guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
            if self.cluster.storage.table(database, name.name) != nil {
                throw .tidb(1347, "HY000", "'\(database).\(name.name)' is not \(kind)")
            }
            if !drop(database, name.name) { missing.append("\(database).\(name.name)") }
        }
        return missing
    }

    /// The view named, or nil when the name is not a view's.
    func userView(_ name: TableName) throws(MySQLError) -> ViewSchema? {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        return self.cluster.storage.view(database, name.name)
    }

    /// SHOW CREATE VIEW (and SHOW CREATE TABLE of a view): View, Create View,
    /// character_set_client, collation_connection.
    func showCreateView(_ name: TableName) throws(MySQLError) -> ResultSet {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        guard let view = self.cluster.storage.view(database, name.name) else {
            if self.cluster.storage.table(database, name.name) != nil {
                throw .tidb(1347, "HY000", "'\(database).\(name.name)' is not VIEW")
            }
            throw .tableDoesNotExist(schema: database, table: name.name)
        }
        let text = Self.createViewText(view)
        return ResultSet(
            columns: [
                FieldType.showColumn(longest: view.name.count).column(named: "View"),
                FieldType.showColumn(longest: text.count).column(named: "Create View"),
                FieldType.showColumn(longest: view.charset.count).column(named: "character_set_client"),
                FieldType.showColumn(longest: view.collation.count).column(named: "collation_connection"),
            ],
            rows: [[.string(view.name), .string(text), .string(view.charset), .string(view.collation)]]
        )
    }

    static func createViewText(_ view: ViewSchema) -> String {
        let columns = view.columns.map(Self.quoted).joined(separator: ", ")
        return
            "CREATE ALGORITHM=\(view.algorithm) DEFINER=\(Self.quoted(view.definerUser))@\(Self.quoted(view.definerHost)) "
            + "SQL SECURITY \(view.security) VIEW \(Self.quoted(view.name)) (\(columns)) AS \(view.selectText)"
    }

    /// INSERT, REPLACE, UPDATE and DELETE of a view: TiDB's planner refuses them by name.
    func checkNotView(_ statement: Statement) throws(MySQLError) {
        let target: TableName
        let message: (String) -> String
        switch statement {
        case .insert(let insert):
            target = insert.table
            message = {
                insert.replace
                    ? "replace into view \($0) is not supported now" : "insert into view \($0) is not supported now"
            }
        case .update(let update):
            target = update.table
            message = { "update view \($0) is not supported now." }
        case .delete(let delete):
            target = delete.table
            message = { "delete view \($0) is not supported now." }
        default:
            return
        }
        if let view = try? self.userView(target) {
            throw .tidb(1105, "HY000", message(view.name))
        }
        try self.checkNotSequence(statement, target: target)
    }

    private static func readsVariable(_ select: SelectStatement) -> Bool {
        var expressions: [Expression] = select.from.compactMap(\.condition)
        for case .expression(let expression, _, _) in select.fields { expressions.append(expression) }
        expressions += [select.whereClause, select.having].compactMap { $0 }
        let direct = expressions.contains { expression in
            expression.contains { node in
                switch node {
                case .userVariable, .parameter: return true
                default: return false
                }
            }
        }
        return direct || select.unions.contains { Self.readsVariable($0.select) }
    }
}

extension SelectExecutor {
    /// A view in FROM: its query run as a derived table named by the alias, its columns the view's.
    func viewRows(
        _ view: ViewSchema,
        alias: String,
        condition: Expression?,
        read: ReadContext
    ) throws(MySQLError) -> SourceRows {
        let key = Storage.tableKey(view.database, view.name)
        if self.expandingViews.contains(key) {
            throw .tidb(1462, "HY000", "`\(view.database)`.`\(view.name)` contains view recursion")
        }
        var inner = self
        inner.expandingViews.append(key)
        inner.workingTables = [:]
        let result: ResultSet
        if view.query.isConstantRow {
            result = try SelectExecutor.oneRow(view.query.fields, environment: self.environment, last: nil).0
        } else {
            result = try inner.query(view.query, read: read)
        }
        return try Self.derivedTable(result, alias: alias, columnNames: view.columns, condition: condition)
    }
}

extension Session {
    /// BACKUP does not carry views here (TiDB's BR backs up their definitions): a scope holding
    /// one fails with the views named rather than leaving them out of the backup.
    func refuseViews(_ scope: BRIEScope) throws(MySQLError) {
        let views: [ViewSchema]
        switch scope {
        case .all:
            views = self.cluster.storage.allViews
        case .databases(let names):
            views = names.flatMap { self.cluster.storage.views(in: $0) }
        case .tables(let names):
            views = names.compactMap { try? self.userView($0) }
        }
        guard !views.isEmpty else { return }
        let names = views.map { "\($0.database).\($0.name)" }.joined(separator: ", ")
        throw .backupFailed("views are not supported by this BACKUP: \(names)")
    }
}

extension Session {
    /// RENAME TABLE does not move views here (TiDB renames them): a clear refusal instead of
    /// 1146; and a table may not take a view's name (1050, as TiDB's name check).
    func checkViewRename(
        from: (database: String, name: String),
        to: (database: String, name: String)
    ) throws(MySQLError) {
        if self.cluster.storage.view(from.database, from.name) != nil {
            throw .notSupportedYet("RENAME TABLE of a view")
        }
        if self.cluster.storage.view(to.database, to.name) != nil {
            throw .tidb(1050, "42S01", "Table '\(to.database).\(to.name)' already exists")
        }
    }
}
