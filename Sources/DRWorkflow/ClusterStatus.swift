import Logging
import TiDBClient

/// One cluster's part of `tidb-dr status`, read over SQL (and its PD over HTTP).
enum ClusterStatus {
    /// Connects and reads the version, GC and the PD endpoint; the connection stays open for the
    /// caller (the primary's TSO, the secondary's syncpoint) and is nil when it failed.
    static func read(
        role: String,
        _ configuration: ConnectionConfiguration,
        readPD: (String) async -> StatusReport.PD,
        logger: Logger
    ) async -> (StatusReport.Cluster, TiDBConnection?) {
        var cluster = StatusReport.Cluster(role: role, dsn: configuration.redactedDSN)
        let connection: TiDBConnection
        do {
            connection = try await TiDBConnection.connect(configuration, logger: logger)
        } catch {
            cluster.error = "\(error)"
            return (cluster, nil)
        }
        cluster.reachable = true
        do throws(TiDBClientError) {
            let info = try await connection.serverInfo()
            (cluster.version, cluster.release) = (info.version, info.release)
            cluster.gcEnabled = try await connection.isGCEnabled()
            let safePoint = try await connection.query(
                "SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME = 'tikv_gc_safe_point'"
            )
            cluster.gcSafePoint = try safePoint.rows.first?.decode(String.self, at: 0)
        } catch {
            cluster.error = "\(error)"
        }
        do throws(TiDBClientError) {
            if let address = try await Self.pdAddress(connection) {
                cluster.pd = await readPD(address)
            } else {
                cluster.pd = StatusReport.PD(address: nil)
                cluster.pd?.error = "information_schema.cluster_info lists no pd instance"
            }
        } catch {
            cluster.pd = StatusReport.PD(address: nil)
            cluster.pd?.error = "cannot find the PD endpoint in information_schema.cluster_info: \(error)"
        }
        return (cluster, connection)
    }

    /// The first `pd` row's STATUS_ADDRESS in `information_schema.cluster_info`.
    static func pdAddress(_ connection: TiDBConnection) async throws(TiDBClientError) -> String? {
        let result = try await connection.query("SELECT TYPE, STATUS_ADDRESS FROM information_schema.cluster_info")
        for row in result.rows {
            if try row.decode(String.self, at: 0).lowercased() == "pd" { return try row.decode(String.self, at: 1) }
        }
        return nil
    }

    /// The newest `tidb_cdc.syncpoint_v1` row; nil when the table (1146) or the database (1049)
    /// does not exist, or the table is empty.
    static func lastSyncpoint(_ connection: TiDBConnection) async throws(TiDBClientError) -> StatusReport.SyncPoint? {
        let sql =
            "SELECT changefeed, primary_ts, secondary_ts FROM tidb_cdc.syncpoint_v1 ORDER BY primary_ts DESC LIMIT 1"
        let rows: [Row]
        do {
            rows = try await connection.query(sql).rows
        } catch  where error.errno == 1146 || error.errno == 1049 {
            return nil
        }
        guard let row = rows.first else { return nil }
        let primaryText = try row.decode(String.self, at: 1)
        let secondaryText = try row.decode(String.self, at: 2)
        guard let primary = TSO(primaryText), let secondary = TSO(secondaryText) else {
            throw TiDBClientError(
                kind: .unexpectedAnswer,
                message: "syncpoint_v1 holds '\(primaryText)', '\(secondaryText)': not TSOs",
                statement: sql
            )
        }
        return StatusReport.SyncPoint(
            changefeed: try row.decode(String.self, at: 0),
            primaryTS: primary,
            secondaryTS: secondary
        )
    }
}
