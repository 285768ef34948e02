import ChangeStream
import Logging
import Synchronization
import TiCDCCore

/// One changefeed's replication: read the upstream's committed changes after the checkpoint (the
/// next read overlapping the current write), keep what the filter takes, write them downstream
/// (`SinkWorkers`: each table in commit order, tables in parallel, DDL in order between them), and
/// move the checkpoint to the resolved TS each batch reaches (ticdc-api.md §5). Rows committed
/// before the processor started (`replicatingTS`) are written in safe mode, so what a crashed run
/// already applied is applied again without harm.
final class Processor: Sendable {
    struct Plan: Sendable {
        var changefeed: String
        var upstream: UpstreamPD
        var sink: SinkAddress
        var checkpoint: UInt64
        var targetTS: UInt64
        var filter: TableFilter
        var safeMode: Bool
        var forceReplicate: Bool
        /// How long a read waits for a change before it returns with a fresh resolved TS.
        var resolvedInterval: Duration
    }

    enum Report: Sendable {
        /// `lastEvent`: the commit TS of the last change written (0 when none in this batch);
        /// `rows`: how many row changes were written since the last report.
        case progress(checkpoint: UInt64, resolved: UInt64, lastEvent: UInt64, rows: Int)
        case failed(TiCDCError, checkpoint: UInt64)
        case reachedTarget(UInt64)
    }

    let plan: Plan
    private let stopped = Atomic<Bool>(false)
    let logger: Logger

    init(plan: Plan, logger: Logger) {
        self.plan = plan
        self.logger = logger
    }

    /// Asks the loop to end after its current read (at most `resolvedInterval`).
    func stop() {
        self.stopped.store(true, ordering: .relaxed)
    }

    var isStopped: Bool { self.stopped.load(ordering: .relaxed) }

    func run(report: @Sendable (Report) async -> Void) async {
        let sink = SinkWorkers(uri: self.plan.sink, logger: self.logger)
        var checkpoint = self.plan.checkpoint
        do throws(TiCDCError) {
            let replicatingTS = try await self.plan.upstream.currentTSO()
            try await sink.open()
            // The reader runs ahead of the writer (`ChangeQueue`): reads overlap writes, and a
            // writer that falls behind catches up with larger transactions.
            let queue = ChangeQueue()
            let start = checkpoint
            let (reached, failure) = await withTaskGroup(of: Void.self) { group in
                group.addTask { await queue.fill(from: start) { await self.read(after: $0) } }
                defer {
                    queue.close()
                    group.cancelAll()
                }
                return await self.write(from: queue, checkpoint: start, replicatingTS: replicatingTS, sink: sink, report: report)
            }
            checkpoint = reached
            if let failure { throw failure }
        } catch {
            await report(.failed(error, checkpoint: checkpoint))
        }
        await sink.close()
    }

    /// Takes what the reader gathered, writes it, reports the new checkpoint; until stopped, the
    /// target is reached or something fails. Returns the checkpoint reached and the failure.
    private func write(
        from queue: ChangeQueue,
        checkpoint start: UInt64,
        replicatingTS: UInt64,
        sink: SinkWorkers,
        report: @Sendable (Report) async -> Void
    ) async -> (UInt64, TiCDCError?) {
        let clock = ContinuousClock()
        var checkpoint = start
        do throws(TiCDCError) {
            while !self.isStopped, !Task.isCancelled {
                guard let batch = try await queue.take(), !self.isStopped else { break }
                let writeStarted = clock.now
                let (applied, rows) = try await self.apply(batch, after: checkpoint, replicatingTS: replicatingTS, sink: sink)
                self.logger.debug(
                    "batch applied",
                    metadata: [
                        "changefeed": "\(self.plan.changefeed)", "events": "\(batch.events.count)", "rows": "\(rows)",
                        "write": "\(clock.now - writeStarted)",
                    ]
                )
                let target = self.plan.targetTS
                var next = max(applied, batch.resolvedTS)
                if target > 0, next >= target { next = target }
                if next > checkpoint {
                    let lastEvent = applied > checkpoint ? applied : 0
                    checkpoint = next
                    await report(.progress(checkpoint: next, resolved: batch.resolvedTS, lastEvent: lastEvent, rows: rows))
                }
                if target > 0, next >= target {
                    await report(.reachedTarget(next))
                    break
                }
            }
            return (checkpoint, nil)
        } catch {
            return (checkpoint, error)
        }
    }

    /// The upstream's changes after `after`; GC having collected them is the changefeed's
    /// ErrSnapshotLostByGC.
    private func read(after: UInt64) async -> Result<ChangeBatch, TiCDCError> {
        do throws(TiCDCError) {
            return .success(try await self.plan.upstream.changes(after: after, limit: 4096, wait: self.plan.resolvedInterval))
        } catch where error.code == "CDC:ErrSnapshotLostByGC" {
            let safePoint = UInt64(error.text.split(separator: " ").last ?? "") ?? 0
            return .failure(.snapshotLostByGC(checkpoint: after, safePoint: safePoint))
        } catch {
            return .failure(error)
        }
    }

    /// Writes a batch's changes at or below the target; the last commit TS fully written and the
    /// number of row changes written. Rows go out in parallel (`SinkWorkers`); a DDL waits for
    /// every row before it, and the rows after it wait for the DDL.
    private func apply(
        _ batch: ChangeBatch,
        after checkpoint: UInt64,
        replicatingTS: UInt64,
        sink: SinkWorkers
    ) async throws(TiCDCError) -> (UInt64, Int) {
        var changes: [SinkWorkers.Change] = []
        var rowCount = 0
        var lastCommit = checkpoint
        for event in batch.events {
            if self.plan.targetTS > 0, event.commitTS > self.plan.targetTS { break }
            switch event.kind {
            case .ddl:
                try await sink.write(changes)
                rowCount += changes.count
                changes.removeAll(keepingCapacity: true)
                if self.accepts(ddl: event), let query = event.query {
                    try await sink.execute(ddl: query, database: event.table == nil ? nil : event.database)
                }
            case .insert, .update, .delete:
                guard let key = event.tableKey, let table = batch.tables[key], let name = event.table,
                    self.plan.filter.accepts(schema: event.database, table: name)
                else { break }
                // A table without a primary or unique key is ineligible unless force_replicate.
                if table.handle.isEmpty, !self.plan.forceReplicate { break }
                let row = RowStatements.Row(
                    kind: event.kind,
                    table: table,
                    before: event.before,
                    after: event.after,
                    safeMode: self.plan.safeMode || event.commitTS <= replicatingTS
                )
                changes.append(SinkWorkers.Change(commitTS: event.commitTS, row: row))
            }
            lastCommit = event.commitTS
        }
        try await sink.write(changes)
        return (lastCommit, rowCount + changes.count)
    }

    private func accepts(ddl event: ChangeEvent) -> Bool {
        guard let table = event.table else { return self.plan.filter.accepts(schema: event.database) }
        return self.plan.filter.accepts(schema: event.database, table: table)
    }
}
