import MySQLTypes

/// MODIFY/CHANGE COLUMN, RENAME COLUMN and RENAME INDEX, as TiDB v8.5 runs them: a type change
/// that needs the rows rewritten ("reorg") converts every row strictly and fails the statement
/// on the first that does not fit, with TiDB's reorg messages.
extension TableEditor {
    mutating func modifyColumn(
        _ name: String,
        _ spec: ColumnSpec,
        position: ColumnPosition?,
        definition: TableDefinition
    ) throws(MySQLError) {
        guard let at = self.schema.columnIndex(name) else { throw .unknownColumn(name, in: self.schema.name) }
        let old = self.schema.columns[at]
        if spec.name.lowercased() != old.name.lowercased(), self.schema.columnIndex(spec.name) != nil {
            throw .duplicateColumn(spec.name)
        }
        try Session.checkIdentifier(spec.name)
        if spec.isPrimaryKey || spec.isUniqueKey {
            throw .notSupportedYet("MODIFY/CHANGE COLUMN with \(spec.isPrimaryKey ? "PRIMARY KEY" : "UNIQUE")")
        }
        if old.isAutoIncrement, !spec.isAutoIncrement {
            throw Self.unsupported("can't remove auto_increment without @@tidb_allow_remove_auto_inc enabled")
        }
        if !old.isAutoIncrement, spec.isAutoIncrement { throw Self.unsupported("can't set auto_increment") }
        var column = try definition.column(spec, table: self.schema)
        let inPrimaryKey = self.schema.indexes.contains { $0.isPrimary && $0.columns.contains(at) }
        if inPrimaryKey { column.isNullable = false }
        let reorganize = Self.needsRewrite(from: old.type, to: column.type)
        if reorganize, inPrimaryKey { throw Self.unsupported("this column has primary key flag") }
        if reorganize || (old.isNullable && !column.isNullable) {
            let coercion = ColumnCoercion(strict: true, warn: { _ in }, timeZone: self.session.timeZone)
            let target = column
            self.compose { (values) throws(MySQLError) in
                var values = values
                values[at] = try Self.convert(values[at], from: old, to: target, with: coercion)
                return values
            }
        }
        if !spec.name.equalsIgnoringCase(old.name) {
            try self.checkColumnUnusedByChecks(old.name)
            self.renameInForeignKeys(old.name, to: spec.name)
        }
        if !spec.checks.isEmpty { throw .notSupportedYet("CHECK constraints in MODIFY/CHANGE COLUMN") }
        try self.checkForeignKeyColumnChange(from: old, to: column)
        self.schema.columns[at] = column
        if let position { try self.move(columnAt: at, to: position) }
    }

    mutating func renameColumn(_ old: String, to new: String) throws(MySQLError) {
        guard let at = self.schema.columnIndex(old) else { throw .unknownColumn(old, in: self.schema.name) }
        if new.lowercased() != old.lowercased(), self.schema.columnIndex(new) != nil { throw .duplicateColumn(new) }
        try Session.checkIdentifier(new)
        if !new.equalsIgnoringCase(old) {
            try self.checkColumnUnusedByChecks(old)
            try TableDefinition.checkNoExpressionIndexUses(old, in: self.schema)
        }
        self.schema.columns[at].name = new
        self.renameInForeignKeys(old, to: new)
    }

    mutating func renameIndex(_ old: String, to new: String) throws(MySQLError) {
        if old.lowercased() == "primary" || new.lowercased() == "primary" {
            throw .tidb(1280, "42000", "Incorrect index name '\(new)'")
        }
        guard let index = self.schema.indexes.firstIndex(where: { $0.name.lowercased() == old.lowercased() }) else {
            throw .tidb(1176, "42000", "Key '\(old)' doesn't exist in table '\(self.schema.name)'")
        }
        if new.lowercased() != old.lowercased(),
            self.schema.indexes.contains(where: { $0.name.lowercased() == new.lowercased() })
        {
            throw .tidb(1061, "42000", "Duplicate key name '\(new)'")
        }
        self.schema.indexes[index].name = new
    }

    /// `FIRST` / `AFTER c`: the column moves, indexes follow it, rows are reordered.
    private mutating func move(columnAt from: Int, to position: ColumnPosition) throws(MySQLError) {
        var order = Array(self.schema.columns.indices)
        order.remove(at: from)
        switch position {
        case .first: order.insert(from, at: 0)
        case .last: order.append(from)
        case .after(let name):
            guard let after = self.schema.columnIndex(name), after != from else {
                throw .unknownColumn(name, in: self.schema.name)
            }
            order.insert(from, at: order.firstIndex(of: after)! + 1)
        }
        guard order != Array(self.schema.columns.indices) else { return }
        let newPosition = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.schema.columns = order.map { self.schema.columns[$0] }
        for index in self.schema.indexes.indices {
            self.schema.indexes[index].columns = self.schema.indexes[index].columns.map { newPosition[$0]! }
        }
        self.compose { values in order.map { values[$0] } }
    }

    /// Whether TiDB rewrites the rows for this change (`needChangeColumnData`): not for the same
    /// type, nor for a wider integer of the same signedness, nor for a longer string of the same
    /// kind and collation.
    static func needsRewrite(from old: SQLType, to new: SQLType) -> Bool {
        if old == new { return false }
        let integers: [SQLType.Kind] = [.tinyint, .smallint, .mediumint, .int, .bigint]
        if let oldRank = integers.firstIndex(of: old.kind), let newRank = integers.firstIndex(of: new.kind) {
            return newRank < oldRank || old.isUnsigned != new.isUnsigned || old.isZerofill != new.isZerofill
        }
        let lengthened: [SQLType.Kind] = [.varchar, .char, .varbinary, .binary]
        if old.kind == new.kind, lengthened.contains(old.kind), old.collation == new.collation {
            return (new.length ?? 1) < (old.length ?? 1) || (old.kind == .binary && new.length != old.length)
        }
        return true
    }

    /// One stored value into the new column, strictly; TiDB's reorg errors name the old column
    /// and the value instead of a row number.
    private static func convert(
        _ value: Value,
        from old: ColumnSchema,
        to column: ColumnSchema,
        with coercion: ColumnCoercion
    ) throws(MySQLError) -> Value {
        if value.isNull {
            guard column.isNullable else { throw .tidb(1138, "22004", "Invalid use of NULL value") }
            return .null
        }
        do {
            return try coercion.coerce(value, to: column, row: 1)
        } catch {
            let text = value.text ?? ""
            switch error.code {
            case 1264:
                throw .tidb(1264, "22003", "Out of range value for column '\(old.name)', the value is '\(text)'")
            case 1265, 1406:
                throw .tidb(1265, "01000", "Data truncated for column '\(old.name)', value is '\(text)'")
            default:
                throw error
            }
        }
    }

    static func unsupported(_ reason: String) -> MySQLError {
        .tidb(8200, "HY000", "Unsupported modify column: \(reason)")
    }
}
