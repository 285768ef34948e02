import InMemoryLogging
import MockTiDBServer
import TestRandom
import Testing
import TiDBEngine

/// A misbehaving client gets an error (where one can still be sent) and loses only its own
/// connection; the server logs why and keeps serving everyone else.
@Suite struct BadInputTests {
    /// A client that is logged in and must keep working throughout.
    static func healthy(_ port: Int) async throws -> String? {
        try await blocking { try MariaDBTestClient(port: port).scalar("SELECT 'still here'") }
    }

    @Test func randomBytesCloseOnlyThatConnection() async throws {
        let logs = InMemoryLogHandler()
        try await withServer(logs: logs) { endpoints in
            let port = endpoints.sqlPort
            // Eight seeds from 1, or from MOCK_TIDB_TEST_SEED.
            let first = TestSeed.value(default: 1)
            for seed in first...(first + 7) {
                let closed = try await blocking { () -> Bool in
                    let socket = try RawSocket(port: port)
                    _ = socket.readPacket()  // the greeting
                    var generator = SplitMix64(seed: seed)
                    socket.send((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
                    socket.shutdownWrite()
                    return socket.readUntilClosed().closed
                }
                #expect(closed, "\(TestSeed.replay(seed))")
                #expect(try await Self.healthy(port) == "still here", "\(TestSeed.replay(seed))")
            }
            #expect(logs.messages.filter { $0.contains("connection") }.count >= 8)
        }
    }

    @Test func headerAnnouncingSixteenMebibytesThenClose() async throws {
        let logs = InMemoryLogHandler()
        try await withServer(logs: logs) { endpoints in
            let port = endpoints.sqlPort
            let closed = try await blocking { () -> Bool in
                let socket = try RawSocket(port: port)
                _ = socket.readPacket()
                socket.send([0xFF, 0xFF, 0xFF, 0x01, 0x41, 0x42])
                socket.shutdownWrite()
                return socket.readUntilClosed().closed
            }
            #expect(closed)
            #expect(try await Self.healthy(port) == "still here")
            #expect(
                logs.messages.contains { $0.contains("connection closed in the middle of a packet (6 bytes buffered)") }
            )
        }
    }

    @Test func truncatedHandshakeResponseGetsAnErrorAndClose() async throws {
        let logs = InMemoryLogHandler()
        try await withServer(logs: logs) { endpoints in
            let port = endpoints.sqlPort
            let (reply, closed) = try await blocking { () -> ([UInt8]?, Bool) in
                let socket = try RawSocket(port: port)
                _ = socket.readPacket()
                // Capabilities with PROTOCOL_41, then the packet ends inside the filler.
                let payload: [UInt8] = [0x0D, 0xA2, 0x1A, 0x00, 0, 0, 0, 1, 45, 0, 0, 0]
                socket.send([UInt8(payload.count), 0, 0, 1] + payload)
                let reply = socket.readPacket()
                return (reply, socket.readUntilClosed().closed)
            }
            #expect(reply == [0xFF, 0x51, 0x04] + Array("#HY000malform packet error".utf8))
            #expect(closed)
            #expect(try await Self.healthy(port) == "still here")
            #expect(logs.messages.contains { $0.contains("malform packet error") })
        }
    }

    @Test func wrongSequenceIdInCommandPhase() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (reply, closed) = try await blocking { () -> ([UInt8]?, Bool) in
                let socket = try RawSocket(port: port)
                _ = socket.readPacket()
                // Log in as root with no password, the way a minimal client would.
                let login: [UInt8] =
                    [0x05, 0xA2, 0x0A, 0x00, 0, 0, 0, 1, 45] + [UInt8](repeating: 0, count: 23)
                    + Array("root".utf8) + [0, 0] + Array("mysql_native_password".utf8) + [0]
                socket.send([UInt8(login.count), 0, 0, 1] + login)
                guard socket.readPacket()?.first == 0x00 else { return (nil, false) }
                socket.send([0x01, 0x00, 0x00, 0x07, 0x0E])  // COM_PING with sequence id 7
                return (socket.readPacket(), socket.readUntilClosed().closed)
            }
            #expect(reply.map { Array($0.prefix(3)) } == [0xFF, 0x74, 0x1F])  // 8052
            #expect(closed)
        }
    }
}
