/// An open transaction: its snapshot, its uncommitted writes and the locks it holds.
final class TransactionContext {
    enum Mode { case pessimistic, optimistic }

    let startTS: TSO
    let mode: Mode
    let readOnly: Bool
    /// Started by BEGIN / START TRANSACTION (not implicitly by autocommit = 0 or a single statement).
    let isExplicit: Bool
    var writes = Storage.WriteSet()
    var lockedKeys = Set<LockKey>()
    /// Savepoints, oldest first, by lower-cased name: each the writes when it was set (a
    /// copy-on-write copy: cheap until the transaction writes again).
    private var savepoints: [(name: String, writes: Storage.WriteSet)] = []
    /// What the running statement changed, to undo it alone when it fails (statement rollback).
    private var statementUndo: [(tableID: Int64, handle: [UInt8], previous: PendingWrite?)] = []

    init(startTS: TSO, mode: Mode, readOnly: Bool, isExplicit: Bool) {
        self.startTS = startTS
        self.mode = mode
        self.readOnly = readOnly
        self.isExplicit = isExplicit
    }

    /// Transactions are identified by their start TS, unique across the cluster.
    var id: UInt64 { self.startTS.rawValue }

    func pending(_ tableID: Int64, _ handle: [UInt8]) -> PendingWrite? {
        self.writes.tables[tableID]?[handle]
    }

    func write(_ tableID: Int64, _ handle: [UInt8], _ values: [Value]?, isInsert: Bool) {
        let existing = self.writes.tables[tableID]?[handle]
        self.statementUndo.append((tableID, handle, existing))
        // A row this transaction inserted stays an insert, however often it changes.
        let write = PendingWrite(values: values, isInsert: existing?.isInsert ?? isInsert)
        self.writes.tables[tableID, default: [:]][handle] = write
    }

    /// `SAVEPOINT name`: a savepoint of the same name (any case) is replaced.
    func setSavepoint(_ name: String) {
        let key = name.lowercased()
        self.savepoints.removeAll { $0.name == key }
        self.savepoints.append((key, self.writes))
    }

    /// `ROLLBACK TO SAVEPOINT name`: the writes as they were, later savepoints gone, this one
    /// kept. Locks stay until the transaction ends, as in TiDB. False when there is no such one.
    func rollback(toSavepoint name: String) -> Bool {
        let key = name.lowercased()
        guard let index = self.savepoints.lastIndex(where: { $0.name == key }) else { return false }
        self.writes = self.savepoints[index].writes
        self.savepoints.removeSubrange((index + 1)...)
        return true
    }

    /// `RELEASE SAVEPOINT name`: this savepoint and later ones gone, the writes kept.
    func releaseSavepoint(_ name: String) -> Bool {
        let key = name.lowercased()
        guard let index = self.savepoints.lastIndex(where: { $0.name == key }) else { return false }
        self.savepoints.removeSubrange(index...)
        return true
    }

    func beginStatement() {
        self.statementUndo.removeAll(keepingCapacity: true)
    }

    /// Undoes the running statement's writes (its locks stay, as in TiDB).
    func rollbackStatement() {
        for (tableID, handle, previous) in self.statementUndo.reversed() {
            self.writes.tables[tableID]?[handle] = previous
        }
        self.statementUndo.removeAll(keepingCapacity: true)
    }
}
