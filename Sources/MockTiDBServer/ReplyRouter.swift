import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides where each of a connection's replies goes: straight into its socket, or through NIO.
///
/// NIO's write path (promise bookkeeping, the pending-writes queue, flush) was a fifth of the
/// server's user time per prepared `SELECT TIDB_CURRENT_TSO()`, so a reply is one non-blocking
/// `send` whenever NIO holds none of this connection's bytes. What the socket does not take at once, and every
/// reply after it until NIO reports that write done, goes through NIO: bytes stay in order, and
/// back-pressure, errors and closing stay NIO's. This holds only while the connection handler is
/// the sole handler of its channel: bytes sent here pass no handler between it and the socket.
struct ReplyRouter {
    /// Writes handed to NIO that it has not reported done.
    private(set) var writesHeldByNIO = 0

    /// Sends what it can of `reply` on `socket` (nil: NIO writes everything) and returns the part
    /// NIO must write, nil if the socket took all of it. `send` returns the bytes taken, or a
    /// negative number (would block, or failed: NIO then meets the same error and closes).
    mutating func route(
        _ reply: ByteBuffer,
        socket: CInt?,
        send: (CInt, UnsafeRawBufferPointer) -> Int = Self.sendWithoutBlocking
    ) -> ByteBuffer? {
        var rest = reply
        if self.writesHeldByNIO == 0, let socket {
            let sent = reply.withUnsafeReadableBytes { send(socket, $0) }
            if sent >= reply.readableBytes { return nil }
            if sent > 0 { rest.moveReaderIndex(forwardBy: sent) }
        }
        self.writesHeldByNIO += 1
        return rest
    }

    /// NIO has written (or failed to write) one of the parts `route` gave it.
    mutating func nioWriteFinished() {
        assert(self.writesHeldByNIO > 0)
        self.writesHeldByNIO -= 1
    }

    static func sendWithoutBlocking(_ socket: CInt, _ bytes: UnsafeRawBufferPointer) -> Int {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL | MSG_DONTWAIT)
        #else
        let flags = MSG_DONTWAIT  // Darwin: NIO sets SO_NOSIGPIPE on its sockets.
        #endif
        return send(socket, bytes.baseAddress, bytes.count, flags)
    }
}
