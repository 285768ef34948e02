/// A generated column's definition: the expression, its text as TiDB restores it (what SHOW
/// CREATE TABLE and information_schema show, `GeneratedExprString`), and VIRTUAL or STORED.
/// mock-tidb stores the values of both kinds; they differ only in how they are described.
public struct GeneratedColumn: Sendable, Hashable {
    public var expression: Expression
    public var text: String
    public var isStored: Bool

    public init(expression: Expression, text: String, isStored: Bool) {
        self.expression = expression
        self.text = text
        self.isStored = isStored
    }
}

extension TableSchema {
    public var hasGeneratedColumns: Bool { self.columns.contains { $0.generated != nil } }
}
