public import Logging
import ServiceRunning

extension MockTiDBServer {
    /// Starts a server in this process, runs `body` with its endpoints once it is ready, then
    /// shuts it down gracefully, also when `body` throws. Use port 0 to get free ports.
    public static func withRunningServer<Result: Sendable>(
        configuration: MockTiDBConfiguration,
        logger: Logger = Logger(label: "mock-tidb"),
        _ body: (MockTiDBEndpoints, MockTiDBServer) async throws -> Result
    ) async throws -> Result {
        try await ServiceRunning.withRunning(
            { MockTiDBServer(configuration: configuration, logger: logger, onReady: $0) },
            logger: logger,
            notReady: MockTiDBStartError(),
            body
        )
    }
}

/// The server ended before it reported ready.
public struct MockTiDBStartError: Error, CustomStringConvertible {
    public var description: String { "mock-tidb stopped before it was ready" }
}
