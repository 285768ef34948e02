import AsyncHTTPClient
import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
import ServiceRunning
import Synchronization
import TiCDCCore

#if canImport(Glibc)
import Glibc
#endif

/// A mock TiCDC capture that is also its cluster's owner: OpenAPI v2 and `/metrics` on one port
/// (as `cdc server --addr`), changefeeds kept in its PD's metadata store so a restart (also after
/// `kill -9`) resumes each from its checkpoint. A `Service`: graceful shutdown stops the
/// processors and the HTTP server. It runs once.
public final class MockTiCDCServer: Service {
    public let configuration: MockTiCDCConfiguration
    private let logger: Logger
    private let onReady: @Sendable (MockTiCDCEndpoints) async -> Void
    private let started = Atomic<Bool>(false)
    /// TiCDC's capture id: a UUID.
    public let captureID: String

    public init(
        configuration: MockTiCDCConfiguration,
        logger: Logger,
        onReady: @escaping @Sendable (MockTiCDCEndpoints) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onReady = onReady
        self.captureID = Owner.newID()
    }

    public func run() async throws {
        guard !self.started.exchange(true, ordering: .relaxed) else { throw MockTiCDCServerError.alreadyRun }
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let metrics = ChangefeedMetrics(now: self.configuration.now)
        let owner = Owner(
            configuration: self.configuration,
            captureID: self.captureID,
            httpClient: httpClient,
            metrics: metrics,
            logger: self.logger
        )
        let configuration = self.configuration
        let captureID = self.captureID
        let stopping = Atomic<Bool>(false)
        let router = Router()
        OpenAPIRoutes.add(
            to: router,
            context: .init(
                owner: owner,
                metrics: metrics,
                status: {
                    TiCDCAPI.ServerStatus(
                        version: configuration.release,
                        gitHash: Self.gitHash(configuration.release),
                        id: captureID,
                        clusterID: configuration.clusterID,
                        pid: Int(getpid()),
                        isOwner: true,
                        liveness: stopping.load(ordering: .relaxed) ? 1 : 0
                    )
                },
                address: { await owner.address }
            )
        )
        FaultRoutes.add(to: router, owner: owner)
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in readyContinuation.yield(channel.localAddress?.port ?? configuration.port) },
            logger: self.logger
        )
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask {
                        defer { readyContinuation.finish() }
                        try await application.runService()
                    }
                    var ports = ready.makeAsyncIterator()
                    guard let port = await ports.next() else {
                        try await tasks.waitForAll()
                        throw MockTiCDCServerError.didNotListen
                    }
                    // Changefeeds load from PD before the server says it is ready.
                    let ownerFailed = Atomic<Bool>(false)
                    tasks.addTask {
                        do {
                            try await owner.run(port: port)
                        } catch {
                            ownerFailed.store(true, ordering: .relaxed)
                            throw error
                        }
                    }
                    // PD may not answer: its error ends the server (as TiCDC's fails to start);
                    // a shutdown meanwhile stops the wait.
                    while !(await owner.isReady), !stopping.load(ordering: .relaxed) {
                        if ownerFailed.load(ordering: .relaxed) {
                            defer { tasks.cancelAll() }
                            try await tasks.next()
                        }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    guard !stopping.load(ordering: .relaxed) else {
                        tasks.cancelAll()
                        return
                    }
                    let endpoints = MockTiCDCEndpoints(host: configuration.host, port: port)
                    self.logger.info("mock-ticdc listening", metadata: ["api": "\(configuration.host):\(port)"])
                    await self.onReady(endpoints)
                    try await tasks.next()
                    tasks.cancelAll()
                }
            } onGracefulShutdown: {
                stopping.store(true, ordering: .relaxed)
                owner.shutdown()
            }
        } catch {
            owner.shutdown()
            try? await httpClient.shutdown()
            throw error
        }
        owner.shutdown()
        try await httpClient.shutdown()
    }

    /// A stand-in for TiCDC's build hash, stable for a release.
    static func gitHash(_ release: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var text = ""
        for round in 0..<3 {
            for byte in "mock-ticdc \(release) \(round)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            // The top bit set: always 16 hex digits, so three rounds give at least 40.
            text += String(hash | (1 << 63), radix: 16)
        }
        return String(text.prefix(40))
    }
}

public enum MockTiCDCServerError: Error, CustomStringConvertible {
    case alreadyRun
    case didNotListen

    public var description: String {
        switch self {
        case .alreadyRun: "this mock-ticdc server has already run; make a new one"
        case .didNotListen: "mock-ticdc stopped before it listened (is the port taken?)"
        }
    }
}

extension MockTiCDCServer {
    /// Runs a server until SIGINT or SIGTERM, then stops gracefully: what `mock-ticdc server` does.
    public static func serve(
        configuration: MockTiCDCConfiguration,
        logger: Logger,
        onReady: @escaping @Sendable (MockTiCDCEndpoints) async -> Void
    ) async throws {
        try await ServiceRunning.untilSignalled(
            MockTiCDCServer(configuration: configuration, logger: logger, onReady: onReady),
            logger: logger
        )
    }

    /// Starts a server in this process, runs `body` once it answers, then stops it gracefully,
    /// also when `body` throws.
    public static func withRunningServer<Result: Sendable>(
        configuration: MockTiCDCConfiguration,
        logger: Logger = Logger(label: "mock-ticdc"),
        _ body: (MockTiCDCEndpoints) async throws -> Result
    ) async throws -> Result {
        try await ServiceRunning.withRunning(
            { MockTiCDCServer(configuration: configuration, logger: logger, onReady: $0) },
            logger: logger,
            notReady: MockTiCDCServerError.didNotListen,
            { endpoints, _ in try await body(endpoints) }
        )
    }
}
