public import TiDBEngine

/// What a mock TiDB server listens on and who may log in.
public struct MockTiDBConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// The HTTP status port (`GET /status`); 0 picks a free port.
    public var statusPort: Int
    public var users: [UserAccount]
    /// The TiDB release to impersonate, such as `v8.5.8`.
    public var release: String
    public var clock: any WallClock
    /// What interval-driven services (the GC loop) sleep on; tests pass a `ManualClock`.
    public var intervalClock: any Clock<Duration>
    /// SwiftNIO event-loop threads. More loops than cores pays off for request/response
    /// traffic on loopback: fewer connections share a thread, so the kernel can run each
    /// client/server pair back to back (as thread-per-connection servers get), see BENCHMARKS.md.
    public var eventLoops: Int
    /// How long a loop polls for a lone client's next request after answering it.
    public var requestSpin: RequestSpin

    public init(
        host: String = "127.0.0.1",
        port: Int = 4000,
        statusPort: Int = 10080,
        users: [UserAccount] = [UserAccount(name: "root", password: "")],
        release: String = "v8.5.8",
        clock: any WallClock = SystemWallClock(),
        intervalClock: any Clock<Duration> = ContinuousClock(),
        eventLoops: Int = 16,
        requestSpin: RequestSpin = RequestSpin()
    ) {
        self.host = host
        self.port = port
        self.statusPort = statusPort
        self.users = users
        self.release = release
        self.clock = clock
        self.intervalClock = intervalClock
        self.eventLoops = eventLoops
        self.requestSpin = requestSpin
    }
}

/// The addresses a started server listens on.
public struct MockTiDBEndpoints: Sendable, Equatable {
    public var host: String
    public var sqlPort: Int
    public var statusPort: Int

    /// The line `mock-tidb` prints on stdout when it is ready.
    public var readyLine: String {
        "mock-tidb ready sql=\(self.host):\(self.sqlPort) status=\(self.host):\(self.statusPort)"
    }
}
