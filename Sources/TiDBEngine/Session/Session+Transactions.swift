import MySQLTypes
import Synchronization

/// Transactions: BEGIN takes its start TS at once (as TiDB does); under `autocommit = 0` a
/// statement that reads data starts one lazily.
extension Session {
    func begin(_ statement: BeginStatement) throws(MySQLError) {
        if statement.readOnly {
            try self.checkNoopFunction("READ ONLY", variable: "tidb_enable_noop_functions")
        }
        // BEGIN inside a transaction commits it first.
        if self.transaction != nil { self.commit() }
        let mode: Transaction.Mode
        switch statement.mode {
        case .pessimistic: mode = .pessimistic
        case .optimistic: mode = .optimistic
        case .default: mode = self.sessionVariableValue("tidb_txn_mode") == "optimistic" ? .optimistic : .pessimistic
        }
        self.transaction = Transaction(
            startTS: self.cluster.pd.oracle.next(),
            mode: mode,
            readOnly: statement.readOnly || self.sessionVariableValue("tx_read_only") == "ON",
            isExplicit: true
        )
        self.nextTransactionIsolation = nil
    }

    func commit() {
        self.transaction = nil
        self.nextTransactionIsolation = nil
    }

    func rollback() {
        self.transaction = nil
        self.nextTransactionIsolation = nil
    }

    /// The snapshot a data-reading statement uses: the open transaction's start TS, a new
    /// transaction's under `autocommit = 0`, or a fresh TSO for an autocommit statement.
    func activateTransactionForRead() -> TSO {
        if let transaction = self.transaction { return transaction.startTS }
        let startTS = self.cluster.pd.oracle.next()
        if !self.autocommit {
            self.transaction = Transaction(
                startTS: startTS,
                mode: self.sessionVariableValue("tidb_txn_mode") == "optimistic" ? .optimistic : .pessimistic,
                readOnly: false,
                isExplicit: false
            )
        }
        return startTS
    }

    // MARK: KILL

    /// `KILL [TIDB] [CONNECTION|QUERY] id`. An unknown id is not an error in TiDB.
    func executeKill(_ statement: KillStatement) throws(MySQLError) {
        let value = try self.evaluate(statement.connectionID)
        guard case .some(let id) = Self.connectionID(from: value) else {
            throw .unknown(
                "Invalid operation. Please use 'KILL TIDB [CONNECTION | QUERY] [connectionID | CONNECTION_ID()]' instead"
            )
        }
        guard let entry = self.instance.connections.entry(id) else { return }
        let owner = entry.activity.withLock { $0.user }
        if owner != self.user, !self.hasPrivilege("CONNECTION_ADMIN") {
            throw .specificAccessDenied("SUPER or CONNECTION_ADMIN")
        }
        if statement.queryOnly {
            entry.interrupted.store(true, ordering: .relaxed)
        } else {
            entry.interrupted.store(true, ordering: .relaxed)
            entry.controls.close()
        }
    }

    private static func connectionID(from value: Value) -> UInt64? {
        switch value {
        case .int(let id) where id >= 0: return UInt64(id)
        case .uint(let id): return id
        case .string(let text): return UInt64(text)
        default: return nil
        }
    }

    /// Every account of the mock holds every privilege (mock-tidb has no GRANT yet).
    func hasPrivilege(_ privilege: String) -> Bool { true }
}
