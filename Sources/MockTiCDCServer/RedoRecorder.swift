import AsyncHTTPClient
import ChangeStream
public import Logging
public import RedoLog
import S3Storage
import TiCDCCore

/// Mock-only (`mock-ticdc redo record`, hidden): writes a redo log of an upstream mock cluster's
/// real changes without a changefeed, for tests of `redo meta` and `redo apply`. It reads
/// `/mock/v1/changes` after `startTS` up to the upstream's current TSO, keeps what a changefeed
/// with the given filter would replicate, and appends each batch to a `RedoLogWriter`, flushing
/// the logs after each (so a long range spans several files); then it writes the meta with
/// `checkpointTS` (the sink's checkpoint that a crash left behind) and the flushed resolved TS.
/// Run twice over overlapping ranges with the same storage, it leaves two writers' files, as a
/// restarted processor does.
public enum RedoRecorder {
    public struct Request: Sendable {
        public var pd: String
        public var storageURL: String
        public var captureID: String
        public var namespace: String
        public var changefeedID: String
        public var startTS: UInt64
        /// Defaults to `startTS`.
        public var checkpointTS: UInt64?
        public var filterRules: [String]
        public var maxLogSize: Int

        public init(
            pd: String,
            storageURL: String,
            captureID: String,
            namespace: String = RedoFileName.defaultNamespace,
            changefeedID: String,
            startTS: UInt64,
            checkpointTS: UInt64? = nil,
            filterRules: [String] = ["*.*"],
            maxLogSize: Int = 64
        ) {
            self.pd = pd
            self.storageURL = storageURL
            self.captureID = captureID
            self.namespace = namespace
            self.changefeedID = changefeedID
            self.startTS = startTS
            self.checkpointTS = checkpointTS
            self.filterRules = filterRules
            self.maxLogSize = maxLogSize
        }
    }

    /// The meta written.
    public static func record(_ request: Request, logger: Logger) async throws(RedoApplyError) -> RedoMeta {
        let opener = ExternalStorageOpener(logger: logger)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let meta = try await Self.record(request, opener: opener, client: client)
            try? await client.shutdown()
            await opener.shutdown()
            return meta
        } catch {
            try? await client.shutdown()
            await opener.shutdown()
            switch error {
            case let error as RedoLogError: throw RedoApplyError(error.description)
            case let error as TiCDCError: throw RedoApplyError(error.message)
            default: throw RedoApplyError("\(error)")
            }
        }
    }

    private static func record(
        _ request: Request,
        opener: ExternalStorageOpener,
        client: HTTPClient
    ) async throws -> RedoMeta {
        let upstream = UpstreamPD(address: request.pd, client: client)
        let filter = try TableFilter(rules: request.filterRules)
        let writer = RedoLogWriter(
            storage: try opener.open(request.storageURL),
            captureID: request.captureID,
            namespace: request.namespace,
            changefeedID: request.changefeedID,
            startTS: min(request.startTS, request.checkpointTS ?? request.startTS),
            options: .init(maxLogSize: request.maxLogSize)
        )
        let target = try await upstream.currentTSO()
        var after = request.startTS
        while after < target {
            var batch = try await upstream.changes(after: after, limit: 4096, wait: .milliseconds(100))
            let tables = batch.tables
            batch.events = batch.events.filter { event in
                guard let table = event.table else {
                    return event.kind == .ddl && filter.accepts(schema: event.database)
                }
                guard filter.accepts(schema: event.database, table: table) else { return false }
                guard event.kind != .ddl else { return true }
                return event.tableKey.flatMap { tables[$0] }.map { !$0.handle.isEmpty } ?? false
            }
            await writer.append(batch)
            try await writer.flushLogs()
            after = max(after, batch.resolvedTS)
        }
        await writer.setCheckpoint(request.checkpointTS ?? request.startTS)
        try await writer.flushMeta()
        return await writer.writtenMeta ?? RedoMeta(checkpointTS: request.startTS, resolvedTS: request.startTS)
    }
}
