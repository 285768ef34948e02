import GoFormats
import MySQLTypes

/// A changefeed's `replica_config` (v2 JSON, snake_case): TiCDC v8.5's defaults with what the
/// client sent laid over them (ticdc-api.md §2.3), durations as integer nanoseconds. The mock acts
/// on a few keys and carries the rest back unchanged.
public struct ReplicaConfig: Sendable, Equatable, Codable {
    public private(set) var tree: JSONValue

    /// The defaults alone (`GetDefaultReplicaConfig`).
    public init() {
        self.tree = Self.defaults
    }

    /// The defaults with `overlay` merged over them, durations normalised; TiCDC's errors for
    /// values it refuses. `minimumSyncPointInterval` is TiCDC's 30 s unless a mock server lowers it.
    public init(merging overlay: JSONValue?, minimumSyncPointInterval: Duration = .seconds(30)) throws(TiCDCError) {
        var tree = Self.defaults
        if let overlay {
            guard case .object = overlay else { throw .invalidParameter("replica_config must be a JSON object") }
            tree = tree.merging(overlay)
        }
        for path in Self.durationPaths {
            guard let value = tree.value(at: path) else { continue }
            switch value {
            case .integer, .unsigned: break
            case .string(let text):
                guard let nanoseconds = GoDuration.parse(text) else {
                    throw .invalidParameter("invalid duration \(text) for \(path)")
                }
                tree.set(.integer(nanoseconds), at: path)
            default:
                throw .invalidParameter("invalid duration for \(path)")
            }
        }
        self.tree = tree
        try self.validate(minimumSyncPointInterval: minimumSyncPointInterval)
    }

    public init(from decoder: any Decoder) throws {
        self.tree = try JSONValue(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try self.tree.encode(to: encoder)
    }

    // MARK: What the mock acts on

    public var filterRules: [String] {
        self.tree.value(at: "filter.rules")?.arrayValue?.compactMap(\.stringValue) ?? ["*.*"]
    }

    public var caseSensitive: Bool { self.tree["case_sensitive"]?.boolValue ?? false }
    public var forceReplicate: Bool { self.tree["force_replicate"]?.boolValue ?? false }
    public var ignoreIneligibleTable: Bool { self.tree["ignore_ineligible_table"]?.boolValue ?? false }
    public var safeMode: Bool { self.tree.value(at: "sink.safe_mode")?.boolValue ?? false }
    public var bdrMode: Bool { self.tree["bdr_mode"]?.boolValue ?? false }
    public var consistentLevel: String { self.tree.value(at: "consistent.level")?.stringValue ?? "none" }
    public var enableSyncPoint: Bool { self.tree["enable_sync_point"]?.boolValue ?? false }

    public var syncPointInterval: Duration {
        .nanoseconds(self.tree["sync_point_interval"]?.int64Value ?? 600_000_000_000)
    }

    public var syncPointRetention: Duration {
        .nanoseconds(self.tree["sync_point_retention"]?.int64Value ?? 86_400_000_000_000)
    }

    /// `changefeed_error_stuck_duration`.
    public var errorStuckDuration: Duration {
        .nanoseconds(self.tree["changefeed_error_stuck_duration"]?.int64Value ?? 1_800_000_000_000)
    }

    /// `consistent.storage`: where the redo log goes (`consistent.level = eventual`).
    public var redoStorage: String { self.tree.value(at: "consistent.storage")?.stringValue ?? "" }
    /// `consistent.max_log_size`, MiB.
    public var redoMaxLogSize: Int { Int(self.tree.value(at: "consistent.max_log_size")?.int64Value ?? 64) }
    /// `consistent.flush_interval` (ms; 0 is TiCDC's 2000).
    public var redoFlushInterval: Duration {
        .milliseconds(Self.orDefault(self.tree.value(at: "consistent.flush_interval")?.int64Value, 2000))
    }
    /// `consistent.meta_flush_interval` (ms; 0 is TiCDC's 200).
    public var redoMetaFlushInterval: Duration {
        .milliseconds(Self.orDefault(self.tree.value(at: "consistent.meta_flush_interval")?.int64Value, 200))
    }

    private static func orDefault(_ value: Int64?, _ fallback: Int64) -> Int64 {
        guard let value, value != 0 else { return fallback }
        return value
    }

    /// Redo storage schemes (pkg/redo/config.go); gcs and azblob are TiCDC's but not the mock's.
    static let redoSchemes: Set<String> = ["s3", "file", "local", "nfs", "noop", "blackhole"]

    /// `ValidateAndAdjust`'s checks for what the mock runs.
    func validate(minimumSyncPointInterval: Duration) throws(TiCDCError) {
        switch self.consistentLevel {
        case "none": break
        case "eventual":
            for (name, value) in [
                ("flush-interval", self.redoFlushInterval), ("meta-flush-interval", self.redoMetaFlushInterval),
            ]
            where value < .milliseconds(50) {
                let milliseconds =
                    value.components.seconds * 1000 + value.components.attoseconds / 1_000_000_000_000_000
                throw .invalidReplicaConfig("The consistent.\(name):\(milliseconds) must be equal or greater than 50")
            }
            let compression = self.tree.value(at: "consistent.compression")?.stringValue ?? ""
            guard ["", "none", "lz4"].contains(compression) else {
                throw .invalidReplicaConfig("The consistent.compression:\(compression) is not supported")
            }
            let storage = self.redoStorage
            let scheme = storage.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            guard storage.contains("://"), Self.redoSchemes.contains(scheme) else {
                throw .invalidReplicaConfig(
                    "consistent.storage \"\(storage)\" is not a redo storage mock-ticdc writes: s3://, file://, local://, nfs://, noop:// or blackhole://"
                )
            }
        default:
            throw .invalidReplicaConfig("consistent.level \(self.consistentLevel) is not one of none, eventual")
        }
        if self.enableSyncPoint {
            if self.syncPointInterval < minimumSyncPointInterval {
                throw .invalidReplicaConfig(
                    "The SyncPointInterval:\(self.goText(self.syncPointInterval)) must be larger than \(self.goText(minimumSyncPointInterval))"
                )
            }
            if self.syncPointRetention < .seconds(3600) {
                throw .invalidReplicaConfig(
                    "The SyncPointRetention:\(self.goText(self.syncPointRetention)) must be larger than 1h0m0s"
                )
            }
        }
        if self.errorStuckDuration < .seconds(1800) {
            let seconds = Double(ChangefeedMachine.milliseconds(self.errorStuckDuration)) / 1000
            throw .invalidReplicaConfig(
                "The ChangefeedErrorStuckDuration:\(Self.fixed6(seconds)) must be larger than 1800.000000 Seconds"
            )
        }
        for rule in self.filterRules {
            _ = try TableFilter.Rule(parsing: rule)
        }
    }

    /// Go's `%f`: six decimals.
    static func fixed6(_ value: Double) -> String {
        let micro = Int64((value * 1_000_000).rounded())
        return "\(micro / 1_000_000).\(abs(micro % 1_000_000).zeroPadded(6))"
    }

    private func goText(_ duration: Duration) -> String {
        GoDuration.format(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    static let durationPaths = [
        "sync_point_interval", "sync_point_retention", "changefeed_error_stuck_duration",
    ]

    /// TiCDC v8.5's `defaultReplicaConfig` as v2 JSON (`pkg/config/replica_config.go`,
    /// `cdc/api/v2/model.go`).
    static let defaults: JSONValue = .object([
        "memory_quota": .integer(1_073_741_824),
        "case_sensitive": .bool(false),
        "force_replicate": .bool(false),
        "ignore_ineligible_table": .bool(false),
        "check_gc_safe_point": .bool(true),
        "enable_sync_point": .bool(false),
        "enable_table_monitor": .bool(false),
        "bdr_mode": .bool(false),
        "sync_point_interval": .integer(600_000_000_000),
        "sync_point_retention": .integer(86_400_000_000_000),
        "filter": .object(["rules": .array([.string("*.*")])]),
        "mounter": .object(["worker_num": .integer(16)]),
        "sink": .object([
            "protocol": .string(""),
            "encoder_concurrency": .integer(32),
            "terminator": .string("\r\n"),
            "date_separator": .string("day"),
            "enable_partition_separator": .bool(true),
            "enable_kafka_sink_v2": .bool(false),
            "only_output_updated_columns": .bool(false),
            "delete_only_output_handle_key_columns": .bool(false),
            "content_compatible": .bool(false),
            "advance_timeout": .integer(150),
            "send_bootstrap_interval_in_sec": .integer(120),
            "send_bootstrap_in_msg_count": .integer(10000),
            "send_bootstrap_to_all_partition": .bool(true),
            "send-all-bootstrap-at-start": .bool(false),
            "debezium_disable_schema": .bool(false),
            "safe_mode": .bool(false),
            "transaction_atomicity": .string(""),
        ]),
        "consistent": .object([
            "level": .string("none"),
            "max_log_size": .integer(64),
            "flush_interval": .integer(2000),
            "meta_flush_interval": .integer(200),
            "encoding_worker_num": .integer(16),
            "flush_worker_num": .integer(8),
            "storage": .string(""),
            "use_file_backend": .bool(false),
            "memory_usage": .object(["memory_quota_percentage": .integer(50)]),
        ]),
        "scheduler": .object([
            "enable_table_across_nodes": .bool(false),
            "region_threshold": .integer(100_000),
            "write_key_threshold": .integer(0),
        ]),
        "integrity": .object([
            "integrity_check_level": .string("none"),
            "corruption_handle_level": .string("warn"),
        ]),
        "changefeed_error_stuck_duration": .integer(1_800_000_000_000),
        "synced_status": .object(["synced_check_interval": .integer(300), "checkpoint_interval": .integer(15)]),
    ])
}
