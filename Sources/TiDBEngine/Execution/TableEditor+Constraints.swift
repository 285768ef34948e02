import MySQLTypes

/// ALTER TABLE's FOREIGN KEY and CHECK changes, and what dropping an index or a column owes to
/// the table's constraints.
extension TableEditor {
    mutating func applyConstraintChange(_ change: AlterTableChange) throws(MySQLError) {
        let definition = self.constraints
        switch change {
        case .addForeignKey(let spec):
            try definition.addForeignKey(spec, to: &self.schema)
        case .dropForeignKey(let name):
            guard let at = self.schema.foreignKeys.firstIndex(where: { $0.name.equalsIgnoringCase(name) }) else {
                throw .tidb(1091, "42000", "Can't DROP '\(name)'; check that column/key exists")
            }
            self.schema.foreignKeys.remove(at: at)
        case .addCheck(let spec):
            // ALTER TABLE names a missing column as TiDB's expression builder does (1054), not
            // with CREATE TABLE's 3820.
            let name = spec.name ?? ConstraintDefinition.unusedCheckName(self.schema)
            var missing: String?
            _ = spec.expression.contains { node in
                if case .column(let column) = node, self.schema.columnIndex(column.name) == nil {
                    missing = missing ?? column.name
                }
                return false
            }
            if let missing, definition.checkConstraints {
                throw .unknownColumn(missing, in: "check constraint \(name) expression")
            }
            try definition.addCheck(spec, to: &self.schema)
        case .dropConstraint(let name, _):
            guard definition.checkConstraints else {
                definition.warn(.tidb(1105, "HY000", "tidb_enable_check_constraint is off"))
                return
            }
            guard let at = self.schema.checks.firstIndex(where: { $0.name.equalsIgnoringCase(name) }) else {
                throw .tidb(3940, "HY000", "Constraint '\(name)' does not exist.")
            }
            self.schema.checks.remove(at: at)
        case .alterCheck(let name, let enforced):
            guard definition.checkConstraints else {
                definition.warn(.tidb(1105, "HY000", "tidb_enable_check_constraint is off"))
                return
            }
            guard let at = self.schema.checks.firstIndex(where: { $0.name.equalsIgnoringCase(name) }) else {
                throw .tidb(3940, "HY000", "Constraint '\(name)' does not exist.")
            }
            self.schema.checks[at].enforced = enforced
        default:
            preconditionFailure("not a constraint change")
        }
    }

    /// 1553 when `index` is the only one covering a foreign key's columns, of this table or of a
    /// child referencing it (even with `foreign_key_checks` OFF, as in TiDB).
    func checkIndexDroppable(_ index: IndexSchema) throws(MySQLError) {
        let remaining = self.schema.indexes.filter { $0.name != index.name }
        var withoutIndex = self.schema
        withoutIndex.indexes = remaining
        func needed(_ positions: [Int]) -> Bool {
            let prefix = Array(index.columns.prefix(positions.count))
            return prefix == positions && ConstraintDefinition.coveringIndex(withoutIndex, positions) == nil
        }
        var groups = self.schema.foreignKeys.map { ConstraintEnforcer.positions(of: $0.columns, in: self.schema) }
        for (_, foreignKey) in self.constraints.children(of: self.schema.database, self.schema.name) {
            groups.append(ConstraintEnforcer.positions(of: foreignKey.referencedColumns, in: self.schema))
        }
        if groups.contains(where: needed) {
            throw .tidb(1553, "HY000", "Cannot drop index '\(index.name)': needed in a foreign key constraint")
        }
    }

    /// 1828 / 1829 when a foreign key uses the column; 3959 when a CHECK constraint does.
    func checkColumnDroppable(_ name: String) throws(MySQLError) {
        if let foreignKey = self.schema.foreignKeys.first(where: { $0.columns.contains { $0.equalsIgnoringCase(name) } }
        ) {
            throw .tidb(
                1828,
                "HY000",
                "Cannot drop column '\(name)': needed in a foreign key constraint '\(foreignKey.name)'"
            )
        }
        for (child, foreignKey) in self.constraints.children(of: self.schema.database, self.schema.name)
        where foreignKey.referencedColumns.contains(where: { $0.equalsIgnoringCase(name) }) {
            throw .tidb(
                1829,
                "HY000",
                "Cannot drop column '\(name)': needed in a foreign key constraint '\(foreignKey.name)' of table '\(child.name)'"
            )
        }
        try self.checkColumnUnusedByChecks(name)
    }

    func checkColumnUnusedByChecks(_ name: String) throws(MySQLError) {
        for check in self.schema.checks
        where check.expression.contains(where: {
            if case .column(let column) = $0 { return column.name.equalsIgnoringCase(name) }
            return false
        }) {
            throw .tidb(
                3959,
                "HY000",
                "Check constraint '\(check.name)' uses column '\(name)', hence column cannot be dropped or renamed."
            )
        }
    }

    /// A renamed column keeps its foreign keys.
    mutating func renameInForeignKeys(_ old: String, to new: String) {
        for index in self.schema.foreignKeys.indices {
            self.schema.foreignKeys[index].columns = self.schema.foreignKeys[index].columns.map {
                $0.equalsIgnoringCase(old) ? new : $0
            }
            if self.schema.foreignKeys[index].references(self.schema.database, self.schema.name) {
                self.schema.foreignKeys[index].referencedColumns = self.schema.foreignKeys[index].referencedColumns
                    .map { $0.equalsIgnoringCase(old) ? new : $0 }
            }
        }
    }
}

extension TableEditor {
    /// MODIFY/CHANGE COLUMN of a column a foreign key uses, as TiDB's
    /// `checkModifyColumnWithForeignKeyConstraint`: another type code is 3780; a narrower length
    /// (or any DECIMAL change) is 1832 on the child's side, 1833 on the parent's; integer
    /// display widths may change.
    func checkForeignKeyColumnChange(from old: ColumnSchema, to new: ColumnSchema) throws(MySQLError) {
        if ConstraintDefinition.typeCode(old.type) == ConstraintDefinition.typeCode(new.type),
            old.type.length == new.type.length, old.type.scale == new.type.scale
        {
            return
        }
        for foreignKey in self.schema.foreignKeys {
            guard let index = foreignKey.columns.firstIndex(where: { $0.equalsIgnoringCase(old.name) }),
                let parent = foreignKey.references(self.schema.database, self.schema.name)
                    ? self.schema : self.constraints.table(foreignKey.referencedDatabase, foreignKey.referencedTable),
                let position = parent.columnIndex(foreignKey.referencedColumns[index])
            else { continue }
            let related = parent.columns[position]
            if ConstraintDefinition.typeCode(new.type) != ConstraintDefinition.typeCode(related.type) {
                throw Self.incompatible(new.name, foreignKey.referencedColumns[index], foreignKey.name)
            }
            if !Self.acceptable(new, old, related) {
                throw .tidb(
                    1832,
                    "HY000",
                    "Cannot change column '\(old.name)': used in a foreign key constraint '\(foreignKey.name)'"
                )
            }
        }
        for (child, foreignKey) in self.constraints.children(of: self.schema.database, self.schema.name) {
            guard let index = foreignKey.referencedColumns.firstIndex(where: { $0.equalsIgnoringCase(old.name) }),
                let position = child.columnIndex(foreignKey.columns[index])
            else { continue }
            let related = child.columns[position]
            if ConstraintDefinition.typeCode(new.type) != ConstraintDefinition.typeCode(related.type) {
                throw Self.incompatible(related.name, old.name, foreignKey.name)
            }
            if !Self.acceptable(new, old, related) {
                throw .tidb(
                    1833,
                    "HY000",
                    "Cannot change column '\(old.name)': used in a foreign key constraint '\(foreignKey.name)' of table "
                        + "'\(child.database.lowercased()).\(child.name.lowercased())'"
                )
            }
        }
    }

    private static func incompatible(_ column: String, _ referenced: String, _ name: String) -> MySQLError {
        .tidb(
            3780,
            "HY000",
            "Referencing column '\(column)' and referenced column '\(referenced)' in foreign key constraint '\(name)' are incompatible."
        )
    }

    /// TiDB's `isAcceptableForeignKeyColumnChange`.
    private static func acceptable(_ new: ColumnSchema, _ old: ColumnSchema, _ related: ColumnSchema) -> Bool {
        if new.type.isInteger { return true }
        let length = new.type.length ?? 0
        if length < (related.type.length ?? 0) || length < (old.type.length ?? 0) { return false }
        if new.type.kind == .decimal, new.type.length != old.type.length || new.type.scale != old.type.scale {
            return false
        }
        return true
    }
}
