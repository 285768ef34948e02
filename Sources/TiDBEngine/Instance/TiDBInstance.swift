public import ExternalStorage
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One tidb-server of a cluster: its identity (version, ports, host name), its connections and
/// the sessions it opens. Thread-safe; the network layer creates one per SQL endpoint.
public final class TiDBInstance: Sendable {
    public struct Configuration: Sendable {
        /// The release, such as `v8.5.8`; the server version is `8.0.11-TiDB-<release>`.
        public var release: String
        public var host: String
        public var port: Int
        public var statusPort: Int
        /// The cluster's PD endpoint (`information_schema.cluster_info` lists it).
        public var pdPort: Int
        /// TiDB's `deprecate-integer-display-length` config item (true in v8.5): integer types
        /// print without display widths (`int`, not `int(11)`), and CREATE TABLE warns (1681)
        /// about declared ones.
        public var deprecateIntegerDisplayLength: Bool

        public init(
            release: String = "v8.5.8",
            host: String = "127.0.0.1",
            port: Int = 4000,
            statusPort: Int = 10080,
            pdPort: Int = 2379,
            deprecateIntegerDisplayLength: Bool = true
        ) {
            self.release = release
            self.host = host
            self.port = port
            self.statusPort = statusPort
            self.pdPort = pdPort
            self.deprecateIntegerDisplayLength = deprecateIntegerDisplayLength
        }
    }

    public let cluster: Cluster
    private let configuration: Mutex<Configuration>
    public let startMicroseconds: Int64
    public let hostName: String
    let connections = ConnectionRegistry()
    private let connectionIDs = ConnectionIDAllocator()
    /// The global-kill server id in connection ids (`information_schema.cluster_info` SERVER_ID).
    public var serverID: UInt64 { self.connectionIDs.serverID }
    /// A stand-in for TiDB's build hash: stable for a release, derived from it.
    public let gitHash: String
    /// This instance's GC worker: it ticks once here, then every minute from `GCService`.
    public let gcWorker: GCWorker
    /// BACKUP and RESTORE tasks; the server runs `brieQueue.run()` as a service.
    public let brieQueue: BRIEQueue
    /// Opens a backup destination. The engine knows `local://`, `file://` and `noop://`; the
    /// server adds `s3://` (which needs an HTTP client) through `init`.
    let openStorage: @Sendable (StorageURL) throws(ExternalStorageError) -> any ExternalStorage

    public typealias StorageOpener = @Sendable (StorageURL) throws(ExternalStorageError) -> (any ExternalStorage)?

    /// Paces time-based work (BACKUP's RATE_LIMIT); tests inject a manual clock.
    public let intervalClock: any Clock<Duration>

    public init(
        cluster: Cluster,
        configuration: Configuration = .init(),
        storage: StorageOpener? = nil,
        intervalClock: any Clock<Duration> = ContinuousClock()
    ) {
        self.brieQueue = BRIEQueue(clock: cluster.clock)
        self.intervalClock = intervalClock
        self.openStorage = { (url) throws(ExternalStorageError) -> any ExternalStorage in
            switch url.scheme {
            case "local", "file": return LocalStorage(url)
            case "noop": return NoopStorage(url)
            default:
                if let opened = try storage?(url) { return opened }
                throw ExternalStorageError(.invalidURL, "storage \(url.scheme) not support yet")
            }
        }
        self.cluster = cluster
        self.configuration = Mutex(configuration)
        self.startMicroseconds = cluster.clock.microsecondsSinceEpoch()
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        self.hostName = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.gitHash = NativePassword.sha1("mock-tidb \(configuration.release)".utf8)
            .map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        self.gcWorker = GCWorker(cluster: cluster, hostName: self.hostName)
        self.gcWorker.start(nowMicroseconds: self.startMicroseconds)
    }

    public var release: String { self.configuration.withLock { $0.release } }

    /// What the handshake, `VERSION()` and `@@version` report.
    public var serverVersion: String { "8.0.11-TiDB-" + self.release }

    public var host: String { self.configuration.withLock { $0.host } }
    public var port: Int { self.configuration.withLock { $0.port } }
    public var statusPort: Int { self.configuration.withLock { $0.statusPort } }
    public var pdPort: Int { self.configuration.withLock { $0.pdPort } }
    public var deprecateIntegerDisplayLength: Bool { self.configuration.withLock { $0.deprecateIntegerDisplayLength } }

    /// Records the ports actually bound (when 0 asked the system to pick).
    public func setListeningPorts(sql: Int, status: Int, pd: Int? = nil) {
        self.configuration.withLock {
            $0.port = sql
            $0.statusPort = status
            if let pd { $0.pdPort = pd }
        }
    }

    /// Connections that finished the handshake (`/status` reports this).
    public var connectionCount: Int { self.connections.count }

    public var uptimeSeconds: Int64 {
        (self.cluster.clock.microsecondsSinceEpoch() - self.startMicroseconds) / 1_000_000
    }

    /// A connection id for a new client; nil when the 32-bit space is exhausted.
    public func allocateConnectionID() -> UInt64? {
        self.connectionIDs.allocate()
    }

    public func releaseConnectionID(_ id: UInt64) {
        self.connectionIDs.release(id)
    }

    /// The `COM_STATISTICS` text, as TiDB writes it (its counters are fixed at zero).
    public var statisticsText: String {
        "Uptime: \(self.uptimeSeconds)  Threads: 0  Questions: 0  Slow queries: 0  Opens: 0  Flush tables: 0  Open tables: 0  Queries per second avg: 0.000"
    }

    /// `TIDB_VERSION()`.
    public var versionInfo: String {
        [
            "Release Version: \(self.release)",
            "Edition: Community",
            "Git Commit Hash: \(self.gitHash)",
            "Git Branch: HEAD",
            "UTC Build Time: \(Self.buildTime)",
            "GoVersion: go1.23.12",
            "Race Enabled: false",
            "Check Table Before Drop: false",
            "Store: tikv",
        ].joined(separator: "\n")
    }

    /// The time this mock was started stands in for a build time.
    private static let buildTime: String = {
        let now = SystemWallClock().microsecondsSinceEpoch()
        return SQLDateTime(microsecondsSinceEpoch: now, offsetSeconds: 0, fractionDigits: 0).description
    }()
}
