import MySQLTypes

/// ALTER TABLE and generated columns: a column another generated column reads cannot be dropped
/// or renamed (3108, as TiDB); adding a STORED one is TiDB's 3106. Adding a VIRTUAL one and
/// changing a generated column are not implemented here (1235).
extension TableEditor {
    func checkGeneratedColumns(_ change: AlterTableChange) throws(MySQLError) {
        switch change {
        case .addColumn(let spec, _):
            guard let generated = spec.generated else { return }
            if generated.isStored {
                throw .tidb(
                    3106,
                    "HY000",
                    "'Adding generated stored column through ALTER TABLE' is not supported for generated columns."
                )
            }
            throw .notSupportedYet("ALTER TABLE ADD COLUMN with a VIRTUAL generated column")
        case .modifyColumn(let name, let spec, _):
            let old = self.schema.columnIndex(name).map { self.schema.columns[$0] }
            if spec.generated != nil || old?.generated != nil {
                throw .notSupportedYet("MODIFY/CHANGE COLUMN of a generated column")
            }
            try self.checkNoGeneratedDependency(on: name)
        case .dropColumn(let name):
            try self.checkNoGeneratedDependency(on: name)
        case .renameColumn(let old, _):
            try self.checkNoGeneratedDependency(on: old)
        default:
            return
        }
    }

    private func checkNoGeneratedDependency(on name: String) throws(MySQLError) {
        let dependent = self.schema.columns.contains { column in
            guard let generated = column.generated, !column.name.equalsIgnoringCase(name) else { return false }
            return generated.expression.contains { node in
                if case .column(let reference) = node { return reference.name.equalsIgnoringCase(name) }
                return false
            }
        }
        if dependent { throw .tidb(3108, "HY000", "Column '\(name)' has a generated column dependency.") }
    }
}
