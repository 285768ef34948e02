import NIOCore
import Testing

@testable import MockTiDBServer

#if canImport(Glibc)
import Glibc
#endif

/// Replies go straight to the socket while NIO holds none of the connection's bytes; what the
/// socket does not take goes through NIO, and so does every reply after it until NIO has written
/// it. Pipelined commands behind a reply larger than the socket takes must come out after it.
@Suite struct ReplyOrderTests {
    /// A socket that takes at most `capacity` bytes per send.
    final class FakeSocket {
        var capacity: Int
        var received: [UInt8] = []
        init(capacity: Int) { self.capacity = capacity }

        func send(_ socket: CInt, _ bytes: UnsafeRawBufferPointer) -> Int {
            guard self.capacity > 0 else { return -1 }
            let taken = min(self.capacity, bytes.count)
            self.received += bytes.prefix(taken)
            return taken
        }
    }

    @Test func aReplyGoesStraightToTheSocketWhileNIOHoldsNone() {
        var router = ReplyRouter()
        let socket = FakeSocket(capacity: 1 << 20)
        #expect(router.route(ByteBuffer(bytes: [1, 2, 3]), socket: 9, send: socket.send) == nil)
        #expect(socket.received == [1, 2, 3])
        #expect(router.writesHeldByNIO == 0)
    }

    @Test func whatTheSocketDoesNotTakeAndEverythingAfterItGoesThroughNIOUntilNIOIsDone() {
        var router = ReplyRouter()
        let socket = FakeSocket(capacity: 2)
        let rest = router.route(ByteBuffer(bytes: [1, 2, 3, 4]), socket: 9, send: socket.send)
        #expect(rest == ByteBuffer(bytes: [3, 4]))
        // The socket has room again, but NIO still holds [3, 4]: this reply must queue behind it.
        socket.capacity = 100
        #expect(router.route(ByteBuffer(bytes: [5]), socket: 9, send: socket.send) == ByteBuffer(bytes: [5]))
        #expect(socket.received == [1, 2])
        router.nioWriteFinished()  // [3, 4]; [5] is still NIO's
        #expect(router.route(ByteBuffer(bytes: [6]), socket: 9, send: socket.send) == ByteBuffer(bytes: [6]))
        router.nioWriteFinished()
        router.nioWriteFinished()
        #expect(router.writesHeldByNIO == 0)
        #expect(router.route(ByteBuffer(bytes: [7]), socket: 9, send: socket.send) == nil)
        #expect(socket.received == [1, 2, 7])
    }

    @Test func aSocketThatWouldBlockOrFailOrIsUnknownLeavesTheWholeReplyToNIO() {
        var router = ReplyRouter()
        let full = FakeSocket(capacity: 0)
        #expect(router.route(ByteBuffer(bytes: [1, 2]), socket: 9, send: full.send) == ByteBuffer(bytes: [1, 2]))
        router.nioWriteFinished()
        #expect(router.route(ByteBuffer(bytes: [3]), socket: nil, send: full.send) == ByteBuffer(bytes: [3]))
        #expect(router.writesHeldByNIO == 1)
    }

    /// Starts a server and connects a client that reads nothing until told to (a 4 KiB receive
    /// buffer, so the server's replies back up).
    static func withBackedUpClient<T: Sendable>(
        _ body: (MockTiDBServer, RawSocket, UInt64) async throws -> T
    ) async throws -> T {
        try await withServerInstance { endpoints, server in
            let (socket, connectionID) = try await blocking {
                let socket = try RawSocket(port: endpoints.sqlPort, receiveBuffer: 4096)
                return (socket, try socket.logIn())
            }
            return try await body(server, socket, connectionID)
        }
    }

    /// Waits until the connection's socket buffer is full and NIO holds more of its replies than
    /// its high-water mark (the channel is no longer writable): the condition these tests are
    /// about. Fails the test if it never happens, instead of letting it pass without it.
    static func socketBufferFills(_ server: MockTiDBServer, connectionID: UInt64) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while server.controls.connections.channel(connectionID)?.isWritable != false {
            guard ContinuousClock.now < deadline else {
                throw RawProtocolError(description: "the socket buffer of connection \(connectionID) never filled")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test func repliesBehindOneTheSocketCannotTakeAtOnceKeepTheirOrder() async throws {
        try await Self.withBackedUpClient { server, socket, connectionID in
            let size = 8 << 20
            try await blocking {
                socket.send(
                    RawSocket.query("SELECT '\(String(repeating: "a", count: size))'") + RawSocket.query("SELECT 1")
                        + RawSocket.query("SELECT 2")
                )
            }
            // Nothing read yet: the server's send buffer fills and NIO queues the rest.
            try await Self.socketBufferFills(server, connectionID: connectionID)
            let cells = try await blocking { try (0..<3).map { _ in try socket.readFirstTextCell() } }
            #expect(cells.count == 3)
            #expect(cells.first?.count == size)
            #expect(cells.first?.allSatisfy { $0 == UInt8(ascii: "a") } == true)
            #expect(cells.dropFirst().map { String(decoding: $0, as: UTF8.self) } == ["1", "2"])
        }
    }

    /// The client goes away while its reply is being sent, part in the socket and part with NIO:
    /// NIO's write fails, it closes that connection, and the server keeps serving others.
    @Test func aClientLeavingMidReplyCostsOnlyItsConnection() async throws {
        try await withServerInstance { endpoints, server in
            let port = endpoints.sqlPort
            for _ in 0..<3 {
                let (socket, connectionID) = try await blocking {
                    let socket = try RawSocket(port: port, receiveBuffer: 4096)
                    return (socket, try socket.logIn())
                }
                try await blocking {
                    socket.send(RawSocket.query("SELECT '\(String(repeating: "b", count: 4 << 20))'"))
                }
                try await Self.socketBufferFills(server, connectionID: connectionID)
                withExtendedLifetime(socket) {}  // closes here, part of the reply in the socket, part with NIO
            }
            #expect(try await BadInputTests.healthy(port) == "still here")
        }
    }

    @Test func manySmallPipelinedRepliesKeepTheirOrder() async throws {
        try await Self.withBackedUpClient { server, socket, connectionID in
            // 8 MiB of 4 KB replies: the socket fills part-way through the batch (its send buffer
            // grows to a few MiB: 200 replies never backed NIO up past its high-water mark).
            let padding = String(repeating: "x", count: 4000)
            let count = 2000
            try await blocking { socket.send((0..<count).flatMap { RawSocket.query("SELECT '\(padding)\($0)'") }) }
            try await Self.socketBufferFills(server, connectionID: connectionID)
            let cells = try await blocking { () -> [String] in
                try (0..<count).map { _ in
                    String(decoding: try socket.readFirstTextCell().drop { $0 == UInt8(ascii: "x") }, as: UTF8.self)
                }
            }
            #expect(cells == (0..<count).map { "\($0)" })
        }
    }
}

struct RawProtocolError: Error, CustomStringConvertible {
    var description: String
}

extension RawSocket {
    /// A COM_QUERY packet.
    static func query(_ sql: String) -> [UInt8] {
        let payload = [0x03] + Array(sql.utf8)
        return [UInt8(payload.count & 0xFF), UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count >> 16), 0] + payload
    }

    /// Logs in as root without a password, answering an auth switch; without DEPRECATE_EOF, so
    /// result sets end in EOF packets. Returns the connection id the greeting names.
    @discardableResult
    func logIn() throws -> UInt64 {
        guard let greeting = self.readPacket(), let versionEnd = greeting.dropFirst().firstIndex(of: 0),
            greeting.count >= versionEnd + 5
        else { throw RawProtocolError(description: "no greeting") }
        let connectionID = greeting[versionEnd + 1..<versionEnd + 5].reversed().reduce(UInt64(0)) {
            $0 << 8 | UInt64($1)
        }
        // LONG_PASSWORD, PROTOCOL_41, TRANSACTIONS, SECURE_CONNECTION, PLUGIN_AUTH.
        let capabilities: UInt32 = 0x0001 | 0x0200 | 0x2000 | 0x8000 | 0x8_0000
        var response = withUnsafeBytes(of: capabilities.littleEndian, Array.init)
        response += withUnsafeBytes(of: UInt32(1 << 24).littleEndian, Array.init)
        response += [46] + [UInt8](repeating: 0, count: 23)
        response += Array("root".utf8) + [0, 0] + Array("mysql_native_password".utf8) + [0]
        self.send([UInt8(response.count), 0, 0, 1] + response)
        guard var (sequenceID, reply) = self.readPacketWithSequence() else {
            throw RawProtocolError(description: "no reply to the handshake response")
        }
        if reply.first == 0xFE {
            self.send([0, 0, 0, sequenceID &+ 1])
            guard let next = self.readPacketWithSequence() else {
                throw RawProtocolError(description: "no reply to the auth switch")
            }
            (sequenceID, reply) = next
        }
        guard reply.first == 0x00 else { throw RawProtocolError(description: "login failed: \(reply.prefix(64))") }
        return connectionID
    }

    /// Reads a text result set and returns its first row's first cell.
    func readFirstTextCell() throws -> [UInt8] {
        let header = self.readPacket()
        guard let count = header, count.first.map({ $0 > 0 && $0 < 0xFB }) == true else {
            let text = String(decoding: header ?? [], as: UTF8.self)
            throw RawProtocolError(description: "expected a result set: \(text)")
        }
        for _ in 0..<Int(count[0]) { _ = self.readPacket() }
        guard self.readPacket()?.first == 0xFE else { throw RawProtocolError(description: "expected EOF") }
        var first: [UInt8]?
        while let packet = self.readPacket() {
            if packet.first == 0xFE, packet.count < 9 { break }
            if first == nil { first = try Self.lengthEncodedString(packet) }
        }
        guard let first else { throw RawProtocolError(description: "no row") }
        return first
    }

    private static func lengthEncodedString(_ packet: [UInt8]) throws -> [UInt8] {
        guard let lead = packet.first else { throw RawProtocolError(description: "empty row") }
        let (length, start): (Int, Int)
        switch lead {
        case ..<0xFB: (length, start) = (Int(lead), 1)
        case 0xFC: (length, start) = (Int(packet[1]) | Int(packet[2]) << 8, 3)
        case 0xFD: (length, start) = (Int(packet[1]) | Int(packet[2]) << 8 | Int(packet[3]) << 16, 4)
        default: throw RawProtocolError(description: "unexpected cell header \(lead)")
        }
        guard packet.count >= start + length else { throw RawProtocolError(description: "short cell") }
        return Array(packet[start..<start + length])
    }
}
