import ChangeStream
public import ExternalStorage
public import Logging
public import RedoLog
import S3Storage
import TiCDCCore

#if canImport(Glibc)
import Glibc
#endif

/// `cdc redo apply` (pkg/applier/redo.go; ticdc-api.md §8): replays a redo log into a MySQL-
/// compatible downstream after the upstream is lost. Rows with commit TS in (checkpoint,
/// resolved] and DDLs in (checkpoint − 1, resolved], in commit order, through the changefeed's
/// MySQL sink (`SinkWorkers`: tables in parallel, each in commit order) with safe mode forced on
/// as TiCDC forces `safe-mode=true` (REPLACE for inserts, DELETE + REPLACE for updates); every row
/// before a DDL is committed before the DDL runs. Applying the same log twice changes nothing.
public struct RedoApplier: Sendable {
    public struct Report: Sendable, Equatable {
        public var meta: RedoMeta
        public var files: Int
        public var duplicateCommits: Int
        /// Row changes written and the upstream transactions they came from.
        public var rows: Int
        public var transactions: Int
        public var ddls: Int
        /// The commit TS of the first and last event applied; nil when the window was empty.
        public var firstCommitTS: UInt64?
        public var lastCommitTS: UInt64?

        /// What `mock-ticdc redo apply` prints before `Apply redo log successfully`.
        public var lines: [String] {
            var lines = [
                "checkpoint-ts:\(self.meta.checkpointTS), resolved-ts:\(self.meta.resolvedTS)",
                "read \(self.files) redo log files, skipped \(self.duplicateCommits) duplicate commits",
            ]
            var applied = "applied \(self.rows) row changes in \(self.transactions) transactions and \(self.ddls) DDLs"
            if let first = self.firstCommitTS, let last = self.lastCommitTS {
                applied += ", commit-ts \(first) to \(last)"
            }
            lines.append(applied)
            return lines
        }
    }

    public let storage: any ExternalStorage
    public let downloads: (any ExternalStorage)?
    public let sinkURI: String
    let logger: Logger

    public init(storage: any ExternalStorage, downloads: (any ExternalStorage)?, sinkURI: String, logger: Logger) {
        self.storage = storage
        self.downloads = downloads
        self.sinkURI = sinkURI
        self.logger = logger
    }

    public func apply() async throws(RedoApplyError) -> Report {
        let address: SinkAddress
        do throws(TiCDCError) {
            address = try SinkAddress(self.sinkURI)
        } catch {
            throw RedoApplyError(error.message)
        }
        let changes: RedoChanges
        do throws(RedoLogError) {
            changes = try await RedoLogReader(storage: self.storage, downloads: self.downloads).changes()
        } catch {
            throw RedoApplyError(error.description)
        }
        var report = Report(
            meta: changes.meta,
            files: changes.files.count,
            duplicateCommits: changes.duplicateCommits,
            rows: 0,
            transactions: 0,
            ddls: 0
        )
        let sink = SinkWorkers(uri: address, logger: self.logger)
        do throws(TiCDCError) {
            try await sink.open()
            var pending: [SinkWorkers.Change] = []
            var lastRowCommit: UInt64?
            for event in changes.events {
                report.firstCommitTS = report.firstCommitTS ?? event.commitTS
                report.lastCommitTS = event.commitTS
                switch event.kind {
                case .ddl:
                    try await sink.write(pending)
                    pending.removeAll(keepingCapacity: true)
                    guard let query = event.query else { continue }
                    try await sink.execute(ddl: query, database: event.table == nil ? nil : event.database)
                    report.ddls += 1
                case .insert, .update, .delete:
                    guard let key = event.tableKey, let table = changes.tables[key] else {
                        throw TiCDCError(
                            code: "CDC:ErrRedoFileOp",
                            text:
                                "redo log has a row of \(event.database).\(event.table ?? "?") at \(event.commitTS) without its table"
                        )
                    }
                    let row = RowStatements.Row(
                        kind: event.kind,
                        table: table,
                        before: event.before,
                        after: event.after,
                        safeMode: true
                    )
                    pending.append(SinkWorkers.Change(commitTS: event.commitTS, row: row))
                    report.rows += 1
                    if lastRowCommit != event.commitTS { report.transactions += 1 }
                    lastRowCommit = event.commitTS
                }
            }
            try await sink.write(pending)
        } catch {
            await sink.close()
            throw RedoApplyError(error.message)
        }
        await sink.close()
        self.logger.info(
            "redo log applied",
            metadata: ["rows": "\(report.rows)", "ddls": "\(report.ddls)", "resolved-ts": "\(report.meta.resolvedTS)"]
        )
        return report
    }

    // MARK: From URLs, as the command line gives them

    /// `mock-ticdc redo meta`: the meta of the redo log at `storageURL`.
    public static func meta(storageURL: String, logger: Logger) async throws(RedoApplyError) -> RedoMeta {
        let opener = ExternalStorageOpener(logger: logger)
        do {
            let storage = try opener.open(storageURL)
            let meta = try await RedoLogReader(storage: storage).meta()
            await opener.shutdown()
            return meta
        } catch let error as RedoLogError {
            await opener.shutdown()
            throw RedoApplyError(error.description)
        } catch {
            await opener.shutdown()
            throw RedoApplyError("\(error)")
        }
    }

    /// `mock-ticdc redo apply`: opens the storage (any `ExternalStorageOpener` URL) and the
    /// download directory (created when missing; relative to the working directory), applies.
    public static func apply(
        storageURL: String,
        temporaryDirectory: String,
        sinkURI: String,
        logger: Logger
    ) async throws(RedoApplyError) -> Report {
        let opener = ExternalStorageOpener(logger: logger)
        do {
            let storage = try opener.open(storageURL)
            let downloads = LocalStorage(try StorageURL.parse("local://" + Self.absolute(temporaryDirectory)))
            let report = try await RedoApplier(storage: storage, downloads: downloads, sinkURI: sinkURI, logger: logger)
                .apply()
            await opener.shutdown()
            return report
        } catch let error as RedoApplyError {
            await opener.shutdown()
            throw error
        } catch {
            await opener.shutdown()
            throw RedoApplyError("\(error)")
        }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" + path }
        let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return directory + "/" + path
    }
}

/// Why a redo command failed: the message names the storage, file or sink, never a credential.
public struct RedoApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { self.message }
}
