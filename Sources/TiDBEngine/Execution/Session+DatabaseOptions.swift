import MySQLTypes

extension Session {
    /// `ALTER DATABASE [name] CHARACTER SET x COLLATE y`; the session's `@@collation_database`
    /// follows when it is the current database.
    func alterDatabase(_ name: String?, options: [String: String]) throws(MySQLError) {
        guard let name = name ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        if Cluster.isSystemDatabase(name) {
            throw .tidb(3552, "HY000", "Access to system schema '\(name)' is rejected.")
        }
        guard options["CHARSET"] != nil || options["COLLATE"] != nil else { return }
        let collation = try TableDefinition.collation(charset: options["CHARSET"], collation: options["COLLATE"])
        try self.cluster.storage.alterDatabase(
            name,
            collation: collation,
            statement: self.currentStatement.text,
            writeSource: self.writeSource
        )
        if self.identity.currentDatabase?.lowercased() == name.lowercased() {
            self.variables.sessionValues["character_set_database"] = collation.charset
            self.variables.sessionValues["collation_database"] = collation.name
        }
    }
}
