/// A committed change, in commit-TS order: what BR and TiCDC read from any TS on.
public struct ChangeRecord: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// A row change; `before` nil for an insert, `after` nil for a delete.
        case row(tableID: Int64, database: String, table: String, before: [Value]?, after: [Value]?)
        /// A schema change, with the statement that made it.
        case ddl(database: String, table: String?, statement: String)
    }

    public var commitTS: TSO
    public var change: Change
}
