public import Logging
public import MockTiCDCServer
public import MockTiDBServer
public import TiDBEngine

/// The DR topology in one process, for Swift tests: a primary and a secondary mock TiDB cluster
/// and a mock TiCDC whose upstream is the primary's PD (DESIGN.md, "The DR topology"). The three
/// talk over loopback exactly as the separate processes of `make run` do; only the process is
/// shared.
public enum MockDRTopology {
    /// What to start. `ticdc.pd` is ignored: TiCDC is pointed at the primary's PD once it answers.
    public struct Configuration: Sendable {
        public var primary: MockTiDBConfiguration
        public var secondary: MockTiDBConfiguration
        public var ticdc: MockTiCDCConfiguration

        public init(primary: MockTiDBConfiguration, secondary: MockTiDBConfiguration, ticdc: MockTiCDCConfiguration) {
            self.primary = primary
            self.secondary = secondary
            self.ticdc = ticdc
        }

        /// Free ports, two event-loop threads per cluster, no busy polling, and, when given, one
        /// wall clock for both clusters and TiCDC and one interval clock for their timers (GC
        /// ticks, retries), so a test moves time instead of waiting.
        public static func forTesting(
            wallClock: (any WallClock)? = nil,
            intervalClock: (any Clock<Duration>)? = nil,
            gcTTL: Int64 = 86_400
        ) -> Configuration {
            var primary = MockTiDBConfiguration.forTesting()
            var secondary = MockTiDBConfiguration.forTesting()
            var ticdc = MockTiCDCConfiguration(pd: "", port: 0, gcTTL: gcTTL)
            if let wallClock {
                primary.clock = wallClock
                secondary.clock = wallClock
                ticdc.now = { wallClock.microsecondsSinceEpoch() / 1000 }
            }
            if let intervalClock {
                primary.intervalClock = intervalClock
                secondary.intervalClock = intervalClock
                ticdc.clock = intervalClock
            }
            return Configuration(primary: primary, secondary: secondary, ticdc: ticdc)
        }

        /// What `make run` serves (DESIGN.md): primary SQL 4000, status 10080, PD 2379;
        /// secondary 4001, 10081, 2382; TiCDC 8300.
        public static func standard(host: String = "127.0.0.1") -> Configuration {
            Configuration(
                primary: .tunedForThroughput(host: host, port: 4000, statusPort: 10080, pdPort: 2379),
                secondary: .tunedForThroughput(host: host, port: 4001, statusPort: 10081, pdPort: 2382),
                ticdc: MockTiCDCConfiguration(pd: "", host: host, port: 8300)
            )
        }
    }

    /// Where the three answer, and the two clusters' servers (their engines, for tests that look
    /// inside).
    public struct Running: Sendable {
        public var primary: MockTiDBEndpoints
        public var secondary: MockTiDBEndpoints
        public var ticdc: MockTiCDCEndpoints
        public var primaryServer: MockTiDBServer
        public var secondaryServer: MockTiDBServer

        /// The three ready lines, as the separate processes print them.
        public var readyLines: [String] { [self.primary.readyLine, self.secondary.readyLine, self.ticdc.readyLine] }
    }

    /// Starts the primary, the secondary and TiCDC, runs `body` once all three answer, then stops
    /// them in reverse order, also when `body` throws.
    public static func withRunning<Result: Sendable>(
        configuration: Configuration = .forTesting(),
        logger: Logger = Logger(label: "mock-dr"),
        _ body: (Running) async throws -> Result
    ) async throws -> Result {
        try await MockTiDBServer.withRunningServer(configuration: configuration.primary, logger: logger) {
            primary,
            primaryServer in
            try await MockTiDBServer.withRunningServer(configuration: configuration.secondary, logger: logger) {
                secondary,
                secondaryServer in
                var ticdc = configuration.ticdc
                ticdc.pd = primary.pdURL
                return try await MockTiCDCServer.withRunningServer(configuration: ticdc, logger: logger) { ticdc in
                    try await body(
                        Running(
                            primary: primary,
                            secondary: secondary,
                            ticdc: ticdc,
                            primaryServer: primaryServer,
                            secondaryServer: secondaryServer
                        )
                    )
                }
            }
        }
    }
}
