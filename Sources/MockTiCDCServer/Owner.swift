import AsyncHTTPClient
import FoundationEssentials
import Logging
import TiCDCClient
import TiCDCCore

/// TiCDC's owner, for one capture: it keeps every changefeed (record and state machine), runs a
/// processor for each running one, applies the API's operations, persists changefeeds where TiCDC
/// does (the PD's metadata), and holds the upstreams' GC with a service safepoint
/// (ticdc-api.md §3, §6). Processors and timers are child tasks of `run()`.
actor Owner {
    struct Entry {
        var record: ChangefeedRecord
        var machine: ChangefeedMachine
        var processor: Processor?
        /// When the status was last written to PD (Unix ms): progress is persisted at most every
        /// `persistInterval`.
        var persistedAt: Int64 = 0
        /// The commit TS of the last change written downstream (`/synced`).
        var lastSyncedTS: UInt64 = 0
    }

    enum Command: Sendable {
        case start(Processor, key: String)
        case retry(key: String, after: Duration)
    }

    let configuration: MockTiCDCConfiguration
    let captureID: String
    let metadata: UpstreamPD
    let httpClient: HTTPClient
    let logger: Logger
    let metrics: ChangefeedMetrics
    /// Mock-only faults by changefeed id (`/mock/v1/changefeeds/{id}/fault`).
    let faults: FaultBoard
    var entries: [String: Entry] = [:]
    /// The PD cluster id of the server's own PD (TiCDC's etcd cluster id in the GC service id).
    var metadataClusterID: UInt64 = 0
    private(set) var isReady = false
    private let commands: AsyncStream<Command>
    private let commandSink: AsyncStream<Command>.Continuation
    static let persistInterval: Int64 = 100

    init(
        configuration: MockTiCDCConfiguration,
        captureID: String,
        httpClient: HTTPClient,
        metrics: ChangefeedMetrics,
        logger: Logger
    ) {
        self.configuration = configuration
        self.captureID = captureID
        self.httpClient = httpClient
        self.metadata = UpstreamPD(address: configuration.pd, client: httpClient)
        self.metrics = metrics
        self.faults = FaultBoard(configuration.faults)
        self.logger = logger
        self.address = "\(configuration.host):\(configuration.port)"
        (self.commands, self.commandSink) = AsyncStream.makeStream(of: Command.self)
    }

    /// `host:port` as bound (`run(port:)`).
    private(set) var address: String
    var now: Int64 { self.configuration.now() }

    /// `ticdc-<cluster-id>-<etcd cluster id>`: TiCDC's service safepoint on each upstream.
    var gcServiceID: String { "ticdc-\(self.configuration.clusterID)-\(self.metadataClusterID)" }

    static func key(namespace: String, id: String) -> String { namespace + "/" + id }

    // MARK: Running

    /// Loads the changefeeds, starts the running ones, then serves processors, retries and GC
    /// ticks until cancelled.
    func run(port: Int) async throws {
        self.address = "\(self.configuration.host):\(port)"
        self.metadataClusterID = try await self.metadata.cluster().clusterID
        let prefix = "/tidb/cdc/\(self.configuration.clusterID)/"
        for (key, value) in try await self.metadata.entries(prefix: prefix) where key.contains("/changefeed/info/") {
            guard let record = try? JSONDecoder().decode(ChangefeedRecord.self, from: Data(value.utf8)) else {
                continue
            }
            var machine = ChangefeedMachine(state: record.state, error: record.error, retry: self.retry(for: record))
            let actions = machine.started()
            let entryKey = Self.key(namespace: record.namespace, id: record.id)
            self.entries[entryKey] = Entry(record: record, machine: machine)
            self.metrics.update(record)
            await self.perform(actions, key: entryKey)
        }
        // Where `cdc cli --pd` finds this capture.
        let registration = CaptureLookup.Registration(
            id: self.captureID,
            address: self.address,
            version: self.configuration.release,
            startedAt: self.now
        )
        if let data = try? JSONEncoder().encode(registration) {
            try? await self.metadata.put(
                CaptureLookup.key(clusterID: self.configuration.clusterID, captureID: self.captureID),
                String(decoding: data, as: UTF8.self)
            )
        }
        self.isReady = true
        let clock = self.configuration.clock
        let gcInterval = self.configuration.gcInterval
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                while !Task.isCancelled {
                    await self.maintainGC()
                    try? await clock.sleep(for: gcInterval)
                }
            }
            for await command in self.commands {
                switch command {
                case .start(let processor, let key):
                    tasks.addTask {
                        await processor.run { report in await self.handle(report, key: key, from: processor) }
                    }
                case .retry(let key, let wait):
                    tasks.addTask {
                        try? await clock.sleep(for: wait)
                        await self.retryDue(key: key)
                    }
                }
            }
            tasks.cancelAll()
        }
        try? await self.metadata.delete(
            CaptureLookup.key(clusterID: self.configuration.clusterID, captureID: self.captureID)
        )
    }

    /// Ends `run()`, which cancels every processor and timer.
    nonisolated func shutdown() {
        self.commandSink.finish()
    }

    private func retry(for record: ChangefeedRecord) -> ChangefeedMachine.Retry {
        var retry = self.configuration.retry
        retry.stuckAfter = record.config.errorStuckDuration
        return retry
    }

    // MARK: Carrying out the machine's actions

    func perform(_ actions: [ChangefeedMachine.Action], key: String) async {
        for action in actions {
            switch action {
            case .startProcessor:
                self.startProcessor(key: key)
                await self.undoStartTSSafety(key: key)
            case .stopProcessor:
                self.entries[key]?.processor?.stop()
                self.entries[key]?.processor = nil
            case .retry(let wait): self.commandSink.yield(.retry(key: key, after: wait))
            case .persist: await self.persist(key: key, info: true)
            }
        }
    }

    private func startProcessor(key: String) {
        guard var entry = self.entries[key], entry.processor == nil else { return }
        let record = entry.record
        do throws(TiCDCError) {
            let plan = Processor.Plan(
                changefeed: record.id,
                upstream: UpstreamPD(address: record.upstreamPD, client: self.httpClient),
                sink: try SinkAddress(record.sinkURI),
                checkpoint: record.checkpointTS,
                targetTS: record.targetTS,
                filter: try TableFilter(rules: record.config.filterRules, caseSensitive: record.config.caseSensitive),
                safeMode: record.config.safeMode,
                forceReplicate: record.config.forceReplicate,
                resolvedInterval: self.configuration.resolvedInterval,
                bdrMode: record.config.bdrMode,
                syncPoint: record.config.enableSyncPoint
                    ? SyncPointWriter.Settings(
                        interval: record.config.syncPointInterval,
                        retention: record.config.syncPointRetention,
                        clusterID: self.configuration.clusterID
                    ) : nil,
                redo: record.config.consistentLevel == "eventual"
                    ? RedoStage.Settings(
                        storage: record.config.redoStorage,
                        maxLogSize: record.config.redoMaxLogSize,
                        flushInterval: record.config.redoFlushInterval,
                        metaFlushInterval: record.config.redoMetaFlushInterval
                    ) : nil,
                captureID: self.captureID,
                namespace: record.namespace,
                faults: self.faults,
                now: self.configuration.now,
                clock: self.configuration.clock
            )
            let processor = Processor(plan: plan, logger: self.logger)
            entry.processor = processor
            self.entries[key] = entry
            self.commandSink.yield(.start(processor, key: key))
        } catch {
            self.logger.error("changefeed cannot start", metadata: ["changefeed": "\(record.id)", "error": "\(error)"])
        }
    }

    /// Once a changefeed runs, its checkpoint holds GC: the `-creating-` and `-resuming-`
    /// safepoints that guarded its start TS go (tiflow `changefeed.initialize`).
    private func undoStartTSSafety(key: String) async {
        guard let record = self.entries[key]?.record else { return }
        let upstream = UpstreamPD(address: record.upstreamPD, client: self.httpClient)
        for tag in ["creating", "resuming"] {
            let service = "\(self.gcServiceID)-\(tag)-\(record.namespace)_\(record.id)"
            do throws(TiCDCError) {
                _ = try await upstream.updateServiceSafePoint(service, safePoint: 0, ttlSeconds: 0)
            } catch {
                self.logger.warning(
                    "cannot remove a start safepoint",
                    metadata: ["service": "\(service)", "error": "\(error)"]
                )
            }
        }
    }

    func handle(_ report: Processor.Report, key: String, from processor: Processor) async {
        // A report from a processor that was stopped meanwhile changes nothing.
        guard var entry = self.entries[key], entry.processor === processor else { return }
        switch report {
        case .progress(let checkpoint, let resolved, let lastEvent, let rows):
            self.metrics.rowsWritten(rows, to: entry.record)
            entry.record.checkpointTS = checkpoint
            entry.record.resolvedTS = resolved
            if lastEvent > 0 { entry.lastSyncedTS = lastEvent }
            let actions = entry.machine.checkpointAdvanced(to: checkpoint)
            self.entries[key] = entry
            self.metrics.update(entry.record)
            await self.perform(actions, key: key)
            if self.now - (self.entries[key]?.persistedAt ?? 0) >= Self.persistInterval {
                await self.persist(key: key, info: false)
            }
        case .resolved(let resolved):
            entry.record.resolvedTS = max(entry.record.resolvedTS, resolved)
            self.entries[key] = entry
        case .reachedTarget(let checkpoint):
            entry.record.checkpointTS = checkpoint
            let actions = entry.machine.targetReached()
            self.entries[key] = entry
            await self.perform(actions, key: key)
        case .failed(let error, let checkpoint):
            self.logger.warning(
                "changefeed error",
                metadata: ["changefeed": "\(entry.record.id)", "error": "\(error)"]
            )
            entry.record.checkpointTS = max(entry.record.checkpointTS, checkpoint)
            let actions = entry.machine.processorFailed(
                error,
                address: self.address,
                checkpoint: checkpoint,
                nowMilliseconds: self.now
            )
            entry.processor = nil
            self.entries[key] = entry
            await self.perform(actions, key: key)
        }
    }

    private func retryDue(key: String) async {
        guard var entry = self.entries[key] else { return }
        let actions = entry.machine.retryDue()
        self.entries[key] = entry
        await self.perform(actions, key: key)
    }

    /// Writes the record (the machine's state and errors into it) to the metadata store.
    func persist(key: String, info: Bool) async {
        guard var entry = self.entries[key] else { return }
        entry.record.state = entry.machine.state
        entry.record.error = entry.machine.error
        entry.record.warning = entry.machine.warning
        entry.persistedAt = self.now
        self.entries[key] = entry
        self.metrics.update(entry.record)
        let record = entry.record
        guard let data = try? JSONEncoder().encode(record) else { return }
        let status =
            "{\"checkpoint-ts\":\(record.checkpointTS),\"min-table-barrier-ts\":\(record.checkpointTS),\"admin-job-type\":\(record.adminJobType)}"
        do throws(TiCDCError) {
            let cluster = self.configuration.clusterID
            try await self.metadata.put(
                ChangefeedRecord.infoKey(clusterID: cluster, namespace: record.namespace, id: record.id),
                String(decoding: data, as: UTF8.self)
            )
            try await self.metadata.put(
                ChangefeedRecord.statusKey(clusterID: cluster, namespace: record.namespace, id: record.id),
                status
            )
        } catch {
            self.logger.warning(
                "cannot persist changefeed",
                metadata: ["changefeed": "\(record.id)", "error": "\(error)"]
            )
        }
    }

    // MARK: GC

    /// TiCDC's `updateGCSafepoint` per upstream: a service safepoint one below the smallest
    /// checkpoint of the changefeeds that block GC (or at the current TSO when none does), for
    /// `gc-ttl`; then `CheckStaleCheckpointTs` for each of them. If TiCDC's safepoint is the
    /// upstream's minimum, TiCDC is what holds GC back, and a changefeed whose checkpoint is older
    /// than the TTL fails with ErrGCTTLExceeded (so GC can go on). Otherwise something else holds
    /// GC lower, or PD refused the safepoint because GC has passed it (TiCDC was down beyond the
    /// TTL): a changefeed at or below that minimum fails with ErrSnapshotLostByGC.
    func maintainGC() async {
        var upstreams: [String: [String]] = [:]
        for (key, entry) in self.entries { upstreams[entry.record.upstreamPD, default: []].append(key) }
        for (address, keys) in upstreams {
            let upstream = UpstreamPD(address: address, client: self.httpClient)
            let blocking = keys.filter { self.entries[$0].map(Self.blocksGC) ?? false }
            do throws(TiCDCError) {
                let lowest = blocking.compactMap { self.entries[$0]?.record.checkpointTS }.min()
                let safePoint: UInt64
                if let lowest {
                    safePoint = lowest > 0 ? lowest - 1 : 0
                } else {
                    safePoint = try await upstream.currentTSO()
                }
                let minimum = try await upstream.updateServiceSafePoint(
                    self.gcServiceID,
                    safePoint: safePoint,
                    ttlSeconds: self.configuration.gcTTL
                )
                let ticdcBlocksGC = minimum == safePoint
                let now = self.now
                for key in blocking {
                    guard let checkpoint = self.entries[key]?.record.checkpointTS, let id = self.entries[key]?.record.id
                    else { continue }
                    let upperBound = checkpoint > 0 ? checkpoint - 1 : 0
                    if ticdcBlocksGC {
                        if now - TiCDCTime.milliseconds(ofTSO: upperBound) > self.configuration.gcTTL * 1000 {
                            await self.fail(key: key, .gcTTLExceeded(checkpoint: checkpoint, changefeed: id))
                        }
                    } else if upperBound < minimum {
                        await self.fail(key: key, .snapshotLostByGC(checkpoint: checkpoint, safePoint: minimum))
                    }
                }
            } catch {
                self.logger.warning(
                    "cannot update the service safepoint",
                    metadata: ["pd": "\(address)", "error": "\(error)"]
                )
            }
        }
    }

    /// Normal, stopped, pending and warning changefeeds hold GC; a failed one too, unless GC
    /// failed it (`NeedBlockGC`).
    static func blocksGC(_ entry: Entry) -> Bool {
        switch entry.machine.state {
        case .normal, .stopped, .pending, .warning: return true
        case .failed:
            return !["CDC:ErrGCTTLExceeded", "CDC:ErrSnapshotLostByGC", "CDC:ErrStartTsBeforeGC"].contains(
                entry.machine.error?.code ?? ""
            )
        case .finished, .removed: return false
        }
    }

    private func fail(key: String, _ error: TiCDCError) async {
        guard var entry = self.entries[key] else { return }
        let actions = entry.machine.processorFailed(
            error,
            address: self.address,
            checkpoint: entry.record.checkpointTS,
            nowMilliseconds: self.now
        )
        self.entries[key] = entry
        await self.perform(actions, key: key)
    }
}
