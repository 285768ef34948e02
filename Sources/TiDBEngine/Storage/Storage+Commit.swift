import MySQLTypes

/// Committing a transaction's writes: conflict and uniqueness checks, new versions, index
/// entries and change-log records, all in one critical section at one commit TS.
extension Storage {
    /// A transaction's writes, per table, keyed by handle.
    struct WriteSet {
        var tables: [Int64: [[UInt8]: PendingWrite]] = [:]
        var isEmpty: Bool { self.tables.values.allSatisfy(\.isEmpty) }
    }

    enum CommitFailure: Error {
        case writeConflict(tableID: Int64, handle: [UInt8], conflictStartTS: UInt64, conflictCommitTS: UInt64)
        case duplicate(MySQLError)
        case tableDropped
    }

    /// Applies a transaction atomically at a new commit TS and releases its locks.
    /// `checkConflictsSince` (optimistic transactions) refuses keys committed after the start TS
    /// or locked by another transaction. Returns the commit TS (nil when nothing was written).
    func commit(
        _ writes: WriteSet,
        transaction: UInt64,
        lockedKeys: Set<LockKey>,
        checkConflictsSince startTS: UInt64?,
        writeSource: UInt64 = 0
    ) -> Result<TSO?, CommitFailure> {
        let (result, waits) = self.state.withLock { state -> (Result<TSO?, CommitFailure>, [LockWait]) in
            let failure = Self.failure(in: state, writes: writes, transaction: transaction, optimisticStart: startTS)
            if let failure {
                return (.failure(failure), Self.release(&state, transaction: transaction, keys: lockedKeys))
            }
            guard !writes.isEmpty else {
                return (.success(nil), Self.release(&state, transaction: transaction, keys: lockedKeys))
            }
            let commitTS = self.pd.oracle.next()
            for (tableID, tableWrites) in writes.tables.sorted(by: { $0.key < $1.key }) {
                // A global temporary table's rows end with the transaction that wrote them.
                guard let table = state.tables[tableID], table.schema.temporary != .global else { continue }
                for (handle, write) in tableWrites.sorted(by: { ByteOrder.compare($0.key, $1.key) < 0 }) {
                    let version = RowVersion(commitTS: commitTS.rawValue, startTS: transaction, values: write.values)
                    let before: [Value]?
                    if let chain = table.rows[handle] {
                        before = chain.latest.values
                        guard before != nil || write.values != nil else { continue }
                        chain.versions.append(version)
                    } else {
                        before = nil
                        guard write.values != nil else { continue }
                        table.rows.set(handle, RowChain(version))
                    }
                    if let values = write.values { table.addIndexEntries(for: values, handle: handle) }
                    // A local temporary table's rows are its session's only: not replicated.
                    guard table.schema.temporary == nil else { continue }
                    state.changeLog.append(
                        ChangeRecord(
                            commitTS: commitTS,
                            change: .row(tableID: tableID, schema: table.schema, before: before, after: write.values),
                            writeSource: writeSource
                        )
                    )
                }
            }
            return (.success(commitTS), Self.release(&state, transaction: transaction, keys: lockedKeys))
        }
        for wait in waits { wait.release() }
        return result
    }

    private static func failure(
        in state: State,
        writes: WriteSet,
        transaction: UInt64,
        optimisticStart startTS: UInt64?
    ) -> CommitFailure? {
        for (tableID, tableWrites) in writes.tables where !tableWrites.isEmpty {
            guard let table = state.tables[tableID] else { return .tableDropped }
            for (handle, write) in tableWrites {
                if let startTS {
                    if let chain = table.rows[handle], chain.latest.commitTS > startTS {
                        let latest = chain.latest
                        return .writeConflict(
                            tableID: tableID,
                            handle: handle,
                            conflictStartTS: latest.startTS,
                            conflictCommitTS: latest.commitTS
                        )
                    }
                    // A pessimistic transaction holds the row: it will commit first.
                    if let holder = state.locks[LockKey(tableID: tableID, key: handle)], holder != transaction {
                        return .writeConflict(
                            tableID: tableID,
                            handle: handle,
                            conflictStartTS: holder,
                            conflictCommitTS: holder
                        )
                    }
                }
                if write.isInsert, let values = write.values, table.rows[handle]?.latest.values != nil,
                    let primary = table.schema.primaryKey
                {
                    let key = DuplicateKey.render(primary.columns.map { values[$0] })
                    return .duplicate(.duplicateEntry(value: key, key: "\(table.schema.name).PRIMARY"))
                }
                if let values = write.values,
                    let error = Self.uniqueViolation(table, values: values, handle: handle, writes: tableWrites)
                {
                    return .duplicate(error)
                }
            }
        }
        return nil
    }

    /// Another committed row, not changed by this write set, with the same unique key.
    private static func uniqueViolation(
        _ table: TableData,
        values: [Value],
        handle: [UInt8],
        writes: [[UInt8]: PendingWrite]
    ) -> MySQLError? {
        for index in table.schema.indexes where index.isUnique && !(index.isPrimary && table.schema.isClustered) {
            let columns = index.columns.map { values[$0] }
            if columns.contains(.null) { continue }
            let prefix = table.indexKey(index, values)
            var violation: MySQLError?
            table.indexes[index.name.lowercased()]?.scan(from: prefix, to: ByteOrder.successor(ofPrefix: prefix)) {
                _,
                other in
                guard other != handle, writes[other] == nil, let current = table.rows[other]?.latest.values,
                    table.indexKey(index, current) == prefix
                else { return true }
                violation = .duplicateEntry(
                    value: DuplicateKey.render(columns),
                    key: "\(table.schema.name).\(index.name)"
                )
                return false
            }
            if let violation { return violation }
        }
        return nil
    }
}

/// A row a transaction wrote and has not committed. `values` nil deletes the row.
struct PendingWrite {
    var values: [Value]?
    /// The row did not exist when this transaction first wrote it.
    var isInsert: Bool
}

extension MySQLError {
    static func duplicateEntry(value: String, key: String) -> MySQLError {
        MySQLError(code: 1062, sqlState: "23000", message: "Duplicate entry '\(value)' for key '\(key)'")
    }
}
