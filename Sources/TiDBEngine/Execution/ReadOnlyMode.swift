import MySQLTypes
import Synchronization

/// TiDB's cluster read-only flags (`tidb_restricted_read_only`, `tidb_super_read_only`; both
/// GLOBAL, docs/tidb/read-only.md). TiDB keeps them in process-wide atomics that every statement
/// reads before planning and every commit reads again; so does this mock, per cluster.
public final class ReadOnlyMode: Sendable {
    private let restricted = Atomic(false)
    private let superReadOnly = Atomic(false)

    public init() {}

    /// Either flag on: clients' writes are refused (1836).
    public var isOn: Bool {
        self.restricted.load(ordering: .relaxed) || self.superReadOnly.load(ordering: .relaxed)
    }

    var isRestricted: Bool { self.restricted.load(ordering: .relaxed) }

    func setRestricted(_ on: Bool) { self.restricted.store(on, ordering: .relaxed) }
    func setSuperReadOnly(_ on: Bool) { self.superReadOnly.store(on, ordering: .relaxed) }
}

/// The one dynamic privilege TiDB lets past read-only mode, and only when explicitly granted
/// (SUPER or ALL does not count).
public let restrictedReplicaWriterAdmin = "RESTRICTED_REPLICA_WRITER_ADMIN"

extension MySQLError {
    /// TiDB's `ErrSQLInReadOnlyMode` (errno 1836, `ER_READ_ONLY_MODE`).
    static let readOnlyMode = MySQLError(code: 1836, sqlState: "HY000", message: "Running in read-only mode")
}

extension Session {
    /// Whether read-only mode applies to this session: a flag is on and the account was not
    /// explicitly granted RESTRICTED_REPLICA_WRITER_ADMIN (TiDB's `allowInReadOnlyMode`).
    var isRestrictedByReadOnlyMode: Bool {
        self.cluster.readOnly.isOn && !self.identity.account.dynamicPrivileges.contains(restrictedReplicaWriterAdmin)
    }

    /// TiDB's planner check (`pkg/planner/optimize.go` `allowInReadOnlyMode`, then
    /// `ast.IsReadOnly(node, false)`): SET, USE, SHOW, PREPARE, BEGIN, ROLLBACK (also ROLLBACK TO
    /// SAVEPOINT, the same statement to TiDB) and non-locking SELECTs pass; SAVEPOINT and RELEASE
    /// SAVEPOINT do not; COMMIT passes only for a transaction without writes, else it is rolled back;
    /// everything else (DML, DDL, SELECT ... FOR UPDATE, ADMIN CHECKSUM, BACKUP/RESTORE, KILL,
    /// DEALLOCATE) is refused with 1836. EXECUTE is judged by the statement it runs.
    func checkAllowedInReadOnlyMode(_ statement: Statement) throws(MySQLError) {
        guard self.isRestrictedByReadOnlyMode else { return }
        switch statement {
        case .set, .setTransaction, .use, .show, .prepare, .begin, .rollback, .rollbackToSavepoint, .execute:
            return
        case .select(let select):
            if select.lock == .none { return }
        case .explain(let explain):
            // TiDB: EXPLAIN is read-only; EXPLAIN ANALYZE only when its statement is.
            if !explain.analyze { return }
            try self.checkAllowedInReadOnlyMode(explain.statement)
            return
        case .commit:
            guard let transaction = self.transaction, !transaction.writes.isEmpty else { return }
            self.rollback()
        case .unsupported:
            // What the mock lacks fails as unsupported, whatever TiDB would decide.
            return
        default:
            break
        }
        throw .readOnlyMode
    }

    /// TiDB's `doCommit` check: a transaction with writes does not commit while read-only mode
    /// is on, even when its statement was admitted before the flag went on. The caller discards it.
    func checkCommitAllowedInReadOnlyMode(_ transaction: TransactionContext) throws(MySQLError) {
        if self.isRestrictedByReadOnlyMode, !transaction.writes.isEmpty { throw .readOnlyMode }
    }
}
