public import Logging
import ServiceLifecycle
public import TiDBEngine

extension MockTiDBServer {
    /// Runs a server until SIGINT or SIGTERM, then shuts down gracefully. What `mock-tidb` does.
    public static func serve(
        configuration: MockTiDBConfiguration,
        logger: Logger,
        onReady: @escaping @Sendable (MockTiDBEndpoints) async -> Void
    ) async throws {
        let server = MockTiDBServer(configuration: configuration, logger: logger, onReady: onReady)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
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
