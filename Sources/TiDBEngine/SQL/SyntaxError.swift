/// A syntax error at a byte offset of the SQL text; rendered in TiDB's 1064 format.
public struct SQLSyntaxError: Error, Sendable, Equatable {
    /// Offset of the token the parser could not accept.
    public var offset: Int
    /// Offset one past that token (TiDB reports the reader's position after it).
    public var end: Int

    public init(offset: Int, end: Int) {
        self.offset = offset
        self.end = end
    }
}

/// A statement with the source text it was parsed from (for the process list and logs).
public struct ParsedStatement: Sendable, Equatable {
    public var statement: Statement
    public var text: String
    /// The statement's `?` markers (prepared statements).
    public var parameterCount: Int = 0
}
