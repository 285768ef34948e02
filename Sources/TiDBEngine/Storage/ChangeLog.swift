/// A committed change, in commit-TS order: what BR and TiCDC read from any TS on.
public struct ChangeRecord: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// A row change; `before` nil for an insert, `after` nil for a delete. `schema` is the
        /// table's at the commit (arrays shared with the catalog's copy, not copied).
        case row(tableID: Int64, schema: TableSchema, before: [Value]?, after: [Value]?)
        /// A schema change, with the statement that made it.
        case ddl(database: String, table: String?, statement: String)
    }

    public var commitTS: TSO
    public var change: Change
    /// The committing session's `tidb_cdc_write_source` (TiKV's txn source): non-zero when
    /// TiCDC wrote the row, so a changefeed in BDR mode can leave it out.
    public var writeSource: UInt64 = 0
}

/// The committed changes after a TS and the TS up to which no other commit will appear
/// (`Storage.changes(after:limit:)`): what a changefeed reads, batch after batch.
public struct ChangeWindow: Sendable, Equatable {
    public var records: [ChangeRecord]
    /// Every commit at or below it is in `records` or was before `after`.
    public var resolvedTS: TSO
}

/// `after` is below the GC safe point: the log no longer holds what came after it.
public struct ChangesCollected: Error, Sendable, Equatable {
    public var gcSafePoint: TSO
}
