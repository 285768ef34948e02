import MySQLTypes

extension Storage {
    /// `ALTER DATABASE … CHARACTER SET/COLLATE`: the default for tables created afterwards;
    /// existing tables keep theirs, as in TiDB.
    func alterDatabase(
        _ name: String,
        collation: Collation,
        statement: String,
        writeSource: UInt64 = 0
    )
        throws(MySQLError)
    {
        try self.state.withLock { (state) throws(MySQLError) in
            guard var database = state.databases[name.lowercased()] else { throw .unknownDatabase(name) }
            database.charset = collation.charset
            database.collation = collation.name
            state.databases[name.lowercased()] = database
            self.logDDL(&state, database: database.name, table: nil, statement: statement, writeSource: writeSource)
        }
    }
}
