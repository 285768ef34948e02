import ExternalStorage
public import Logging
import MySQLWire
public import NIOCore
import NIOExtras
import NIOPosix
import S3Storage
public import ServiceLifecycle
import Synchronization
public import TiDBEngine

/// A mock tidb-server: the MySQL protocol on one port, TiDB's status API on another, one
/// cluster behind them. A `Service`: run it in a `ServiceGroup`; graceful shutdown (or
/// `shutdown()`) stops accepting, closes connections and stops the status server. A server runs
/// once: `run()` again, or after `shutdown()`, is `MockTiDBServerError`.
public final class MockTiDBServer: Service {
    /// TiDB's capability set (docs/tidb/wire-protocol.md §1) without COMPRESS and
    /// ZSTD_COMPRESSION_ALGORITHM: the compressed protocol is not implemented.
    static let capabilities: CapabilityFlags = [
        .longPassword, .foundRows, .longFlag, .connectWithDB, .localFiles, .protocol41, .interactive, .transactions,
        .secureConnection, .multiStatements, .multiResults, .pluginAuth, .connectAttributes, .deprecateEOF,
    ]

    public let configuration: MockTiDBConfiguration
    public let instance: TiDBInstance
    /// The instance's GC loop; it runs for as long as the server does.
    public let gcService: GCService
    /// PD's replication-mode ticks, for as long as the server runs.
    private let replicationService: ReplicationModeService
    /// Opens `s3://` for BACKUP and RESTORE; its HTTP client is shut down with the server.
    private let s3: ExternalStorageOpener
    /// The bad cases tests switch on (`/mock/v1/` on the status port), and the query log.
    public let controls: ScenarioControls
    private let logger: Logger
    private let onReady: @Sendable (MockTiDBEndpoints) async -> Void
    private let injectedGroup: (any EventLoopGroup)?
    private let lifecycle = Mutex(Lifecycle.idle)

    /// Where a server is in its one life.
    private enum Lifecycle {
        case idle
        case starting
        case running(ServerQuiescingHelper)
        /// `shutdown()` came while it was starting or running.
        case stopping
        case stopped
    }

    /// - Parameter eventLoopGroup: the threads to serve on, as Hummingbird's server takes them; the
    ///   server neither owns nor stops them. Without one it makes `configuration.eventLoops`
    ///   threads and an acceptor, and stops them when it ends.
    public init(
        configuration: MockTiDBConfiguration,
        cluster: Cluster? = nil,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger,
        onReady: @escaping @Sendable (MockTiDBEndpoints) async -> Void = { _ in }
    ) {
        self.injectedGroup = eventLoopGroup
        self.configuration = configuration
        let cluster = cluster ?? Cluster(configuration: .init(users: configuration.users, clock: configuration.clock))
        let s3 = ExternalStorageOpener()
        self.s3 = s3
        self.instance = TiDBInstance(
            cluster: cluster,
            configuration: .init(
                release: configuration.release,
                host: configuration.advertiseAddress ?? configuration.host,
                port: configuration.port,
                statusPort: configuration.statusPort,
                pdPort: configuration.pdPort,
                deprecateIntegerDisplayLength: configuration.deprecateIntegerDisplayLength
            ),
            storage: { (url) throws(ExternalStorageError) in try s3.open(url) },
            intervalClock: configuration.intervalClock
        )
        self.gcService = GCService(worker: self.instance.gcWorker, clock: configuration.intervalClock, logger: logger)
        cluster.pd.replicationMode.start(
            with: configuration.replicationMode,
            storeHost: configuration.advertiseAddress ?? configuration.host
        )
        self.replicationService = ReplicationModeService(
            cluster: cluster,
            states: configuration.pdDataDir.map { DRStateFile(directory: $0, logger: logger) },
            clock: configuration.intervalClock
        )
        self.controls = ScenarioControls(queryLogCapacity: configuration.queryLogCapacity)
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        try self.lifecycle.withLock { (state) throws(MockTiDBServerError) in
            switch state {
            case .idle: state = .starting
            case .stopping, .stopped: throw .shutDown
            case .starting, .running: throw .alreadyRunning
            }
        }
        defer { self.lifecycle.withLock { $0 = .stopped } }
        if let path = self.configuration.queryLogPath {
            try self.controls.queryLog.writeLines(toFile: path)
        }
        let loops =
            self.injectedGroup.map(EventLoops.init(shared:)) ?? EventLoops(connections: self.configuration.eventLoops)
        do {
            // The GC loop is part of every server, whatever ServiceGroup runs it; graceful
            // shutdown ends both, and a failed start cancels the loop.
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { await self.gcService.run() }
                tasks.addTask { await self.replicationService.run() }
                // BACKUP and RESTORE run here, one at a time, while their statements wait.
                tasks.addTask { await self.instance.brieQueue.run() }
                try await self.serve(on: loops)
                tasks.cancelAll()
            }
        } catch {
            await self.s3.shutdown()
            self.releaseQuiescingHelper()
            try? await loops.shutdownGracefully()
            throw error
        }
        await self.s3.shutdown()
        self.releaseQuiescingHelper()
        try await loops.shutdownGracefully()
    }

    /// The quiescing helper completes a promise of its event loop when it goes away: it must go
    /// while the loops still run (else NIO reports a task scheduled on a loop that shut down).
    private func releaseQuiescingHelper() {
        self.lifecycle.withLock { $0 = .stopped }
    }

    /// Stops the server as graceful shutdown does: no new connections, open ones closed, then
    /// `run()` returns. Idempotent; before `run()` it makes the server one that will not start.
    public func shutdown() {
        let quiesce: ServerQuiescingHelper? = self.lifecycle.withLock { state in
            switch state {
            case .idle:
                state = .stopped
                return nil
            case .starting:
                state = .stopping
                return nil
            case .running(let quiesce):
                state = .stopping
                return quiesce
            case .stopping, .stopped:
                return nil
            }
        }
        quiesce?.initiateShutdown(promise: nil)
    }

    private func serve(on loops: EventLoops) async throws {
        let quiesce = ServerQuiescingHelper(group: loops.acceptor)
        let instance = self.instance
        let logger = self.logger
        let spin = self.configuration.requestSpin
        let soleClientWatch = SoleClientWatch(quietPeriod: spin.quietPeriod)
        let controls = self.controls
        let channel = try await ServerBootstrap(group: loops.acceptor, childGroup: loops.connections)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let id = instance.allocateConnectionID() else {
                        throw MySQLConnectionLimitError()
                    }
                    // The only handler: replies may go straight into the socket (`ReplyRouter`),
                    // which a handler between it and the socket (TLS) would have to turn off.
                    try channel.pipeline.syncOperations.addHandler(
                        MySQLConnectionHandler(
                            instance: instance,
                            connectionID: id,
                            logger: logger,
                            spin: spin,
                            soleClientWatch: soleClientWatch,
                            controls: controls
                        )
                    )
                }
            }
            .bind(host: self.configuration.host, port: self.configuration.port)
            .get()
        let stopRequested = self.lifecycle.withLock { state in
            if case .starting = state {
                state = .running(quiesce)
                return false
            }
            return true
        }
        if stopRequested { quiesce.initiateShutdown(promise: nil) }
        let sqlPort = channel.localAddress?.port ?? self.configuration.port
        let host = self.configuration.host

        let statusReady = AsyncStream.makeStream(of: Int.self)
        let application = StatusServer.makeApplication(
            instance: instance,
            controls: controls,
            host: host,
            port: self.configuration.statusPort,
            eventLoopGroup: self.injectedGroup,
            logger: logger,
            onRunning: { port in statusReady.continuation.yield(port) }
        )
        let pdReady = AsyncStream.makeStream(of: Int.self)
        let boundPDPort = Mutex(self.configuration.pdPort)
        let pd = PDServer.makeApplication(
            context: .init(
                instance: instance,
                release: self.configuration.release,
                host: self.configuration.advertiseAddress ?? host,
                port: { boundPDPort.withLock { $0 } },
                drState: self.replicationService.states
            ),
            host: host,
            port: self.configuration.pdPort,
            eventLoopGroup: self.injectedGroup,
            logger: logger,
            onRunning: { port in
                boundPDPort.withLock { $0 = port }
                pdReady.continuation.yield(port)
            }
        )
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    defer { statusReady.continuation.finish() }
                    try await application.runService()
                }
                tasks.addTask {
                    defer { pdReady.continuation.finish() }
                    try await pd.runService()
                }
                var statusPorts = statusReady.stream.makeAsyncIterator()
                var pdPorts = pdReady.stream.makeAsyncIterator()
                guard let statusPort = await statusPorts.next(), let pdPort = await pdPorts.next() else {
                    // A port server ended before it listened (its port is taken, say).
                    try? await channel.close()
                    tasks.cancelAll()
                    try await tasks.waitForAll()
                    throw MockTiDBStartError()
                }
                instance.setListeningPorts(sql: sqlPort, status: statusPort, pd: pdPort)
                let endpoints = MockTiDBEndpoints(host: host, sqlPort: sqlPort, statusPort: statusPort, pdPort: pdPort)
                logger.info(
                    "mock-tidb listening",
                    metadata: [
                        "sql": "\(host):\(sqlPort)", "status": "\(host):\(statusPort)", "pd": "\(host):\(pdPort)",
                    ]
                )
                await self.onReady(endpoints)
                try await channel.closeFuture.get()
                // Wait until every connection is closed before the event loops go away.
                let drained = channel.eventLoop.makePromise(of: Void.self)
                quiesce.initiateShutdown(promise: drained)
                try await drained.futureResult.get()
                tasks.cancelAll()
            }
        } onGracefulShutdown: {
            logger.info("mock-tidb shutting down")
            quiesce.initiateShutdown(promise: nil)
        }
    }
}

/// The threads a server runs on. Accepting has a thread of its own: it wakes every connection's
/// loop in turn, and the kernel places a thread that wakes many others as a server to spread
/// around, so a client served on that thread would be woken across CPUs on every query
/// (`MockTiDBConfiguration.defaultEventLoops`).
struct EventLoops {
    let acceptor: any EventLoopGroup
    let connections: any EventLoopGroup
    /// Made here, so stopped here; an injected group is its owner's.
    let owned: Bool

    init(connections: Int) {
        self.acceptor = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.connections = MultiThreadedEventLoopGroup(numberOfThreads: connections)
        self.owned = true
    }

    init(shared group: any EventLoopGroup) {
        self.acceptor = group
        self.connections = group
        self.owned = false
    }

    /// Stops both groups, even when the first fails to stop.
    func shutdownGracefully() async throws {
        guard self.owned else { return }
        var acceptorError: (any Error)?
        do { try await self.acceptor.shutdownGracefully() } catch { acceptorError = error }
        try await self.connections.shutdownGracefully()
        if let acceptorError { throw acceptorError }
    }
}

/// A server runs once.
public enum MockTiDBServerError: Error, Equatable, CustomStringConvertible {
    /// `run()` while it runs.
    case alreadyRunning
    /// `run()` after it ran or was shut down.
    case shutDown

    public var description: String {
        switch self {
        case .alreadyRunning: "this mock-tidb server is already running"
        case .shutDown: "this mock-tidb server has been shut down; make a new one"
        }
    }
}

struct MySQLConnectionLimitError: Error, CustomStringConvertible {
    var description: String { "no connection id left (2^20 - 1 connections open)" }
}
