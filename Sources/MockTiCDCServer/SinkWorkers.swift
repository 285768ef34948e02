import ChangeStream
import Logging
import TiCDCCore

/// The MySQL sink's `worker-count` connections (ticdc-sink-redo-metrics.md §5): TiCDC hands each
/// table's transactions to its table sink, and non-conflicting ones commit in parallel; here every
/// table's rows go to one worker (picked by a hash of the table's name), so a table's changes stay
/// in commit order while different tables are written at once. A worker merges consecutive
/// upstream transactions into one downstream transaction until it holds `max-txn-row` rows, never
/// splitting one.
struct SinkWorkers: Sendable {
    /// A row change and the commit TS of the upstream transaction it belongs to.
    struct Change: Sendable {
        var commitTS: UInt64
        var row: RowStatements.Row
    }

    let workers: [MySQLSink]
    let maximumRows: Int

    init(uri: SinkAddress, logger: Logger) {
        self.workers = (0..<uri.workerCount).map { _ in MySQLSink(uri: uri, logger: logger) }
        self.maximumRows = uri.maximumTransactionRows
    }

    /// Connects the first worker (the others connect when first used), so a downstream that
    /// refuses is noticed before anything is read.
    func open() async throws(TiCDCError) {
        try await self.workers[0].open()
    }

    func close() async {
        for worker in self.workers { await worker.close() }
    }

    /// DDL goes through the first worker, once every row before it is written (`write` returns
    /// only then).
    func execute(ddl: String, database: String?) async throws(TiCDCError) {
        try await self.workers[0].execute(ddl: ddl, database: database)
    }

    /// Writes `changes` (in commit order) through the workers in parallel; returns once all are
    /// committed, or throws the first failure.
    func write(_ changes: [Change]) async throws(TiCDCError) {
        guard !changes.isEmpty else { return }
        var perWorker = Array(repeating: [Change](), count: self.workers.count)
        for change in changes {
            perWorker[Self.worker(for: change.row.table, of: self.workers.count)].append(change)
        }
        let maximumRows = self.maximumRows
        let failure = await withTaskGroup(of: TiCDCError?.self) { group -> TiCDCError? in
            for (index, changes) in perWorker.enumerated() where !changes.isEmpty {
                let worker = self.workers[index]
                group.addTask { () -> TiCDCError? in
                    do throws(TiCDCError) {
                        try await Self.write(changes, through: worker, maximumRows: maximumRows)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            for await result in group {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            return nil
        }
        if let failure { throw failure }
    }

    private static func write(_ changes: [Change], through worker: MySQLSink, maximumRows: Int) async throws(TiCDCError)
    {
        var transaction: [RowStatements.Row] = []
        var lastCommit: UInt64 = 0
        for change in changes {
            if change.commitTS != lastCommit, transaction.count >= maximumRows {
                try await worker.write(RowStatements.statements(for: transaction, maximumBatch: maximumRows))
                transaction.removeAll(keepingCapacity: true)
            }
            transaction.append(change.row)
            lastCommit = change.commitTS
        }
        try await worker.write(RowStatements.statements(for: transaction, maximumBatch: maximumRows))
    }

    /// FNV-1a of `database.table`: stable, so a table always has the same worker.
    static func worker(for table: TableInfo, of count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in table.database.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0x2E) &* 0x100_0000_01b3
        for byte in table.name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count))
    }
}
