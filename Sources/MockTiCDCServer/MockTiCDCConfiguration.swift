public import TiCDCCore

#if canImport(Glibc)
import Glibc
#endif

/// What a mock TiCDC server needs: its PD (where changefeeds are kept, and the default upstream),
/// its address, TiCDC's options, and the clocks (injected, so tests move time instead of waiting).
public struct MockTiCDCConfiguration: Sendable {
    /// `--pd`: `http://host:port` of the upstream cluster's PD endpoint.
    public var pd: String
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// `--gc-ttl`, seconds: how long TiCDC's service safepoint outlives the server.
    public var gcTTL: Int64
    /// `--cluster-id`.
    public var clusterID: String
    public var release: String
    /// How long a changefeed's read waits for a change before the checkpoint follows the
    /// upstream's resolved TS: the checkpoint's pace on an idle upstream. Real TiCDC moves about
    /// once a second.
    public var resolvedInterval: Duration
    /// Backoff of a changefeed whose processor failed (TiCDC: 10 s doubling to 10 min).
    public var retry: ChangefeedMachine.Retry
    /// How often the service safepoint is renewed and stale changefeeds found (TiCDC: a minute).
    public var gcInterval: Duration
    /// The smallest `sync_point_interval` a changefeed may ask for. TiCDC's is 30 s; a test may
    /// lower it (mock-only, `--min-sync-point-interval`) to see several syncpoints in seconds.
    public var minimumSyncPointInterval: Duration = .seconds(30)
    /// Faults set from the start, by changefeed id or `*` (`--faults FILE`).
    public var faults: [String: ChangefeedFault] = [:]
    /// Paces timers (retries, GC ticks, redo log flushes).
    public var clock: any Clock<Duration>
    /// Unix milliseconds (checkpoint lag, create time, GC TTL).
    public var now: @Sendable () -> Int64

    public init(
        pd: String,
        host: String = "127.0.0.1",
        port: Int = 8300,
        gcTTL: Int64 = 86_400,
        clusterID: String = "default",
        release: String = "v8.5.4",
        resolvedInterval: Duration = .milliseconds(100),
        retry: ChangefeedMachine.Retry = .init(),
        gcInterval: Duration = .seconds(10),
        clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Int64 = MockTiCDCConfiguration.systemMilliseconds
    ) {
        self.pd = pd
        self.host = host
        self.port = port
        self.gcTTL = gcTTL
        self.clusterID = clusterID
        self.release = release
        self.resolvedInterval = resolvedInterval
        self.retry = retry
        self.gcInterval = gcInterval
        self.clock = clock
        self.now = now
    }

    @Sendable public static func systemMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}

/// Where a started mock TiCDC answers.
public struct MockTiCDCEndpoints: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `http://host:port`, as `cdc cli --server` takes it.
    public var url: String { "http://\(self.host):\(self.port)" }

    /// What `mock-ticdc server` prints when it answers.
    public var readyLine: String { "mock-ticdc ready api=\(self.host):\(self.port)" }
}
