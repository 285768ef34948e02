public import ChangeStream
public import ExternalStorage

/// What a redo log holds to apply: the events in commit order with the tables their rows name.
public struct RedoChanges: Sendable, Equatable {
    public var meta: RedoMeta
    /// Rows with commit TS in (checkpoint, resolved], DDLs in (checkpoint − 1, resolved], each
    /// commit once, in commit order.
    public var events: [ChangeEvent]
    public var tables: [String: TableInfo]
    /// The log files read (those that could hold something in the window).
    public var files: [String]
    /// Copies of a commit already taken from another file, skipped.
    public var duplicateCommits: Int

    public init(
        meta: RedoMeta,
        events: [ChangeEvent],
        tables: [String: TableInfo],
        files: [String],
        duplicateCommits: Int
    ) {
        self.meta = meta
        self.events = events
        self.tables = tables
        self.files = files
        self.duplicateCommits = duplicateCommits
    }
}

/// Reads a redo log as `cdc redo meta` and `cdc redo apply` do (cdc/redo/reader/reader.go): the
/// meta is the largest checkpoint and the largest resolved TS over every `.meta` file of the
/// storage; the changes come from every `.log` file whose name says it can hold something in the
/// window. Malformed files are errors that name the file, never a crash.
public struct RedoLogReader: Sendable {
    public let storage: any ExternalStorage
    /// Where each log file read is also saved (`--tmp-dir`), if anywhere.
    public let downloads: (any ExternalStorage)?

    public init(storage: any ExternalStorage, downloads: (any ExternalStorage)? = nil) {
        self.storage = storage
        self.downloads = downloads
    }

    /// `CDC:ErrRedoMetaFileNotFound` when there is no meta file; `badMeta` when one cannot be read
    /// or the maxima have resolved < checkpoint (TiCDC panics there).
    public func meta() async throws(RedoLogError) -> RedoMeta {
        let names = try await self.list().filter { $0.hasSuffix(RedoFileName.metaExtension) }
        guard !names.isEmpty else {
            throw RedoLogError(
                .metaNotFound,
                code: "CDC:ErrRedoMetaFileNotFound",
                "no redo meta file found in dir: \(self.storage.redactedURL)"
            )
        }
        var checkpoint: UInt64 = 0
        var resolved: UInt64 = 0
        for name in names {
            let meta = try RedoMeta(msgpack: try await self.read(name), file: name)
            checkpoint = max(checkpoint, meta.checkpointTS)
            resolved = max(resolved, meta.resolvedTS)
        }
        guard resolved >= checkpoint else {
            throw RedoLogError(
                .badMeta,
                code: "CDC:ErrRedoMetaInitialize",
                "redo meta in \(self.storage.redactedURL) has resolved-ts \(resolved) below checkpoint-ts \(checkpoint)"
            )
        }
        return RedoMeta(checkpointTS: checkpoint, resolvedTS: resolved)
    }

    public func changes() async throws(RedoLogError) -> RedoChanges {
        let meta = try await self.meta()
        let checkpoint = meta.checkpointTS
        let resolved = meta.resolvedTS
        let logs = try await self.list().compactMap { name in RedoFileName.Log(name).map { (name, $0) } }
            .filter { entry in
                entry.1.type == .row ? entry.1.maxCommitTS > checkpoint : entry.1.maxCommitTS >= checkpoint
            }
        struct Commit {
            var commitTS: UInt64
            var order: Int
            var events: [ChangeEvent]
        }
        var commits: [Commit] = []
        var seen: Set<String> = []
        var tables: [String: TableInfo] = [:]
        var duplicates = 0
        for (name, log) in logs {
            let bytes = try await self.read(name)
            if let downloads = self.downloads {
                do throws(ExternalStorageError) {
                    try await downloads.write(name, bytes)
                } catch {
                    throw .storage(error)
                }
            }
            for record in try RedoLogFile.records(in: bytes, file: name) {
                guard let commitTS = record.events.first?.commitTS,
                    record.events.allSatisfy({ $0.commitTS == commitTS && ($0.kind == .ddl) == (log.type == .ddl) })
                else {
                    throw RedoLogError(
                        .corruptLog,
                        code: "CDC:ErrRedoFileOp",
                        "redo log \(name) holds a record that is not one \(log.type.rawValue) commit"
                    )
                }
                let inWindow =
                    log.type == .row
                    ? commitTS > checkpoint && commitTS <= resolved
                    : commitTS >= checkpoint && commitTS <= resolved
                guard inWindow else { continue }
                // A commit is one record: another record of the same commit TS and type is a copy
                // (written again after a failed flush or by a restarted processor).
                guard seen.insert("\(log.type.rawValue)@\(commitTS)").inserted else {
                    duplicates += 1
                    continue
                }
                for event in record.events {
                    if let key = event.tableKey, let table = record.tables[key] { tables[key] = table }
                }
                commits.append(Commit(commitTS: commitTS, order: commits.count, events: record.events))
            }
        }
        commits.sort { ($0.commitTS, $0.order) < ($1.commitTS, $1.order) }
        return RedoChanges(
            meta: meta,
            events: commits.flatMap(\.events),
            tables: tables,
            files: logs.map { $0.0 },
            duplicateCommits: duplicates
        )
    }

    private func list() async throws(RedoLogError) -> [String] {
        do throws(ExternalStorageError) {
            // Only the files directly under the URL: TiCDC's layout has no sub-directories.
            return try await self.storage.list(prefix: "").filter { !$0.contains("/") }
        } catch {
            throw .storage(error)
        }
    }

    private func read(_ name: String) async throws(RedoLogError) -> [UInt8] {
        do throws(ExternalStorageError) {
            return try await self.storage.read(name)
        } catch {
            throw .storage(error)
        }
    }
}
