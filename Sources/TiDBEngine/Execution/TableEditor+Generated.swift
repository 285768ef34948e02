import MySQLTypes

/// ALTER TABLE and generated columns: a column another generated column reads cannot be dropped
/// or renamed (3108, as TiDB); adding a STORED one is TiDB's 3106, a VIRTUAL one computes it for
/// every row. Changing a generated column is not implemented here (1235).
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
            return
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

    /// The column just added at `position` is generated: check its expression as CREATE TABLE
    /// does, and compute it for every existing row (strictly: a value that does not fit fails
    /// the statement, which changes nothing).
    mutating func computeAddedGeneratedColumn(at position: Int) throws(MySQLError) {
        try TableDefinition.checkGeneratedColumns(self.schema)
        let table = self.schema
        let column = table.columns[position]
        guard let generated = column.generated else { return }
        let environment: any ExpressionEnvironment = self.session
        let coercion = ColumnCoercion(strict: true, warn: { environment.warn($0) }, timeZone: environment.timeZone)
        let schema = RowSchema(of: table, alias: table.name, withHandle: false)
        self.compose { (values) throws(MySQLError) in
            var evaluator = Evaluator(environment: environment, schema: schema, row: values)
            evaluator.clause = "generated column function"
            var values = values
            let value = try evaluator.evaluate(generated.expression)
            if value.isNull {
                guard column.isNullable else { throw .columnCannotBeNull(column.name) }
                values[position] = .null
            } else {
                values[position] = try coercion.coerce(value, to: column, row: 1)
            }
            return values
        }
    }
}
