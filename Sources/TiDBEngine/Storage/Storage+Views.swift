import MySQLTypes

/// Views share the tables' namespace: CREATE TABLE over a view's name is 1050 and CREATE VIEW over
/// a table's name too (OR REPLACE replaces only views). A view holds no rows; its DDL is logged
/// like a table's, so the change stream replays its text downstream.
extension Storage {
    func view(_ database: String, _ name: String) -> ViewSchema? {
        self.state.withReadLock { $0.views[Self.tableKey(database, name)] }
    }

    func views(in database: String) -> [ViewSchema] {
        let prefix = database.lowercased() + "."
        return self.state.withReadLock { state in
            state.views.filter { $0.key.hasPrefix(prefix) }.map(\.value)
        }.sorted { $0.name < $1.name }
    }

    /// Every view, by database and name.
    var allViews: [ViewSchema] {
        self.state.withReadLock { Array($0.views.values) }.sorted {
            ($0.database.lowercased(), $0.name.lowercased()) < ($1.database.lowercased(), $1.name.lowercased())
        }
    }

    func createView(
        _ view: ViewSchema,
        orReplace: Bool,
        statement: String,
        writeSource: UInt64 = 0
    ) throws(MySQLError) {
        try self.state.withLock { (state) throws(MySQLError) in
            guard state.databases[view.database.lowercased()] != nil else { throw .unknownDatabase(view.database) }
            let key = Self.tableKey(view.database, view.name)
            if state.tableIDs[key] != nil {
                // TiDB: OR REPLACE over a table is `'db.t' is not VIEW`.
                if orReplace { throw .tidb(1347, "HY000", "'\(view.database).\(view.name)' is not VIEW") }
                throw .tidb(1050, "42S01", "Table '\(view.database).\(view.name)' already exists")
            }
            var view = view
            if let old = state.views[key] {
                guard orReplace else {
                    throw .tidb(1050, "42S01", "Table '\(view.database).\(view.name)' already exists")
                }
                view.id = old.id
            } else {
                view.id = state.nextTableID
                state.nextTableID += 2
            }
            state.views[key] = view
            self.logDDL(
                &state,
                database: view.database,
                table: view.name,
                statement: statement,
                writeSource: writeSource
            )
        }
    }

    /// Drops the view; false when there is none of that name (the caller reports it).
    func dropView(database: String, name: String, statement: String, writeSource: UInt64 = 0) -> Bool {
        self.state.withLock { state in
            let key = Self.tableKey(database, name)
            guard state.views[key] != nil else { return false }
            state.views[key] = nil
            self.logDDL(&state, database: database, table: name, statement: statement, writeSource: writeSource)
            return true
        }
    }
}
