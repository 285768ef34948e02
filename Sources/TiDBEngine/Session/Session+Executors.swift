import MySQLTypes

/// The session hands SELECT, INSERT, UPDATE and DELETE to their executors: it decides the
/// snapshot and the transaction, and gives each executor only what it names (itself as the
/// expressions' environment and the table catalog, the storage, the locks).
extension Session {
    /// Reads of this session's statements.
    var selectExecutor: SelectExecutor {
        SelectExecutor(environment: self, catalog: self, storage: self.cluster.storage)
    }

    func executeSelect(
        _ select: SelectStatement,
        statementTransaction: TransactionContext?
    ) throws(MySQLError) -> Execution {
        if select.isConstantRow {
            return .done(.rows(try self.selectOneRow(select.fields)))
        }
        if select.lock == .forUpdate, !select.from.isEmpty, select.unions.isEmpty {
            return try self.lockingSelect(select)
        }
        let readsTables = !select.from.isEmpty || select.unions.contains { !$0.select.from.isEmpty }
        let read = readsTables ? try self.readContext() : ReadContext(ts: 0)
        return .done(.rows(try self.selectExecutor.query(select, read: read)))
    }

    /// The snapshot of a plain read: a stale read's TS or the transaction's start TS.
    func readContext() throws(MySQLError) -> ReadContext {
        if self.transaction == nil || !self.variables.snapshotSetting.isEmpty,
            let stale = try self.staleReadTimestamp()
        {
            return ReadContext(ts: stale.rawValue)
        }
        let ts = self.activateTransactionForRead()
        return ReadContext(ts: ts.rawValue, transaction: self.transaction)
    }

    /// `SELECT ... FOR UPDATE` in a pessimistic transaction reads the newest committed rows and
    /// locks them, waiting for other holders; autocommit statements do not lock (as in TiDB).
    private func lockingSelect(_ select: SelectStatement) throws(MySQLError) -> Execution {
        if !self.variables.snapshotSetting.isEmpty {
            throw .unknown("can not execute write statement when 'tidb_snapshot' is set")
        }
        if self.variables.readsExternalTimestamp {
            throw .unknown("select lock hasn't been supported in stale read yet")
        }
        var transaction = self.transaction
        if transaction == nil, !self.variables.autocommit {
            transaction = self.startTransaction(mode: self.defaultTransactionMode, readOnly: false, explicit: false)
        }
        guard let transaction, transaction.mode == .pessimistic else {
            let read = try self.readContext()
            return .done(.rows(try self.selectExecutor.query(select, read: read)))
        }
        switch try self.selectExecutor.lockingQuery(
            select,
            in: transaction,
            oracle: self.cluster.pd.oracle,
            locker: PessimisticLocker(storage: self.cluster.storage)
        ) {
        case .rows(let result): return .done(.rows(result))
        case .blocked(let wait): return .blocked(wait, nil)
        }
    }

    /// A SELECT without tables. `statement`, when given, is what a repeat is recognised by: the
    /// columns of its last run are remembered (`SessionCaches.lastConstantRow`).
    func selectOneRow(
        _ fields: [SelectStatement.Field],
        statement: ParsedStatement? = nil
    ) throws(MySQLError) -> ResultSet {
        let last = self.caches.lastConstantRow.flatMap { last in
            statement.flatMap { $0 === last.statement ? last.columns : nil }
        }
        let (result, changed) = try SelectExecutor.oneRow(fields, environment: self, last: last)
        if let statement, let changed { self.caches.lastConstantRow = (statement, changed) }
        return result
    }
}
