import MySQLTypes
import MySQLWire
import NIOCore
import Testing

@Suite struct MessageEncodingTests {
    func bytes(_ encode: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBuffer()
        encode(&buffer)
        return Array(buffer.readableBytesView)
    }

    @Test func handshakeV10IsLaidOutAsTiDBSendsIt() throws {
        let scramble: [UInt8] = Array(1...20)
        let handshake = HandshakeV10(
            serverVersion: "8.0.11-TiDB-v8.5.8",
            connectionID: 2_097_154,
            authPluginData: scramble,
            capabilities: CapabilityFlags(rawValue: 0x051B_A6AF),
            characterSet: 46,
            status: .autocommit,
            authPluginName: "mysql_native_password"
        )
        var expected: [UInt8] = [0x0A] + Array("8.0.11-TiDB-v8.5.8".utf8) + [0x00]
        expected += [0x02, 0x00, 0x20, 0x00]  // 2097154 little-endian
        expected += Array(1...8) + [0x00]
        expected += [0xAF, 0xA6]  // capabilities, low half
        expected += [46]
        expected += [0x02, 0x00]  // SERVER_STATUS_AUTOCOMMIT
        expected += [0x1B, 0x05]  // capabilities, high half
        expected += [21] + [UInt8](repeating: 0, count: 10)
        expected += Array(9...20) + [0x00]
        expected += Array("mysql_native_password".utf8) + [0x00]
        let encoded = self.bytes { handshake.encode(into: &$0) }
        #expect(encoded == expected)
        #expect(encoded.count == 86)  // as docs/tidb/wire-protocol.md computes for this version string

        var buffer = ByteBuffer(bytes: encoded)
        #expect(HandshakeV10.decode(from: &buffer) == handshake)
    }

    @Test func handshakeResponse41FromPyMySQLDecodes() throws {
        // PyMySQL 1.2.4: caps, 16 MiB, utf8mb4_general_ci, user root, 20-byte scramble, db test,
        // plugin and attributes.
        let response = HandshakeResponse41(
            capabilities: [
                .longPassword, .longFlag, .connectWithDB, .protocol41, .transactions, .secureConnection,
                .multiResults, .pluginAuth, .connectAttributes,
            ],
            maxPacketSize: 16_777_216,
            characterSet: 45,
            username: "root",
            authResponse: Array(repeating: 0xAB, count: 20),
            database: "test",
            authPluginName: "mysql_native_password",
            attributes: [("_client_name", "pymysql"), ("_pid", "42")]
        )
        let encoded = self.bytes { response.encode(into: &$0) }
        #expect(Array(encoded[0..<4]) == [0x0D, 0xA2, 0x1A, 0x00])
        #expect(Array(encoded[4..<8]) == [0x00, 0x00, 0x00, 0x01])
        #expect(encoded[8] == 45)
        #expect(Array(encoded[9..<32]) == [UInt8](repeating: 0, count: 23))
        #expect(Array(encoded[32..<37]) == Array("root".utf8) + [0])
        #expect(encoded[37] == 20)

        var buffer = ByteBuffer(bytes: encoded)
        #expect(HandshakeResponse41.decode(from: &buffer) == response)
    }

    @Test func truncatedHandshakeResponseDoesNotDecode() {
        let response = HandshakeResponse41(
            capabilities: [.protocol41, .secureConnection, .pluginAuth],
            username: "root",
            authResponse: Array(repeating: 1, count: 20),
            authPluginName: "mysql_native_password"
        )
        let encoded = self.bytes { response.encode(into: &$0) }
        for length in [0, 4, 31, 34, 40] {
            var buffer = ByteBuffer(bytes: encoded.prefix(length))
            #expect(HandshakeResponse41.decode(from: &buffer) == nil, "cut at \(length)")
        }
    }

    @Test func okPacketBytes() {
        let ok = OKPacket(affectedRows: 3, lastInsertID: 300, status: [.autocommit, .inTransaction], warnings: 1)
        #expect(self.bytes { ok.encode(into: &$0) } == [0x00, 0x03, 0xFC, 0x2C, 0x01, 0x03, 0x00, 0x01, 0x00])
        let withInfo = OKPacket(status: .autocommit, info: "Rows matched: 1")
        #expect(
            self.bytes { withInfo.encode(into: &$0) } == [0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 15]
                + Array("Rows matched: 1".utf8)
        )
        // As the end of a result set under CLIENT_DEPRECATE_EOF.
        #expect(
            self.bytes { OKPacket(status: .autocommit).encode(into: &$0, header: 0xFE) } == [0xFE, 0, 0, 2, 0, 0, 0]
        )
    }

    @Test func errPacketBytes() {
        let error = MySQLError(code: 1193, sqlState: "HY000", message: "Unknown system variable 'x'")
        let encoded = self.bytes { ERRPacket.encode(error, into: &$0) }
        #expect(encoded == [0xFF, 0xA9, 0x04] + Array("#HY000".utf8) + Array("Unknown system variable 'x'".utf8))
        var buffer = ByteBuffer(bytes: encoded)
        #expect(ERRPacket.decode(from: &buffer) == error)
    }

    @Test func eofPacketBytes() {
        #expect(
            self.bytes { EOFPacket(warnings: 2, status: .autocommit).encode(into: &$0) } == [
                0xFE, 0x02, 0x00, 0x02, 0x00,
            ]
        )
    }

    @Test func columnDefinitionBytes() {
        let column = ColumnDefinition(
            name: "TIDB_CURRENT_TSO()",
            type: .longLong,
            length: 20,
            characterSet: 63,
            flags: [.binary, .notNull]
        )
        let encoded = self.bytes { ColumnDefinition41.encode(column, into: &$0) }
        var expected: [UInt8] = [3] + Array("def".utf8) + [0, 0, 0, 18] + Array("TIDB_CURRENT_TSO()".utf8) + [0]
        expected += [0x0C, 63, 0, 20, 0, 0, 0, 0x08, 0x81, 0x00, 0x00, 0x00, 0x00]
        #expect(encoded == expected)
        var buffer = ByteBuffer(bytes: encoded)
        #expect(ColumnDefinition41.decode(from: &buffer) == column)
    }

    @Test func authSwitchRequestCarriesScrambleAndNul() {
        let request = AuthSwitchRequest(pluginName: "mysql_native_password", pluginData: Array(1...20))
        let encoded = self.bytes { request.encode(into: &$0) }
        #expect(encoded == [0xFE] + Array("mysql_native_password".utf8) + [0] + Array(1...20) + [0])
        #expect(encoded.count == 44)
        var buffer = ByteBuffer(bytes: encoded)
        #expect(AuthSwitchRequest.decode(from: &buffer) == request)
    }

    @Test func textRowCells() {
        var buffer = ByteBuffer()
        buffer.writeTextInteger(-42)
        buffer.writeTextUnsigned(470_616_124_554_739_713)
        buffer.writeTextNull()
        buffer.writeLengthEncodedString("tidb-binlog")
        #expect(
            Array(buffer.readableBytesView)
                == [3] + Array("-42".utf8) + [18] + Array("470616124554739713".utf8) + [0xFB] + [11]
                + Array("tidb-binlog".utf8)
        )
        #expect(
            TextResultsetRow.decode(from: &buffer, columnCount: 4) == ["-42", "470616124554739713", nil, "tidb-binlog"]
        )
    }
}
