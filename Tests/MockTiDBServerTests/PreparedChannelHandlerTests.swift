import MySQLTypes
import MySQLWire
import NIOCore
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// Prepared statements through the real handler, byte for byte.
@Suite struct PreparedChannelHandlerTests {
    func withTable(capabilities: CapabilityFlags) throws -> EmbeddedPeer {
        var peer = try EmbeddedPeer(
            instance: EmbeddedPeer.instance(),
            connectionID: 2_097_154,
            capabilities: capabilities
        )
        _ = try peer.query("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))")
        _ = try peer.query("INSERT INTO t VALUES (1, 'a'), (2, NULL)")
        return peer
    }

    @Test func prepareResponseDescribesEachParameterAsTiDBDoes() throws {
        var peer = try self.withTable(capabilities: EmbeddedPeer.classic)
        try peer.command(0x16, Array("SELECT id, v FROM t WHERE id >= ?".utf8))
        let packets = try peer.receiveAll()
        try #require(packets.count == 6)
        let ok = packets[0]
        #expect(ok.sequenceID == 1)
        #expect(ok.payload[0] == 0x00)
        #expect(Array(ok.payload[5...]) == [0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00])
        // An empty BLOB definition, charset utf8mb4 (46), length 0, no flags, 0 decimals.
        #expect(packets[1].sequenceID == 2)
        #expect(
            packets[1].payload == [
                0x03, 0x64, 0x65, 0x66, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x2E, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFC,
                0x00, 0x00, 0x00, 0x00, 0x00,
            ]
        )
        #expect(packets[2].payload == [0xFE, 0x00, 0x00, 0x02, 0x00])
        var id = ByteBuffer(bytes: packets[3].payload)
        #expect(ColumnDefinition41.decode(from: &id)?.name == "id")
        var v = ByteBuffer(bytes: packets[4].payload)
        #expect(ColumnDefinition41.decode(from: &v)?.name == "v")
        #expect(packets[5] == (6, [0xFE, 0x00, 0x00, 0x02, 0x00]))
    }

    @Test func executeWritesBinaryRows() throws {
        var peer = try self.withTable(capabilities: EmbeddedPeer.deprecateEOF)
        let statement = try peer.prepare("SELECT id, v FROM t WHERE id >= ? ORDER BY id")
        try peer.execute(statement, [.int(1)])
        let packets = try peer.receiveAll()
        try #require(packets.count == 6)
        #expect(packets.map(\.sequenceID) == [1, 2, 3, 4, 5, 6])
        #expect(packets[0].payload == [0x02])
        // Header, NULL bitmap (offset by 2 bits), INT as 4 bytes, VARCHAR as a length-encoded string.
        #expect(packets[3].payload == [0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x61])
        #expect(packets[4].payload == [0x00, 0x08, 0x02, 0x00, 0x00, 0x00])
        #expect(packets[5].payload == [0xFE, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00])

        // The types were bound once; the next execute may leave them out.
        var body = ByteBuffer()
        StatementExecuteRequest(statementID: statement, newParametersBound: false, values: [.int(2)])
            .encode(into: &body)
        try peer.command(0x17, Array(body.readableBytesView))
        let second = try peer.receiveAll()
        #expect(second.count == 5)  // count, two definitions, the row of id 2, end
        #expect(second[3].payload == [0x00, 0x08, 0x02, 0x00, 0x00, 0x00])
    }

    @Test func cursorFetchesRowsInBatches() throws {
        var peer = try self.withTable(capabilities: EmbeddedPeer.deprecateEOF)
        let statement = try peer.prepare("SELECT id, v FROM t ORDER BY id")
        try peer.execute(statement, flags: .readOnlyCursor)
        let header = try peer.receiveAll()
        try #require(header.count == 4)
        // CURSOR_EXISTS (0x40) with AUTOCOMMIT; the definitions are closed even under DEPRECATE_EOF.
        #expect(header[3].payload == [0xFE, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00])

        let fetchOne: [UInt8] = [UInt8(statement), 0, 0, 0, 1, 0, 0, 0]
        try peer.command(0x1C, fetchOne)
        let first = try peer.receiveAll()
        #expect(
            first.map(\.payload) == [[0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x61], [0xFE, 0, 0, 0x42, 0, 0, 0]]
        )
        try peer.command(0x1C, [UInt8(statement), 0, 0, 0, 10, 0, 0, 0])
        let rest = try peer.receiveAll()
        // LAST_ROW_SENT (0x80) and no CURSOR_EXISTS: the cursor is done and closed.
        #expect(rest.map(\.payload) == [[0x00, 0x08, 0x02, 0x00, 0x00, 0x00], [0xFE, 0, 0, 0x82, 0, 0, 0]])
        try peer.command(0x1C, fetchOne)
        let closed = try peer.receiveAll()
        #expect(closed.count == 1)
        #expect(EmbeddedPeer.error(closed[0].payload)?.code == 1326)
    }

    @Test func executeErrorsKeepTheConnection() throws {
        var peer = try self.withTable(capabilities: EmbeddedPeer.deprecateEOF)
        let statement = try peer.prepare("SELECT v FROM t WHERE id = ?")
        func error(_ body: [UInt8]) throws -> MySQLError? {
            try peer.command(0x17, body)
            let packets = try peer.receiveAll()
            #expect(packets.count == 1)
            return EmbeddedPeer.error(packets.first?.payload ?? [])
        }
        let id = UInt8(statement)
        let unknown = try error([99, 0, 0, 0, 0, 1, 0, 0, 0, 0x00, 0x01, 0x08, 0x00] + Array(repeating: 0, count: 8))
        #expect(
            unknown
                == MySQLError(
                    code: 1243,
                    sqlState: "HY000",
                    message: "Unknown prepared statement handler (99) given to stmt_execute"
                )
        )
        let truncated = try error([id, 0, 0, 0, 0, 1, 0, 0, 0, 0x00, 0x01, 0x08, 0x00, 1, 0])
        #expect(truncated == MySQLError(code: 1105, sqlState: "HY000", message: "malform packet error"))
        let json = try error([id, 0, 0, 0, 0, 1, 0, 0, 0, 0x00, 0x01, 0xF5, 0x00, 1, 0x31])
        #expect(json == MySQLError(code: 8051, sqlState: "HY000", message: "stmt unknown field type 245"))
        let forUpdate = try error([id, 0, 0, 0, 0x02, 1, 0, 0, 0])
        #expect(
            forUpdate == MySQLError(code: 1105, sqlState: "HY000", message: "unsupported flag: CursorTypeForUpdate")
        )
        let missing = try error([id, 0, 0, 0, 0, 1, 0, 0, 0, 0x00, 0x00])  // no types ever bound
        #expect(missing?.code == 1105)

        try peer.command(0x1A, [42, 0, 0, 0])
        #expect(EmbeddedPeer.error(try peer.receiveAll().first?.payload ?? [])?.code == 1243)
        try peer.execute(statement, [.int(1)])
        #expect(try peer.receiveAll().count == 4)  // count, definition, row, end
    }

    @Test func closeAndLongDataAreNeverAnswered() throws {
        var peer = try self.withTable(capabilities: EmbeddedPeer.deprecateEOF)
        let statement = try peer.prepare("SELECT ?")
        let id = UInt8(statement)
        try peer.command(0x18, [id, 0, 0, 0, 0, 0] + Array("hello ".utf8))
        try peer.command(0x18, [id, 0, 0, 0, 0, 0] + Array("world".utf8))
        try peer.command(0x18, [77, 0, 0, 0, 0, 0, 1])  // unknown statement: dropped
        #expect(try peer.receiveAll().isEmpty)
        // The long data replaces the parameter: MariaDB sets its NULL bit too.
        try peer.command(0x17, [id, 0, 0, 0, 0, 1, 0, 0, 0, 0x01, 0x01, 0xFD, 0x00])
        let packets = try peer.receiveAll()
        try #require(packets.count == 4)
        #expect(packets[2].payload == [0x00, 0x00, 11] + Array("hello world".utf8))
        // Executing used it up.
        try peer.command(0x17, [id, 0, 0, 0, 0, 1, 0, 0, 0, 0x01, 0x00])
        #expect(try peer.receiveAll()[2].payload == [0x00, 0x04])

        // A parameter the statement does not have fails its next execute (there is no reply to
        // the long data itself).
        try peer.command(0x18, [id, 0, 0, 0, 5, 0, 1])
        #expect(try peer.receiveAll().isEmpty)
        try peer.execute(statement, [.int(1)])
        #expect(EmbeddedPeer.error(try peer.receiveAll().first?.payload ?? [])?.code == 1210)

        try peer.command(0x19, [id, 0, 0, 0])
        try peer.command(0x19, [id, 0])
        #expect(try peer.receiveAll().isEmpty)
        try peer.execute(statement, [.int(1)])
        #expect(EmbeddedPeer.error(try peer.receiveAll().first?.payload ?? [])?.code == 1243)
    }

    /// A statement without parameters skips decoding, but only while it has nothing to reset.
    @Test func executesWithoutParametersStillCheckAndResetTheirState() throws {
        var peer = try self.withTable(capabilities: EmbeddedPeer.deprecateEOF)
        let statement = try peer.prepare("SELECT id FROM t ORDER BY id")
        let id = UInt8(statement)
        let execute: [UInt8] = [id, 0, 0, 0, 0, 1, 0, 0, 0]
        try peer.command(0x17, Array(execute.prefix(6)))  // cut short
        #expect(EmbeddedPeer.error(try peer.receiveAll().first?.payload ?? [])?.code == 1105)

        // Long data for a parameter it does not have fails the next execute only.
        try peer.command(0x18, [id, 0, 0, 0, 0, 0, 1])
        try peer.command(0x17, execute)
        #expect(EmbeddedPeer.error(try peer.receiveAll().first?.payload ?? [])?.code == 1210)
        try peer.command(0x17, execute)
        #expect(try peer.receiveAll().count == 5)  // count, definition, two rows, end

        // An open cursor is dropped by the next plain execute, which returns every row.
        try peer.execute(statement, flags: .readOnlyCursor)
        #expect(try peer.receiveAll().count == 3)  // count, definition, end with CURSOR_EXISTS
        try peer.command(0x17, execute)
        #expect(try peer.receiveAll().count == 5)
        try peer.command(0x1C, [id, 0, 0, 0, 1, 0, 0, 0])
        #expect(EmbeddedPeer.error(try peer.receiveAll().first?.payload ?? [])?.code == 1326)
    }
}
