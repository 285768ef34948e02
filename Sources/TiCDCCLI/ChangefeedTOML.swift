import TOMLKit
public import TiCDCCore

/// `cdc cli changefeed create|update --config FILE.toml` (docs/ticdc/cli.md §4): TiCDC's TOML keys
/// to the v2 JSON `replica_config` (hyphens to underscores, two renames), durations left as Go
/// text for the server to read. An unknown key is an error, as TiCDC decodes strictly.
public enum ChangefeedTOML {
    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// What a section may hold: named keys, each a value or a section of its own, or anything.
    indirect enum Shape {
        case value
        case open
        case section([String: Shape])
        /// An array of tables, each with these keys (`[[filter.event-filters]]`).
        case tables([String: Shape])
    }

    static let shape: [String: Shape] = [
        "memory-quota": .value, "case-sensitive": .value, "force-replicate": .value, "check-gc-safe-point": .value,
        "enable-sync-point": .value, "enable-table-monitor": .value, "ignore-ineligible-table": .value,
        "bdr-mode": .value, "sync-point-interval": .value, "sync-point-retention": .value,
        "changefeed-error-stuck-duration": .value, "sql-mode": .value,
        "filter": .section([
            "rules": .value, "ignore-txn-start-ts": .value,
            "event-filters": .tables([
                "matcher": .value, "ignore-event": .value, "ignore-sql": .value, "ignore-insert-value-expr": .value,
                "ignore-update-new-value-expr": .value, "ignore-update-old-value-expr": .value,
                "ignore-delete-value-expr": .value,
            ]),
        ]),
        "mounter": .section(["worker-num": .value]),
        "sink": .section([
            "protocol": .value, "schema-registry": .value, "csv": .open, "dispatchers": .open,
            "column-selectors": .open, "transaction-atomicity": .value, "encoder-concurrency": .value,
            "terminator": .value, "date-separator": .value, "enable-partition-separator": .value,
            "file-index-digit": .value, "enable-kafka-sink-v2": .value, "only-output-updated-columns": .value,
            "delete-only-output-handle-key-columns": .value, "content-compatible": .value, "safe-mode": .value,
            "kafka-config": .open, "pulsar-config": .open, "mysql-config": .open, "cloud-storage-config": .open,
            "advance-timeout-in-sec": .value, "send-bootstrap-interval-in-sec": .value,
            "send-bootstrap-in-msg-count": .value, "send-bootstrap-to-all-partition": .value,
            "send-all-bootstrap-at-start": .value, "debezium-disable-schema": .value, "debezium": .open,
            "open": .open,
        ]),
        "consistent": .section([
            "level": .value, "max-log-size": .value, "flush-interval": .value, "meta-flush-interval": .value,
            "encoding-worker-num": .value, "flush-worker-num": .value, "storage": .value,
            "use-file-backend": .value, "compression": .value, "flush-concurrency": .value,
            "memory-usage": .section(["memory-quota-percentage": .value]),
        ]),
        "scheduler": .section([
            "enable-table-across-nodes": .value, "region-threshold": .value, "write-key-threshold": .value,
        ]),
        "integrity": .section(["integrity-check-level": .value, "corruption-handle-level": .value]),
        "synced-status": .section(["synced-check-interval": .value, "checkpoint-interval": .value]),
    ]

    /// TOML key → JSON key where the names differ by more than hyphens.
    static let renames = ["file-index-digit": "file_index_width", "advance-timeout-in-sec": "advance_timeout"]

    /// The replica config a TOML text gives; `path` names the file in errors.
    public static func replicaConfig(_ text: String, path: String) throws(Failure) -> JSONValue {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(message: "toml: line \(error.source.begin.line): \(error.description)")
        } catch {
            throw Failure(message: "toml: \(error)")
        }
        var unknown: [String] = []
        let value = Self.convert(table, shape: .section(Self.shape), path: "", unknown: &unknown)
        guard unknown.isEmpty else {
            throw Failure(
                message: "component TiCDC changefeed's config file \(path) contained unknown configuration options: "
                    + unknown.sorted().joined(separator: ", ")
            )
        }
        return value
    }

    private static func convert(_ table: TOMLTable, shape: Shape, path: String, unknown: inout [String]) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for key in table.keys {
            guard let value = table[key] else { continue }
            let dotted = path.isEmpty ? key : path + "." + key
            var inner: Shape = .open
            switch shape {
            case .section(let keys), .tables(let keys):
                guard let known = keys[key] else {
                    unknown.append(dotted)
                    continue
                }
                inner = known
            case .open, .value:
                break
            }
            let name = Self.renames[key] ?? (key == "send-all-bootstrap-at-start" ? key : key.replacingHyphens())
            object[name] = Self.convert(value, shape: inner, path: dotted, unknown: &unknown)
        }
        return .object(object)
    }

    private static func convert(
        _ value: any TOMLValueConvertible,
        shape: Shape,
        path: String,
        unknown: inout [String]
    ) -> JSONValue {
        switch value.type {
        case .table:
            return value.table.map { Self.convert($0, shape: shape, path: path, unknown: &unknown) } ?? .null
        case .array:
            var elementShape = shape
            if case .tables(let keys) = shape { elementShape = .section(keys) }
            return .array(
                (value.array.map(Array.init) ?? []).map {
                    Self.convert($0, shape: elementShape, path: path, unknown: &unknown)
                }
            )
        case .string: return .string(value.string ?? "")
        case .int: return .integer(Int64(value.int ?? 0))
        case .double: return .double(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .date, .time, .dateTime: return .string(value.tomlValue.debugDescription)
        }
    }
}

extension String {
    fileprivate func replacingHyphens() -> String {
        String(self.map { $0 == "-" ? "_" : $0 })
    }
}
