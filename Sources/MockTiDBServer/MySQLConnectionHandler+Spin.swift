import NIOCore
import SocketSpin

/// Polling for a lone client's next request after a reply (`RequestSpin`).
extension MySQLConnectionHandler {
    /// Called when a reply has gone out. Returns once the socket has something for NIO (a request,
    /// the client's close) or the spin ran out; NIO's next `epoll_wait` then finds it at once.
    ///
    /// It holds the event loop meanwhile, which is fine because the client is alone: another
    /// connection on this loop that sends something waits at most `limit`.
    func spinForNextRequest(context: ChannelHandlerContext) {
        // An inactive channel's descriptor is closed, and its number may already be another file's.
        // A reply held back for latency means the client has nothing to send yet.
        guard self.spinLimit > .zero, self.delayedReplies.isEmpty, self.soleClientWatch.sentLast(self.connectionID),
            context.channel.isActive
        else { return }
        let now = NIODeadline.now()
        guard self.soleClientWatch.isAlone(self.connectionID, at: now),
            let descriptor = self.spinDescriptor(context: context)
        else { return }
        _ = SocketSpin.spinUntilReadable(descriptor, until: (now + self.spinLimit).uptimeNanoseconds)
    }

    /// The connection's socket, or nil where the server may use one CPU only: the client could
    /// not run while the loop spins.
    private func spinDescriptor(context: ChannelHandlerContext) -> CInt? {
        if self.mayUseSeveralCPUs == nil { self.mayUseSeveralCPUs = SocketSpin.mayRunOnSeveralCPUs }
        return self.mayUseSeveralCPUs == true ? self.channelDescriptor(context: context) : nil
    }
}
