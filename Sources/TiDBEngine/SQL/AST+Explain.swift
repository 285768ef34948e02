/// `EXPLAIN [ANALYZE] [FORMAT = "row"|"brief"|...] statement`. The explained statement is boxed:
/// `Statement` cannot hold itself inline.
public struct ExplainStatement: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case row, brief, verbose
    }

    public var analyze: Bool
    public var format: Format
    private var box: [Statement]

    public var statement: Statement { self.box[0] }

    public init(analyze: Bool, format: Format, statement: Statement) {
        self.analyze = analyze
        self.format = format
        self.box = [statement]
    }
}

/// `ADMIN CHECK TABLE t[, ...]` or `ADMIN CHECK INDEX t index`.
public enum AdminCheckStatement: Sendable, Hashable {
    case tables([TableName])
    case index(TableName, String)
}

/// `USE INDEX (a, b)`, `FORCE INDEX (a)`, `IGNORE KEY (a)`; an empty USE list means no index.
public struct IndexHint: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case use, force, ignore
    }

    public var kind: Kind
    public var indexes: [String]
}
