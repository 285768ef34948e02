public import Logging
public import ServiceLifecycle

/// One server run as a `Service`, the two ways mock-tidb and mock-ticdc are run: by their
/// executables until a signal, and in a test's process around a body.
public enum ServiceRunning {
    /// Runs `service` until SIGINT or SIGTERM, then stops it gracefully.
    public static func untilSignalled(_ service: some Service, logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }

    /// Starts the service `make` builds (handing it the callback it calls once it is ready), runs
    /// `body` with what it reported, then stops it gracefully, also when `body` throws. A service
    /// that ends before it is ready surfaces its error, or `notReady` when it ended without one,
    /// instead of hanging.
    public static func withRunning<Server: Service, Ready: Sendable, Result: Sendable>(
        _ make: (@escaping @Sendable (Ready) async -> Void) -> Server,
        logger: Logger,
        notReady: @autoclosure () -> any Error,
        _ body: (Ready, Server) async throws -> Result
    ) async throws -> Result {
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Ready.self)
        let server = make { readyContinuation.yield($0) }
        let group = ServiceGroup(services: [server], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { readyContinuation.finish() }
                try await group.run()
            }
            var iterator = ready.makeAsyncIterator()
            guard let endpoints = await iterator.next() else {
                try await tasks.waitForAll()
                throw notReady()
            }
            do {
                let result = try await body(endpoints, server)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
