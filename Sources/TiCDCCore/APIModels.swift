/// OpenAPI v2's bodies as TiCDC v8.5 (classic, tiflow `cdc/api/v2/model.go`) writes and reads them
/// (ticdc-api.md §2). Go's `omitempty` is an optional left nil.
public enum TiCDCAPI {
    /// `POST /api/v2/changefeeds` and `PUT /api/v2/changefeeds/{id}`.
    public struct ChangefeedConfig: Codable, Sendable, Equatable {
        public var namespace: String?
        public var changefeedID: String?
        public var startTS: UInt64?
        public var targetTS: UInt64?
        public var sinkURI: String?
        public var replicaConfig: JSONValue?
        /// Another upstream than the server's own `--pd` (a reverse changefeed).
        public var pdAddresses: [String]?
        public var caPath: String?
        public var certPath: String?
        public var keyPath: String?
        public var certAllowedCN: [String]?

        public init(
            namespace: String? = nil,
            changefeedID: String? = nil,
            startTS: UInt64? = nil,
            targetTS: UInt64? = nil,
            sinkURI: String? = nil,
            replicaConfig: JSONValue? = nil,
            pdAddresses: [String]? = nil
        ) {
            self.namespace = namespace
            self.changefeedID = changefeedID
            self.startTS = startTS
            self.targetTS = targetTS
            self.sinkURI = sinkURI
            self.replicaConfig = replicaConfig
            self.pdAddresses = pdAddresses
        }

        enum CodingKeys: String, CodingKey {
            case namespace
            case changefeedID = "changefeed_id"
            case startTS = "start_ts"
            case targetTS = "target_ts"
            case sinkURI = "sink_uri"
            case replicaConfig = "replica_config"
            case pdAddresses = "pd_addrs"
            case caPath = "ca_path"
            case certPath = "cert_path"
            case keyPath = "key_path"
            case certAllowedCN = "cert_allowed_cn"
        }
    }

    /// A running error in the API: `time` only in the list (`ChangefeedCommonInfo`).
    public struct RunningErrorBody: Codable, Sendable, Equatable {
        public var time: String?
        public var addr: String
        public var code: String
        public var message: String
    }

    /// `GET /api/v2/changefeeds/{id}`, and the create and update answers.
    public struct ChangeFeedInfo: Codable, Sendable, Equatable {
        public var upstreamID: UInt64?
        public var namespace: String?
        public var id: String?
        public var sinkURI: String?
        public var createTime: String
        public var startTS: UInt64?
        public var targetTS: UInt64?
        public var adminJobType: Int?
        public var config: ReplicaConfig?
        public var state: String?
        public var error: RunningErrorBody?
        public var creatorVersion: String?
        public var resolvedTS: UInt64
        public var checkpointTS: UInt64
        public var checkpointTime: String

        enum CodingKeys: String, CodingKey {
            case upstreamID = "upstream_id"
            case namespace
            case id
            case sinkURI = "sink_uri"
            case createTime = "create_time"
            case startTS = "start_ts"
            case targetTS = "target_ts"
            case adminJobType = "admin_job_type"
            case config
            case state
            case error
            case creatorVersion = "creator_version"
            case resolvedTS = "resolved_ts"
            case checkpointTS = "checkpoint_ts"
            case checkpointTime = "checkpoint_time"
        }
    }

    /// An item of `GET /api/v2/changefeeds`: `pending` shows as `warning`.
    public struct ChangefeedCommonInfo: Codable, Sendable, Equatable {
        public var upstreamID: UInt64
        public var namespace: String
        public var id: String
        public var state: String
        public var checkpointTSO: UInt64
        public var checkpointTime: String
        public var error: RunningErrorBody?

        public init(
            upstreamID: UInt64,
            namespace: String,
            id: String,
            state: String,
            checkpointTSO: UInt64,
            checkpointTime: String,
            error: RunningErrorBody?
        ) {
            self.upstreamID = upstreamID
            self.namespace = namespace
            self.id = id
            self.state = state
            self.checkpointTSO = checkpointTSO
            self.checkpointTime = checkpointTime
            self.error = error
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.upstreamID, forKey: .upstreamID)
            try container.encode(self.namespace, forKey: .namespace)
            try container.encode(self.id, forKey: .id)
            try container.encode(self.state, forKey: .state)
            try container.encode(self.checkpointTSO, forKey: .checkpointTSO)
            try container.encode(self.checkpointTime, forKey: .checkpointTime)
            // Always present, null when there is none (Go's pointer without omitempty).
            try container.encode(self.error, forKey: .error)
        }

        enum CodingKeys: String, CodingKey {
            case upstreamID = "upstream_id"
            case namespace
            case id
            case state
            case checkpointTSO = "checkpoint_tso"
            case checkpointTime = "checkpoint_time"
            case error
        }
    }

    public struct List<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
        public var total: Int
        public var items: [Item]

        public init(items: [Item]) {
            self.total = items.count
            self.items = items
        }
    }

    /// `POST /api/v2/changefeeds/{id}/resume`.
    public struct ResumeChangefeedConfig: Codable, Sendable, Equatable {
        public var overwriteCheckpointTS: UInt64?
        public var pdAddresses: [String]?

        public init(overwriteCheckpointTS: UInt64? = nil) {
            self.overwriteCheckpointTS = overwriteCheckpointTS
        }

        enum CodingKeys: String, CodingKey {
            case overwriteCheckpointTS = "overwrite_checkpoint_ts"
            case pdAddresses = "pd_addrs"
        }
    }

    /// `GET /api/v2/status`.
    public struct ServerStatus: Codable, Sendable, Equatable {
        public var version: String
        public var gitHash: String
        public var id: String
        public var clusterID: String
        public var pid: Int
        public var isOwner: Bool
        /// 0 alive, 1 stopping.
        public var liveness: Int

        public init(
            version: String,
            gitHash: String,
            id: String,
            clusterID: String,
            pid: Int,
            isOwner: Bool,
            liveness: Int
        ) {
            self.version = version
            self.gitHash = gitHash
            self.id = id
            self.clusterID = clusterID
            self.pid = pid
            self.isOwner = isOwner
            self.liveness = liveness
        }

        enum CodingKeys: String, CodingKey {
            case version
            case gitHash = "git_hash"
            case id
            case clusterID = "cluster_id"
            case pid
            case isOwner = "is_owner"
            case liveness
        }
    }

    /// An item of `GET /api/v2/captures`.
    public struct Capture: Codable, Sendable, Equatable {
        public var id: String
        public var isOwner: Bool
        public var address: String
        public var clusterID: String

        public init(id: String, isOwner: Bool, address: String, clusterID: String) {
            self.id = id
            self.isOwner = isOwner
            self.address = address
            self.clusterID = clusterID
        }

        enum CodingKeys: String, CodingKey {
            case id
            case isOwner = "is_owner"
            case address
            case clusterID = "cluster_id"
        }
    }

    /// Every error answer.
    public struct ErrorBody: Codable, Sendable, Equatable {
        public var errorMessage: String
        public var errorCode: String

        public init(_ error: TiCDCError) {
            self.errorMessage = error.message
            self.errorCode = error.code
        }

        enum CodingKeys: String, CodingKey {
            case errorMessage = "error_msg"
            case errorCode = "error_code"
        }
    }

    /// `POST /api/v2/tso`.
    public struct TSO: Codable, Sendable, Equatable {
        public var timestamp: Int64
        public var logicTime: Int64

        public init(timestamp: Int64, logicTime: Int64) {
            self.timestamp = timestamp
            self.logicTime = logicTime
        }

        public var rawValue: UInt64 { UInt64(self.timestamp) << 18 | UInt64(self.logicTime) }

        enum CodingKeys: String, CodingKey {
            case timestamp
            case logicTime = "logic_time"
        }
    }

    /// `GET /api/v2/changefeeds/{id}/status`.
    public struct ChangefeedStatus: Codable, Sendable, Equatable {
        public var state: String
        public var resolvedTS: UInt64
        public var checkpointTS: UInt64
        public var lastError: RunningErrorBody?
        public var lastWarning: RunningErrorBody?

        enum CodingKeys: String, CodingKey {
            case state
            case resolvedTS = "resolved_ts"
            case checkpointTS = "checkpoint_ts"
            case lastError = "last_error"
            case lastWarning = "last_warning"
        }
    }

    /// `GET /api/v2/changefeeds/{id}/synced`.
    public struct SyncedStatus: Codable, Sendable, Equatable {
        public var synced: Bool
        public var sinkCheckpointTS: String
        public var pullerResolvedTS: String
        public var lastSyncedTS: String
        public var nowTS: String
        public var info: String

        public init(
            synced: Bool,
            sinkCheckpointTS: String,
            pullerResolvedTS: String,
            lastSyncedTS: String,
            nowTS: String,
            info: String
        ) {
            self.synced = synced
            self.sinkCheckpointTS = sinkCheckpointTS
            self.pullerResolvedTS = pullerResolvedTS
            self.lastSyncedTS = lastSyncedTS
            self.nowTS = nowTS
            self.info = info
        }

        enum CodingKeys: String, CodingKey {
            case synced
            case sinkCheckpointTS = "sink_checkpoint_ts"
            case pullerResolvedTS = "puller_resolved_ts"
            case lastSyncedTS = "last_synced_ts"
            case nowTS = "now_ts"
            case info
        }
    }

    /// A table in `POST /api/v2/verify_table`'s answer.
    public struct TableName: Codable, Sendable, Equatable {
        public var databaseName: String
        public var tableName: String
        public var tableID: Int64
        public var isPartition: Bool

        public init(databaseName: String, tableName: String, tableID: Int64) {
            self.databaseName = databaseName
            self.tableName = tableName
            self.tableID = tableID
            self.isPartition = false
        }

        enum CodingKeys: String, CodingKey {
            case databaseName = "database_name"
            case tableName = "table_name"
            case tableID = "table_id"
            case isPartition = "is_partition"
        }
    }

    /// `POST /api/v2/verify_table`: the tables the filter takes, split by whether they have a
    /// primary key or a NOT NULL unique key (both lists omitted when empty).
    public struct VerifiedTables: Codable, Sendable, Equatable {
        public var ineligibleTables: [TableName]?
        public var eligibleTables: [TableName]?

        public init(ineligibleTables: [TableName], eligibleTables: [TableName]) {
            self.ineligibleTables = ineligibleTables.isEmpty ? nil : ineligibleTables
            self.eligibleTables = eligibleTables.isEmpty ? nil : eligibleTables
        }

        enum CodingKeys: String, CodingKey {
            case ineligibleTables = "ineligible_tables"
            case eligibleTables = "eligible_tables"
        }
    }

    /// `{}`: what pause, resume, remove and health answer.
    public struct Empty: Codable, Sendable, Equatable {
        public init() {}
    }
}

extension TiCDCAPI.ChangeFeedInfo {
    /// `state` as a `FeedState`; nil if TiCDC sent none or one this code does not know.
    public var feedState: FeedState? { self.state.flatMap(FeedState.init(rawValue:)) }
}

extension TiCDCAPI.ChangefeedCommonInfo {
    public var feedState: FeedState? { FeedState(rawValue: self.state) }
}
