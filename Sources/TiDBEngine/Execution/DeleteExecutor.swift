import MySQLTypes

/// DELETE: finds the rows (`TargetRows`: a current read in a pessimistic transaction, locked)
/// and writes their deletion.
struct DeleteExecutor {
    let context: WriteContext

    func run(_ delete: DeleteStatement) throws(MySQLError) -> WriteStep {
        if !delete.joined.isEmpty { return try MultiTableDeleteExecutor(context: self.context).run(delete) }
        let table = try self.context.catalog.writableTable(delete.table)
        let targets: [StoredRow]
        switch try TargetRows(context: self.context).find(
            in: table,
            alias: delete.alias ?? table.name,
            condition: delete.whereClause,
            orderBy: delete.orderBy,
            limit: delete.limit,
            partitions: delete.partitions
        ) {
        case .blocked(let wait): return .blocked(wait)
        case .rows(let rows): targets = rows
        }
        let constraints = ConstraintEnforcer(context: self.context)
        for target in targets {
            self.context.transaction.write(table.id, target.handle, nil, isInsert: false)
            try constraints.afterWrite(table, old: target.values, new: nil)
        }
        return .done(.ok(affectedRows: UInt64(targets.count), lastInsertID: 0, info: ""))
    }
}
