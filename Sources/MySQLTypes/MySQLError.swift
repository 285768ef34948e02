/// An error as a MySQL client sees it: the content of an ERR packet.
///
/// Errors are structs with an open set of codes (as postgres-nio's `PSQLError`), so new TiDB
/// errors need no change to the codec. The engine's constructors live in `TiDBEngine`.
public struct MySQLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: UInt16
    /// Five-character SQLSTATE, such as `HY000`.
    public var sqlState: String
    public var message: String

    public init(code: UInt16, sqlState: String, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String { "ERROR \(code) (\(sqlState)): \(message)" }
}
