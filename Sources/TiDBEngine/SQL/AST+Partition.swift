/// `PARTITION BY RANGE|LIST [COLUMNS] (...) | HASH (expr) | KEY (cols) [PARTITIONS n] [(...)]`.
public struct PartitionSpec: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case range = "RANGE"
        case list = "LIST"
        case hash = "HASH"
        case key = "KEY"
    }

    public struct Definition: Sendable, Hashable {
        public var name: String
        /// RANGE: one bound per column, nil for MAXVALUE.
        public var lessThan: [Expression?] = []
        /// LIST: the value tuples (one element each unless LIST COLUMNS has several columns).
        public var values: [[Expression]] = []
    }

    public var method: Method
    /// `RANGE COLUMNS (a, b)`, `LIST COLUMNS (a)`, `KEY (a)`.
    public var usesColumns = false
    /// RANGE, LIST and HASH partition by an expression.
    public var expression: Expression?
    public var columns: [String] = []
    /// HASH/KEY: `PARTITIONS n` (named definitions count too).
    public var count: Int
    public var definitions: [Definition]
}
