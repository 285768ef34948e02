/// The foreign keys that reference each table, for the DML that changes a parent: looked up per
/// written row, so kept by schema version instead of scanning every table each time.
struct ForeignKeyReferences: Sendable {
    var version: Int64 = -1
    /// `database.table` (lowercased) → the child tables and their foreign keys.
    var children: [String: [(TableSchema, ForeignKeySchema)]] = [:]
}

extension Storage {
    func foreignKeys(referencing database: String, _ table: String) -> [(TableSchema, ForeignKeySchema)] {
        let version = self.schemaVersion
        let cached = self.referencingForeignKeys.withLock { references -> [(TableSchema, ForeignKeySchema)]? in
            guard references.version == version else { return nil }
            // The common case, no foreign keys at all, without building the key.
            if references.children.isEmpty { return [] }
            return references.children[Self.tableKey(database, table)] ?? []
        }
        if let cached { return cached }
        let key = Self.tableKey(database, table)
        var rebuilt = ForeignKeyReferences(version: version)
        for child in self.allTables {
            for foreignKey in child.foreignKeys {
                rebuilt.children[Self.tableKey(foreignKey.referencedDatabase, foreignKey.referencedTable), default: []]
                    .append((child, foreignKey))
            }
        }
        self.referencingForeignKeys.withLock { $0 = rebuilt }
        return rebuilt.children[key] ?? []
    }
}

extension Storage {
    /// RENAME TABLE of a parent: its children's foreign keys follow it, pair by pair in order (so
    /// swaps through a temporary name end right), as TiDB's rename job updates them.
    static func moveForeignKeyReferences(
        _ state: inout State,
        _ renames: [(from: (database: String, name: String), to: (database: String, name: String))]
    ) {
        for (from, to) in renames {
            for table in state.tables.values
            where table.schema.foreignKeys.contains(where: { $0.references(from.database, from.name) }) {
                var schema = table.schema
                for index in schema.foreignKeys.indices
                where schema.foreignKeys[index].references(from.database, from.name) {
                    schema.foreignKeys[index].referencedDatabase = to.database
                    schema.foreignKeys[index].referencedTable = to.name
                }
                schema.version = state.schemaVersion + 1
                table.schema = schema
            }
        }
    }
}
