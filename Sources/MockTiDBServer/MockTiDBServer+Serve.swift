public import Logging
import ServiceRunning
public import TiDBEngine

extension MockTiDBServer {
    /// Runs a server until SIGINT or SIGTERM, then shuts down gracefully. What `mock-tidb` does.
    public static func serve(
        configuration: MockTiDBConfiguration,
        logger: Logger,
        onReady: @escaping @Sendable (MockTiDBEndpoints) async -> Void
    ) async throws {
        try await ServiceRunning.untilSignalled(
            MockTiDBServer(configuration: configuration, logger: logger, onReady: onReady),
            logger: logger
        )
    }
}

extension UserAccount {
    /// `NAME[:PASSWORD]`, as `--user` takes it; nil for an empty name.
    public init?(commandLine text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = parts.first, !name.isEmpty else { return nil }
        self.init(name: String(name), password: parts.count > 1 ? String(parts[1]) : "")
    }
}
