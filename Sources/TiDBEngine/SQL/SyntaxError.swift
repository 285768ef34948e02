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
