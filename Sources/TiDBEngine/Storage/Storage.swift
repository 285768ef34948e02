import MySQLTypes
import Synchronization

/// One cluster's data: the catalog, every table's MVCC rows and indexes, the change log, and
/// the pessimistic lock table. One reader-writer lock guards it all: reads share it, changes
/// (commits, locks, DDL) take it alone; critical sections are short (a lookup, a scan, applying
/// a commit) and nothing waits while holding it. Running transactions are counted apart, under
/// their own mutex, because every transaction's start and end changes them.
public final class Storage: Sendable {
    struct State {
        var databases: [String: DatabaseSchema] = [:]
        var tables: [Int64: TableData] = [:]
        /// `database.table` (lowercased) → table id.
        var tableIDs: [String: Int64] = [:]
        /// Views by `tableKey` (Storage+Views.swift); a view and a table never share a name.
        var views: [String: ViewSchema] = [:]
        /// Sequences by `tableKey` (Storage+Sequences.swift), in the same namespace.
        var sequences: [String: SequenceSchema] = [:]
        var nextTableID: Int64 = 100
        var changeLog: [ChangeRecord] = []
        var locks: [LockKey: UInt64] = [:]
        var lockWaits: [UInt64: [LockWait]] = [:]
        /// Waiting transaction → the one it waits for (deadlock detection).
        var waitsFor: [UInt64: UInt64] = [:]
        var schemaVersion: Int64 = 1
    }

    let state: ReadWriteLock<State>
    /// `State.schemaVersion`, readable without the lock: sessions keep the schemas they used
    /// and look again only when it moved.
    let publishedSchemaVersion = Atomic<Int64>(1)
    /// Start TSs of running transactions (stale-read transactions may share one).
    let activeTransactions = Mutex<[UInt64: Int]>([:])
    /// Which foreign keys reference each table, rebuilt when the schema version moves.
    let referencingForeignKeys = Mutex(ForeignKeyReferences())
    let pd: PlacementDriver

    init(pd: PlacementDriver) {
        self.pd = pd
        var initial = State()
        initial.databases["test"] = DatabaseSchema(name: "test")
        self.state = ReadWriteLock(initial)
    }

    static func tableKey(_ database: String, _ table: String) -> String {
        database.lowercased() + "." + table.lowercased()
    }

    var schemaVersion: Int64 { self.publishedSchemaVersion.load(ordering: .acquiring) }

    // MARK: Catalog reads

    func database(_ name: String) -> DatabaseSchema? {
        self.state.withReadLock { $0.databases[name.lowercased()] }
    }

    var databaseNames: [String] {
        self.state.withReadLock { $0.databases.values.map(\.name) }
    }

    func table(_ database: String, _ name: String) -> TableSchema? {
        let key = Self.tableKey(database, name)
        return self.state.withReadLock { state in
            state.tableIDs[key].flatMap { state.tables[$0]?.schema }
        }
    }

    func tables(in database: String) -> [TableSchema] {
        let prefix = database.lowercased() + "."
        return self.state.withReadLock { state in
            state.tableIDs.filter { $0.key.hasPrefix(prefix) }.compactMap { state.tables[$0.value]?.schema }
        }.sorted { $0.name < $1.name }
    }

    func tableSchema(id: Int64) -> TableSchema? {
        self.state.withReadLock { $0.tables[id]?.schema }
    }

    /// Every table's current schema, by database and name; temporary tables are not
    /// replicated, so the change stream never sees them.
    public var allTableSchemas: [TableSchema] {
        self.allTables.filter { $0.temporary == nil }.sorted {
            ($0.database.lowercased(), $0.name.lowercased()) < ($1.database.lowercased(), $1.name.lowercased())
        }
    }

    /// The catalog's tables: a local temporary table is its session's, not the catalog's.
    var allTables: [TableSchema] {
        self.state.withReadLock { state in state.tables.values.map(\.schema).filter { $0.temporary != .local } }
    }

    /// The AUTO_INCREMENT value SHOW CREATE TABLE shows: the first id no batch holds.
    func nextAutoIncrement(tableID: Int64) -> Int64 {
        self.state.withLock { $0.tables[tableID]?.autoIncrement.globalNext ?? 1 }
    }

    // MARK: Change log

    /// Up to about `limit` committed changes after `from`, whole commits only, and the resolved TS:
    /// a TS allocated while no commit can be under way (commits take the lock exclusively), so no
    /// commit at or below it can appear later. Cut short by `limit`, the window resolves to its
    /// last commit. Fails when GC has dropped records after `from`.
    public func changes(after from: TSO, limit: Int) throws(ChangesCollected) -> ChangeWindow {
        let window: Result<ChangeWindow, ChangesCollected> = self.state.withReadLock { state in
            // Read under the lock: GC moves the safe point before it trims, and trims under the
            // lock exclusively.
            let gcSafePoint = self.pd.gcSafePoint
            guard from >= gcSafePoint else { return .failure(ChangesCollected(gcSafePoint: gcSafePoint)) }
            var low = 0
            var high = state.changeLog.count
            while low < high {
                let middle = (low + high) / 2
                if state.changeLog[middle].commitTS <= from { low = middle + 1 } else { high = middle }
            }
            var end = min(state.changeLog.count, low + max(1, limit))
            if end == state.changeLog.count {
                return .success(
                    ChangeWindow(records: Array(state.changeLog[low...]), resolvedTS: self.pd.oracle.next())
                )
            }
            // Whole commits: the last commit's other records come along.
            let last = state.changeLog[end - 1].commitTS
            while end < state.changeLog.count, state.changeLog[end].commitTS == last { end += 1 }
            return .success(ChangeWindow(records: Array(state.changeLog[low..<end]), resolvedTS: last))
        }
        return try window.get()
    }

    /// Committed changes with `commitTS > from` (and ≤ `through`), in commit order.
    public func changes(after from: TSO, through: TSO = TSO(rawValue: .max)) -> [ChangeRecord] {
        self.state.withReadLock { state in
            // The log is in commit-TS order: binary search for the start.
            var low = 0
            var high = state.changeLog.count
            while low < high {
                let middle = (low + high) / 2
                if state.changeLog[middle].commitTS <= from { low = middle + 1 } else { high = middle }
            }
            return Array(state.changeLog[low...].prefix { $0.commitTS <= through })
        }
    }

    // MARK: Locks

    enum LockOutcome {
        case acquired
        /// Another transaction holds a key; the keys before it were taken.
        case wait(LockWait, acquired: [LockKey])
        case deadlock(acquired: [LockKey])
    }

    /// Takes `keys` for `transaction`; stops at the first key another transaction holds.
    func lock(_ keys: [LockKey], for transaction: UInt64) -> LockOutcome {
        self.state.withLock { state in
            var acquired: [LockKey] = []
            for key in keys {
                guard let holder = state.locks[key], holder != transaction else {
                    state.locks[key] = transaction
                    acquired.append(key)
                    continue
                }
                // Waiting would close a cycle of waits: a deadlock, reported to this side.
                var next: UInt64? = holder
                var steps = 0
                while let current = next, steps < 10_000 {
                    if current == transaction { return .deadlock(acquired: acquired) }
                    next = state.waitsFor[current]
                    steps += 1
                }
                let wait = LockWait(waiter: transaction, holder: holder, key: key)
                state.waitsFor[transaction] = holder
                state.lockWaits[holder, default: []].append(wait)
                return .wait(wait, acquired: acquired)
            }
            return .acquired
        }
    }

    /// Running transactions' start TSs: GC keeps what they can still read.
    func registerTransaction(_ id: UInt64) {
        self.activeTransactions.withLock { $0[id, default: 0] += 1 }
    }

    func unregisterTransaction(_ id: UInt64) {
        self.activeTransactions.withLock { active in
            guard let count = active[id] else { return }
            active[id] = count > 1 ? count - 1 : nil
        }
    }

    var oldestActiveTransaction: UInt64? {
        self.activeTransactions.withLock { $0.keys.min() }
    }

    /// The lock waits in progress (`information_schema.DATA_LOCK_WAITS`), by waiting transaction.
    var lockWaitsInProgress: [LockWait] {
        self.state.withReadLock { state in state.lockWaits.values.flatMap { $0 } }.sorted { $0.waiter < $1.waiter }
    }

    /// Gives up a wait (timeout, KILL, disconnect).
    func cancel(_ wait: LockWait) {
        self.state.withLock { state in
            state.waitsFor[wait.waiter] = nil
            state.lockWaits[wait.holder]?.removeAll { $0 === wait }
        }
    }

    /// Releases everything `transaction` holds and wakes its waiters.
    func releaseLocks(of transaction: UInt64, keys: Set<LockKey>) {
        let waits = self.state.withLock { state -> [LockWait] in
            Self.release(&state, transaction: transaction, keys: keys)
        }
        for wait in waits { wait.release() }
    }

    static func release(_ state: inout State, transaction: UInt64, keys: Set<LockKey>) -> [LockWait] {
        for key in keys where state.locks[key] == transaction { state.locks[key] = nil }
        state.waitsFor[transaction] = nil
        let waits = state.lockWaits.removeValue(forKey: transaction) ?? []
        for wait in waits { state.waitsFor[wait.waiter] = nil }
        return waits
    }
}
