import MySQLWire
import NIOCore

/// What a connection keeps to send its replies.
struct ReplyQueue {
    /// Replies not yet sent, oldest first (pipelined commands append to the last).
    var queued = CircularBuffer<ByteBuffer>(initialCapacity: 4)
    /// Whether the next goes straight to the socket or through NIO.
    var router = ReplyRouter()
    /// The last reply buffer, reused once it is sent (saves an allocation per reply).
    var spare: ByteBuffer?
    /// Reply batches waiting for the latency to pass, oldest first.
    var delayed = CircularBuffer<[ByteBuffer]>()
    /// The last result set's column definitions, encoded.
    var headerCache = ResultHeaderCache()
    /// The socket, looked up the first time a reply goes out (nil if not found).
    var socket: CInt?
    var lookedUpSocket = false
}

/// Sending replies (`ReplyRouter`): each command's reply is queued (pipelined commands append to
/// one buffer), and `flushIfNeeded` sends what is queued once the bytes read so far are answered.
extension MySQLConnectionHandler {
    /// Queues a reply; `flushIfNeeded` sends it.
    func enqueue(_ reply: ByteBuffer) {
        guard reply.readableBytes > 0 else { return }
        self.replies.queued.append(reply)
    }

    /// Sends the queued replies: straight to the socket while NIO holds none of ours, else through
    /// NIO; with latency set, after it (`delayQueuedReplies`).
    func flushIfNeeded(context: ChannelHandlerContext) {
        guard !self.replies.queued.isEmpty else { return }
        if self.delaysReplies {
            self.delayQueuedReplies(context: context)
            return
        }
        let socket = self.channelDescriptor(context: context)
        var wroteThroughNIO = false
        while let reply = self.replies.queued.popFirst() {
            if self.sendOne(reply, socket: socket, context: context) { wroteThroughNIO = true }
        }
        if wroteThroughNIO { context.flush() }
    }

    /// Sends replies that waited for the latency, in order.
    func sendNow(_ replies: [ByteBuffer], context: ChannelHandlerContext) {
        let socket = self.channelDescriptor(context: context)
        var wroteThroughNIO = false
        for reply in replies where self.sendOne(reply, socket: socket, context: context) {
            wroteThroughNIO = true
        }
        if wroteThroughNIO { context.flush() }
    }

    /// One reply through the router; true when (some of) it went to NIO, which then needs a flush.
    private func sendOne(_ reply: ByteBuffer, socket: CInt?, context: ChannelHandlerContext) -> Bool {
        guard let rest = self.replies.router.route(reply, socket: socket) else { return false }
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenComplete { _ in self.replies.router.nioWriteFinished() }
        context.write(self.wrapOutboundOut(rest), promise: written)
        return true
    }

    /// The socket, looked up once per connection; nil (NIO writes everything) if not found, and
    /// once the channel is inactive: its descriptor is closed, and the number may be reused.
    func channelDescriptor(context: ChannelHandlerContext) -> CInt? {
        guard context.channel.isActive else { return nil }
        if !self.replies.lookedUpSocket {
            self.replies.lookedUpSocket = true
            self.replies.socket = ChannelDescriptor.find(context.channel)
        }
        return self.replies.socket
    }
}
