/// A FOREIGN KEY of a child table, by names as TiDB's `FKInfo` keeps it: the parent may not
/// exist yet (created with `foreign_key_checks = OFF`), and renames update the names.
public struct ForeignKeySchema: Sendable, Hashable {
    public var name: String
    /// The child's columns, as named in the table.
    public var columns: [String]
    public var referencedDatabase: String
    public var referencedTable: String
    public var referencedColumns: [String]
    /// nil: no clause (shown as nothing, acts as NO ACTION).
    public var onDelete: ReferentialAction?
    public var onUpdate: ReferentialAction?

    public init(
        name: String,
        columns: [String],
        referencedDatabase: String,
        referencedTable: String,
        referencedColumns: [String],
        onDelete: ReferentialAction? = nil,
        onUpdate: ReferentialAction? = nil
    ) {
        self.name = name
        self.columns = columns
        self.referencedDatabase = referencedDatabase
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }

    func references(_ database: String, _ table: String) -> Bool {
        self.referencedDatabase.equalsIgnoringCase(database) && self.referencedTable.equalsIgnoringCase(table)
    }
}

/// A CHECK constraint: its expression (evaluated against the row) and the text TiDB shows.
public struct CheckConstraintSchema: Sendable, Hashable {
    public var name: String
    public var expression: Expression
    /// The expression as TiDB restores it (`` `a` > 0 ``), for SHOW CREATE TABLE and
    /// information_schema.CHECK_CONSTRAINTS.
    public var text: String
    public var enforced: Bool
}
