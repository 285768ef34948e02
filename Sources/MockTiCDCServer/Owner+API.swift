import TiCDCCore
import TiDBClient

/// The OpenAPI v2 operations, in TiCDC's order of checks and with its errors (ticdc-api.md §2).
extension Owner {
    func create(_ request: TiCDCAPI.ChangefeedConfig) async throws(TiCDCError) -> TiCDCAPI.ChangeFeedInfo {
        guard let sinkURI = request.sinkURI, !sinkURI.isEmpty else {
            throw .sinkURIInvalid("sink_uri is empty, cannot create a changefeed without sink_uri")
        }
        let namespace = request.namespace ?? "default"
        let id = request.changefeedID.flatMap { $0.isEmpty ? nil : $0 } ?? Self.newID()
        guard ChangefeedRecord.isValidID(id) else { throw .invalidParameter("invalid changefeed_id: \(id)") }
        guard ChangefeedRecord.isValidID(namespace) else { throw .invalidParameter("invalid namespace: \(namespace)") }
        let key = Self.key(namespace: namespace, id: id)
        guard self.entries[key] == nil else { throw .changefeedAlreadyExists(id) }

        let upstreamAddress = request.pdAddresses?.first ?? self.configuration.pd
        let upstream = UpstreamPD(address: upstreamAddress, client: self.httpClient)
        let cluster = try await upstream.cluster()
        let current = try await upstream.currentTSO()
        var startTS = request.startTS ?? 0
        if startTS == 0 { startTS = current }
        if startTS > current {
            throw .invalidParameter("invalid start-ts \(startTS), larger than current tso \(current)")
        }
        // PD answers with the minimum service safepoint: a start TS at or below it is gone.
        let creating = "\(self.gcServiceID)-creating-\(namespace)_\(id)"
        let minimum = try await upstream.updateServiceSafePoint(creating, safePoint: startTS, ttlSeconds: 3600)
        if startTS < minimum + 1 {
            throw .startTSBeforeGC(startTS: startTS, safePoint: minimum)
        }
        let targetTS = request.targetTS ?? 0
        if targetTS > 0, targetTS <= startTS {
            throw .targetTSBeforeStartTS(targetTS: targetTS, startTS: startTS)
        }
        let config = try ReplicaConfig(
            merging: request.replicaConfig,
            minimumSyncPointInterval: self.configuration.minimumSyncPointInterval
        )
        try await self.checkSink(sinkURI)
        try await RedoStage.checkStorage(of: config, logger: self.logger)

        var record = ChangefeedRecord(
            namespace: namespace,
            id: id,
            upstreamID: cluster.clusterID,
            upstreamPD: upstreamAddress,
            sinkURI: sinkURI,
            createMilliseconds: self.now,
            startTS: startTS,
            targetTS: targetTS,
            config: config,
            creatorVersion: self.configuration.release
        )
        record.state = .normal
        var machine = ChangefeedMachine(retry: self.retryPolicy(config))
        let actions = machine.started()
        self.entries[key] = Entry(record: record, machine: machine)
        await self.persist(key: key, info: true)
        await self.perform(actions, key: key)
        // A new changefeed forces the GC safepoint update (TiCDC: `updateGCSafepoint(force)`).
        await self.maintainGC()
        return record.info()
    }

    func list(state filter: String?) -> TiCDCAPI.List<TiCDCAPI.ChangefeedCommonInfo> {
        let records = self.entries.values.map(\.record).filter { record in
            switch filter {
            case nil, "": record.state.isListedByDefault
            case "all": true
            case let state?: record.state.rawValue == state
            }
        }.sorted { ($0.namespace, $0.id) < ($1.namespace, $1.id) }
        return TiCDCAPI.List(items: records.map { $0.commonInfo() })
    }

    func record(namespace: String, id: String) throws(TiCDCError) -> ChangefeedRecord {
        guard ChangefeedRecord.isValidID(id) else { throw .invalidParameter("invalid changefeed_id: \(id)") }
        guard let entry = self.entries[Self.key(namespace: namespace, id: id)] else { throw .changefeedNotExists(id) }
        var record = entry.record
        record.state = entry.machine.state
        record.error = entry.machine.error
        record.warning = entry.machine.warning
        return record
    }

    func pause(namespace: String, id: String) async throws(TiCDCError) {
        let key = Self.key(namespace: namespace, id: id)
        _ = try self.record(namespace: namespace, id: id)
        let actions = self.entries[key]?.machine.pause() ?? []
        await self.perform(actions, key: key)
    }

    func resume(namespace: String, id: String, _ request: TiCDCAPI.ResumeChangefeedConfig) async throws(TiCDCError) {
        let key = Self.key(namespace: namespace, id: id)
        let record = try self.record(namespace: namespace, id: id)
        let upstream = UpstreamPD(address: record.upstreamPD, client: self.httpClient)
        let overwrite = request.overwriteCheckpointTS ?? 0
        let newTS = overwrite != 0 ? overwrite : record.checkpointTS
        let current = try await upstream.currentTSO()
        if newTS > current {
            throw .invalidParameter("invalid checkpoint-ts \(newTS), larger than current tso \(current)")
        }
        let resuming = "\(self.gcServiceID)-resuming-\(namespace)_\(id)"
        let minimum = try await upstream.updateServiceSafePoint(resuming, safePoint: newTS, ttlSeconds: 3600)
        if newTS < minimum + 1 {
            throw .startTSBeforeGC(startTS: newTS, safePoint: minimum)
        }
        guard var entry = self.entries[key] else { throw .changefeedNotExists(id) }
        let actions = entry.machine.resume()
        if !actions.isEmpty, overwrite != 0 {
            entry.record.checkpointTS = overwrite
            entry.record.resolvedTS = overwrite
            entry.record.startTS = overwrite
        }
        self.entries[key] = entry
        await self.perform(actions, key: key)
        await self.maintainGC()
    }

    /// Idempotent: an unknown changefeed is already gone.
    func remove(namespace: String, id: String) async throws(TiCDCError) {
        guard ChangefeedRecord.isValidID(id) else { throw .invalidParameter("invalid changefeed_id: \(id)") }
        let key = Self.key(namespace: namespace, id: id)
        guard let entry = self.entries.removeValue(forKey: key) else { return }
        entry.processor?.stop()
        self.metrics.remove(entry.record)
        let cluster = self.configuration.clusterID
        try await self.metadata.delete(ChangefeedRecord.infoKey(clusterID: cluster, namespace: namespace, id: id))
        try await self.metadata.delete(ChangefeedRecord.statusKey(clusterID: cluster, namespace: namespace, id: id))
        await self.maintainGC()
    }

    /// Only a stopped or failed changefeed; `replica_config` replaces the whole config.
    func update(
        namespace: String,
        id: String,
        _ request: TiCDCAPI.ChangefeedConfig
    ) async throws(TiCDCError)
        -> TiCDCAPI.ChangeFeedInfo
    {
        let key = Self.key(namespace: namespace, id: id)
        let current = try self.record(namespace: namespace, id: id)
        guard current.state == .stopped || current.state == .failed else {
            throw .updateRefused("can only update changefeed config when it is stopped or failed")
        }
        var updated = current
        if let target = request.targetTS, target != 0 {
            guard target > current.startTS else {
                throw .targetTSBeforeStartTS(targetTS: target, startTS: current.startTS)
            }
            updated.targetTS = target
        }
        if let sinkURI = request.sinkURI, !sinkURI.isEmpty {
            _ = try SinkAddress(sinkURI)
            updated.sinkURI = sinkURI
        }
        if let replica = request.replicaConfig {
            updated.config = try ReplicaConfig(
                merging: replica,
                minimumSyncPointInterval: self.configuration.minimumSyncPointInterval
            )
            try await RedoStage.checkStorage(of: updated.config, logger: self.logger)
        }
        if let upstream = request.pdAddresses?.first { updated.upstreamPD = upstream }
        guard updated != current else {
            throw .updateRefused("changefeed config is the same with the old one, do nothing")
        }
        self.entries[key]?.record = updated
        await self.persist(key: key, info: true)
        return updated.info()
    }

    /// `/synced` (v8.x): synced once nothing was written for `synced_check_interval` and the
    /// checkpoint is within `checkpoint_interval` of now.
    func synced(namespace: String, id: String) throws(TiCDCError) -> TiCDCAPI.SyncedStatus {
        let record = try self.record(namespace: namespace, id: id)
        let entry = self.entries[Self.key(namespace: namespace, id: id)]
        let now = self.now
        let lastSynced = entry?.lastSyncedTS ?? 0
        let checkInterval =
            (record.config.tree.value(at: "synced_status.synced_check_interval")?.int64Value ?? 300) * 1000
        let checkpointInterval =
            (record.config.tree.value(at: "synced_status.checkpoint_interval")?.int64Value ?? 15) * 1000
        let quiet = now - TiCDCTime.milliseconds(ofTSO: lastSynced) > checkInterval
        let caughtUp = now - TiCDCTime.milliseconds(ofTSO: record.checkpointTS) < checkpointInterval
        func time(_ tso: UInt64) -> String {
            TiCDCTime.checkpointTime(milliseconds: TiCDCTime.milliseconds(ofTSO: tso))
        }
        let info =
            quiet && caughtUp
            ? "Data syncing is finished"
            : caughtUp
                ? "The data syncing is not finished, please wait"
                : "The data syncing is not finished: the checkpoint is more than \(checkpointInterval / 1000)s behind"
        return TiCDCAPI.SyncedStatus(
            synced: quiet && caughtUp,
            sinkCheckpointTS: time(record.checkpointTS),
            pullerResolvedTS: time(max(record.resolvedTS, record.checkpointTS)),
            lastSyncedTS: time(lastSynced),
            nowTS: TiCDCTime.checkpointTime(milliseconds: now),
            info: info
        )
    }

    /// `POST /api/v2/tso`: the server's upstream's TSO, or the TSO of the first of `pdAddresses`.
    func currentTSO(pdAddresses: [String]?) async throws(TiCDCError) -> UInt64 {
        guard let address = pdAddresses?.first, !address.isEmpty else { return try await self.metadata.currentTSO() }
        return try await UpstreamPD(address: address, client: self.httpClient).currentTSO()
    }

    /// `POST /api/v2/verify_table`: the upstream's tables the filter takes, split by eligibility.
    func verifyTables(_ request: TiCDCAPI.ChangefeedConfig) async throws(TiCDCError) -> TiCDCAPI.VerifiedTables {
        let config = try ReplicaConfig(
            merging: request.replicaConfig,
            minimumSyncPointInterval: self.configuration.minimumSyncPointInterval
        )
        let filter = try TableFilter(rules: config.filterRules, caseSensitive: config.caseSensitive)
        let upstream = UpstreamPD(address: request.pdAddresses?.first ?? self.configuration.pd, client: self.httpClient)
        var eligible: [TiCDCAPI.TableName] = []
        var ineligible: [TiCDCAPI.TableName] = []
        for table in try await upstream.tables() where filter.accepts(schema: table.database, table: table.name) {
            let name = TiCDCAPI.TableName(databaseName: table.database, tableName: table.name, tableID: table.tableID)
            if table.handle.isEmpty { ineligible.append(name) } else { eligible.append(name) }
        }
        return TiCDCAPI.VerifiedTables(ineligibleTables: ineligible, eligibleTables: eligible)
    }

    // MARK: Helpers

    /// The sink answers. (TiCDC v8.5 does not yet refuse a sink that is the upstream itself:
    /// `ErrSameUpstreamDownstream` came later, docs/ticdc/filter-and-sink.md.)
    private func checkSink(_ uri: String) async throws(TiCDCError) {
        let address = try SinkAddress(uri)
        var configuration = ConnectionConfiguration(host: address.host, port: address.port)
        configuration.user = address.user
        configuration.password = address.password
        configuration.connectTimeout = .seconds(10)
        configuration.replySpin = .zero
        let connection: TiDBConnection
        do throws(TiDBClientError) {
            connection = try await TiDBConnection.connect(configuration)
        } catch {
            throw .mysqlConnection(error.message)
        }
        await connection.close()
    }

    func retryPolicy(_ config: ReplicaConfig) -> ChangefeedMachine.Retry {
        var retry = self.configuration.retry
        retry.stuckAfter = config.errorStuckDuration
        return retry
    }

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
