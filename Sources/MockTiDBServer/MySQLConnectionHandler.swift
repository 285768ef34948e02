import Logging
import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// One client connection: decodes packets, feeds the protocol state machine, carries out its
/// actions against the engine, writes the replies. Runs on the channel's event loop.
final class MySQLConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The protocol: phases, sequence ids, which command is which.
    var machine: ConnectionStateMachine
    /// The command phase's state beyond the protocol's: prepared statements' wire state, the
    /// command paused on a lock, the last query's text.
    var commands = CommandStateMachine()
    private var reader = MySQLPacketReader(maxPayloadSize: 64 << 20)
    let instance: TiDBInstance
    let connectionID: UInt64
    private var logger: Logger
    var session: Session?
    var clientHost = "127.0.0.1"
    /// Replies not yet sent, and where they go (`MySQLConnectionHandler+Replies`).
    var replies = ReplyQueue()
    /// Polling for a lone client's next request (`MySQLConnectionHandler+Spin`).
    var spin: RequestSpinner
    var shuttingDown = false
    /// The lock wait's `innodb_lock_wait_timeout`, cancelled when the wait ends otherwise.
    var waitTimeout: Scheduled<Void>?
    /// Set while the handler is in a pipeline: lock waits finish outside of channel events.
    var context: ChannelHandlerContext?
    /// The server's scenario controls (dead primary, latency, failures, query log).
    let controls: ScenarioControls

    init(
        instance: TiDBInstance,
        connectionID: UInt64,
        logger: Logger,
        spin: RequestSpin = .off,
        soleClientWatch: SoleClientWatch? = nil,
        controls: ScenarioControls = ScenarioControls(queryLogCapacity: 1)
    ) {
        self.instance = instance
        self.controls = controls
        self.connectionID = connectionID
        self.logger = logger
        self.spin = RequestSpinner(
            limit: TimeAmount(spin.limit),
            soleClientWatch: soleClientWatch ?? SoleClientWatch(quietPeriod: spin.quietPeriod)
        )
        self.logger[metadataKey: "conn"] = "\(connectionID)"
        var generator = SystemRandomNumberGenerator()
        self.machine = ConnectionStateMachine(
            configuration: .init(
                serverVersion: instance.serverVersion,
                connectionID: UInt32(truncatingIfNeeded: connectionID),
                capabilities: MockTiDBServer.capabilities,
                characterSet: UInt8(CollationID.utf8mb4Bin),
                authPluginName: NativePassword.pluginName,
                scramble: Self.makeScramble(using: &generator),
                status: .autocommit
            )
        )
    }

    /// TiDB's scramble: 20 bytes in 1...126 without `$`, so never NUL.
    static func makeScramble(using generator: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<20).map { _ in
            let byte = UInt8.random(in: 1...126, using: &generator)
            return byte == UInt8(ascii: "$") ? byte + 1 : byte
        }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if self.refusedAtAccept(context: context) { return }
        self.controls.connections.opened(self.connectionID, channel: context.channel)
        if let address = context.channel.remoteAddress?.ipAddress { self.clientHost = address }
        self.perform(self.machine.connectionEstablished(), context: context)
        self.flushIfNeeded(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.reader.append(self.unwrapInboundIn(data))
        if self.spin.limit > .zero { self.spin.soleClientWatch.noteRequest(from: self.connectionID) }
        do {
            while let packet = try self.reader.next() {
                self.perform(self.machine.packetReceived(packet), context: context)
            }
        } catch {
            self.logger.notice("closing connection: \(error)")
            self.perform(self.machine.framingFailed(error), context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.flushIfNeeded(context: context)
        self.spinForNextRequest(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        do {
            while let packet = try self.reader.nextAtEnd() {
                _ = self.machine.packetReceived(packet)
            }
        } catch {
            self.logger.notice("connection ended: \(error)")
        }
        self.machine.connectionClosed()
        self.controls.connections.closed(self.connectionID)
        self.abandonSuspendedCommand()
        self.session?.close()
        self.session = nil
        self.instance.releaseConnectionID(self.connectionID)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("connection error: \(error)")
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // Graceful shutdown: requests are answered synchronously, so a connection is idle
            // or waiting for a lock, and can go at once (closing rolls its transaction back).
            self.shuttingDown = true
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Actions

    func perform(_ action: ConnectionStateMachine.Action, context: ChannelHandlerContext) {
        var action = action
        while true {
            switch action {
            case .wait:
                return
            case .sendHandshake(let handshake):
                var writer = self.writer(context: context, sequenceID: 0)
                writer.writeHandshake(handshake)
                self.write(&writer)
                return
            case .authenticate(let request):
                action = self.machine.authenticationFinished(self.authenticate(request, context: context))
            case .sendAuthSwitchRequest(let request, let reply):
                var writer = MySQLResponseWriter(buffer: context.channel.allocator.buffer(capacity: 64), context: reply)
                writer.writeAuthSwitchRequest(request)
                self.write(&writer)
                return
            case .sendAuthenticationOK(let reply):
                var writer = MySQLResponseWriter(buffer: context.channel.allocator.buffer(capacity: 16), context: reply)
                writer.writeOK(OKPacket(status: self.session?.status ?? .autocommit))
                self.write(&writer)
                // A client may have sent its first command already.
                action = self.machine.commandCompleted()
            case .execute(let command, let reply):
                // Pipelined commands append to the reply still queued, so that the batch goes out
                // in one send. Otherwise the spare buffer: dropping our reference first lets
                // `clear` keep the storage once it is sent, and handing the buffer over
                // (`consume`) keeps it unique, so that the first write into it does not copy it.
                var buffer: ByteBuffer
                if let queued = self.replies.queued.popLast() {
                    buffer = queued
                    self.replies.spare = nil
                } else {
                    buffer = self.replies.spare ?? context.channel.allocator.buffer(capacity: 512)
                    self.replies.spare = nil
                    buffer.clear()
                }
                var writer = MySQLResponseWriter(buffer: consume buffer, context: reply)
                let completion = self.execute(command, writer: &writer)
                self.send(&writer)
                if case .waiting(let kind, let wait) = completion {
                    // The command finishes when the lock is released or the wait ends; until
                    // then the machine queues whatever the client sends.
                    self.suspend(kind, writer: writer, wait: wait, context: context)
                    return
                }
                action = self.machine.commandCompleted()
            case .sendError(let error, let reply, let closeConnection):
                var writer = MySQLResponseWriter(
                    buffer: context.channel.allocator.buffer(capacity: 128),
                    context: reply
                )
                writer.writeError(error)
                guard closeConnection else {
                    self.write(&writer)
                    action = self.machine.commandCompleted()
                    continue
                }
                self.logger.notice("closing connection after error: \(error)")
                self.flushIfNeeded(context: context)
                let channel = context.channel
                context.writeAndFlush(self.wrapOutboundOut(writer.takeBuffer())).whenComplete { _ in
                    channel.close(promise: nil)
                }
                return
            case .close:
                self.flushIfNeeded(context: context)
                context.close(promise: nil)
                return
            case .closeAfterHostMisuse(let misuse):
                // A bug here, not in the client: loud in debug builds, a closed connection in release.
                self.logger.error("closing connection: \(misuse)")
                assertionFailure("\(misuse)")
                self.flushIfNeeded(context: context)
                context.close(promise: nil)
                return
            }
        }
    }

    private func writer(context: ChannelHandlerContext, sequenceID: UInt8) -> MySQLResponseWriter {
        MySQLResponseWriter(
            buffer: context.channel.allocator.buffer(capacity: 128),
            context: .init(sequenceID: sequenceID, capabilities: self.machine.capabilities)
        )
    }

    private func write(_ writer: inout MySQLResponseWriter) {
        self.enqueue(writer.takeBuffer())
    }

    /// Queues what a command wrote so far (nothing for commands without a reply) and keeps the
    /// buffer for the next reply.
    func send(_ writer: inout MySQLResponseWriter) {
        let written = writer.takeBuffer()
        self.replies.spare = written
        self.enqueue(written)
    }

    private func authenticate(
        _ request: ConnectionStateMachine.AuthenticationRequest,
        context: ChannelHandlerContext
    ) -> ConnectionStateMachine.AuthenticationVerdict {
        if let denied = self.deniedLogin(request) {
            self.logger.info("authentication refused: the scenario controls deny new connections")
            return .failure(denied)
        }
        let outcome = self.instance.authenticate(
            user: request.username,
            clientHost: self.clientHost,
            plugin: request.pluginName,
            response: request.authResponse,
            scramble: request.scramble
        )
        switch outcome {
        case .switchPlugin(let plugin):
            return .switchPlugin(plugin)
        case .rejected(let error):
            self.logger.info("authentication failed: \(error.message)")
            return .failure(error)
        case .accepted(let account):
            do {
                if let session = self.session {
                    try session.changeUser(to: account, user: request.username, database: request.database)
                    self.commands.statementsForgotten()
                } else {
                    let channel = context.channel
                    let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
                    self.session = try self.instance.openSession(
                        connectionID: self.connectionID,
                        account: account,
                        user: request.username,
                        clientHost: self.clientHost,
                        database: request.database,
                        controls: .init(
                            close: { channel.close(promise: nil) },
                            interrupt: { handler.eventLoop.execute { handler.value.interruptRequested() } }
                        )
                    )
                }
                // The collation the client names sets its charsets, as TiDB's SetCollation does.
                try self.session?.applyHandshakeCollation(Int(request.characterSet))
                // CLIENT_FOUND_ROWS: UPDATE reports the rows it matched.
                self.session?.foundRows = self.machine.capabilities.contains(.foundRows)
                return .success
            } catch {
                return .failure(error)
            }
        }
    }
}
