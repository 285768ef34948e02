/// An expression key part of an index, `KEY i ((a + 1))`. TiDB keeps it as a hidden virtual
/// generated column `_V$_<index>_<n>`; the mock keeps the expression on the index: no read path
/// uses such an index (every read of the table gives the same rows without it), and a UNIQUE one
/// is refused, so nothing needs its values stored.
public struct IndexExpressionPart: Sendable, Hashable {
    /// 0-based position among all the index's key parts.
    public var ordinal: Int
    public var expression: Expression
    /// As SHOW CREATE TABLE and SHOW INDEX show it (TiDB's `GeneratedExprString`).
    public var text: String
    /// `_V$_<index>_<n>`: the name TiDB's hidden column has, which no other column may take.
    public var hiddenColumnName: String
}

extension IndexSchema {
    /// The index's key parts in order: a column position or an expression part.
    public enum KeyPart: Sendable, Hashable {
        case column(Int)
        case expression(IndexExpressionPart)
    }

    public var keyParts: [KeyPart] {
        guard !self.expressionParts.isEmpty else { return self.columns.map { .column($0) } }
        var parts: [KeyPart] = []
        var columns = self.columns.makeIterator()
        var expressions = self.expressionParts.makeIterator()
        var nextExpression = expressions.next()
        for ordinal in 0..<(self.columns.count + self.expressionParts.count) {
            if let expression = nextExpression, expression.ordinal == ordinal {
                parts.append(.expression(expression))
                nextExpression = expressions.next()
            } else if let column = columns.next() {
                parts.append(.column(column))
            }
        }
        return parts
    }
}

extension TableSchema {
    /// The hidden column names of this table's expression indexes (lowercased).
    var hiddenExpressionColumnNames: Set<String> {
        Set(self.indexes.flatMap { $0.expressionParts.map { $0.hiddenColumnName.lowercased() } })
    }
}
