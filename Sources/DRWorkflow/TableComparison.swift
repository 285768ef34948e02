import TiDBClient

/// One table present on both sides: equal when ADMIN CHECKSUM (crc64 xor, kvs, bytes) and
/// COUNT(*) agree; otherwise the first differing keys from ordered scans.
enum TableComparison {
    /// TiDB's ErrSQLInReadOnlyMode: ADMIN CHECKSUM is not among the statements read-only mode allows.
    static let readOnlyModeErrno: UInt32 = 1836

    static func compare(
        _ name: TableName,
        primary: TiDBConnection,
        secondary: TiDBConnection,
        maxKeys: Int
    ) async throws(TiDBClientError) -> VerifyReport.TableVerdict {
        var verdict = VerifyReport.TableVerdict(database: name.database, table: name.table, result: .equal)
        let before = try await Self.checksum(name, primary)
        let after = try await Self.checksum(name, secondary)
        verdict.primaryChecksum = before?.crc64xor
        verdict.secondaryChecksum = after?.crc64xor
        verdict.primaryRows = try await Self.count(name, primary)
        verdict.secondaryRows = try await Self.count(name, secondary)
        var equal = verdict.primaryRows == verdict.secondaryRows
        if let before, let after {
            equal =
                equal
                && (before.crc64xor, before.totalKVs, before.totalBytes)
                    == (after.crc64xor, after.totalKVs, after.totalBytes)
            if equal { return verdict }
        }
        // A differing checksum or count, or no checksum (read-only mode): compare the rows.
        let diff = try await TableRowDiff.find(name, primary: primary, secondary: secondary, limit: maxKeys)
        let checksummed = before != nil && after != nil
        if diff.keys.isEmpty, !checksummed, verdict.primaryRows == verdict.secondaryRows { return verdict }
        verdict.result = .differs
        verdict.differingKeys = diff.keys
        verdict.moreKeysDiffer = diff.moreDiffer
        return verdict
    }

    /// ADMIN CHECKSUM TABLE, or nil when the cluster refuses it in read-only mode.
    static func checksum(
        _ name: TableName,
        _ connection: TiDBConnection
    ) async throws(TiDBClientError) -> TableChecksum? {
        do {
            return try await connection.checksum(table: name)
        } catch  where error.errno == Self.readOnlyModeErrno {
            return nil
        }
    }

    static func count(_ name: TableName, _ connection: TiDBConnection) async throws(TiDBClientError) -> UInt64 {
        try await connection.query("SELECT COUNT(*) FROM \(SQLText.identifier(name))").scalar(UInt64.self)
    }
}
