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
        var bdrMode: Bool
        var syncPoint: SyncPointWriter.Settings?
        var redo: RedoStage.Settings?
        var captureID: String
        var namespace: String
        var faults: FaultBoard
        /// Unix milliseconds (a fault's delay).
        var now: @Sendable () -> Int64
        /// Paces the redo log's flushes.
        var clock: any Clock<Duration>
    }

    enum Report: Sendable {
        /// `lastEvent`: the commit TS of the last change written (0 when none in this batch);
        /// `rows`: how many row changes were written since the last report.
        case progress(checkpoint: UInt64, resolved: UInt64, lastEvent: UInt64, rows: Int)
        /// The resolved TS moved while the checkpoint did not (the sink held or delayed).
        case resolved(UInt64)
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
            let redo = try self.plan.redo.map { (settings) throws(TiCDCError) in
                try RedoStage(
                    settings,
                    captureID: self.plan.captureID,
                    changefeed: self.plan.changefeed,
                    namespace: self.plan.namespace,
                    start: start,
                    clock: self.plan.clock,
                    logger: self.logger
                )
            }
            let (reached, failure) = await withTaskGroup(of: Void.self) { group in
                if let redo { group.addTask { await redo.run() } }
                group.addTask {
                    await queue.fill(from: start) { after in
                        let read = await self.read(after: after)
                        if let redo, case .success(let batch) = read {
                            await redo.append(self.replicated(batch), flush: self.sinkIsFree)
                        }
                        return read
                    }
                }
                defer {
                    queue.close()
                    group.cancelAll()
                }
                return await self.write(
                    from: queue,
                    checkpoint: start,
                    replicatingTS: replicatingTS,
                    sink: sink,
                    redo: redo,
                    report: report
                )
            }
            await redo?.finish()
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
        redo: RedoStage?,
        report: @Sendable (Report) async -> Void
    ) async -> (UInt64, TiCDCError?) {
        var checkpoint = start
        var syncPoints = self.plan.syncPoint.map {
            SyncPointWriter(
                $0,
                changefeed: self.plan.changefeed,
                sink: self.plan.sink,
                after: start,
                now: self.plan.now,
                logger: self.logger
            )
        }
        // What has been read and not yet written: rows wait here while a fault holds or delays
        // the sink, or beyond a syncpoint until it is written.
        var pending = ChangeBatch(events: [], tables: [:], resolvedTS: start)
        var reportedResolved = start
        do throws(TiCDCError) {
            if syncPoints != nil, syncPoints!.nextBarrier == checkpoint {
                try await syncPoints!.write(at: checkpoint)
            }
            while !self.isStopped, !Task.isCancelled {
                guard let batch = try await queue.take(), !self.isStopped else { break }
                pending = ChangeQueue.merged([pending, batch])
                let fault = self.plan.faults.fault(for: self.plan.changefeed)
                if let error = fault.error { throw error }
                var limit = fault.holdSink ? checkpoint : pending.resolvedTS
                if fault.delay > .zero {
                    let delay =
                        fault.delay.components.seconds * 1000 + fault.delay.components.attoseconds
                        / 1_000_000_000_000_000
                    limit = min(limit, TiCDCTime.tso(milliseconds: self.plan.now() - delay))
                }
                let target = self.plan.targetTS
                if target > 0 { limit = min(limit, target) }
                // Held back only by the redo log, the sink has it flushed now (RedoStage.bound).
                if let redo { limit = min(limit, try await redo.bound(reaching: limit)) }
                while limit > checkpoint, !self.isStopped {
                    // A syncpoint's barrier cuts the step: everything at or below it is written
                    // before its row, nothing above it.
                    var step = limit
                    if let barrier = syncPoints?.nextBarrier, barrier < step { step = barrier }
                    let cut = pending.events.firstIndex { $0.commitTS > step } ?? pending.events.endIndex
                    let events = pending.events[..<cut]
                    let (applied, rows) = try await self.apply(
                        events,
                        tables: pending.tables,
                        replicatingTS: replicatingTS,
                        sink: sink
                    )
                    pending.events.removeFirst(cut)
                    checkpoint = step
                    if step == syncPoints?.nextBarrier { try await syncPoints!.write(at: step) }
                    reportedResolved = pending.resolvedTS
                    await redo?.writer.setCheckpoint(step)
                    await report(
                        .progress(checkpoint: step, resolved: pending.resolvedTS, lastEvent: applied, rows: rows)
                    )
                    if target > 0, step >= target {
                        await report(.reachedTarget(step))
                        await syncPoints?.close()
                        return (checkpoint, nil)
                    }
                }
                if pending.resolvedTS > reportedResolved {
                    reportedResolved = pending.resolvedTS
                    await report(.resolved(pending.resolvedTS))
                }
            }
            await syncPoints?.close()
            return (checkpoint, nil)
        } catch {
            await syncPoints?.close()
            return (checkpoint, error)
        }
    }

    /// The upstream's changes after `after`; GC having collected them is the changefeed's
    /// ErrSnapshotLostByGC.
    private func read(after: UInt64) async -> Result<ChangeBatch, TiCDCError> {
        do throws(TiCDCError) {
            return .success(
                try await self.plan.upstream.changes(after: after, limit: 4096, wait: self.plan.resolvedInterval)
            )
        } catch  where error.code == "CDC:ErrSnapshotLostByGC" {
            let safePoint = UInt64(error.text.split(separator: " ").last ?? "") ?? 0
            return .failure(.snapshotLostByGC(checkpoint: after, safePoint: safePoint))
        } catch {
            return .failure(error)
        }
    }

    /// Writes row changes and DDLs in commit order; the last commit TS written (0 when none) and
    /// the number of row changes written. Rows go out in parallel (`SinkWorkers`); a DDL waits for
    /// every row before it, and the rows after it wait for the DDL.
    private func apply(
        _ events: ArraySlice<ChangeEvent>,
        tables: [String: TableInfo],
        replicatingTS: UInt64,
        sink: SinkWorkers
    ) async throws(TiCDCError) -> (UInt64, Int) {
        var changes: [SinkWorkers.Change] = []
        var rowCount = 0
        var lastCommit: UInt64 = 0
        for event in events {
            switch event.kind {
            case .ddl:
                try await sink.write(changes)
                rowCount += changes.count
                changes.removeAll(keepingCapacity: true)
                if self.accepts(ddl: event), let query = event.query {
                    try await sink.execute(ddl: query, database: event.table == nil ? nil : event.database)
                }
            case .insert, .update, .delete:
                guard let table = self.replicatedTable(event, tables: tables) else { break }
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

    /// The row change's table when the changefeed replicates the change: the filter takes the
    /// table, the table is eligible (a primary or unique key, or `force_replicate`), and in BDR
    /// mode no changefeed wrote it (TiKV's FilterLoop).
    private func replicatedTable(_ event: ChangeEvent, tables: [String: TableInfo]) -> TableInfo? {
        guard let key = event.tableKey, let table = tables[key], let name = event.table,
            self.plan.filter.accepts(schema: event.database, table: name)
        else { return nil }
        if table.handle.isEmpty, !self.plan.forceReplicate { return nil }
        if self.plan.bdrMode, event.writeSource != 0 { return nil }
        return table
    }

    /// No fault holds or delays the sink: it will write what is read as soon as it can.
    private var sinkIsFree: Bool {
        let fault = self.plan.faults.fault(for: self.plan.changefeed)
        return !fault.holdSink && fault.delay == .zero
    }

    /// What the sink will write of a batch: the redo log's records.
    private func replicated(_ batch: ChangeBatch) -> ChangeBatch {
        var kept = batch
        kept.events = batch.events.filter { event in
            event.kind == .ddl
                ? self.accepts(ddl: event) && event.query != nil
                : self.replicatedTable(event, tables: batch.tables) != nil
        }
        return kept
    }

    private func accepts(ddl event: ChangeEvent) -> Bool {
        guard let table = event.table else { return self.plan.filter.accepts(schema: event.database) }
        return self.plan.filter.accepts(schema: event.database, table: table)
    }
}
