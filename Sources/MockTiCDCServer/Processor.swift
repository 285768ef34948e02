import ChangeStream
import Logging
import Synchronization
import TiCDCCore

/// One changefeed's replication: read the upstream's committed changes after the checkpoint, keep
/// what the filter takes, write it downstream in commit order, and move the checkpoint to the
/// resolved TS each batch reaches (ticdc-api.md §5). Whole upstream transactions go into one
/// downstream transaction, several small ones together up to `maximumRows`. Rows committed before
/// the processor started (`replicatingTS`) are written in safe mode, so what a crashed run
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
        var maximumRows = 256
    }

    enum Report: Sendable {
        /// `lastEvent`: the commit TS of the last change written (0 when none in this batch).
        case progress(checkpoint: UInt64, resolved: UInt64, lastEvent: UInt64)
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
        let sink = MySQLSink(uri: self.plan.sink, logger: self.logger)
        var checkpoint = self.plan.checkpoint
        do throws(TiCDCError) {
            let replicatingTS = try await self.plan.upstream.currentTSO()
            try await sink.open()
            while !self.isStopped, !Task.isCancelled {
                let batch: ChangeBatch
                do throws(TiCDCError) {
                    batch = try await self.plan.upstream.changes(
                        after: checkpoint,
                        limit: 4096,
                        wait: self.plan.resolvedInterval
                    )
                } catch where error.code == "CDC:ErrSnapshotLostByGC" {
                    let safePoint = UInt64(error.text.split(separator: " ").last ?? "") ?? 0
                    throw .snapshotLostByGC(checkpoint: checkpoint, safePoint: safePoint)
                }
                if self.isStopped { break }
                let target = self.plan.targetTS
                let applied = try await self.apply(batch, after: checkpoint, replicatingTS: replicatingTS, sink: sink)
                var next = max(applied, batch.resolvedTS)
                if target > 0, next >= target { next = target }
                if next > checkpoint {
                    let lastEvent = applied > checkpoint ? applied : 0
                    checkpoint = next
                    await report(.progress(checkpoint: checkpoint, resolved: batch.resolvedTS, lastEvent: lastEvent))
                }
                if target > 0, checkpoint >= target {
                    await report(.reachedTarget(checkpoint))
                    break
                }
            }
        } catch {
            await report(.failed(error, checkpoint: checkpoint))
        }
        await sink.close()
    }

    /// Writes a batch's changes at or below the target; the last commit TS fully written.
    private func apply(
        _ batch: ChangeBatch,
        after checkpoint: UInt64,
        replicatingTS: UInt64,
        sink: MySQLSink
    ) async throws(TiCDCError) -> UInt64 {
        var rows: [RowStatements.Row] = []
        var written = checkpoint
        var pendingTS = checkpoint
        func flush() async throws(TiCDCError) {
            guard !rows.isEmpty else {
                written = pendingTS
                return
            }
            try await sink.write(RowStatements.statements(for: rows, maximumBatch: self.plan.maximumRows))
            rows.removeAll(keepingCapacity: true)
            written = pendingTS
        }
        for event in batch.events {
            if self.plan.targetTS > 0, event.commitTS > self.plan.targetTS { break }
            // A transaction is never split: flush only between commit TSs.
            if event.commitTS != pendingTS, rows.count >= self.plan.maximumRows { try await flush() }
            switch event.kind {
            case .ddl:
                try await flush()
                if self.accepts(ddl: event), let query = event.query {
                    try await sink.execute(ddl: query, database: event.table == nil ? nil : event.database)
                }
            case .insert, .update, .delete:
                guard let key = event.tableKey, let table = batch.tables[key], let name = event.table,
                    self.plan.filter.accepts(schema: event.database, table: name)
                else { break }
                // A table without a primary or unique key is ineligible unless force_replicate.
                if table.handle.isEmpty, !self.plan.forceReplicate { break }
                rows.append(
                    RowStatements.Row(
                        kind: event.kind,
                        table: table,
                        before: event.before,
                        after: event.after,
                        safeMode: self.plan.safeMode || event.commitTS <= replicatingTS
                    )
                )
            }
            pendingTS = event.commitTS
        }
        try await flush()
        return written
    }

    private func accepts(ddl event: ChangeEvent) -> Bool {
        guard let table = event.table else { return self.plan.filter.accepts(schema: event.database) }
        return self.plan.filter.accepts(schema: event.database, table: table)
    }
}
