import ExternalStorage

/// The part of RESTORE that takes time: reading `backupmeta` and every data file, checking
/// sizes and SHA-256 sums and decoding the rows — all before anything is written, so that a
/// corrupt or missing file fails the restore with nothing restored.
struct RestoreReader: Sendable {
    struct Loaded: Sendable {
        var meta: BackupMeta
        /// Rows per table, in `meta.tables` order.
        var rows: [[StoredRow]]
    }

    let storage: any ExternalStorage

    /// `select` picks the tables of the backup to restore (the statement's scope).
    func load(
        select: (BackupMeta.Table) -> Bool = { _ in true },
        isCancelled: () -> Bool = { false }
    ) async throws(BRIEFailure) -> Loaded {
        let metaBytes: [UInt8]
        do {
            metaBytes = try await self.storage.read(BackupMeta.fileName)
        } catch  where error.kind == .notFound {
            throw BRIEFailure(
                "backupmeta not found in \(self.storage.redactedURL): no backup there, or the backup did not finish"
            )
        } catch {
            throw .storage(error)
        }
        var meta = try BackupMeta.decode(metaBytes)
        meta.tables = meta.tables.filter(select)
        var rows: [[StoredRow]] = []
        for table in meta.tables {
            if isCancelled() { throw BRIEFailure("context canceled") }
            let file = table.file
            let bytes: [UInt8]
            do {
                bytes = try await self.storage.read(file.name)
            } catch  where error.kind == .notFound {
                throw BRIEFailure("data file \(file.name) of \(table.database).\(table.name) is missing")
            } catch {
                throw .storage(error)
            }
            guard bytes.count == file.size, SHA256Hex.digest(bytes) == file.sha256 else {
                throw BRIEFailure(
                    "data file \(file.name) of \(table.database).\(table.name) is corrupt: "
                        + "size \(bytes.count) (expected \(file.size)), checksum mismatch"
                )
            }
            let corrupt = "data file \(file.name) of \(table.database).\(table.name) is corrupt: "
            let decoded: [StoredRow]
            do {
                decoded = try RowFileCodec.decode(bytes)
            } catch {
                throw BRIEFailure(corrupt + error.reason)
            }
            guard decoded.count == file.rows else {
                throw BRIEFailure(corrupt + "\(decoded.count) rows, expected \(file.rows)")
            }
            rows.append(decoded)
        }
        return Loaded(meta: meta, rows: rows)
    }
}
