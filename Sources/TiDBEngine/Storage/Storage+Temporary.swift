import MySQLTypes

/// Local temporary tables: stored with the other tables' rows under their own ids, so reads,
/// writes and transactions treat them alike, but kept out of the catalog (`tableIDs`): only the
/// session holding the id finds one, and creating or dropping it is no schema change.
extension Storage {
    /// Stores a new local temporary table and returns it with its id.
    func createLocalTemporaryTable(_ schema: TableSchema, autoIncrementStart: Int64?) throws(MySQLError) -> TableSchema
    {
        try self.state.withLock { (state) throws(MySQLError) -> TableSchema in
            guard state.databases[schema.database.lowercased()] != nil else { throw .unknownDatabase(schema.database) }
            var schema = schema
            schema.temporary = .local
            schema.id = state.nextTableID
            state.nextTableID += 2
            schema.version = state.schemaVersion
            let data = TableData(schema: schema)
            if let start = autoIncrementStart {
                data.autoIncrement = AutoIncrement(start: max(1, start), batchSize: schema.autoIDCache)
            }
            state.tables[schema.id] = data
            return schema
        }
    }

    func dropLocalTemporaryTable(id: Int64) {
        self.state.withLock { state in
            guard state.tables[id]?.schema.temporary == .local else { return }
            state.tables[id] = nil
        }
    }

    /// TRUNCATE of a local temporary table: an empty table with the same definition and a new id.
    func truncateLocalTemporaryTable(id: Int64) -> TableSchema? {
        self.state.withLock { state -> TableSchema? in
            guard let old = state.tables[id], old.schema.temporary == .local else { return nil }
            var schema = old.schema
            schema.id = state.nextTableID
            state.nextTableID += 2
            state.tables[id] = nil
            state.tables[schema.id] = TableData(schema: schema)
            return schema
        }
    }
}
