/// A generated column's clause: its expression and whether its values are stored.
public struct GeneratedColumnSpec: Sendable, Hashable {
    public var expression: Expression
    public var isStored: Bool

    public init(expression: Expression, isStored: Bool) {
        self.expression = expression
        self.isStored = isStored
    }
}
