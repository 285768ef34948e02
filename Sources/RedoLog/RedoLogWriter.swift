public import ChangeStream
public import ExternalStorage

/// One changefeed's redo log writer (TiCDC's redo log manager with `consistent.level =
/// "eventual"`): the processor appends what it is about to write downstream, the writer puts it
/// in log files every `flushInterval` and the meta file (checkpoint, resolved TS) every
/// `metaFlushInterval`. After a crash, `RedoLogReader` and `mock-ticdc redo apply` replay the log
/// from the meta's checkpoint to its resolved TS.
///
/// Files (RedoFileName): each log flush writes one row file and one DDL file (when it has
/// records), a new uuid each, rotating to another file past `maxLogSize`; the meta file keeps one
/// uuid name for the writer's life and is rewritten whole (`ExternalStorage.write` is atomic).
/// After a meta write, the writer's own log files whose largest commit TS is below the checkpoint
/// are deleted, as TiCDC's GC does; they hold nothing a reader would apply.
///
/// An actor: `append` and `setCheckpoint` only touch memory; flushes are serialized (a flush
/// waits for the one before it), so a meta never claims a resolved TS whose logs are not written.
public actor RedoLogWriter {
    public struct Options: Sendable, Equatable {
        /// `max-log-size` in bytes (TiCDC's option is in MiB: 64).
        public var maxLogBytes: Int
        /// `flush-interval` (TiCDC: 2000 ms).
        public var flushInterval: Duration
        /// `meta-flush-interval` (TiCDC: 200 ms).
        public var metaFlushInterval: Duration
        /// Delete this writer's log files below the checkpoint after each meta write.
        public var removesAppliedLogs: Bool

        public init(
            maxLogSize: Int = 64,
            flushInterval: Duration = .milliseconds(2000),
            metaFlushInterval: Duration = .milliseconds(200),
            removesAppliedLogs: Bool = true
        ) {
            self.maxLogBytes = max(1, maxLogSize) << 20
            self.flushInterval = flushInterval
            self.metaFlushInterval = metaFlushInterval
            self.removesAppliedLogs = removesAppliedLogs
        }
    }

    /// A framed record waiting for the next log flush.
    struct Pending: Sendable {
        var commitTS: UInt64
        var framed: [UInt8]
    }

    public nonisolated let captureID: String
    public nonisolated let namespace: String
    public nonisolated let changefeedID: String
    public nonisolated let options: Options
    /// The meta file's name, fixed for the writer's life.
    public nonisolated let metaFileName: String
    private let storage: any ExternalStorage
    private let clock: any Clock<Duration>
    private let makeUUID: @Sendable () -> String

    private var pendingRows: [Pending] = []
    private var pendingDDLs: [Pending] = []
    private var pendingResolvedTS: UInt64
    /// The resolved TS of everything appended and written to log files.
    public private(set) var flushedResolvedTS: UInt64
    /// The sink's checkpoint, written with the next meta.
    public private(set) var checkpointTS: UInt64
    /// The meta last written, so an unchanged one is not written again.
    public private(set) var writtenMeta: RedoMeta?
    /// The log files this writer wrote and has not removed.
    public private(set) var logFiles: [RedoFileName.Log] = []
    /// Log flushes done, those that found nothing to write included.
    public private(set) var logFlushCount = 0
    private var flushing = false
    /// Flushes waiting for the one in flight.
    private(set) var flushWaiters: [CheckedContinuation<Void, Never>] = []

    /// `startTS`: the changefeed's checkpoint when the writer starts; checkpoint and resolved TS
    /// start there. `uuid` names files (tests make it predictable).
    public init(
        storage: any ExternalStorage,
        captureID: String,
        namespace: String = RedoFileName.defaultNamespace,
        changefeedID: String,
        startTS: UInt64 = 0,
        options: Options = Options(),
        clock: any Clock<Duration> = ContinuousClock(),
        uuid: @escaping @Sendable () -> String = RedoFileName.randomUUID
    ) {
        self.storage = storage
        self.captureID = captureID
        self.namespace = namespace
        self.changefeedID = changefeedID
        self.options = options
        self.clock = clock
        self.makeUUID = uuid
        self.metaFileName =
            RedoFileName.Meta(captureID: captureID, namespace: namespace, changefeedID: changefeedID, uuid: uuid()).name
        self.pendingResolvedTS = startTS
        self.flushedResolvedTS = startTS
        self.checkpointTS = startTS
    }

    /// Takes a batch the processor has filtered: one record per commit (its row changes with the
    /// tables they name, or one DDL). `batch.resolvedTS` becomes the redo log's resolved TS once
    /// the next log flush has written it.
    public func append(_ batch: ChangeBatch) {
        var index = batch.events.startIndex
        while index < batch.events.endIndex {
            let event = batch.events[index]
            if event.kind == .ddl {
                var tables: [String: TableInfo] = [:]
                if let key = event.tableKey, let table = batch.tables[key] { tables[key] = table }
                self.pendingDDLs.append(Self.pending([event], tables: tables))
                index += 1
                continue
            }
            var end = index
            var tables: [String: TableInfo] = [:]
            while end < batch.events.endIndex, batch.events[end].commitTS == event.commitTS,
                batch.events[end].kind != .ddl
            {
                if let key = batch.events[end].tableKey, let table = batch.tables[key] { tables[key] = table }
                end += 1
            }
            self.pendingRows.append(Self.pending(Array(batch.events[index..<end]), tables: tables))
            index = end
        }
        let lastCommit = batch.events.last?.commitTS ?? 0
        self.pendingResolvedTS = max(self.pendingResolvedTS, batch.resolvedTS, lastCommit)
    }

    private static func pending(_ events: [ChangeEvent], tables: [String: TableInfo]) -> Pending {
        let commitTS = events[0].commitTS
        var framed: [UInt8] = []
        RedoLogFile.appendFramed(
            RedoLogFile.record(ChangeBatch(events: events, tables: tables, resolvedTS: commitTS)),
            to: &framed
        )
        return Pending(commitTS: commitTS, framed: framed)
    }

    /// The sink's checkpoint: everything at or below it is downstream.
    public func setCheckpoint(_ ts: UInt64) {
        self.checkpointTS = max(self.checkpointTS, ts)
    }

    /// Writes pending log files, then the meta.
    public func flush() async throws(RedoLogError) {
        try await self.flushLogs()
        try await self.flushMeta()
    }

    /// Writes what was appended since the last flush to log files and moves `flushedResolvedTS`.
    /// On failure the records stay pending (a later flush writes them; records already written
    /// are then written again, which readers tolerate).
    public func flushLogs() async throws(RedoLogError) {
        await self.beginFlush()
        defer { self.endFlush() }
        try await self.writePendingLogs()
    }

    /// Flushes the logs unless `flushedResolvedTS` already reaches `ts`, after any flush in flight
    /// (which may reach it): callers asking while a flush runs get one more flush between them, not
    /// one each. For a sink waiting on the redo log (mock-only: TiCDC waits for its next tick).
    public func flushLogs(reaching ts: UInt64) async throws(RedoLogError) {
        guard self.flushedResolvedTS < ts else { return }
        await self.beginFlush()
        defer { self.endFlush() }
        guard self.flushedResolvedTS < ts else { return }
        try await self.writePendingLogs()
    }

    private func writePendingLogs() async throws(RedoLogError) {
        self.logFlushCount += 1
        let (rows, ddls, resolved) = (self.pendingRows, self.pendingDDLs, self.pendingResolvedTS)
        self.pendingRows.removeAll()
        self.pendingDDLs.removeAll()
        do throws(RedoLogError) {
            try await self.write(rows, type: .row)
            try await self.write(ddls, type: .ddl)
        } catch {
            self.pendingRows = rows + self.pendingRows
            self.pendingDDLs = ddls + self.pendingDDLs
            throw error
        }
        self.flushedResolvedTS = max(self.flushedResolvedTS, resolved)
    }

    /// Writes the meta when it changed: the checkpoint, and as resolved TS the flushed one (or the
    /// checkpoint, when the sink is ahead: what is downstream needs no replay). Then removes this
    /// writer's log files below the checkpoint.
    public func flushMeta() async throws(RedoLogError) {
        await self.beginFlush()
        defer { self.endFlush() }
        let meta = RedoMeta(checkpointTS: self.checkpointTS, resolvedTS: max(self.flushedResolvedTS, self.checkpointTS))
        guard meta != self.writtenMeta else { return }
        do throws(ExternalStorageError) {
            try await self.storage.write(self.metaFileName, meta.msgpack)
        } catch {
            throw .storage(error)
        }
        self.writtenMeta = meta
        guard self.options.removesAppliedLogs else { return }
        for file in self.logFiles where file.maxCommitTS < meta.checkpointTS {
            do throws(ExternalStorageError) {
                try await self.storage.delete(file.name)
            } catch {
                throw .storage(error)
            }
            self.logFiles.removeAll { $0 == file }
        }
    }

    /// Flushes logs every `flushInterval` and the meta every `metaFlushInterval` on the injected
    /// clock until the task is cancelled (then returns; call `flush()` for a last flush). Meant to
    /// run as a child task of the changefeed's processor. A failed flush ends it with the error.
    public func run() async throws(RedoLogError) {
        try await self.loop(on: self.clock)
    }

    private func loop<C: Clock<Duration>>(on clock: C) async throws(RedoLogError) {
        var nextLogs = clock.now.advanced(by: self.options.flushInterval)
        var nextMeta = clock.now.advanced(by: self.options.metaFlushInterval)
        while !Task.isCancelled {
            do {
                try await clock.sleep(until: min(nextLogs, nextMeta), tolerance: nil)
            } catch {
                return  // cancelled
            }
            // Fixed-rate ticks: a flush's own time does not stretch the interval.
            let now = clock.now
            if now >= nextLogs {
                try await self.flushLogs()
                nextLogs = max(nextLogs.advanced(by: self.options.flushInterval), now)
            }
            if now >= nextMeta {
                try await self.flushMeta()
                nextMeta = max(nextMeta.advanced(by: self.options.metaFlushInterval), now)
            }
        }
    }

    /// Files of at most `maxLogBytes` (a larger record gets a file of its own), each named by its
    /// largest commit TS.
    private func write(_ records: [Pending], type: RedoFileName.LogType) async throws(RedoLogError) {
        var start = 0
        while start < records.count {
            var end = start
            var size = 0
            while end < records.count, end == start || size + records[end].framed.count <= self.options.maxLogBytes {
                size += records[end].framed.count
                end += 1
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size)
            for record in records[start..<end] { bytes += record.framed }
            let file = RedoFileName.Log(
                captureID: self.captureID,
                namespace: self.namespace,
                changefeedID: self.changefeedID,
                type: type,
                maxCommitTS: records[start..<end].map(\.commitTS).max() ?? 0,
                uuid: self.makeUUID()
            )
            do throws(ExternalStorageError) {
                try await self.storage.write(file.name, bytes)
            } catch {
                throw .storage(error)
            }
            self.logFiles.append(file)
            start = end
        }
    }

    // One flush at a time: an actor lets another call in while a flush awaits the storage.
    private func beginFlush() async {
        if !self.flushing {
            self.flushing = true
            return
        }
        await withCheckedContinuation { self.flushWaiters.append($0) }
    }

    private func endFlush() {
        if self.flushWaiters.isEmpty {
            self.flushing = false
        } else {
            self.flushWaiters.removeFirst().resume()
        }
    }
}
