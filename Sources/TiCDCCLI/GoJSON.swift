import TiCDCCore

/// JSON as Go's `encoding/json` writes it for `cdc cli`: keys in struct order, compact
/// (`json.Marshal`) or indented by two spaces (`json.MarshalIndent(v, "", "  "): `"key": value`).
indirect enum GoJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([GoJSON])
    case object([(String, GoJSON)])

    static func == (lhs: GoJSON, rhs: GoJSON) -> Bool { lhs.compact == rhs.compact }

    static func int(_ value: some BinaryInteger) -> GoJSON { .number(String(value)) }

    /// A JSON tree (the replica config), keys in TiCDC's struct order where known.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .number(String(number))
        case .unsigned(let number): self = .number(String(number))
        case .double(let number): self = .number(String(number))
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(GoJSON.init))
        case .object(let object):
            self = .object(Self.ordered(object.keys).map { ($0, GoJSON(object[$0]!)) })
        }
    }

    var compact: String {
        var output = ""
        self.write(to: &output, indent: nil, depth: 0)
        return output
    }

    var indented: String {
        var output = ""
        self.write(to: &output, indent: "  ", depth: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, depth: Int) {
        func newline(_ level: Int) {
            guard let indent else { return }
            output += "\n" + String(repeating: indent, count: level)
        }
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): output += Self.quoted(text)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                newline(depth + 1)
                item.write(to: &output, indent: indent, depth: depth + 1)
            }
            newline(depth)
            output += "]"
        case .object(let entries):
            guard !entries.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (index, (key, value)) in entries.enumerated() {
                if index > 0 { output += "," }
                newline(depth + 1)
                output += Self.quoted(key) + (indent == nil ? ":" : ": ")
                value.write(to: &output, indent: indent, depth: depth + 1)
            }
            newline(depth)
            output += "}"
        }
    }

    /// Go escapes `<`, `>` and `&` too (HTML-safe).
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<": output += "\\u003c"
            case ">": output += "\\u003e"
            case "&": output += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// TiCDC's `ReplicaConfig` field order (docs/ticdc/cli.md §4.3); other keys after, sorted.
    static let keyOrder: [String] = [
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

    static func ordered(_ keys: Dictionary<String, JSONValue>.Keys) -> [String] {
        let rank = Dictionary(uniqueKeysWithValues: Self.keyOrder.enumerated().map { ($1, $0) })
        return keys.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
    }
}
