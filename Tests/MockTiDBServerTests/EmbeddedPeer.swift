import Logging
import MySQLTypes
import MySQLWire
import NIOCore
import NIOEmbedded
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// A logged-in client of the real handler on an `EmbeddedChannel`: several peers can share one
/// instance (lock waits between connections), and time is the embedded loop's (`advanceTime`).
struct EmbeddedPeer {
    static let classic: CapabilityFlags = [
        .protocol41, .secureConnection, .pluginAuth, .multiStatements, .multiResults, .connectWithDB,
    ]
    static let deprecateEOF = classic.union(.deprecateEOF)

    let channel: EmbeddedChannel
    var buffered = ByteBuffer()
    var decoder = MySQLPacketDecoder()

    static func instance() -> TiDBInstance {
        TiDBInstance(cluster: Cluster(configuration: .init(users: [UserAccount(name: "root", password: "")])))
    }

    init(instance: TiDBInstance, connectionID: UInt64, capabilities: CapabilityFlags = Self.classic) throws {
        self.channel = EmbeddedChannel(
            handler: MySQLConnectionHandler(
                instance: instance,
                connectionID: connectionID,
                logger: Logger(label: "test")
            )
        )
        try self.channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        _ = try self.receive()
        var login = ByteBuffer()
        HandshakeResponse41(
            capabilities: capabilities,
            username: "root",
            authResponse: [],
            database: "test",
            authPluginName: "mysql_native_password"
        ).encode(into: &login)
        try self.send(Array(login.readableBytesView), sequenceID: 1)
        let ok = try #require(try self.receive())
        #expect(ok.payload.getInteger(at: ok.payload.readerIndex, as: UInt8.self) == 0x00)
    }

    mutating func send(_ payload: [UInt8], sequenceID: UInt8 = 0) throws {
        var writer = MySQLPacketWriter(buffer: ByteBuffer(), sequenceID: sequenceID)
        writer.writePacket { $0.writeBytes(payload) }
        try self.channel.writeInbound(writer.buffer)
    }

    mutating func command(_ code: UInt8, _ body: [UInt8] = []) throws {
        try self.send([code] + body)
    }

    mutating func receive() throws -> MySQLPacket? {
        while true {
            if let packet = try self.decoder.decode(buffer: &self.buffered) { return packet }
            guard var next = try self.channel.readOutbound(as: ByteBuffer.self) else { return nil }
            self.buffered.writeBuffer(&next)
        }
    }

    /// Every packet written so far, as (sequence id, payload bytes).
    mutating func receiveAll() throws -> [(sequenceID: UInt8, payload: [UInt8])] {
        var packets: [(UInt8, [UInt8])] = []
        while let packet = try self.receive() {
            packets.append((packet.sequenceID, Array(packet.payload.readableBytesView)))
        }
        return packets
    }

    /// Sends a COM_QUERY and returns the reply's payloads.
    mutating func query(_ sql: String) throws -> [[UInt8]] {
        try self.command(0x03, Array(sql.utf8))
        return try self.receiveAll().map(\.payload)
    }

    /// Prepares `sql`; the statement id from the reply.
    mutating func prepare(_ sql: String) throws -> UInt32 {
        try self.command(0x16, Array(sql.utf8))
        let packets = try self.receiveAll()
        var first = ByteBuffer(bytes: try #require(packets.first?.payload))
        return try #require(StatementPrepareOK.decode(from: &first)).statementID
    }

    mutating func execute(
        _ statementID: UInt32,
        _ values: [BinaryValue] = [],
        flags: StatementExecuteRequest.Flags = []
    ) throws {
        var body = ByteBuffer()
        StatementExecuteRequest(statementID: statementID, flags: flags, values: values).encode(into: &body)
        try self.command(0x17, Array(body.readableBytesView))
    }

    /// The error in a payload, if it is an ERR packet.
    static func error(_ payload: [UInt8]) -> MySQLError? {
        var buffer = ByteBuffer(bytes: payload)
        return ERRPacket.decode(from: &buffer)
    }

    static func ok(_ payload: [UInt8]) -> OKPacket? {
        var buffer = ByteBuffer(bytes: payload)
        return OKPacket.decode(from: &buffer)
    }

    /// Runs callbacks that other connections scheduled on this connection's loop.
    func runLoop() {
        self.channel.embeddedEventLoop.run()
    }
}
