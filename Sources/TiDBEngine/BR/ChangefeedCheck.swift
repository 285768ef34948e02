import FoundationEssentials

/// BR's `checkIncompatibleChangefeed`, which SQL RESTORE runs too (docs/ticdc/filter-and-sink.md
/// §d): a changefeed kept in this cluster's PD whose progress is behind the backup would replay
/// changes over the restored data, so RESTORE refuses while one exists.
enum ChangefeedCheck {
    /// The changefeeds (`cluster/namespace` → ids) that block a restore of data at `backupTS`:
    /// progress (the larger of checkpoint and start TS) below it, in a state that may still run.
    /// `pending` (inside a retry backoff) is skipped and `finished` never blocks, as in BR v8.5.
    static func blocking(_ metadata: MetadataStore, backupTS: UInt64) -> [(group: String, ids: [String])] {
        struct Info: Decodable {
            var state: String?
            var startTS: UInt64?
            enum CodingKeys: String, CodingKey {
                case state
                case startTS = "start-ts"
            }
        }
        struct Status: Decodable {
            var checkpointTS: UInt64?
            enum CodingKeys: String, CodingKey { case checkpointTS = "checkpoint-ts" }
        }
        var groups: [String: [String]] = [:]
        for (key, value) in metadata.entries(prefix: "/tidb/cdc/") {
            // /tidb/cdc/<cluster>/<namespace>/changefeed/info/<id>
            let parts = key.split(separator: "/", omittingEmptySubsequences: true)
            guard parts.count == 7, parts[4] == "changefeed", parts[5] == "info",
                let info = try? JSONDecoder().decode(Info.self, from: Data(value.utf8))
            else { continue }
            let state = info.state ?? "normal"
            guard ["normal", "warning", "stopped", "failed", "error", "running"].contains(state) else { continue }
            let statusKey = "/" + (parts[0..<5] + ["status", parts[6]]).joined(separator: "/")
            let checkpoint =
                metadata.value(statusKey).flatMap {
                    try? JSONDecoder().decode(Status.self, from: Data($0.utf8))
                }?.checkpointTS ?? 0
            guard max(checkpoint, info.startTS ?? 0) < backupTS else { continue }
            groups["\(parts[2])/\(parts[3])", default: []].append(String(parts[6]))
        }
        return groups.sorted { $0.key < $1.key }.map { (group: $0.key, ids: $0.value.sorted()) }
    }

    /// BR's text: each group as `cluster/namespace: <group> changefeed(s): [<ids>], `.
    static func message(_ groups: [(group: String, ids: [String])]) -> String {
        let listed = groups.map { "cluster/namespace: \($0.group) changefeed(s): [\($0.ids.joined(separator: " "))], " }
        return "found CDC changefeed(s): " + listed.joined() + "please remove changefeed(s) before restore"
    }
}
