import MySQLTypes

/// ALTER TABLE changes applied to a schema, with the mapping of stored rows to the new columns.
struct TableEditor {
    var schema: TableSchema
    let session: Session
    /// FOREIGN KEY and CHECK clauses, with the other tables as they were before the statement.
    let constraints: ConstraintDefinition
    /// Maps a stored row to the new column layout, when columns were added, dropped, moved or
    /// converted; it refuses a row that does not convert.
    private(set) var rowTransform: Storage.RowTransform?

    init(schema: TableSchema, session: Session, constraints: ConstraintDefinition) {
        self.schema = schema
        self.session = session
        self.constraints = constraints
    }

    mutating func apply(_ change: AlterTableChange) throws(MySQLError) {
        let definition = TableDefinition(session: self.session)
        try self.checkGeneratedColumns(change)
        switch change {
        case .addColumn(let spec, let position):
            guard self.schema.columnIndex(spec.name) == nil,
                !self.schema.hiddenExpressionColumnNames.contains(spec.name.lowercased())
            else { throw .duplicateColumn(spec.name) }
            if spec.isPrimaryKey || spec.isAutoIncrement {
                let constraint = spec.isPrimaryKey ? "PRIMARY KEY" : "AUTO_INCREMENT"
                throw .tidb(
                    8200,
                    "HY000",
                    "unsupported add column '\(spec.name)' constraint \(constraint) when altering '\(self.schema.database).\(self.schema.name)'"
                )
            }
            try Session.checkIdentifier(spec.name)
            let column = try definition.column(spec, table: self.schema)
            let at: Int
            switch position {
            case .last: at = self.schema.columns.count
            case .first: at = 0
            case .after(let name):
                guard let index = self.schema.columnIndex(name) else {
                    throw .unknownColumn(name, in: self.schema.name)
                }
                at = index + 1
            }
            let filler = try self.fillValue(for: column)
            self.schema.columns.insert(column, at: at)
            for index in self.schema.indexes.indices {
                self.schema.indexes[index].columns = self.schema.indexes[index].columns.map { $0 >= at ? $0 + 1 : $0 }
            }
            self.compose { values in
                var values = values
                values.insert(filler, at: at)
                return values
            }
            if spec.generated != nil { try self.computeAddedGeneratedColumn(at: at) }
            if spec.isUniqueKey {
                try definition.addIndex(IndexSpec(kind: .unique, name: nil, columns: [spec.name]), to: &self.schema)
            }
        case .dropColumn(let name):
            guard let at = self.schema.columnIndex(name) else {
                throw .tidb(1091, "42000", "Can't DROP '\(name)'; check that column/key exists")
            }
            try self.checkColumnDroppable(name)
            try TableDefinition.checkNoExpressionIndexUses(name, in: self.schema)
            guard self.schema.columns.count > 1 else {
                throw .tidb(1090, "42000", "You can't delete all columns with ALTER TABLE; use DROP TABLE instead")
            }
            if self.schema.indexes.contains(where: { $0.columns.contains(at) && ($0.isPrimary || $0.columns.count > 1) }
            ) {
                throw .tidb(
                    8200,
                    "HY000",
                    "can't drop column \(name) with composite index covered or Primary Key covered now"
                )
            }
            self.schema.indexes.removeAll { $0.columns == [at] }
            self.schema.columns.remove(at: at)
            for index in self.schema.indexes.indices {
                self.schema.indexes[index].columns = self.schema.indexes[index].columns.map { $0 > at ? $0 - 1 : $0 }
            }
            self.compose { values in
                var values = values
                values.remove(at: at)
                return values
            }
        case .addIndex(let spec):
            try Self.checkExpressionParts(spec)
            if spec.kind == .primary { throw .notSupportedYet("ALTER TABLE ADD PRIMARY KEY") }
            try definition.addIndex(spec, to: &self.schema)
        case .dropIndex(let name):
            if name.lowercased() == "primary" {
                throw .tidb(8200, "HY000", "Unsupported drop primary key when the table is using clustered index")
            }
            guard let index = self.schema.indexes.firstIndex(where: { $0.name.lowercased() == name.lowercased() })
            else {
                throw .tidb(1091, "42000", "index \(name) doesn't exist")
            }
            try self.checkIndexDroppable(self.schema.indexes[index])
            self.schema.indexes.remove(at: index)
            try TableDefinition.checkAutoIncrement(self.schema)
        case .modifyColumn(let name, let spec, let position):
            try self.modifyColumn(name, spec, position: position, definition: definition)
        case .renameColumn(let old, let new):
            try self.renameColumn(old, to: new)
        case .renameIndex(let old, let new):
            try self.renameIndex(old, to: new)
        case .alterDefault(let name, let expression):
            guard let at = self.schema.columnIndex(name) else { throw .unknownColumn(name, in: self.schema.name) }
            let column = self.schema.columns[at]
            self.schema.columns[at].defaultValue =
                try expression.map { (expression) throws(MySQLError) in
                    try definition.defaultValue(expression, for: column)
                } ?? .none
        case .addForeignKey, .dropForeignKey, .addCheck, .dropConstraint, .alterCheck:
            try self.applyConstraintChange(change)
        case .rename:
            // The table's name is the storage's key: the caller renames it after the other changes.
            break
        case .alterIndexVisibility(let name, let visible):
            guard let at = self.schema.indexes.firstIndex(where: { $0.name.equalsIgnoringCase(name) }) else {
                throw .tidb(1176, "42000", "Key '\(name)' doesn't exist in table '\(self.schema.name)'")
            }
            if self.schema.indexes[at].isPrimary {
                throw .tidb(3522, "HY000", "A primary key index cannot be invisible")
            }
            self.schema.indexes[at].isVisible = visible
        case .ifNeeded(let inner):
            do throws(MySQLError) {
                try self.apply(inner)
            } catch  where error.code == 1060 || error.code == 1091 {
                self.session.addWarning(error, level: .note)
            }
        case .option(let name, let value):
            switch name {
            case "COMMENT": self.schema.comment = value
            // Applied by the caller to the table's allocator.
            case "AUTO_INCREMENT": break
            case "ENGINE": break
            default: throw .notSupportedYet("ALTER TABLE option \(name)")
            }
        }
    }

    /// What existing rows get in a new column: its default, else NULL or the type's zero.
    private func fillValue(for column: ColumnSchema) throws(MySQLError) -> Value {
        switch column.defaultValue {
        case .value(let value): return value
        case .null: return .null
        case .currentTimestamp:
            return self.session.currentTimestamp(for: column)
        case .none:
            return column.isNullable ? .null : ColumnCoercion.implicitZero(column.type)
        }
    }

    mutating func compose(_ next: @escaping Storage.RowTransform) {
        if let previous = self.rowTransform {
            self.rowTransform = { (values) throws(MySQLError) in try next(previous(values)) }
        } else {
            self.rowTransform = next
        }
    }
}
