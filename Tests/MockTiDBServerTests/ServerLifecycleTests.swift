import Logging
import MockTiDBServer
import NIOCore
import NIOPosix
import Testing

/// A server runs once, shuts down however often it is asked, and serves on threads it is given.
@Suite struct ServerLifecycleTests {
    /// Starts `server.run()` and returns its task once the server is ready.
    func start(
        _ configuration: MockTiDBConfiguration = .forTesting(),
        group: (any EventLoopGroup)? = nil
    ) async throws
        -> (MockTiDBServer, Task<Void, any Error>, MockTiDBEndpoints)
    {
        let (ready, continuation) = AsyncStream.makeStream(of: MockTiDBEndpoints.self)
        let server = MockTiDBServer(
            configuration: configuration,
            eventLoopGroup: group,
            logger: Logger(label: "lifecycle-test")
        ) { endpoints in continuation.yield(endpoints) }
        let task = Task {
            defer { continuation.finish() }
            try await server.run()
        }
        var iterator = ready.makeAsyncIterator()
        let endpoints = try #require(await iterator.next())
        return (server, task, endpoints)
    }

    @Test func aSecondRunIsAnErrorAndShutdownIsIdempotent() async throws {
        let (server, task, endpoints) = try await self.start()
        await #expect(throws: MockTiDBServerError.alreadyRunning) { try await server.run() }
        // Still serving after the refused second run.
        let port = endpoints.sqlPort
        #expect(try await blocking { try MariaDBTestClient(port: port).scalar("SELECT 1") } == "1")
        server.shutdown()
        server.shutdown()
        try await task.value
        server.shutdown()
        await #expect(throws: MockTiDBServerError.shutDown) { try await server.run() }
    }

    @Test func aServerShutDownBeforeItRunsNeverStarts() async throws {
        let server = MockTiDBServer(configuration: .forTesting(), logger: Logger(label: "lifecycle-test"))
        server.shutdown()
        await #expect(throws: MockTiDBServerError.shutDown) { try await server.run() }
    }

    @Test func anInjectedGroupServesAndOutlivesTheServer() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, task, endpoints) = try await self.start(group: group)
        let port = endpoints.sqlPort
        #expect(try await blocking { try MariaDBTestClient(port: port).scalar("SELECT 1") } == "1")
        server.shutdown()
        try await task.value
        // The group is the caller's: still running, and a second server can use it.
        let (again, secondTask, _) = try await self.start(group: group)
        again.shutdown()
        try await secondTask.value
        try await group.shutdownGracefully()
    }

    @Test func theLibraryDefaultsAreTestSizedAndTheCommandsAreTuned() {
        let library = MockTiDBConfiguration()
        #expect(library.eventLoops == 2)
        #expect(library.requestSpin == .off)
        let command = MockTiDBConfiguration.tunedForThroughput()
        #expect(command.eventLoops == 64)
        #expect(command.requestSpin == RequestSpin())
        #expect(MockTiDBConfiguration.forTesting().port == 0)
    }
}
