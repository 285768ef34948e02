import TiDBClient

/// Where `verify` reads each cluster: the newest syncpoint when the secondary has TiCDC's
/// syncpoint table, else each cluster's current TSO.
enum SnapshotPair {
    static let syncpointTable = "`tidb_cdc`.`syncpoint_v1`"

    /// TiDB's errors for a missing table (1146) or schema (1049).
    static let missingTableErrnos: Set<UInt32> = [1146, 1049]

    /// `catchUp`, when given, runs between reading the primary's TSO and the secondary's (no
    /// syncpoint): it waits until the changefeed has replicated everything up to that TSO.
    static func choose(
        primary: TiDBConnection,
        secondary: TiDBConnection,
        changefeed: String?,
        catchUp: ((TSO) async throws(TiDBClientError) -> Void)? = nil
    ) async throws(TiDBClientError) -> VerifyReport.Snapshots {
        if let syncpoint = try await Self.newestSyncpoint(secondary, changefeed: changefeed) {
            return syncpoint
        }
        if let changefeed {
            // Asked for one changefeed's syncpoints: none is an error, not a silent fallback.
            if try await Self.hasSyncpointTable(secondary) {
                throw TiDBClientError(
                    kind: .verification,
                    message: "\(Self.syncpointTable) on the secondary has no row for changefeed '\(changefeed)'"
                )
            }
        }
        let primaryTS = try await primary.currentTSO()
        try await catchUp?(primaryTS)
        return .init(
            source: .current,
            changefeed: changefeed,
            primaryTS: primaryTS,
            secondaryTS: try await secondary.currentTSO()
        )
    }

    private static func hasSyncpointTable(_ secondary: TiDBConnection) async throws(TiDBClientError) -> Bool {
        do {
            _ = try await secondary.query("SELECT 1 FROM \(Self.syncpointTable) LIMIT 1")
            return true
        } catch  where Self.missingTableErrnos.contains(error.errno) {
            return false
        }
    }

    /// TiCDC's syncpoint row with the highest `primary_ts` (TSOs are 18-digit strings there, so
    /// text order is number order), or nil when the table does not exist or has no row.
    private static func newestSyncpoint(
        _ secondary: TiDBConnection,
        changefeed: String?
    ) async throws(TiDBClientError) -> VerifyReport.Snapshots? {
        let filter = changefeed.map { " WHERE changefeed = '\(Self.quoted($0))'" } ?? ""
        let sql =
            "SELECT changefeed, primary_ts, secondary_ts FROM \(Self.syncpointTable)\(filter) "
            + "ORDER BY LENGTH(primary_ts) DESC, primary_ts DESC LIMIT 1"
        let result: QueryResult
        do {
            result = try await secondary.query(sql)
        } catch  where Self.missingTableErrnos.contains(error.errno) {
            return nil
        }
        guard let row = result.rows.first else { return nil }
        let name: String = try row.decode(at: 0)
        let primaryText: String = try row.decode(at: 1)
        let secondaryText: String = try row.decode(at: 2)
        guard let primaryTS = TSO(primaryText), let secondaryTS = TSO(secondaryText) else {
            throw TiDBClientError(
                kind: .unexpectedAnswer,
                message: "syncpoint row has primary_ts '\(primaryText)', secondary_ts '\(secondaryText)'",
                statement: sql
            )
        }
        return .init(source: .syncpoint, changefeed: name, primaryTS: primaryTS, secondaryTS: secondaryTS)
    }

    private static func quoted(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("'", with: "''")
    }
}
