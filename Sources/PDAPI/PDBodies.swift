/// The bodies of PD's HTTP API that both sides of this project speak: the mock PD encodes them,
/// `tidb-dr` decodes them (from the mock or a real PD). Field names and omissions as PD's Go
/// structs have them (docs/ticdc/pd-http.md, docs/tidb/dr-auto-sync.md).

/// `GET /pd/api/v1/gc/safepoint`: the cluster's GC safe point and every service safepoint,
/// expired ones included.
public struct PDGCSafePoints: Codable, Sendable, Equatable {
    public struct Service: Codable, Sendable, Equatable {
        public var serviceID: String
        /// Unix seconds; PD's `math.MaxInt64` for one that never expires.
        public var expiredAt: Int64
        public var safePoint: UInt64

        public init(serviceID: String, expiredAt: Int64, safePoint: UInt64) {
            self.serviceID = serviceID
            self.expiredAt = expiredAt
            self.safePoint = safePoint
        }

        enum CodingKeys: String, CodingKey {
            case serviceID = "service_id"
            case expiredAt = "expired_at"
            case safePoint = "safe_point"
        }
    }

    public var services: [Service]
    /// Omitted when 0 (PD's omitempty).
    public var minimum: UInt64?
    public var gcSafePoint: UInt64

    public init(services: [Service], minimum: UInt64?, gcSafePoint: UInt64) {
        self.services = services
        self.minimum = minimum
        self.gcSafePoint = gcSafePoint
    }

    enum CodingKeys: String, CodingKey {
        case services = "service_gc_safe_points"
        case minimum = "min_service_gc_safe_point"
        case gcSafePoint = "gc_safe_point"
    }
}

/// `GET /pd/api/v1/replication_mode/status` (PD's `HTTPReplicationStatus`): `dr-auto-sync` is
/// always present (a Go struct is never omitted) and empty in `majority`.
public struct PDReplicationStatus: Codable, Sendable, Equatable {
    public struct DRAutoSync: Codable, Sendable, Equatable {
        public var labelKey = ""
        public var state = ""
        public var stateID: UInt64?
        public var acidConsistent = false
        public var totalRegions: Int?
        public var syncedRegions: Int?
        /// PD's float32.
        public var recoverProgress: Float?

        public init(
            labelKey: String = "",
            state: String = "",
            stateID: UInt64? = nil,
            acidConsistent: Bool = false,
            totalRegions: Int? = nil,
            syncedRegions: Int? = nil,
            recoverProgress: Float? = nil
        ) {
            self.labelKey = labelKey
            self.state = state
            self.stateID = stateID
            self.acidConsistent = acidConsistent
            self.totalRegions = totalRegions
            self.syncedRegions = syncedRegions
            self.recoverProgress = recoverProgress
        }

        enum CodingKeys: String, CodingKey {
            case labelKey = "label_key"
            case state
            case stateID = "state_id"
            case acidConsistent = "acid_consistent"
            case totalRegions = "total_regions"
            case syncedRegions = "synced_regions"
            case recoverProgress = "recover_progress"
        }
    }

    /// `majority` or `dr-auto-sync`.
    public var mode: String
    public var drAutoSync: DRAutoSync

    public init(mode: String, drAutoSync: DRAutoSync = DRAutoSync()) {
        self.mode = mode
        self.drAutoSync = drAutoSync
    }

    enum CodingKeys: String, CodingKey {
        case mode
        case drAutoSync = "dr-auto-sync"
    }
}

/// PD's `DR_STATE` file in its data dir: compact JSON of the fields PD's `tickReplicateStatus`
/// copies (state, its id, the recovery start, the available stores), omitted when empty.
public struct PDDRState: Codable, Sendable, Equatable {
    public var state: String
    public var stateID: UInt64?
    /// RFC 3339, as Go prints a `time.Time`.
    public var recoverStart: String?
    public var availableStores: [UInt64]?

    public init(state: String, stateID: UInt64?, recoverStart: String? = nil, availableStores: [UInt64]? = nil) {
        self.state = state
        self.stateID = stateID
        self.recoverStart = recoverStart
        self.availableStores = availableStores
    }

    enum CodingKeys: String, CodingKey {
        case state
        case stateID = "state_id"
        case recoverStart = "recover_start"
        case availableStores = "available_stores"
    }
}
