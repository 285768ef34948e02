/// `WITH RECURSIVE name [(columns)] AS (seed UNION [ALL] recursive ...)`: the seed members
/// (which do not name the CTE) run once; the recursive ones run again over the rows the last
/// round added until a round adds none.
public struct RecursiveCTE: Sendable, Hashable {
    public var name: String
    public var columnNames: [String]?
    /// The CTE's query as written: its first SELECT and its UNION members.
    public var query: SelectStatement
    /// Which of the members (the first SELECT, then each UNION member) name the CTE.
    public var readsItself: [Bool]
}
