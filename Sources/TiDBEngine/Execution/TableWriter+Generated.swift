import MySQLTypes

/// Generated columns on INSERT, REPLACE and UPDATE: a value given for one is 3105 (DEFAULT is
/// allowed), and every one is computed from the row, in definition order, before the row is
/// keyed and written.
extension TableWriter {
    func refuseValue(forGeneratedColumn position: Int) throws(MySQLError) {
        let column = self.table.columns[position]
        guard column.generated != nil else { return }
        throw .tidb(
            3105,
            "HY000",
            "The value specified for generated column '\(column.name)' in table '\(self.table.name)' is not allowed."
        )
    }

    func computeGeneratedColumns(_ values: inout [Value], row: Int, ignore: Bool) throws(MySQLError) {
        guard self.table.hasGeneratedColumns else { return }
        let schema = RowSchema(
            columns: self.table.columns.map { column in
                RowSchema.Column(
                    schema: self.table.database,
                    table: self.table.name,
                    name: column.name,
                    type: column.type.fieldType(notNull: !column.isNullable)
                )
            }
        )
        var evaluator = Evaluator(environment: self.environment, schema: schema, row: values)
        evaluator.clause = "generated column function"
        for (position, column) in self.table.columns.enumerated() {
            guard let generated = column.generated else { continue }
            let value = try evaluator.evaluate(generated.expression)
            values[position] = try self.convert(value, toColumn: position, row: row, ignore: ignore)
            evaluator.row[position] = values[position]
        }
    }
}
