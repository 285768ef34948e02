/// A JSON document as a tree: TiCDC's replica config has dozens of keys the mock only carries
/// along, so it keeps the tree (defaults merged with what the client sent) and reads the few it acts
/// on. Integers stay integers; objects encode in TiCDC's field order.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .unsigned(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .object(let value) = self {
            // Keyed, in TiCDC's field order: an encoder that keeps order (GoJSONEncoder) writes
            // the config as TiCDC does.
            var keyed = encoder.container(keyedBy: Key.self)
            for key in Self.ordered(value.keys) { try keyed.encode(value[key]!, forKey: Key(key)) }
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .unsigned(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object: break
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ text: String) { self.stringValue = text }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Keys in `fieldOrder`, the rest sorted.
    public static func ordered(_ keys: Dictionary<String, JSONValue>.Keys) -> [String] {
        keys.sorted { (Self.fieldRank[$0] ?? Int.max, $0) < (Self.fieldRank[$1] ?? Int.max, $1) }
    }

    private static let fieldRank = Dictionary(uniqueKeysWithValues: Self.fieldOrder.enumerated().map { ($1, $0) })

    /// TiCDC's `ReplicaConfig` field order (docs/ticdc/cli.md §4.3), the order Go writes its
    /// fields in; other keys after, sorted, as Go writes a map.
    public static let fieldOrder: [String] = [
        "memory_quota", "case_sensitive", "force_replicate", "ignore_ineligible_table", "check_gc_safe_point",
        "enable_sync_point", "enable_table_monitor", "bdr_mode", "sync_point_interval", "sync_point_retention",
        "filter", "rules", "ignore_txn_start_ts", "event_filters", "mounter", "worker_num", "sink", "protocol",
        "schema_registry", "csv", "dispatchers", "column_selectors", "transaction_atomicity", "encoder_concurrency",
        "terminator", "date_separator", "enable_partition_separator", "file_index_width", "enable_kafka_sink_v2",
        "only_output_updated_columns", "delete_only_output_handle_key_columns", "content_compatible", "safe_mode",
        "kafka_config", "pulsar_config", "mysql_config", "cloud_storage_config", "advance_timeout",
        "send_bootstrap_interval_in_sec", "send_bootstrap_in_msg_count", "send_bootstrap_to_all_partition",
        "send-all-bootstrap-at-start", "debezium_disable_schema", "debezium", "open", "consistent", "level",
        "max_log_size", "flush_interval", "meta_flush_interval", "encoding_worker_num", "flush_worker_num",
        "storage", "use_file_backend", "compression", "flush_concurrency", "memory_usage",
        "memory_quota_percentage", "scheduler", "enable_table_across_nodes", "region_threshold",
        "write_key_threshold", "integrity", "integrity_check_level", "corruption_handle_level",
        "changefeed_error_stuck_duration", "synced_status", "synced_check_interval", "checkpoint_interval",
        "sql_mode",
    ]

    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The value at a dotted path, `consistent.level`.
    public func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var int64Value: Int64? {
        switch self {
        case .integer(let value): value
        case .unsigned(let value): Int64(exactly: value)
        case .double(let value): Int64(exactly: value)
        default: nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// `other` laid over this object: objects merge key by key, anything else replaces (how Go
    /// decodes JSON into a struct filled with defaults).
    public func merging(_ other: JSONValue) -> JSONValue {
        guard case .object(var base) = self, case .object(let overlay) = other else { return other }
        for (key, value) in overlay {
            base[key] = base[key].map { $0.merging(value) } ?? value
        }
        return .object(base)
    }

    /// Sets the value at a dotted path, making objects on the way.
    public mutating func set(_ value: JSONValue, at path: String) {
        let keys = path.split(separator: ".").map(String.init)
        self = Self.setting(value, in: self, keys: keys[...])
    }

    private static func setting(_ value: JSONValue, in node: JSONValue, keys: ArraySlice<String>) -> JSONValue {
        guard let key = keys.first else { return value }
        var object: [String: JSONValue] = [:]
        if case .object(let existing) = node { object = existing }
        object[key] = Self.setting(value, in: object[key] ?? .null, keys: keys.dropFirst())
        return .object(object)
    }
}
