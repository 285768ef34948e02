import MySQLTypes
import MySQLWire
import NIOCore
import Testing

/// The prepared-statement commands in the state machine: decoding, malformed bodies, which ones
/// are answered, and that nothing runs while a command is still executing (a lock wait).
@Suite struct PreparedCommandStateMachineTests {
    let base = ConnectionStateMachineTests()
    static let malformed = MySQLError(code: 1105, sqlState: "HY000", message: "malform packet error")

    func command(_ code: UInt8, _ body: [UInt8] = []) -> MySQLPacket {
        self.base.command(code, body)
    }

    @Test func preparedCommandsAreDecoded() {
        var machine = self.base.authenticated()
        let executeBody: [UInt8] = [7, 0, 0, 0, 0x00, 1, 0, 0, 0, 0x01, 0x01, 0x08, 0x00]
        let expectations: [(MySQLPacket, ConnectionStateMachine.Command)] = [
            (self.command(0x16, Array("SELECT ?".utf8)), .prepareStatement(Array("SELECT ?".utf8))),
            (
                self.command(0x17, executeBody),
                .executeStatement(statementID: 7, body: ByteBuffer(bytes: executeBody))
            ),
            (
                self.command(0x18, [7, 0, 0, 0, 2, 0] + Array("abc".utf8)),
                .sendLongData(StatementLongData(statementID: 7, parameterIndex: 2, data: Array("abc".utf8)))
            ),
            // An empty chunk is still a chunk.
            (
                self.command(0x18, [7, 0, 0, 0, 0, 0]),
                .sendLongData(StatementLongData(statementID: 7, parameterIndex: 0, data: []))
            ),
            (self.command(0x19, [7, 0, 0, 0]), .closeStatement(7)),
            (self.command(0x1A, [0x07, 0x01, 0, 0]), .resetStatement(263)),
            (self.command(0x1C, [7, 0, 0, 0, 100, 0, 0, 0]), .fetch(statementID: 7, rowCount: 100)),
            // TiDB hands out at most 1024 rows per FETCH.
            (self.command(0x1C, [7, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]), .fetch(statementID: 7, rowCount: 1024)),
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
    }

    @Test func malformedBodiesGetAnErrorAndKeepTheConnection() {
        var machine = self.base.authenticated()
        let malformedPackets = [
            self.command(0x17, [7, 0, 0, 0, 0, 1, 0, 0]),  // execute: 8 of the 9 header bytes
            self.command(0x17),
            self.command(0x18, [7, 0, 0, 0, 2]),  // long data: no full parameter index
            self.command(0x1A, [7, 0, 0]),  // reset: no full statement id
            self.command(0x1C, [7, 0, 0, 0, 1, 0, 0]),  // fetch: 7 bytes
            self.command(0x1C, [7, 0, 0, 0, 1, 0, 0, 0, 0]),  // fetch: 9 bytes
        ]
        for packet in malformedPackets {
            let caps = machine.capabilities
            #expect(
                machine.packetReceived(packet)
                    == .sendError(Self.malformed, .init(sequenceID: 1, capabilities: caps), closeConnection: false)
            )
            guard case .execute(.ping, _) = machine.packetReceived(self.command(0x0E)) else {
                Issue.record("the connection should still take commands after \(packet)")
                return
            }
            _ = machine.commandCompleted()
        }
    }

    @Test func closeWithoutAStatementIDIsIgnoredSilently() {
        var machine = self.base.authenticated()
        #expect(machine.packetReceived(self.command(0x19, [7, 0])) == .wait)
        guard case .execute(.ping, let reply) = machine.packetReceived(self.command(0x0E)) else {
            Issue.record("expected the next command to run")
            return
        }
        #expect(reply.sequenceID == 1)
    }

    @Test func prepareTextIsPassedAsSent() {
        var machine = self.base.authenticated()
        guard case .execute(.prepareStatement(let sql), _) = machine.packetReceived(self.command(0x16, [0x53, 0x00]))
        else {
            Issue.record("expected a prepare")
            return
        }
        // The engine drops one trailing NUL, as TiDB does.
        #expect(sql == [0x53, 0x00])
    }

    /// A statement blocked on a lock keeps the command open: everything the client sends meanwhile
    /// waits, nothing is answered, and the queue runs in order once the host completes it.
    @Test func commandsWaitWhileAnExecuteIsBlocked() {
        var machine = self.base.authenticated()
        let execute = self.command(0x17, [1, 0, 0, 0, 0, 1, 0, 0, 0])
        guard case .execute(.executeStatement(1, _), _) = machine.packetReceived(execute) else {
            Issue.record("expected the execute")
            return
        }
        #expect(machine.packetReceived(self.command(0x19, [2, 0, 0, 0])) == .wait)
        #expect(machine.packetReceived(self.command(0x03, Array("COMMIT".utf8))) == .wait)
        #expect(machine.packetReceived(self.command(0x1C, [1, 0, 0, 0])) == .wait)  // malformed, answered later
        #expect(machine.packetReceived(self.command(0x0E)) == .wait)

        let reply = ConnectionStateMachine.ResponseContext(sequenceID: 1, capabilities: machine.capabilities)
        #expect(machine.commandCompleted() == .execute(.closeStatement(2), reply))
        #expect(machine.commandCompleted() == .execute(.query(ByteBuffer(string: "COMMIT")), reply))
        #expect(machine.commandCompleted() == .sendError(Self.malformed, reply, closeConnection: false))
        // A packet arriving now still waits for the queued ping.
        let second = MySQLPacket(sequenceID: 0, payload: ByteBuffer(bytes: [0x1F]))
        #expect(machine.packetReceived(second) == .execute(.ping, reply))
        #expect(machine.commandCompleted() == .execute(.resetConnection, reply))
        #expect(machine.commandCompleted() == .wait)
    }

    /// The host calls `commandCompleted` after every reply, ERR packets included, so a queue left
    /// behind an error is not stranded.
    @Test func queuedPacketsRunAfterAnErrorReply() {
        var machine = self.base.authenticated()
        guard case .execute(.ping, let reply) = machine.packetReceived(self.command(0x0E)) else {
            Issue.record("expected the ping")
            return
        }
        #expect(machine.packetReceived(self.command(0x17)) == .wait)
        #expect(machine.packetReceived(self.command(0x19, [1])) == .wait)
        #expect(machine.packetReceived(self.command(0x09)) == .wait)
        #expect(machine.commandCompleted() == .sendError(Self.malformed, reply, closeConnection: false))
        // The short close is skipped without a reply; the statistics request follows.
        #expect(machine.commandCompleted() == .execute(.statistics, reply))
        #expect(machine.commandCompleted() == .wait)
    }
}
