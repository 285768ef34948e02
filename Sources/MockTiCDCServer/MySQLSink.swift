import Logging
import MySQLTypes
import TiCDCCore
import TiDBClient

/// TiCDC's MySQL sink over a real client (TiDBClient, libmariadb), so the downstream may be
/// mock-tidb, TiDB or MariaDB (docs/ticdc/filter-and-sink.md; ticdc-sink-redo-metrics.md §5): the
/// session TiCDC sets up, one downstream transaction per flush sent as one multi-statement query,
/// DDLs on their own after `USE`.
actor MySQLSink {
    let uri: SinkAddress
    private var connection: TiDBConnection?
    private(set) var isTiDB = false
    /// TiDB's `tidb_cdc_write_source`, when the downstream has it (TiDB ≥ v6.5).
    private var writeSource = false
    let logger: Logger

    init(uri: SinkAddress, logger: Logger) {
        self.uri = uri
        self.logger = logger
    }

    /// Connects and sets the session up, as TiCDC does once per connection.
    func open() async throws(TiCDCError) {
        if self.connection != nil { return }
        var configuration = ConnectionConfiguration(host: self.uri.host, port: self.uri.port)
        configuration.user = self.uri.user
        configuration.password = self.uri.password
        configuration.multiStatements = true
        configuration.connectTimeout = .seconds(10)
        configuration.readTimeout = self.uri.readTimeout
        configuration.replySpin = .zero
        let connection: TiDBConnection
        do throws(TiDBClientError) {
            connection = try await TiDBConnection.connect(configuration)
        } catch {
            throw .mysqlConnection(error.message)
        }
        // `select tidb_version()` fails on MySQL and MariaDB: TiDB-only settings are then skipped.
        self.isTiDB = (try? await connection.query("select tidb_version()")) != nil
        // TiCDC's fixed sql_mode, whatever the downstream's default (docs/ticdc/filter-and-sink.md
        // §b); timestamps travel in UTC, as the upstream stores them.
        var settings = [
            "sql_mode = 'ONLY_FULL_GROUP_BY,NO_ENGINE_SUBSTITUTION,IGNORE_SPACE,NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES'",
            "time_zone = '+00:00'", "foreign_key_checks = 0",
        ]
        settings.append(self.isTiDB ? "transaction_isolation = 'READ-COMMITTED'" : "tx_isolation = 'READ-COMMITTED'")
        if self.isTiDB {
            settings += [
                "tidb_txn_mode = 'optimistic'", "tidb_placement_mode = 'ignore'",
                "tidb_enable_external_ts_read = 'OFF'", "allow_auto_random_explicit_insert = 1",
            ]
        }
        do throws(TiDBClientError) {
            _ = try await connection.query("SET " + settings.joined(separator: ", "))
        } catch {
            throw .mysqlConnection(error.message)
        }
        if self.isTiDB {
            self.writeSource = (try? await connection.query("SET SESSION tidb_cdc_write_source = 1")) != nil
        }
        self.connection = connection
    }

    /// One downstream transaction.
    func write(_ statements: [String]) async throws(TiCDCError) {
        guard !statements.isEmpty else { return }
        try await self.open()
        guard let connection = self.connection else { return }
        var text = "START TRANSACTION;"
        if self.writeSource { text += "SET SESSION tidb_cdc_write_source = 1;" }
        text += statements.joined(separator: ";") + ";COMMIT"
        do throws(TiDBClientError) {
            _ = try await connection.queryAll(text)
        } catch {
            await self.reset(rollingBack: true)
            throw Self.failure(error)
        }
    }

    /// A DDL in its database (`USE` first, except for a schema's own DDL), alone.
    func execute(ddl: String, database: String?) async throws(TiCDCError) {
        try await self.open()
        guard let connection = self.connection else { return }
        do throws(TiDBClientError) {
            if let database { _ = try await connection.query("USE " + TiCDCCore.SQLText.identifier(database)) }
            _ = try await connection.query(ddl)
        } catch  where Self.ignorableDDLErrors.contains(error.errno) {
            // Already applied before a restart: TiCDC logs these and goes on.
            self.logger.info("ddl already applied downstream", metadata: ["error": "\(error.message)"])
        } catch {
            await self.reset(rollingBack: false)
            throw Self.failure(error)
        }
    }

    /// `tidb_cdc.syncpoint_v1` as TiCDC creates it (`CreateSyncTable`), in one transaction.
    func createSyncPointTable() async throws(TiCDCError) {
        try await self.transaction([
            "CREATE DATABASE IF NOT EXISTS tidb_cdc", "USE tidb_cdc",
            "CREATE TABLE IF NOT EXISTS syncpoint_v1 (ticdc_cluster_id varchar (255),changefeed varchar(255),"
                + "primary_ts varchar(18),secondary_ts varchar(18),"
                + "created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,INDEX (created_at),"
                + "PRIMARY KEY (changefeed, primary_ts))",
        ])
    }

    /// One syncpoint, as TiCDC's `SinkSyncPoint`: in one transaction, the downstream's TS, the
    /// row, `tidb_external_ts` set to that TS (1193 from a downstream without it is ignored) and,
    /// when `purgeOlderThan` is given, the rows older than it removed. Returns the secondary TS.
    func writeSyncPoint(
        clusterID: String,
        changefeed: String,
        primaryTS: UInt64,
        purgeOlderThan: Duration?
    ) async throws(TiCDCError) -> UInt64 {
        try await self.open()
        guard let connection = self.connection else { return 0 }
        do throws(TiDBClientError) {
            _ = try await connection.query("BEGIN")
            let secondaryTS = try await connection.query("select @@tidb_current_ts").scalar(UInt64.self)
            let cluster = SQLText.literal(.string(clusterID))
            let feed = SQLText.literal(.string(changefeed))
            _ = try await connection.query(
                "insert ignore into tidb_cdc.syncpoint_v1 (ticdc_cluster_id, changefeed, primary_ts, secondary_ts) "
                    + "VALUES (\(cluster), \(feed), '\(primaryTS)', '\(secondaryTS)')"
            )
            do throws(TiDBClientError) {
                _ = try await connection.query("set global tidb_external_ts = \(secondaryTS)")
            } catch  where error.errno == 1193 {}
            if let retention = purgeOlderThan {
                // Go's `%.2f` of the retention in seconds.
                let hundredths =
                    retention.components.seconds * 100 + retention.components.attoseconds / 10_000_000_000_000_000
                let interval = "\(hundredths / 100).\((hundredths % 100).zeroPadded(2))"
                do throws(TiDBClientError) {
                    _ = try await connection.query(
                        "DELETE IGNORE FROM tidb_cdc.syncpoint_v1 WHERE ticdc_cluster_id = \(cluster) and changefeed = \(feed) "
                            + "and created_at < (NOW() - INTERVAL \(interval) SECOND)"
                    )
                } catch {
                    self.logger.warning("syncpoint cleanup failed", metadata: ["error": "\(error.message)"])
                }
            }
            _ = try await connection.query("COMMIT")
            return secondaryTS
        } catch {
            await self.reset(rollingBack: true)
            throw Self.failure(error)
        }
    }

    private func transaction(_ statements: [String]) async throws(TiCDCError) {
        try await self.open()
        guard let connection = self.connection else { return }
        do throws(TiDBClientError) {
            _ = try await connection.queryAll("BEGIN;" + statements.joined(separator: ";") + ";COMMIT")
        } catch {
            await self.reset(rollingBack: true)
            throw Self.failure(error)
        }
    }

    func close() async {
        if let connection = self.connection { await connection.close() }
        self.connection = nil
    }

    private func reset(rollingBack: Bool) async {
        if rollingBack, let connection = self.connection { _ = try? await connection.query("ROLLBACK") }
        await self.close()
    }

    /// Database or table exists, unknown database or table on drop, duplicate column or key,
    /// nothing to drop, multiple primary keys: what re-running an applied DDL gives
    /// (`errorutil.IsIgnorableMySQLDDLError`).
    static let ignorableDDLErrors: Set<UInt32> = [1007, 1008, 1050, 1051, 1060, 1061, 1068, 1091]

    static func failure(_ error: TiDBClientError) -> TiCDCError {
        error.kind == .connection ? .mysqlConnection(error.message) : .mysqlTransaction(error.message)
    }
}

/// A `mysql://` / `tidb://` sink URI (ticdc-api.md §9).
struct SinkAddress: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String
    var password: String
    var readTimeout: Duration?
    /// `worker-count`: connections writing in parallel (TiCDC: 16, at most 1024).
    var workerCount = 16
    /// `max-txn-row`: rows a worker gathers into one downstream transaction (256, at most 2048).
    var maximumTransactionRows = 256

    init(_ uri: String) throws(TiCDCError) {
        let characters = Array(uri)
        guard let schemeEnd = SinkURI.index(of: "://", in: characters) else {
            throw .sinkURIInvalid("sink uri invalid '\(uri)'")
        }
        let scheme = String(characters[..<schemeEnd]).lowercased()
        guard ["mysql", "tidb", "mysql+ssl", "tidb+ssl"].contains(scheme) else {
            throw .sinkURIInvalid("sink uri invalid '\(uri)': mock-ticdc writes to mysql:// and tidb:// sinks only")
        }
        var rest = String(characters[(schemeEnd + 3)...])
        var parameters: [String: String] = [:]
        if let query = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: query)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                parameters[String(parts[0])] = parts.count > 1 ? Self.percentDecoded(String(parts[1])) : ""
            }
            rest = String(rest[..<query])
        }
        while rest.hasSuffix("/") { rest.removeLast() }
        var userInfo = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = String(rest[..<at])
            rest = String(rest[rest.index(after: at)...])
        }
        let credentials = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        self.user = credentials.first.map { Self.percentDecoded(String($0)) } ?? "root"
        if self.user.isEmpty { self.user = "root" }
        self.password = credentials.count > 1 ? Self.percentDecoded(String(credentials[1])) : ""
        let hostPort = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard hostPort.count == 2, !hostPort[0].isEmpty, let port = Int(hostPort[1]), (1...65535).contains(port) else {
            throw .sinkURIInvalid("sink uri invalid '\(uri)': want host:port")
        }
        self.host = String(hostPort[0])
        self.port = port
        self.readTimeout = .seconds(120)
        // pkg/sink/mysql/config.go: zero or less is refused, above the maximum is capped.
        if let text = parameters["worker-count"] {
            guard let count = Int(text), count > 0 else {
                throw .mysqlInvalidConfig("invalid worker-count \(text), which must be greater than 0")
            }
            self.workerCount = min(count, 1024)
        }
        if let text = parameters["max-txn-row"] {
            guard let rows = Int(text), rows > 0 else {
                throw .mysqlInvalidConfig("invalid max-txn-row \(text), which must be greater than 0")
            }
            self.maximumTransactionRows = min(rows, 2048)
        }
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
