import NIOCore

/// Sending replies (`ReplyRouter`): each command's reply is queued (pipelined commands append to
/// one buffer), and `flushIfNeeded` sends what is queued once the bytes read so far are answered.
extension MySQLConnectionHandler {
    /// Queues a reply; `flushIfNeeded` sends it.
    func enqueue(_ reply: ByteBuffer) {
        guard reply.readableBytes > 0 else { return }
        self.queuedReplies.append(reply)
    }

    /// Sends the queued replies: straight to the socket while NIO holds none of ours, else through NIO.
    func flushIfNeeded(context: ChannelHandlerContext) {
        guard !self.queuedReplies.isEmpty else { return }
        let socket = self.channelDescriptor(context: context)
        var wroteThroughNIO = false
        while let reply = self.queuedReplies.popFirst() {
            guard let rest = self.replyRouter.route(reply, socket: socket) else { continue }
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenComplete { _ in self.replyRouter.nioWriteFinished() }
            context.write(self.wrapOutboundOut(rest), promise: written)
            wroteThroughNIO = true
        }
        if wroteThroughNIO { context.flush() }
    }

    /// The socket, looked up once per connection; nil (NIO writes everything) if not found, and
    /// once the channel is inactive: its descriptor is closed, and the number may be reused.
    func channelDescriptor(context: ChannelHandlerContext) -> CInt? {
        guard context.channel.isActive else { return nil }
        if !self.lookedUpSocketDescriptor {
            self.lookedUpSocketDescriptor = true
            self.socketDescriptor = ChannelDescriptor.find(context.channel)
        }
        return self.socketDescriptor
    }
}
