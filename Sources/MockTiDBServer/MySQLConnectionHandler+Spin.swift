import NIOCore
import SocketSpin

/// What a connection keeps to poll for its client's next request (`RequestSpin`).
struct RequestSpinner {
    /// `RequestSpin`'s limit; zero when off.
    let limit: TimeAmount
    let soleClientWatch: SoleClientWatch
    /// Whether the process may run on several CPUs, read when the loop first spins for this client.
    var mayUseSeveralCPUs: Bool?
}

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
        guard self.spin.limit > .zero, self.replies.delayed.isEmpty,
            self.spin.soleClientWatch.sentLast(self.connectionID), context.channel.isActive
        else { return }
        let now = NIODeadline.now()
        guard self.spin.soleClientWatch.isAlone(self.connectionID, at: now),
            let descriptor = self.spinDescriptor(context: context)
        else { return }
        _ = SocketSpin.spinUntilReadable(descriptor, until: (now + self.spin.limit).uptimeNanoseconds)
    }

    /// The connection's socket, or nil where the server may use one CPU only: the client could
    /// not run while the loop spins.
    private func spinDescriptor(context: ChannelHandlerContext) -> CInt? {
        if self.spin.mayUseSeveralCPUs == nil { self.spin.mayUseSeveralCPUs = SocketSpin.mayRunOnSeveralCPUs }
        return self.spin.mayUseSeveralCPUs == true ? self.channelDescriptor(context: context) : nil
    }
}
