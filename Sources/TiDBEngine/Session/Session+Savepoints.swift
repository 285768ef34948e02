import MySQLTypes

/// Savepoints as TiDB v6.2+ has them (docs/tidb/sql-semantics.md §4): the transaction's writes go back
/// to a savepoint; its pessimistic locks stay until the transaction ends.
extension Session {
    /// Outside a transaction under autocommit there is nothing to save (TiDB returns OK); with
    /// autocommit off it starts the transaction, as any statement would.
    func setSavepoint(_ name: String) {
        if self.transaction == nil {
            guard !self.variables.autocommit else { return }
            _ = self.activateTransactionForRead()
        }
        self.transaction?.setSavepoint(name)
    }

    func rollbackToSavepoint(_ name: String) throws(MySQLError) {
        guard let transaction = self.transaction, transaction.rollback(toSavepoint: name) else {
            throw .savepointDoesNotExist(name)
        }
    }

    func releaseSavepoint(_ name: String) throws(MySQLError) {
        guard let transaction = self.transaction, transaction.releaseSavepoint(name) else {
            throw .savepointDoesNotExist(name)
        }
    }
}
