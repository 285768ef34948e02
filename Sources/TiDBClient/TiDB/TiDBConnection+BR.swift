/// What BACKUP or RESTORE covers.
public enum BRScope: Sendable, Hashable {
    /// `DATABASE *`: every user database.
    case cluster
    case databases([String])
    case tables([TableName])
}

public struct TableName: Sendable, Hashable, Codable, CustomStringConvertible {
    public var database: String
    public var table: String

    public init(database: String, table: String) {
        self.database = database
        self.table = table
    }

    public var description: String { "\(self.database).\(self.table)" }
}

/// BACKUP's options (TiDB's names); unset ones keep TiDB's defaults.
public struct BackupOptions: Sendable, Hashable {
    /// `RATE_LIMIT = n MB/SECOND`.
    public var rateLimitMBPerSecond: Int?
    public var concurrency: Int?
    public var checksum: Bool?
    /// `SNAPSHOT = <tso>`: back up the data as of this TSO instead of now.
    public var snapshot: TSO?

    public init(rateLimitMBPerSecond: Int? = nil, concurrency: Int? = nil, checksum: Bool? = nil, snapshot: TSO? = nil)
    {
        self.rateLimitMBPerSecond = rateLimitMBPerSecond
        self.concurrency = concurrency
        self.checksum = checksum
        self.snapshot = snapshot
    }
}

public struct RestoreOptions: Sendable, Hashable {
    public var rateLimitMBPerSecond: Int?
    public var concurrency: Int?
    public var checksum: Bool?

    public init(rateLimitMBPerSecond: Int? = nil, concurrency: Int? = nil, checksum: Bool? = nil) {
        self.rateLimitMBPerSecond = rateLimitMBPerSecond
        self.concurrency = concurrency
        self.checksum = checksum
    }
}

/// BACKUP's and RESTORE's result row: Destination, Size, BackupTS, [Cluster TS,] Queue Time,
/// Execution Time.
public struct BRResult: Sendable, Hashable {
    /// The storage URL as TiDB echoes it.
    public var destination: String
    public var size: UInt64
    /// The snapshot the backup holds (for RESTORE: the restored backup's).
    public var backupTS: TSO
    /// RESTORE only, on TiDB releases that report it.
    public var clusterTS: TSO?
    public var queueTime: SQLTimestamp
    public var executionTime: SQLTimestamp
}

public typealias BackupResult = BRResult
public typealias RestoreResult = BRResult

/// ADMIN CHECKSUM TABLE's row.
public struct TableChecksum: Sendable, Hashable, Codable {
    public var database: String
    public var table: String
    public var crc64xor: UInt64
    public var totalKVs: UInt64
    public var totalBytes: UInt64
}

extension TiDBConnection {
    /// `BACKUP ... TO 'url'`; returns when the backup has finished (it can take long: keep
    /// `readTimeout` unset or generous).
    public func backup(
        _ scope: BRScope,
        to url: String,
        options: BackupOptions = BackupOptions()
    ) throws(TiDBClientError)
        -> BackupResult
    {
        var sql = "BACKUP \(Self.scopeClause(scope)) TO \(SQLText.quoted(url))"
        if let rate = options.rateLimitMBPerSecond { sql += " RATE_LIMIT = \(rate) MB/SECOND" }
        if let concurrency = options.concurrency { sql += " CONCURRENCY = \(concurrency)" }
        if let checksum = options.checksum { sql += " CHECKSUM = \(checksum ? "TRUE" : "FALSE")" }
        if let snapshot = options.snapshot { sql += " SNAPSHOT = \(snapshot.rawValue)" }
        return try self.brResult(sql)
    }

    /// `RESTORE ... FROM 'url'`; returns when the restore has finished.
    public func restore(
        _ scope: BRScope,
        from url: String,
        options: RestoreOptions = RestoreOptions()
    )
        throws(TiDBClientError) -> RestoreResult
    {
        var sql = "RESTORE \(Self.scopeClause(scope)) FROM \(SQLText.quoted(url))"
        if let rate = options.rateLimitMBPerSecond { sql += " RATE_LIMIT = \(rate) MB/SECOND" }
        if let concurrency = options.concurrency { sql += " CONCURRENCY = \(concurrency)" }
        if let checksum = options.checksum { sql += " CHECKSUM = \(checksum ? "TRUE" : "FALSE")" }
        return try self.brResult(sql)
    }

    private static func scopeClause(_ scope: BRScope) -> String {
        switch scope {
        case .cluster: "DATABASE *"
        case .databases(let names): "DATABASE " + names.map(SQLText.identifier).joined(separator: ", ")
        case .tables(let tables): "TABLE " + tables.map(SQLText.identifier).joined(separator: ", ")
        }
    }

    private func brResult(_ sql: String) throws(TiDBClientError) -> BRResult {
        let result = try self.query(sql)
        guard let row = result.rows.first else {
            throw TiDBClientError(unexpected: "no result row", statement: sql)
        }
        do {
            return BRResult(
                destination: try row.decode(column: "Destination"),
                size: try row.decode(column: "Size"),
                backupTS: try row.decode(column: "BackupTS"),
                clusterTS: row[column: "Cluster TS"] == nil ? nil : try row.decode(column: "Cluster TS"),
                queueTime: try row.decode(column: "Queue Time"),
                executionTime: try row.decode(column: "Execution Time")
            )
        } catch {
            throw TiDBClientError(unexpected: error.message, statement: sql)
        }
    }

    /// `ADMIN CHECKSUM TABLE db.t`.
    public func checksum(table: TableName) throws(TiDBClientError) -> TableChecksum {
        guard let checksum = try self.checksums(tables: [table]).first else {
            throw TiDBClientError(
                unexpected: "ADMIN CHECKSUM returned no row",
                statement: "ADMIN CHECKSUM TABLE \(table)"
            )
        }
        return checksum
    }

    /// Every base table's checksum in `database`, in name order (one ADMIN CHECKSUM statement).
    public func checksums(database: String) throws(TiDBClientError) -> [TableChecksum] {
        let listing = try self.query("SHOW FULL TABLES FROM \(SQLText.identifier(database))")
        var tables: [TableName] = []
        for row in listing.rows where try row.decode(String.self, at: 1) == "BASE TABLE" {
            tables.append(TableName(database: database, table: try row.decode(at: 0)))
        }
        return try self.checksums(tables: tables.sorted { $0.table < $1.table })
    }

    /// `ADMIN CHECKSUM TABLE t1, t2, ...`: one row per table, in the order given.
    public func checksums(tables: [TableName]) throws(TiDBClientError) -> [TableChecksum] {
        guard !tables.isEmpty else { return [] }
        let sql = "ADMIN CHECKSUM TABLE " + tables.map(SQLText.identifier).joined(separator: ", ")
        let result = try self.query(sql)
        var checksums: [TableChecksum] = []
        for row in result.rows {
            checksums.append(
                TableChecksum(
                    database: try row.decode(column: "Db_name"),
                    table: try row.decode(column: "Table_name"),
                    crc64xor: try row.decode(column: "Checksum_crc64_xor"),
                    totalKVs: try row.decode(column: "Total_kvs"),
                    totalBytes: try row.decode(column: "Total_bytes")
                )
            )
        }
        return checksums
    }
}

/// Quoting for the few statements the library builds itself.
public enum SQLText {
    /// `` `name` `` with backquotes doubled.
    public static func identifier(_ name: String) -> String {
        "`" + name.replacing("`", with: "``") + "`"
    }

    public static func identifier(_ table: TableName) -> String {
        Self.identifier(table.database) + "." + Self.identifier(table.table)
    }

    /// A single-quoted string literal with quotes and backslashes escaped.
    public static func quoted(_ text: String) -> String {
        "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "''") + "'"
    }
}
