import MySQLTypes

/// What the INSERT, UPDATE and DELETE executors receive from the session that runs them, each
/// named: an executor reads and writes nothing else.
struct WriteContext {
    /// Expressions' variables, parameters and statement time; where warnings go.
    let environment: any ExpressionEnvironment
    /// The tables written, by name, and their row schemas.
    let catalog: any TableCatalog
    let storage: Storage
    /// The transaction the statement writes in: the session's, or one of its own (autocommit).
    let transaction: TransactionContext
    /// Fresh TSs for current reads: a pessimistic transaction's UPDATE and DELETE, and
    /// INSERT ... SELECT, read the newest committed rows, not the transaction's snapshot.
    let oracle: TSOOracle
    /// `sql_mode`'s strictness and NO_AUTO_VALUE_ON_ZERO.
    let dataModes: DataModes
    /// Takes the rows' and unique keys' locks in a pessimistic transaction.
    let locker: PessimisticLocker

    /// Reads for the statement (INSERT ... SELECT, the rows UPDATE and DELETE change).
    var selectExecutor: SelectExecutor {
        SelectExecutor(environment: self.environment, catalog: self.catalog, storage: self.storage)
    }

    /// Conversions and key checks for writing `table`; IGNORE makes conversion errors warnings.
    func tableWriter(_ table: TableSchema, ignore: Bool) -> TableWriter {
        TableWriter(
            table: table,
            transaction: self.transaction,
            storage: self.storage,
            environment: self.environment,
            strict: self.dataModes.strict && !ignore
        )
    }
}

/// What a DML statement's executor gives back.
enum WriteStep {
    case done(StatementOutcome.Result)
    /// Another transaction holds a lock the statement needs: the session undoes the statement's
    /// writes, waits, and runs it again (`Session.resume()`).
    case blocked(LockWait)
}

/// Takes pessimistic locks in the storage for a transaction.
struct PessimisticLocker {
    let storage: Storage

    /// Locks `keys` for `transaction` if it is pessimistic. Returns a wait when another
    /// transaction holds one of them; throws 1213 when waiting would deadlock.
    func lock(_ keys: [LockKey], for transaction: TransactionContext) throws(MySQLError) -> LockWait? {
        guard transaction.mode == .pessimistic else { return nil }
        let needed = keys.filter { !transaction.lockedKeys.contains($0) }
        guard !needed.isEmpty else { return nil }
        switch self.storage.lock(needed, for: transaction.id) {
        case .acquired:
            transaction.lockedKeys.formUnion(needed)
            return nil
        case .wait(let wait, let acquired):
            transaction.lockedKeys.formUnion(acquired)
            return wait
        case .deadlock(let acquired):
            transaction.lockedKeys.formUnion(acquired)
            throw .deadlock
        }
    }
}

/// The `sql_mode` flags that change how data is written.
struct DataModes {
    var strict = true
    var noAutoValueOnZero = false

    init() {}

    init(sqlMode: String) {
        let modes = sqlMode.split(separator: ",")
        self.strict =
            modes.contains("STRICT_TRANS_TABLES") || modes.contains("STRICT_ALL_TABLES")
            || modes.contains("TRADITIONAL")
        self.noAutoValueOnZero = modes.contains("NO_AUTO_VALUE_ON_ZERO")
    }
}
