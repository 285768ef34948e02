import Synchronization

/// One mock TiDB cluster: PD (TSO, GC safe point, external ts), the cluster-wide tables
/// (`mysql.tidb`, global variables, accounts). Shared by every TiDB instance and session of
/// the cluster; thread-safe.
public final class Cluster: Sendable {
    public struct Configuration: Sendable {
        public var users: [UserAccount]
        public var clock: any WallClock

        public init(
            users: [UserAccount] = [UserAccount(name: "root", password: "")],
            clock: any WallClock = SystemWallClock()
        ) {
            self.users = users
            self.clock = clock
        }
    }

    /// The configured clock plus the forward-only offset a test moves it by (`OffsetWallClock`);
    /// every consumer of time in the cluster (PD, sessions, GC) reads this one.
    public let clock: OffsetWallClock
    public let pd: PlacementDriver
    /// PD's cluster id: the start time in seconds in the high 32 bits, random low bits, as PD makes
    /// it. TiCDC names its GC service after it and compares it to tell upstream from downstream.
    public let clusterID: UInt64
    /// PD's etcd, for the metadata clients keep there (TiCDC's changefeeds).
    public let metadata = MetadataStore()
    public let users: UserAccounts
    public let mysqlTiDB: MySQLTiDBTable
    /// Global values of ordinary (not hook-backed) variables that differ from their default.
    private let globalValues: Mutex<[String: String]>
    /// The DDL UUID TiDB reports as `server_id` in SHOW STATUS.
    public let ddlServerID: String
    let bootstrapMicroseconds: Int64
    /// The schema version DDL bumps (SHOW STATUS `ddl_schema_version`).
    public var schemaVersion: Int64 { self.storage.schemaVersion }
    /// Databases, tables, rows: MVCC data with its change log and locks.
    public let storage: Storage
    /// `ADMIN SET BDR ROLE`: which DDL clients may run in bidirectional replication.
    public let bdrRole = BDRRoleStore()
    /// `tidb_restricted_read_only` / `tidb_super_read_only`, read by every statement.
    public let readOnly = ReadOnlyMode()
    /// Row counts `ANALYZE TABLE` recorded, for EXPLAIN's estimates.
    public let statistics = TableStatistics()

    public init(configuration: Configuration = .init()) {
        self.clock = OffsetWallClock(base: configuration.clock)
        self.pd = PlacementDriver(clock: self.clock)
        self.users = UserAccounts(configuration.users)
        self.mysqlTiDB = MySQLTiDBTable()
        self.globalValues = Mutex([:])
        self.storage = Storage(pd: self.pd)
        var generator = SystemRandomNumberGenerator()
        self.ddlServerID = UUIDText.random(using: &generator)
        self.bootstrapMicroseconds = self.clock.microsecondsSinceEpoch()
        self.clusterID =
            UInt64(max(0, self.bootstrapMicroseconds / 1_000_000)) << 32 | UInt64(generator.next() & 0xFFFF_FFFF)
        self.bootstrap()
    }

    /// `doDMLWorks` of TiDB's bootstrap: the rows a fresh v8.5 cluster has in `mysql.tidb`.
    private func bootstrap() {
        self.mysqlTiDB.set("bootstrapped", "True", comment: "Bootstrap flag. Do not delete.")
        self.mysqlTiDB.set("tidb_server_version", "218", comment: "Bootstrap version. Do not delete.")
        self.mysqlTiDB.set("system_tz", SystemTimeZone.name, comment: "TiDB Global System Timezone.")
        self.mysqlTiDB.set(
            "new_collation_enabled",
            "True",
            comment: "If the new collations are enabled. Do not edit it."
        )
        self.mysqlTiDB.set("ddl_table_version", "4", comment: "DDL Table Version. Do not delete.")
    }

    /// TiDB's system schemas, as `SHOW DATABASES` spells them.
    public static let systemDatabases = ["INFORMATION_SCHEMA", "METRICS_SCHEMA", "PERFORMANCE_SCHEMA", "mysql", "sys"]

    /// Database names are case-insensitive in TiDB (`lower_case_table_names = 2`).
    public func databaseExists(_ name: String) -> Bool {
        let lower = name.lowercased()
        if Self.systemDatabases.contains(where: { $0.lowercased() == lower }) { return true }
        return self.storage.database(name) != nil
    }

    public static func isSystemDatabase(_ name: String) -> Bool {
        Self.systemDatabases.contains { $0.equalsIgnoringCase(name) }
    }

    /// Every database, in `SHOW DATABASES` order: INFORMATION_SCHEMA first, then byte order.
    public var databaseNames: [String] {
        let user = self.storage.databaseNames
        let rest = (Self.systemDatabases.dropFirst() + user).sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        return ["INFORMATION_SCHEMA"] + rest
    }

    /// A copy of the global values (cheap: copy-on-write); sessions start from it.
    var globalSnapshot: [String: String] {
        self.globalValues.withLock { $0 }
    }

    func globalValue(_ name: String) -> String? {
        self.globalValues.withLock { $0[name] }
    }

    func setGlobalValue(_ name: String, _ value: String) {
        self.globalValues.withLock { $0[name] = value }
    }
}

enum UUIDText {
    static func random(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }
}
