import MySQLTypes

/// CHECK constraints and foreign keys on the rows a DML statement writes, inside its transaction:
/// a child row needs its parent (1452), and a parent row's delete or key change acts on its
/// children by their ON DELETE / ON UPDATE (1451 for RESTRICT, NO ACTION and SET DEFAULT, as in
/// TiDB). Cascaded writes go into the same transaction, so they commit, roll back and replicate
/// with the statement.
struct ConstraintEnforcer {
    let context: WriteContext
    /// `foreign_key_checks`.
    /// Read only when a written table takes part in a foreign key: DML on other tables pays nothing.
    var foreignKeyChecks: Bool {
        Self.isOn(self.context.environment.sessionVariableValue("foreign_key_checks"))
    }

    /// TiDB stops a cascade this deep (`MaxForeignKeyCascadeDepth`).
    static let maximumDepth = 15

    init(context: WriteContext) {
        self.context = context
    }

    /// `tidb_enable_check_constraint` (global), read only for a table that has CHECK constraints.
    var checkConstraints: Bool {
        let value = try? self.context.environment.readSystemVariable("tidb_enable_check_constraint", scope: .global)
        return Self.isOn(value?.1 ?? "OFF")
    }

    private static func isOn(_ text: String) -> Bool {
        ["ON", "1", "TRUE"].contains(text.uppercased())
    }

    // MARK: CHECK

    /// 3819 when an enforced CHECK constraint is false for `values` (NULL passes).
    func checkRow(_ values: [Value], of table: TableSchema) throws(MySQLError) {
        // A partitioned table refuses a row no partition takes (1526), as TiDB does.
        try PartitionRouter(table, environment: self.context.environment)?.checkPlaceable(values)
        guard table.checks.contains(where: \.enforced), self.checkConstraints else { return }
        let schema = self.context.catalog.rowSchema(of: table, alias: table.name, withHandle: false)
        var evaluator = Evaluator(environment: self.context.environment, schema: schema)
        evaluator.row = self.context.selectExecutor.visibleValues(
            StoredRow(handle: [], values: values),
            of: table,
            withHandle: false
        )
        for check in table.checks where check.enforced {
            if try evaluator.evaluate(check.expression).truth(warn: evaluator.warn) == false {
                throw .tidb(3819, "HY000", "Check constraint '\(check.name)' is violated.")
            }
        }
    }

    // MARK: Foreign keys

    /// After `table`'s row went from `old` to `new` (nil: inserted or deleted): the row's parents
    /// must exist, and its children follow their actions.
    func afterWrite(_ table: TableSchema, old: [Value]?, new: [Value]?, depth: Int = 0) throws(MySQLError) {
        let children = old == nil ? [] : self.children(of: table)
        if (new == nil || table.foreignKeys.isEmpty) && children.isEmpty { return }
        guard self.foreignKeyChecks else { return }
        if let new {
            for foreignKey in table.foreignKeys {
                let positions = Self.positions(of: foreignKey.columns, in: table)
                if positions.contains(where: { $0 < 0 }) { continue }
                let key = positions.map { new[$0] }
                if key.contains(.null) { continue }
                if let old, Self.encode(old, positions, table) == Self.encode(new, positions, table) { continue }
                try self.requireParent(of: table, foreignKey, values: key)
            }
        }
        guard let old else { return }
        for (child, foreignKey) in children {
            let positions = Self.positions(of: foreignKey.referencedColumns, in: table)
            if positions.contains(where: { $0 < 0 }) || positions.contains(where: { old[$0].isNull }) { continue }
            let oldKey = Self.encode(old, positions, table)
            if let new, Self.encode(new, positions, table) == oldKey { continue }
            let childPositions = Self.positions(of: foreignKey.columns, in: child)
            if childPositions.contains(where: { $0 < 0 }) || childPositions.count != positions.count { continue }
            let rows = self.currentRows(of: child) { Self.encode($0, childPositions, child) == oldKey }
            if rows.isEmpty { continue }
            let action = new == nil ? foreignKey.onDelete : foreignKey.onUpdate
            guard action == .cascade || action == .setNull else {
                throw .tidb(
                    1451,
                    "23000",
                    "Cannot delete or update a parent row: a foreign key constraint fails (\(foreignKey.describe(child)))"
                )
            }
            guard depth < Self.maximumDepth else {
                throw .tidb(
                    3008,
                    "HY000",
                    "Foreign key cascade delete/update exceeds max depth of \(Self.maximumDepth)."
                )
            }
            for row in rows {
                var changed: [Value]?
                if let new, action == .cascade {
                    var values = row.values
                    for (index, position) in childPositions.enumerated() { values[position] = new[positions[index]] }
                    changed = values
                } else if action == .setNull {
                    var values = row.values
                    for position in childPositions {
                        guard child.columns[position].isNullable else {
                            throw .columnCannotBeNull(child.columns[position].name)
                        }
                        values[position] = .null
                    }
                    changed = values
                }
                try self.rewrite(child, row: row, to: changed)
                try self.afterWrite(child, old: row.values, new: changed, depth: depth + 1)
            }
        }
    }

    /// A cascaded write of a child row: deleted (nil) or changed, moving it when its clustered
    /// key changed.
    private func rewrite(_ table: TableSchema, row: StoredRow, to values: [Value]?) throws(MySQLError) {
        let transaction = self.context.transaction
        guard let values else {
            transaction.write(table.id, row.handle, nil, isInsert: false)
            return
        }
        try self.checkRow(values, of: table)
        let writer = self.context.tableWriter(table, ignore: false)
        let handle = table.isClustered ? writer.handle(for: values) : row.handle
        if let collision = writer.collision(values, handle: handle, excluding: row.handle) {
            throw writer.duplicateError(values, index: collision.index)
        }
        if handle != row.handle {
            transaction.write(table.id, row.handle, nil, isInsert: false)
            transaction.write(table.id, handle, values, isInsert: true)
        } else {
            transaction.write(table.id, handle, values, isInsert: false)
        }
    }

    /// INSERT IGNORE's question before it writes a row: the 1452 the row would meet, if any.
    func missingParent(_ table: TableSchema, values: [Value]) -> MySQLError? {
        guard !table.foreignKeys.isEmpty, self.foreignKeyChecks else { return nil }
        for foreignKey in table.foreignKeys {
            let positions = Self.positions(of: foreignKey.columns, in: table)
            if positions.contains(where: { $0 < 0 || values[$0].isNull }) { continue }
            do throws(MySQLError) {
                try self.requireParent(of: table, foreignKey, values: positions.map { values[$0] })
            } catch {
                return error
            }
        }
        return nil
    }

    private func requireParent(
        of child: TableSchema,
        _ foreignKey: ForeignKeySchema,
        values: [Value]
    )
        throws(MySQLError)
    {
        let failure = MySQLError.tidb(
            1452,
            "23000",
            "Cannot add or update a child row: a foreign key constraint fails (\(foreignKey.describe(child)))"
        )
        let parent: TableSchema
        if foreignKey.references(child.database, child.name) {
            parent = child
        } else if let found = self.context.storage.table(foreignKey.referencedDatabase, foreignKey.referencedTable) {
            parent = found
        } else {
            throw failure
        }
        let positions = Self.positions(of: foreignKey.referencedColumns, in: parent)
        if positions.contains(where: { $0 < 0 }) { throw failure }
        let types = positions.map { parent.columns[$0].type }
        let key = KeyEncoding.encode(values, types: types)
        let found = self.currentRows(of: parent, limit: 1) { Self.encode($0, positions, parent) == key }
        if found.isEmpty { throw failure }
    }

    /// Every foreign key, of any table, that references `table`.
    private func children(of table: TableSchema) -> [(TableSchema, ForeignKeySchema)] {
        // The table's own schema as this statement sees it, for a self reference.
        self.context.storage.foreignKeys(referencing: table.database, table.name).map {
            ($0.0.id == table.id ? table : $0.0, $0.1)
        }
    }

    /// The table's rows as this transaction sees them now: the newest commits overlaid by its
    /// own writes.
    private func currentRows(
        of table: TableSchema,
        limit: Int? = nil,
        where matches: ([Value]) -> Bool
    ) -> [StoredRow] {
        let transaction = self.context.transaction
        var rows: [StoredRow] = []
        for row in self.context.storage.scan(tableID: table.id, path: .full, at: Storage.latest)
        where transaction.pending(table.id, row.handle) == nil && matches(row.values) {
            rows.append(row)
            if let limit, rows.count >= limit { return rows }
        }
        for (handle, write) in transaction.writes.tables[table.id] ?? [:] {
            if let values = write.values, matches(values) { rows.append(StoredRow(handle: handle, values: values)) }
        }
        return rows
    }

    static func positions(of names: [String], in table: TableSchema) -> [Int] {
        names.map { table.columnIndex($0) ?? -1 }
    }

    static func encode(_ values: [Value], _ positions: [Int], _ table: TableSchema) -> [UInt8] {
        KeyEncoding.encode(positions.map { values[$0] }, types: positions.map { table.columns[$0].type })
    }
}

extension ForeignKeySchema {
    /// The constraint as TiDB's errors show it (`FKInfo.String`): the child qualified, the
    /// parent only when it is in another database, and lowercased (TiDB writes `RefTable.L`).
    func describe(_ child: TableSchema) -> String {
        let quote = { (name: String) in "`\(name)`" }
        var text = "\(quote(child.database)).\(quote(child.name)), CONSTRAINT \(quote(self.name)) FOREIGN KEY ("
        text += self.columns.map(quote).joined(separator: ", ") + ") REFERENCES "
        if !self.referencedDatabase.equalsIgnoringCase(child.database) {
            text += quote(self.referencedDatabase.lowercased()) + "."
        }
        text +=
            quote(self.referencedTable.lowercased()) + " (" + self.referencedColumns.map(quote).joined(separator: ", ")
            + ")"
        if let onDelete { text += " ON DELETE \(onDelete.rawValue)" }
        if let onUpdate { text += " ON UPDATE \(onUpdate.rawValue)" }
        return text
    }
}
