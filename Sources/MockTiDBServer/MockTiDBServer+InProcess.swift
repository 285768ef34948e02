public import Logging
import ServiceLifecycle

extension MockTiDBServer {
    /// Starts a server in this process, runs `body` with its endpoints once it is ready, then
    /// shuts it down gracefully, also when `body` throws. Use port 0 to get free ports.
    public static func withRunningServer<Result: Sendable>(
        configuration: MockTiDBConfiguration,
        logger: Logger = Logger(label: "mock-tidb"),
        _ body: (MockTiDBEndpoints, MockTiDBServer) async throws -> Result
    ) async throws -> Result {
        let (ready, readyContinuation) = AsyncStream.makeStream(of: MockTiDBEndpoints.self)
        let server = MockTiDBServer(configuration: configuration, logger: logger) { endpoints in
            readyContinuation.yield(endpoints)
        }
        let group = ServiceGroup(services: [server], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { readyContinuation.finish() }
                try await group.run()
            }
            var iterator = ready.makeAsyncIterator()
            guard let endpoints = await iterator.next() else {
                // The server stopped before it was ready: surface its error.
                try await tasks.waitForAll()
                throw MockTiDBStartError()
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

/// The server ended before it reported ready.
public struct MockTiDBStartError: Error, CustomStringConvertible {
    public var description: String { "mock-tidb stopped before it was ready" }
}
