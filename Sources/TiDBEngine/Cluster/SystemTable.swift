import Synchronization

/// TiDB's `mysql.tidb` table: `VARIABLE_NAME` (primary key), `VARIABLE_VALUE`, `COMMENT`.
/// The GC variables are read from and written to these rows, as TiDB does.
public final class MySQLTiDBTable: Sendable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var value: String
        public var comment: String
    }

    /// Rows in insertion order (how a fresh TiDB returns them).
    private let rows: Mutex<[Row]>

    init() {
        self.rows = Mutex([])
    }

    public func value(_ name: String) -> String? {
        self.rows.withLock { rows in rows.first { $0.name == name }?.value }
    }

    /// Inserts or replaces a row (`REPLACE INTO mysql.tidb`).
    public func set(_ name: String, _ value: String, comment: String) {
        self.rows.withLock { rows in
            if let index = rows.firstIndex(where: { $0.name == name }) {
                rows[index].value = value
                rows[index].comment = comment
            } else {
                rows.append(Row(name: name, value: value, comment: comment))
            }
        }
    }

    /// Sets the value only; the row must exist or is created with `comment`.
    public func update(_ name: String, _ value: String, commentIfNew comment: String) {
        self.rows.withLock { rows in
            if let index = rows.firstIndex(where: { $0.name == name }) {
                rows[index].value = value
            } else {
                rows.append(Row(name: name, value: value, comment: comment))
            }
        }
    }

    public var allRows: [Row] {
        self.rows.withLock { $0 }
    }
}

/// Row names and comments as TiDB's bootstrap and GC worker write them (docs/tidb/sql-semantics.md §11).
enum MySQLTiDBRows {
    static let gcEnable = ("tikv_gc_enable", "Current GC enable status")
    static let gcRunInterval = ("tikv_gc_run_interval", "GC run interval, at least 10m, in Go format.")
    static let gcLifeTime = (
        "tikv_gc_life_time", "All versions within life time will not be collected by GC, at least 10m, in Go format."
    )
    static let gcLastRunTime = ("tikv_gc_last_run_time", "The time when last GC starts. (DO NOT EDIT)")
    static let gcSafePoint = ("tikv_gc_safe_point", "All versions after safe point can be accessed. (DO NOT EDIT)")
    static let gcConcurrency = (
        "tikv_gc_concurrency", "How many goroutines used to do GC parallel, [1, 256], default 2"
    )
    static let gcAutoConcurrency = (
        "tikv_gc_auto_concurrency",
        "Let TiDB pick the concurrency automatically. If set false, tikv_gc_concurrency will be used"
    )
    static let gcScanLockMode = (
        "tikv_gc_scan_lock_mode", "Mode of scanning locks, \"physical\" or \"legacy\".(Deprecated)"
    )
    static let gcMode = ("tikv_gc_mode", "Mode of GC, \"central\" or \"distributed\"")
    static let gcLeaderUUID = ("tikv_gc_leader_uuid", "Current GC worker leader UUID. (DO NOT EDIT)")
    static let gcLeaderDescription = ("tikv_gc_leader_desc", "Host name and pid of current GC leader. (DO NOT EDIT)")
    static let gcLeaderLease = ("tikv_gc_leader_lease", "Current GC worker leader lease. (DO NOT EDIT)")
}
