import MySQLTypes
import Synchronization

/// Transactions: BEGIN takes its start TS at once (as TiDB does); under `autocommit = 0` a
/// statement that reads or writes data starts one lazily; with autocommit each write statement
/// runs in its own transaction.
extension Session {
    func begin(_ statement: BeginStatement) throws(MySQLError) {
        if statement.readOnly {
            try self.checkNoopFunction("READ ONLY", variable: "tidb_enable_noop_functions")
        }
        // BEGIN inside a transaction commits it first.
        if self.transaction != nil { try self.commit() }
        let mode: TransactionContext.Mode
        switch statement.mode {
        case .pessimistic: mode = .pessimistic
        case .optimistic: mode = .optimistic
        case .default: mode = self.defaultTransactionMode
        }
        self.startTransaction(
            mode: mode,
            readOnly: statement.readOnly || self.sessionVariableValue("tx_read_only") == "ON",
            explicit: true
        )
        self.variables.nextTransactionIsolation = nil
    }

    var defaultTransactionMode: TransactionContext.Mode {
        // TiDB treats the empty value as optimistic.
        self.sessionVariableValue("tidb_txn_mode") == "pessimistic" ? .pessimistic : .optimistic
    }

    @discardableResult
    func startTransaction(mode: TransactionContext.Mode, readOnly: Bool, explicit: Bool) -> TransactionContext {
        // With external-ts reads on, a transaction is a read-only stale one at that TS.
        let external = self.variables.readsExternalTimestamp && self.variables.snapshotSetting.isEmpty
        let transaction = TransactionContext(
            startTS: external ? self.cluster.pd.currentExternalTimestamp : self.cluster.pd.oracle.next(),
            mode: mode,
            readOnly: readOnly || external,
            isExplicit: explicit
        )
        self.cluster.storage.registerTransaction(transaction.id)
        self.transaction = transaction
        return transaction
    }

    /// Commits the open transaction, if any. On failure (a write conflict in an optimistic
    /// transaction, a duplicate key another transaction committed) it is rolled back.
    func commit() throws(MySQLError) {
        defer { self.variables.nextTransactionIsolation = nil }
        guard let transaction = self.transaction else { return }
        self.transaction = nil
        try self.commit(transaction)
    }

    /// `tidb_cdc_write_source`: TiKV's txn source of what this session commits (BDR).
    var writeSource: UInt64 { UInt64(self.sessionVariableValue("tidb_cdc_write_source")) ?? 0 }

    func commit(_ transaction: TransactionContext) throws(MySQLError) {
        do {
            try self.checkCommitAllowedInReadOnlyMode(transaction)
        } catch {
            self.discard(transaction)
            throw error
        }
        defer { self.cluster.storage.unregisterTransaction(transaction.id) }
        let result = self.cluster.storage.commit(
            transaction.writes,
            transaction: transaction.id,
            lockedKeys: transaction.lockedKeys,
            checkConflictsSince: transaction.mode == .optimistic ? transaction.startTS.rawValue : nil,
            writeSource: self.writeSource
        )
        switch result {
        case .success:
            return
        case .failure(.writeConflict(let tableID, let handle, let conflictStartTS, let conflictCommitTS)):
            let name = self.cluster.storage.tableSchema(id: tableID).map { "\($0.database).\($0.name)" } ?? "unknown"
            throw .writeConflict(
                startTS: transaction.startTS.rawValue,
                conflictStartTS: conflictStartTS,
                conflictCommitTS: conflictCommitTS,
                tableID: tableID,
                tableName: name,
                handle: handle
            )
        case .failure(.duplicate(let error)):
            throw error
        case .failure(.tableDropped):
            throw .tidb(
                8028,
                "HY000",
                "Information schema is changed during the execution of the statement(for example, table definition may be updated by other DDL ran in parallel). If you see this error often, try increasing `tidb_max_delta_schema_count`. [try again later]"
            )
        }
    }

    func rollback() {
        self.variables.nextTransactionIsolation = nil
        guard let transaction = self.transaction else { return }
        self.transaction = nil
        self.discard(transaction)
    }

    func discard(_ transaction: TransactionContext) {
        self.cluster.storage.releaseLocks(of: transaction.id, keys: transaction.lockedKeys)
        self.cluster.storage.unregisterTransaction(transaction.id)
    }

    /// The snapshot a reading statement uses: a stale read's timestamp, the open transaction's
    /// start TS, a new transaction's under `autocommit = 0`, or a fresh TSO.
    func activateTransactionForRead() -> TSO {
        if let transaction = self.transaction { return transaction.startTS }
        if !self.variables.autocommit {
            return self.startTransaction(mode: self.defaultTransactionMode, readOnly: false, explicit: false).startTS
        }
        return self.cluster.pd.oracle.next()
    }

    /// A stale read's timestamp (`tidb_snapshot`, or `tidb_external_ts` with external-ts reads
    /// on), checked against the GC safe point.
    func staleReadTimestamp() throws(MySQLError) -> TSO? {
        let snapshot = self.variables.snapshotSetting
        var ts: TSO?
        if !snapshot.isEmpty {
            ts = try self.parseTimestamp(snapshot)
        } else if self.variables.readsExternalTimestamp {
            ts = self.cluster.pd.currentExternalTimestamp
        }
        guard let ts else { return nil }
        let safePoint = self.cluster.pd.gcSafePoint
        if ts < safePoint {
            throw .snapshotOlderThanGCSafePoint(GCTimeFormat.goTimeString(safePoint.physical * 1000))
        }
        return ts
    }

    /// Writes are refused while a session reads the past, with TiDB's errors.
    func checkWritable() throws(MySQLError) {
        if !self.variables.snapshotSetting.isEmpty {
            throw .unknown("can not execute write statement when 'tidb_snapshot' is set")
        }
        if self.variables.readsExternalTimestamp {
            throw .unknown("only support read-only statement during read-only staleness transactions")
        }
        if let transaction = self.transaction, transaction.readOnly {
            throw .tidb(1792, "25006", "Cannot execute statement in a READ ONLY transaction.")
        }
    }

    /// Runs a writing statement in the session's transaction, a new implicit one under
    /// `autocommit = 0`, or (autocommit) a transaction of its own that commits when it succeeds.
    /// A failed or blocked statement leaves no writes behind. `body` runs the statement's
    /// executor with what the session gives it (`writeContext(in:)`).
    func runWrite(
        _ resumed: TransactionContext?,
        _ body: (WriteContext) throws(MySQLError) -> WriteStep
    ) throws(MySQLError) -> Execution {
        try self.checkWritable()
        let transaction: TransactionContext
        var ownsTransaction = false
        if let open = self.transaction {
            transaction = open
        } else if let resumed {
            transaction = resumed
            ownsTransaction = true
        } else if !self.variables.autocommit {
            transaction = self.startTransaction(mode: self.defaultTransactionMode, readOnly: false, explicit: false)
        } else {
            // TiDB retries a conflicting autocommit statement pessimistically; locking at once
            // gives the same outcome.
            transaction = TransactionContext(
                startTS: self.cluster.pd.oracle.next(),
                mode: .pessimistic,
                readOnly: false,
                isExplicit: false
            )
            self.cluster.storage.registerTransaction(transaction.id)
            ownsTransaction = true
        }
        transaction.beginStatement()
        let step: WriteStep
        do {
            step = try body(self.writeContext(in: transaction))
        } catch {
            transaction.rollbackStatement()
            if ownsTransaction { self.discard(transaction) }
            throw error
        }
        switch step {
        case .blocked(let wait):
            transaction.rollbackStatement()
            return .blocked(wait, ownsTransaction ? transaction : nil)
        case .done(let result):
            if ownsTransaction { try self.commit(transaction) }
            return .done(result)
        }
    }

    /// What a DML executor gets: the session as its expressions' environment and its catalog,
    /// and the transaction, `sql_mode` and locks to write with.
    func writeContext(in transaction: TransactionContext) -> WriteContext {
        WriteContext(
            environment: self,
            catalog: self,
            storage: self.cluster.storage,
            transaction: transaction,
            oracle: self.cluster.pd.oracle,
            dataModes: self.variables.dataModes,
            locker: PessimisticLocker(storage: self.cluster.storage)
        )
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
        if owner != self.identity.user, !self.hasPrivilege("CONNECTION_ADMIN") {
            throw .specificAccessDenied("SUPER or CONNECTION_ADMIN")
        }
        entry.interrupted.store(true, ordering: .relaxed)
        if statement.queryOnly {
            entry.controls.interrupt()
        } else {
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
}

extension MySQLError {
    static let deadlock = MySQLError(
        code: 1213,
        sqlState: "40001",
        message: "Deadlock found when trying to get lock; try restarting transaction"
    )

    static let lockWaitTimeout = MySQLError(
        code: 1205,
        sqlState: "HY000",
        message: "Lock wait timeout exceeded; try restarting transaction"
    )

    /// TiDB v8.5's 9007 text for a row key (docs/tidb/data-semantics.md §1.4).
    static func writeConflict(
        startTS: UInt64,
        conflictStartTS: UInt64,
        conflictCommitTS: UInt64,
        tableID: Int64,
        tableName: String,
        handle: [UInt8]
    ) -> MySQLError {
        let key = "{tableID=\(tableID), tableName=\(tableName), handle=\(KeyText.describe(handle))}"
        let raw = KeyText.rawRowKey(tableID: tableID, handle: handle)
        return MySQLError(
            code: 9007,
            sqlState: "HY000",
            message: "Write conflict, txnStartTS=\(startTS), conflictStartTS=\(conflictStartTS), "
                + "conflictCommitTS=\(conflictCommitTS), key=\(key), originalKey=\(raw), primary=\(key), "
                + "originalPrimaryKey=\(raw), reason=Optimistic [try again later]"
        )
    }
}

/// Renders an encoded handle for messages.
enum KeyText {
    static func describe(_ handle: [UInt8]) -> String {
        if handle.count == 9, handle[0] == KeyEncoding.intTag {
            var value: UInt64 = 0
            for byte in handle[1...] { value = value << 8 | UInt64(byte) }
            return String(Int64(bitPattern: value ^ (1 << 63)))
        }
        return Self.hex(handle)
    }

    /// TiKV's row key, `t{tableID}_r{handle}` with sign-flipped big-endian integers, in hex. An
    /// int handle is exact; other handles use this mock's key encoding.
    static func rawRowKey(tableID: Int64, handle: [UInt8]) -> String {
        var key: [UInt8] = [UInt8(ascii: "t")]
        KeyEncoding.appendBigEndian(UInt64(bitPattern: tableID) ^ (1 << 63), to: &key)
        key += [UInt8(ascii: "_"), UInt8(ascii: "r")]
        if handle.count == 9, handle[0] == KeyEncoding.intTag { key += handle[1...] } else { key += handle }
        return Self.hex(key)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
