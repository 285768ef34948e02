import Logging
import MySQLTypes
import MySQLWire
import NIOCore
import NIOEmbedded
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// The real handler on an EmbeddedChannel, driven by a test-only client codec.
@Suite struct ChannelHandlerTests {
    /// Frames packets as a client and reads the server's packets back.
    struct TestPeer {
        let channel: EmbeddedChannel
        var buffered = ByteBuffer()
        var decoder = MySQLPacketDecoder()

        mutating func send(_ payload: [UInt8], sequenceID: UInt8) throws {
            var writer = MySQLPacketWriter(buffer: ByteBuffer(), sequenceID: sequenceID)
            writer.writePacket { $0.writeBytes(payload) }
            try self.channel.writeInbound(writer.buffer)
        }

        mutating func receive() throws -> MySQLPacket? {
            while true {
                if let packet = try self.decoder.decode(buffer: &self.buffered) { return packet }
                guard var next = try self.channel.readOutbound(as: ByteBuffer.self) else { return nil }
                self.buffered.writeBuffer(&next)
            }
        }
    }

    func connectedPeer() throws -> TestPeer {
        let cluster = Cluster(configuration: .init(users: [UserAccount(name: "root", password: "")]))
        let instance = TiDBInstance(cluster: cluster)
        let channel = EmbeddedChannel(
            handler: MySQLConnectionHandler(instance: instance, connectionID: 2_097_154, logger: Logger(label: "test"))
        )
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        return TestPeer(channel: channel)
    }

    @Test func fullConversationWithoutDeprecateEOF() throws {
        var peer = try self.connectedPeer()
        var greeting = try #require(try peer.receive())
        #expect(greeting.sequenceID == 0)
        let handshake = try #require(HandshakeV10.decode(from: &greeting.payload))
        #expect(handshake.capabilities == MockTiDBServer.capabilities)
        #expect(handshake.characterSet == 46)
        #expect(!handshake.authPluginData.contains(0))

        var login = ByteBuffer()
        HandshakeResponse41(
            capabilities: [.protocol41, .secureConnection, .pluginAuth],
            username: "root",
            authResponse: [],
            authPluginName: "mysql_native_password"
        )
        .encode(into: &login)
        try peer.send(Array(login.readableBytesView), sequenceID: 1)
        let ok = try #require(try peer.receive())
        #expect(ok.sequenceID == 2)
        #expect(Array(ok.payload.readableBytesView) == [0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00])

        try peer.send([0x03] + Array("SELECT TIDB_CURRENT_TSO()".utf8), sequenceID: 0)
        let count = try #require(try peer.receive())
        #expect(Array(count.payload.readableBytesView) == [1])
        var definition = try #require(try peer.receive())
        #expect(definition.sequenceID == 2)
        let column = try #require(ColumnDefinition41.decode(from: &definition.payload))
        #expect(column.name == "TIDB_CURRENT_TSO()")
        #expect(column.type == .longLong)
        var eof = try #require(try peer.receive())
        #expect(EOFPacket.decode(from: &eof.payload) == EOFPacket(status: .autocommit))
        var row = try #require(try peer.receive())
        #expect(TextResultsetRow.decode(from: &row.payload, columnCount: 1) == ["0"])
        let end = try #require(try peer.receive())
        #expect(end.sequenceID == 5)
        #expect(Array(end.payload.readableBytesView) == [0xFE, 0, 0, 2, 0])

        try peer.send([0x01], sequenceID: 0)
        #expect(!peer.channel.isActive)
    }

    @Test func multiStatementResultsCarryMoreResultsFlag() throws {
        var peer = try self.connectedPeer()
        _ = try peer.receive()
        var login = ByteBuffer()
        HandshakeResponse41(
            capabilities: [
                .protocol41, .secureConnection, .pluginAuth, .multiStatements, .multiResults, .deprecateEOF,
            ],
            username: "root",
            authResponse: [],
            authPluginName: "mysql_native_password"
        ).encode(into: &login)
        try peer.send(Array(login.readableBytesView), sequenceID: 1)
        _ = try peer.receive()

        try peer.send([0x03] + Array("BEGIN; SELECT 1; ROLLBACK".utf8), sequenceID: 0)
        var begin = try #require(try peer.receive())
        #expect(OKPacket.decode(from: &begin.payload)?.status == [.autocommit, .inTransaction, .moreResultsExist])
        _ = try peer.receive()  // column count
        _ = try peer.receive()  // definition, no EOF under DEPRECATE_EOF
        _ = try peer.receive()  // row
        var end = try #require(try peer.receive())
        #expect(end.payload.getInteger(at: end.payload.readerIndex, as: UInt8.self) == 0xFE)
        #expect(OKPacket.decode(from: &end.payload)?.status == [.autocommit, .inTransaction, .moreResultsExist])
        var rollback = try #require(try peer.receive())
        #expect(OKPacket.decode(from: &rollback.payload)?.status == .autocommit)
        #expect(try peer.receive() == nil)
    }
}
