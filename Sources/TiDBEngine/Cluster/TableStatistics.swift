import Synchronization

/// What `ANALYZE TABLE` recorded per table: the row count, when, and at which TS. EXPLAIN
/// estimates from it ("stats:pseudo" until a table is analyzed, as in TiDB).
public final class TableStatistics: Sendable {
    public struct Analyzed: Sendable, Equatable {
        public var rowCount: Int
        public var analyzedTS: UInt64
    }

    private let tables = Mutex<[Int64: Analyzed]>([:])

    public init() {}

    func record(tableID: Int64, _ analyzed: Analyzed) {
        self.tables.withLock { $0[tableID] = analyzed }
    }

    func analyzed(tableID: Int64) -> Analyzed? {
        self.tables.withLock { $0[tableID] }
    }
}
