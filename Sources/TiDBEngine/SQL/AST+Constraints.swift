/// FOREIGN KEY and CHECK clauses of CREATE TABLE and ALTER TABLE.

/// `ON DELETE` / `ON UPDATE` actions, spelled as TiDB prints them.
public enum ReferentialAction: String, Sendable, Hashable {
    case restrict = "RESTRICT"
    case cascade = "CASCADE"
    case setNull = "SET NULL"
    case noAction = "NO ACTION"
    case setDefault = "SET DEFAULT"
}

/// `[CONSTRAINT [name]] FOREIGN KEY [index_name] (cols) REFERENCES t (cols) [ON DELETE a] [ON UPDATE a]`.
public struct ForeignKeySpec: Sendable, Hashable {
    /// The CONSTRAINT name, else the FOREIGN KEY identifier (TiDB's rule); nil: `fk_N`.
    public var name: String?
    public var columns: [String]
    public var referencedTable: TableName
    public var referencedColumns: [String]
    public var onDelete: ReferentialAction?
    public var onUpdate: ReferentialAction?
}

/// `[CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED]`, at table or column level.
public struct CheckSpec: Sendable, Hashable {
    public var name: String?
    public var expression: Expression
    public var enforced = true
    /// The column a column-level CHECK was written on (it may refer to no other column).
    public var column: String?
}
