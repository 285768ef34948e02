import MySQLTypes

/// What DROP TABLE, DROP DATABASE and TRUNCATE owe to the foreign keys that reference a table
/// (only with `foreign_key_checks` ON, as in TiDB).
extension Session {
    /// 3730 when a table outside `tables` references one of them; nothing is dropped then.
    func checkNotReferenced(dropping tables: [TableName]) throws(MySQLError) {
        let constraints = ConstraintDefinition(session: self)
        guard constraints.foreignKeyChecks else { return }
        var dropped: [(database: String, name: String)] = []
        for name in tables {
            guard let database = name.database ?? self.identity.currentDatabase else { continue }
            dropped.append((database, name.name))
        }
        func isDropped(_ table: TableSchema) -> Bool {
            dropped.contains {
                table.database.equalsIgnoringCase($0.database) && table.name.equalsIgnoringCase($0.name)
            }
        }
        for (database, name) in dropped {
            for (child, foreignKey) in constraints.children(of: database, name) where !isDropped(child) {
                throw Self.referencedTableDrop(name, foreignKey: foreignKey, child: child)
            }
        }
    }

    /// DROP DATABASE: 3730 when a table in another database references one of its tables.
    func checkNotReferenced(droppingDatabase database: String) throws(MySQLError) {
        let constraints = ConstraintDefinition(session: self)
        guard constraints.foreignKeyChecks else { return }
        for parent in constraints.tables where parent.database.equalsIgnoringCase(database) {
            for (child, foreignKey) in constraints.children(of: parent.database, parent.name)
            where !child.database.equalsIgnoringCase(database) {
                throw Self.referencedTableDrop(parent.name, foreignKey: foreignKey, child: child)
            }
        }
    }

    /// TRUNCATE of a parent: 1701 naming the first child's constraint (a self reference does not count).
    func checkNotReferenced(truncating table: TableSchema) throws(MySQLError) {
        let constraints = ConstraintDefinition(session: self)
        guard constraints.foreignKeyChecks else { return }
        for (child, foreignKey) in constraints.children(of: table.database, table.name) where child.id != table.id {
            throw .tidb(
                1701,
                "42000",
                "Cannot truncate a table referenced in a foreign key constraint (`\(child.database)`.`\(child.name)` CONSTRAINT `\(foreignKey.name)`)"
            )
        }
    }

    private static func referencedTableDrop(
        _ parent: String,
        foreignKey: ForeignKeySchema,
        child: TableSchema
    ) -> MySQLError {
        .tidb(
            3730,
            "HY000",
            "Cannot drop table '\(parent)' referenced by a foreign key constraint '\(foreignKey.name)' on table '\(child.name)'."
        )
    }
}
