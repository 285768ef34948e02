import MySQLTypes
import MySQLWire
import NIOCore
import Testing

@Suite struct ConnectionStateMachineTests {
    static let scramble: [UInt8] = Array(1...20)
    static let serverCapabilities: CapabilityFlags = [
        .longPassword, .foundRows, .longFlag, .connectWithDB, .protocol41, .transactions, .secureConnection,
        .multiStatements, .multiResults, .pluginAuth, .connectAttributes, .deprecateEOF,
    ]

    func makeMachine() -> ConnectionStateMachine {
        ConnectionStateMachine(
            configuration: .init(
                serverVersion: "8.0.11-TiDB-v8.5.8",
                connectionID: 2_097_154,
                capabilities: Self.serverCapabilities,
                characterSet: 46,
                authPluginName: "mysql_native_password",
                scramble: Self.scramble,
                status: .autocommit
            )
        )
    }

    func response(plugin: String = "mysql_native_password", database: String? = nil) -> MySQLPacket {
        let response = HandshakeResponse41(
            capabilities: [
                .protocol41, .secureConnection, .pluginAuth, .multiStatements, .connectWithDB, .deprecateEOF,
            ],
            username: "root",
            authResponse: Array(repeating: 7, count: 20),
            database: database,
            authPluginName: plugin
        )
        var payload = ByteBuffer()
        response.encode(into: &payload)
        return MySQLPacket(sequenceID: 1, payload: payload)
    }

    func command(_ code: UInt8, _ body: [UInt8] = [], sequenceID: UInt8 = 0) -> MySQLPacket {
        MySQLPacket(sequenceID: sequenceID, payload: ByteBuffer(bytes: [code] + body))
    }

    /// Handshake and a successful login; leaves the machine in the command phase.
    func authenticated() -> ConnectionStateMachine {
        var machine = self.makeMachine()
        _ = machine.connectionEstablished()
        _ = machine.packetReceived(self.response())
        _ = machine.authenticationFinished(.success)
        return machine
    }

    @Test func handshakeAuthenticateAndOK() throws {
        var machine = self.makeMachine()
        guard case .sendHandshake(let handshake) = machine.connectionEstablished() else {
            Issue.record("expected the greeting")
            return
        }
        #expect(handshake.authPluginData == Self.scramble)
        #expect(handshake.connectionID == 2_097_154)

        guard case .authenticate(let request) = machine.packetReceived(self.response(database: "test")) else {
            Issue.record("expected authentication")
            return
        }
        #expect(request.username == "root")
        #expect(request.database == "test")
        #expect(request.pluginName == "mysql_native_password")
        #expect(request.scramble == Self.scramble)
        #expect(machine.capabilities.contains(.deprecateEOF))
        #expect(!machine.capabilities.contains(.connectAttributes))  // client did not ask

        #expect(
            machine.authenticationFinished(.success)
                == .sendAuthenticationOK(.init(sequenceID: 2, capabilities: machine.capabilities))
        )
    }

    @Test func clientOfferingCachingSha2IsSwitchedToNativePassword() {
        var machine = self.makeMachine()
        _ = machine.connectionEstablished()
        guard case .authenticate(let request) = machine.packetReceived(self.response(plugin: "caching_sha2_password"))
        else {
            Issue.record("expected authentication")
            return
        }
        #expect(request.pluginName == "caching_sha2_password")
        let caps = machine.capabilities
        #expect(
            machine.authenticationFinished(.switchPlugin("mysql_native_password"))
                == .sendAuthSwitchRequest(
                    AuthSwitchRequest(pluginName: "mysql_native_password", pluginData: Self.scramble),
                    .init(sequenceID: 2, capabilities: caps)
                )
        )
        let answer = MySQLPacket(sequenceID: 3, payload: ByteBuffer(bytes: Array(repeating: 9, count: 20)))
        guard case .authenticate(let switched) = machine.packetReceived(answer) else {
            Issue.record("expected authentication with the new response")
            return
        }
        #expect(switched.pluginName == "mysql_native_password")
        #expect(switched.authResponse == Array(repeating: 9, count: 20))
        #expect(
            machine.authenticationFinished(.success) == .sendAuthenticationOK(.init(sequenceID: 4, capabilities: caps))
        )
    }

    @Test func wrongPasswordClosesAfterError() {
        var machine = self.makeMachine()
        _ = machine.connectionEstablished()
        _ = machine.packetReceived(self.response())
        let denied = MySQLError(code: 1045, sqlState: "28000", message: "Access denied")
        guard
            case .sendError(denied, let reply, closeConnection: true) = machine.authenticationFinished(.failure(denied))
        else {
            Issue.record("expected ERR and close")
            return
        }
        #expect(reply.sequenceID == 2)
        #expect(machine.packetReceived(self.command(0x03)) == .close)
    }

    @Test func badSequenceIdInHandshakeResponse() {
        var machine = self.makeMachine()
        _ = machine.connectionEstablished()
        var packet = self.response()
        packet.sequenceID = 5
        packet.lastSequenceID = 5
        guard case .sendError(let error, let reply, closeConnection: true) = machine.packetReceived(packet) else {
            Issue.record("expected ERR and close")
            return
        }
        #expect(error.code == 8052)
        #expect(error.message == "invalid sequence, received 5 while expecting 1")
        #expect(reply.sequenceID == 6)
    }

    @Test func badSequenceIdInCommandPhase() {
        var machine = self.authenticated()
        guard
            case .sendError(let error, _, closeConnection: true) = machine.packetReceived(
                self.command(0x0E, sequenceID: 3)
            )
        else {
            Issue.record("expected ERR and close")
            return
        }
        #expect(error.code == 8052)
    }

    @Test func truncatedHandshakeResponseIsMalformed() {
        var machine = self.makeMachine()
        _ = machine.connectionEstablished()
        var payload = self.response().payload
        payload.moveWriterIndex(to: payload.readerIndex + 36)  // cut inside the user name
        guard
            case .sendError(let error, let reply, closeConnection: true) = machine.packetReceived(
                MySQLPacket(sequenceID: 1, payload: payload)
            )
        else {
            Issue.record("expected ERR and close")
            return
        }
        #expect(error == MySQLError(code: 1105, sqlState: "HY000", message: "malform packet error"))
        #expect(reply.sequenceID == 2)
    }

    @Test func preProtocol41ClientIsRefused() {
        var machine = self.makeMachine()
        _ = machine.connectionEstablished()
        let old = MySQLPacket(
            sequenceID: 1,
            payload: ByteBuffer(bytes: [0x85, 0x00, 0x00, 0x00, 0x00, 0x72, 0x6F, 0x6F, 0x74, 0x00])
        )
        guard case .sendError(let error, _, closeConnection: true) = machine.packetReceived(old) else {
            Issue.record("expected ERR and close")
            return
        }
        #expect(error.code == 1251)
    }

    @Test func unknownCommandGets1047AndKeepsTheConnection() {
        var machine = self.authenticated()
        guard
            case .sendError(let error, let reply, closeConnection: false) = machine.packetReceived(
                self.command(0x0C, [1, 0, 0, 0])
            )
        else {
            Issue.record("expected ERR without close")
            return
        }
        #expect(error.code == 1047)
        #expect(error.sqlState == "08S01")
        #expect(error.message.contains("COM_PROCESS_KILL"))
        #expect(reply.sequenceID == 1)
        guard case .execute(.ping, _) = machine.packetReceived(self.command(0x0E)) else {
            Issue.record("the connection should still take commands")
            return
        }
    }

    @Test func commandsAreDecoded() {
        var machine = self.authenticated()
        let expectations: [(MySQLPacket, ConnectionStateMachine.Command)] = [
            (self.command(0x03, Array("SELECT 1".utf8)), .query(ByteBuffer(string: "SELECT 1"))),
            (self.command(0x02, Array("test".utf8)), .initDB("test")),
            (self.command(0x0E), .ping),
            (self.command(0x09), .statistics),
            (self.command(0x1F), .resetConnection),
            (self.command(0x04, Array("tidb".utf8) + [0] + Array("%".utf8)), .fieldList(table: "tidb", wildcard: "%")),
            (self.command(0x1B, [0x01, 0x00]), .setOption(multiStatements: false)),
        ]
        for (packet, expected) in expectations {
            guard case .execute(let command, let reply) = machine.packetReceived(packet) else {
                Issue.record("expected \(expected)")
                continue
            }
            #expect(command == expected)
            #expect(reply.sequenceID == 1)
            #expect(machine.commandCompleted() == .wait)
        }
        #expect(!machine.capabilities.contains(.multiStatements))
        #expect(machine.packetReceived(self.command(0x01)) == .close)
    }

    @Test func packetsArrivingDuringExecutionAreQueued() {
        var machine = self.authenticated()
        guard case .execute(.query(let first), _) = machine.packetReceived(self.command(0x03, Array("SELECT 1".utf8)))
        else {
            Issue.record("expected the first query")
            return
        }
        #expect(String(buffer: first) == "SELECT 1")
        #expect(machine.packetReceived(self.command(0x03, Array("SELECT 2".utf8))) == .wait)
        guard case .execute(.query(let second), _) = machine.commandCompleted() else {
            Issue.record("expected the queued query")
            return
        }
        #expect(String(buffer: second) == "SELECT 2")
    }

    @Test func changeUserAuthenticatesAgain() {
        var machine = self.authenticated()
        var body = ByteBuffer()
        ChangeUserRequest(
            username: "dr",
            authResponse: Array(repeating: 3, count: 20),
            database: "test",
            characterSet: 45,
            authPluginName: "mysql_native_password"
        )
        .encode(into: &body, capabilities: [.pluginAuth, .secureConnection])
        guard
            case .authenticate(let request) = machine.packetReceived(self.command(0x11, Array(body.readableBytesView)))
        else {
            Issue.record("expected authentication")
            return
        }
        #expect(request.username == "dr")
        #expect(request.database == "test")
        #expect(request.origin == .changeUser(characterSet: 45))
        guard case .sendAuthenticationOK(let reply) = machine.authenticationFinished(.success) else {
            Issue.record("expected OK")
            return
        }
        #expect(reply.sequenceID == 1)
    }

    @Test func framingErrorsCloseWithAnError() {
        var machine = self.authenticated()
        guard
            case .sendError(let error, _, closeConnection: true) = machine.framingFailed(
                .init(kind: .packetTooLarge(limit: 1024))
            )
        else {
            Issue.record("expected ERR and close")
            return
        }
        #expect(error.code == 1153)
    }
}
