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

    @Test func repliesBehindOneTheSocketCannotTakeAtOnceKeepTheirOrder() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let size = 8 << 20
            let cells = try await blocking { () -> [[UInt8]] in
                let socket = try RawSocket(port: port, receiveBuffer: 4096)
                try socket.logIn()
                socket.send(
                    RawSocket.query("SELECT '\(String(repeating: "a", count: size))'") + RawSocket.query("SELECT 1")
                        + RawSocket.query("SELECT 2")
                )
                // Nothing read for a while: the server's send buffer fills and NIO queues the rest.
                usleep(300_000)
                return try (0..<3).map { _ in try socket.readFirstTextCell() }
            }
            #expect(cells.count == 3)
            #expect(cells.first?.count == size)
            #expect(cells.first?.allSatisfy { $0 == UInt8(ascii: "a") } == true)
            #expect(cells.dropFirst().map { String(decoding: $0, as: UTF8.self) } == ["1", "2"])
        }
    }

    /// The client goes away while its reply is being sent, part in the socket and part with NIO:
    /// NIO's write fails, it closes that connection, and the server keeps serving others.
    @Test func aClientLeavingMidReplyCostsOnlyItsConnection() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            for _ in 0..<3 {
                try await blocking {
                    let socket = try RawSocket(port: port, receiveBuffer: 4096)
                    try socket.logIn()
                    socket.send(RawSocket.query("SELECT '\(String(repeating: "b", count: 4 << 20))'"))
                    usleep(50_000)
                }
            }
            #expect(try await BadInputTests.healthy(port) == "still here")
        }
    }

    @Test func manySmallPipelinedRepliesKeepTheirOrder() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let cells = try await blocking { () -> [String] in
                let socket = try RawSocket(port: port, receiveBuffer: 4096)
                try socket.logIn()
                // Each reply is large enough that the socket fills part-way through the batch.
                let padding = String(repeating: "x", count: 4000)
                socket.send((0..<200).flatMap { RawSocket.query("SELECT '\(padding)\($0)'") })
                usleep(100_000)
                return try (0..<200).map { _ in
                    String(decoding: try socket.readFirstTextCell().drop { $0 == UInt8(ascii: "x") }, as: UTF8.self)
                }
            }
            #expect(cells == (0..<200).map { "\($0)" })
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
    /// result sets end in EOF packets.
    func logIn() throws {
        guard self.readPacket() != nil else { throw RawProtocolError(description: "no greeting") }
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
