import Synchronization

/// The key-value store PD keeps in its etcd, as far as mock clients need it: TiCDC keeps its
/// changefeeds there (`/tidb/cdc/<cluster-id>/<namespace>/changefeed/info/<id>`), so a restarted
/// TiCDC finds them again and BR sees them before a restore. Values are opaque text.
public final class MetadataStore: Sendable {
    private let entries = Mutex<[String: String]>([:])

    public init() {}

    public func value(_ key: String) -> String? {
        self.entries.withLock { $0[key] }
    }

    /// Every entry whose key starts with `prefix`, in key order.
    public func entries(prefix: String) -> [(key: String, value: String)] {
        self.entries.withLock { entries in
            entries.filter { $0.key.hasPrefix(prefix) }.map { (key: $0.key, value: $0.value) }
        }.sorted { $0.key < $1.key }
    }

    public func set(_ key: String, _ value: String) {
        self.entries.withLock { $0[key] = value }
    }

    /// Removes the key; whether it was there.
    @discardableResult
    public func remove(_ key: String) -> Bool {
        self.entries.withLock { $0.removeValue(forKey: key) != nil }
    }
}
