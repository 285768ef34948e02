import ExternalStorage

/// The part of BACKUP that takes time: reading every table at BackupTS and writing the files,
/// in BR's order — `backup.lock` first, the data files, `backupmeta` last — so that a backup
/// interrupted at any point is never restorable. Runs off the connection's thread; the session
/// prepared everything that needs it (scope, BackupTS, GC check, schemas).
struct BackupRunner: Sendable {
    struct Table: Sendable {
        var schema: TableSchema
        var createStatement: String
        var autoIncrement: Int64
    }

    let storage: any ExternalStorage
    let source: Storage
    let backupTS: UInt64
    let serverVersion: String
    let databases: [BackupMeta.Database]
    let tables: [Table]
    /// `RATE_LIMIT` in bytes per second (nil: unlimited).
    let rateLimit: Int?
    let clock: any Clock<Duration>

    /// Writes the backup; `progress` gets 0...1 after each file. Cancellation (KILL TIDB QUERY)
    /// stops before the next file and leaves no `backupmeta`.
    func run(
        progress: @Sendable (Double) -> Void = { _ in },
        isCancelled: @Sendable () -> Bool = { false },
        keepAlive: @Sendable () -> Void = {}
    ) async throws(BRIEFailure) -> BackupMeta {
        let url = self.storage.redactedURL
        let suffix =
            ", there may be some backup files in the path already, please specify a correct backup directory!: [BR:Common:ErrInvalidArgument]invalid argument"
        if try await self.exists(BackupMeta.fileName) {
            throw BRIEFailure("backup meta file exists in \(url)" + suffix)
        }
        if try await self.exists(BackupMeta.lockFileName) {
            throw BRIEFailure("backup lock file and sst file exist in \(url)" + suffix)
        }
        let lock = BackupLock(backupTS: self.backupTS, serverVersion: self.serverVersion)
        try await self.write(BackupMeta.lockFileName, JSONFile.encode(lock))
        var meta = BackupMeta(
            backupTS: self.backupTS,
            serverVersion: self.serverVersion,
            databases: self.databases,
            tables: []
        )
        let start = self.clock.now
        var written = 0
        for (number, table) in self.tables.enumerated() {
            if isCancelled() { throw BRIEFailure("context canceled") }
            keepAlive()
            let rows = self.source.scan(tableID: table.schema.id, path: .full, at: self.backupTS)
            let bytes = RowFileCodec.encode(rows)
            let file = BackupMeta.DataFile(
                name: "data/\(number + 1).rows",
                size: bytes.count,
                sha256: SHA256Hex.digest(bytes),
                rows: rows.count
            )
            try await self.write(file.name, bytes)
            written += bytes.count
            try await self.throttle(written: written, since: start, isCancelled: isCancelled, keepAlive: keepAlive)
            meta.tables.append(
                BackupMeta.Table(
                    database: table.schema.database,
                    name: table.schema.name,
                    createStatement: table.createStatement,
                    autoIncrement: table.autoIncrement,
                    file: file
                )
            )
            progress(Double(number + 1) / Double(max(1, self.tables.count)))
        }
        if isCancelled() { throw BRIEFailure("context canceled") }
        try await self.write(BackupMeta.fileName, meta.encoded())
        return meta
    }

    /// RATE_LIMIT: never ahead of `rate` bytes per second since the start.
    private func throttle(
        written: Int,
        since start: any InstantProtocol<Duration>,
        isCancelled: () -> Bool,
        keepAlive: () -> Void
    ) async throws(BRIEFailure) {
        guard let rate = self.rateLimit, rate > 0 else { return }
        let due = Duration.nanoseconds(Int64(Double(written) / Double(rate) * 1e9))
        // In slices, so that a KILL stops a slow backup within a tenth of a second.
        while case let elapsed = Self.elapsed(since: start, on: self.clock), due > elapsed {
            if isCancelled() { throw BRIEFailure("context canceled") }
            keepAlive()
            do {
                try await self.clock.sleep(for: min(due - elapsed, .milliseconds(100)))
            } catch {
                throw BRIEFailure("context canceled")
            }
        }
    }

    private static func elapsed<C: Clock<Duration>>(since start: any InstantProtocol<Duration>, on clock: C) -> Duration
    {
        guard let start = start as? C.Instant else { return .zero }
        return start.duration(to: clock.now)
    }

    private func exists(_ name: String) async throws(BRIEFailure) -> Bool {
        do { return try await self.storage.exists(name) } catch { throw .storage(error) }
    }

    private func write(_ name: String, _ bytes: [UInt8]) async throws(BRIEFailure) {
        do { try await self.storage.write(name, bytes) } catch { throw .storage(error) }
    }
}
