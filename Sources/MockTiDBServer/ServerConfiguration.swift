public import TiDBEngine

/// What a mock TiDB server listens on and who may log in.
///
/// The defaults are sized for a test suite that starts many servers in one process: two
/// event-loop threads and no polling (`eventLoops`, `requestSpin`). The `mock-tidb` command uses
/// `tunedForThroughput`, the settings `BENCHMARKS.md` measures.
public struct MockTiDBConfiguration: Sendable {
    public var host: String
    /// The address other components reach this server at (TiDB's `--advertise-address`):
    /// `information_schema.cluster_info` and PD list it. nil: `host`.
    public var advertiseAddress: String?
    /// 0 picks a free port.
    public var port: Int
    /// The HTTP status port (`GET /status`); 0 picks a free port.
    public var statusPort: Int
    /// The cluster's PD endpoint (`PDServer`); 0 picks a free port.
    public var pdPort: Int
    public var users: [UserAccount]
    /// The TiDB release to impersonate, such as `v8.5.8`.
    public var release: String
    public var clock: any WallClock
    /// What interval-driven services (the GC loop) sleep on; tests pass a `ManualClock`.
    public var intervalClock: any Clock<Duration>
    /// SwiftNIO event-loop threads serving connections (plus one that accepts them), when the
    /// server makes its own group; ignored when one is injected (`MockTiDBServer.init`).
    public var eventLoops: Int
    /// How long a loop polls for a lone client's next request after answering it.
    public var requestSpin: RequestSpin
    /// Where the query log is also written as JSON lines (`--query-log`); nil: memory only.
    public var queryLogPath: String?
    /// How many statements the query log keeps in memory (the newest).
    public var queryLogCapacity: Int
    /// PD's replication mode at start (`--replication-mode`, `--dr-auto-sync KEY=VALUE`).
    public var replicationMode = ReplicationModeConfig()
    /// PD's data dir (`--pd-data-dir`): where `DR_STATE` is written; nil: not written.
    public var pdDataDir: String?
    /// TiDB's `deprecate-integer-display-length` config item (`--deprecate-integer-display-length`):
    /// true, as in v8.5, prints `int`; false prints `int(11)`, as TiDB's integration tests record.
    public var deprecateIntegerDisplayLength = true

    public init(
        host: String = "127.0.0.1",
        port: Int = 4000,
        statusPort: Int = 10080,
        pdPort: Int = 2379,
        users: [UserAccount] = [UserAccount(name: "root", password: "")],
        release: String = "v8.5.8",
        clock: any WallClock = SystemWallClock(),
        intervalClock: any Clock<Duration> = ContinuousClock(),
        eventLoops: Int = Self.testSizedEventLoops,
        requestSpin: RequestSpin = .off,
        queryLogPath: String? = nil,
        queryLogCapacity: Int = QueryLog.defaultCapacity
    ) {
        self.host = host
        self.port = port
        self.statusPort = statusPort
        self.pdPort = pdPort
        self.users = users
        self.release = release
        self.clock = clock
        self.intervalClock = intervalClock
        self.eventLoops = eventLoops
        self.requestSpin = requestSpin
        self.queryLogPath = queryLogPath
        self.queryLogCapacity = queryLogCapacity
    }
}

extension MockTiDBConfiguration {
    /// The library's default: a test starts servers by the dozen, and each costs two event-loop
    /// threads and an acceptor.
    public static let testSizedEventLoops = 2

    /// The command's default: enough event loops for each of 64 busy connections to get a thread
    /// of its own, as in a thread-per-connection server: on loopback the kernel then keeps each
    /// client/server pair on one CPU. A loop that has served several busy connections at once is
    /// placed, for tens of seconds after, as a thread that wakes many others: its later clients
    /// are woken across CPUs, an inter-processor interrupt per query (`EventLoops`;
    /// BENCHMARKS.md, "Seventh pass"). Idle loops cost about 11 KiB each.
    public static let throughputEventLoops = 64

    /// What `mock-tidb` serves with: `throughputEventLoops` and a 100 µs request spin.
    public static func tunedForThroughput(
        host: String = "127.0.0.1",
        port: Int = 4000,
        statusPort: Int = 10080,
        pdPort: Int = 2379,
        users: [UserAccount] = [UserAccount(name: "root", password: "")]
    ) -> MockTiDBConfiguration {
        MockTiDBConfiguration(
            host: host,
            port: port,
            statusPort: statusPort,
            pdPort: pdPort,
            users: users,
            eventLoops: Self.throughputEventLoops,
            requestSpin: RequestSpin()
        )
    }

    /// For tests: free ports picked at start (read them from the endpoints), the test-sized
    /// defaults otherwise.
    public static func forTesting(
        users: [UserAccount] = [UserAccount(name: "root", password: "")]
    ) -> MockTiDBConfiguration {
        MockTiDBConfiguration(port: 0, statusPort: 0, pdPort: 0, users: users)
    }
}

/// The addresses a started server listens on.
public struct MockTiDBEndpoints: Sendable, Equatable {
    public var host: String
    public var sqlPort: Int
    public var statusPort: Int
    public var pdPort: Int

    public init(host: String, sqlPort: Int, statusPort: Int, pdPort: Int) {
        self.host = host
        self.sqlPort = sqlPort
        self.statusPort = statusPort
        self.pdPort = pdPort
    }

    /// The line `mock-tidb` prints on stdout when it is ready.
    public var readyLine: String {
        "mock-tidb ready sql=\(self.host):\(self.sqlPort) status=\(self.host):\(self.statusPort) pd=\(self.host):\(self.pdPort)"
    }

    /// `http://host:pdport`, as TiCDC's `--pd` takes it.
    public var pdURL: String { "http://\(self.host):\(self.pdPort)" }
}
