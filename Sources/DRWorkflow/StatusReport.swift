public import TiDBClient

/// What `tidb-dr status` found (`--json`: one object, snake_case keys). A part that could not
/// be reached has `reachable: false` and its error; nothing in it is a secret.
public struct StatusReport: Sendable, Codable {
    public struct Cluster: Sendable, Codable {
        public var role: String
        public var dsn: String
        public var reachable = false
        public var error: String?
        /// `VERSION()`: `8.0.11-TiDB-v8.5.0`.
        public var version: String?
        /// TiDB's release, `v8.5.0`.
        public var release: String?
        /// `@@global.tidb_gc_enable`.
        public var gcEnabled: Bool?
        /// `mysql.tidb` `tikv_gc_safe_point` as TiDB stores it (`20260101-10:00:00.000 +0000`).
        public var gcSafePoint: String?
        /// The cluster's PD endpoint and its service safepoints.
        public var pd: PD?

        public init(role: String, dsn: String) {
            self.role = role
            self.dsn = dsn
        }
    }

    /// `GET /pd/api/v1/gc/safepoint` on the PD that `information_schema.cluster_info` lists.
    public struct PD: Sendable, Codable {
        public var address: String?
        public var reachable = false
        public var error: String?
        public var gcSafePoint: TSO?
        public var minServiceGCSafePoint: TSO?
        public var serviceSafePoints: [ServiceSafePoint] = []

        public init(address: String?) {
            self.address = address
        }
    }

    public struct ServiceSafePoint: Sendable, Codable, Equatable {
        public var serviceID: String
        public var safePoint: TSO
        /// Unix seconds (PD's `expired_at`; `gc_worker`'s is Go's MaxInt64).
        public var expiredAt: Int64
    }

    public struct Changefeed: Sendable, Codable {
        public var id: String
        public var state: String
        public var checkpointTS: TSO
        /// The primary's TSO − the checkpoint, ms of physical time; nil without the primary's TSO.
        public var lagMs: Int64?
        public var error: String?
    }

    public struct TiCDC: Sendable, Codable {
        public var server: String
        public var reachable = false
        public var error: String?
        public var changefeeds: [Changefeed] = []

        public init(server: String) {
            self.server = server
        }
    }

    /// The newest row of `tidb_cdc.syncpoint_v1` on the secondary.
    public struct SyncPoint: Sendable, Codable, Equatable {
        public var changefeed: String
        public var primaryTS: TSO
        public var secondaryTS: TSO
    }

    public var primary: Cluster
    public var secondary: Cluster
    public var ticdc: TiCDC
    /// The primary's TSO when the changefeeds were read (the lag's reference).
    public var primaryTS: TSO?
    /// nil when the secondary has no `tidb_cdc.syncpoint_v1` (or no row in it).
    public var lastSyncpoint: SyncPoint?

    /// Every part answered (PD's service safepoints are optional: they are reported, not required).
    public var allReachable: Bool { self.primary.reachable && self.secondary.reachable && self.ticdc.reachable }

    public init(primary: Cluster, secondary: Cluster, ticdc: TiCDC) {
        self.primary = primary
        self.secondary = secondary
        self.ticdc = ticdc
    }
}
