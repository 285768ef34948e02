import MySQLTypes
import MySQLWire
import NIOCore
import Testing

/// Events the host sends in the wrong state are bugs in the host: the machine answers with
/// `.closeAfterHostMisuse` naming the event and the state, and is closed afterwards, instead of
/// returning `.wait` and leaving the client hanging.
@Suite struct HostMisuseTests {
    let base = ConnectionStateMachineTests()

    func misuse(_ event: String, _ state: String) -> ConnectionStateMachine.Action {
        .closeAfterHostMisuse(.init(event: event, state: state))
    }

    @Test func commandCompletedBeforeTheHandshakeResponse() {
        var machine = self.base.makeMachine()
        _ = machine.connectionEstablished()
        #expect(machine.commandCompleted() == self.misuse("commandCompleted", "awaitingHandshakeResponse"))
        // Closed: a command after it is not run.
        #expect(machine.packetReceived(self.base.command(0x03, Array("SELECT 1".utf8))) == .close)
    }

    @Test func commandCompletedWhileAuthenticating() {
        var machine = self.base.makeMachine()
        _ = machine.connectionEstablished()
        _ = machine.packetReceived(self.base.response())
        #expect(machine.commandCompleted() == self.misuse("commandCompleted", "authenticating"))
        #expect(machine.authenticationFinished(.success) == .wait)
    }

    @Test func commandCompletedBeforeTheGreeting() {
        var machine = self.base.makeMachine()
        #expect(machine.commandCompleted() == self.misuse("commandCompleted", "initialized"))
    }

    @Test func commandCompletedDuringAnAuthSwitch() {
        var machine = self.base.makeMachine()
        _ = machine.connectionEstablished()
        _ = machine.packetReceived(self.base.response(plugin: "caching_sha2_password"))
        guard case .sendAuthSwitchRequest = machine.authenticationFinished(.switchPlugin("mysql_native_password"))
        else {
            Issue.record("expected an auth switch")
            return
        }
        #expect(machine.commandCompleted() == self.misuse("commandCompleted", "awaitingAuthSwitchResponse"))
    }

    @Test func authenticationFinishedWithoutAnAuthentication() {
        var machine = self.base.authenticated()
        #expect(machine.authenticationFinished(.success) == self.misuse("authenticationFinished", "ready"))
        #expect(machine.packetReceived(self.base.command(0x0E)) == .close)

        var executing = self.base.authenticated()
        _ = executing.packetReceived(self.base.command(0x0E))
        #expect(executing.authenticationFinished(.success) == self.misuse("authenticationFinished", "executing"))
    }

    @Test func connectionEstablishedTwice() {
        var machine = self.base.makeMachine()
        _ = machine.connectionEstablished()
        #expect(machine.connectionEstablished() == self.misuse("connectionEstablished", "awaitingHandshakeResponse"))
    }

    /// A command may close its own connection before it completes (KILL CONNECTION_ID()): late
    /// events on a closed machine are no misuse and do nothing.
    @Test func eventsAfterTheConnectionClosedDoNothing() {
        var machine = self.base.authenticated()
        guard case .execute(.query, _) = machine.packetReceived(self.base.command(0x03, Array("KILL 1".utf8))) else {
            Issue.record("expected the query")
            return
        }
        machine.connectionClosed()
        #expect(machine.commandCompleted() == .wait)
        #expect(machine.authenticationFinished(.success) == .wait)
        #expect(machine.connectionEstablished() == .wait)
    }

    /// The well-behaved sequence never sees the misuse action: greeting, login, a command and its
    /// completion, byte for byte.
    @Test func theRegularSequenceIsNoMisuse() {
        var machine = self.base.makeMachine()
        guard case .sendHandshake = machine.connectionEstablished() else {
            Issue.record("expected the greeting")
            return
        }
        guard case .authenticate = machine.packetReceived(self.base.response()) else {
            Issue.record("expected authentication")
            return
        }
        #expect(
            machine.authenticationFinished(.success)
                == .sendAuthenticationOK(.init(sequenceID: 2, capabilities: machine.capabilities))
        )
        #expect(machine.commandCompleted() == .wait)
        #expect(
            machine.packetReceived(self.base.command(0x0E))
                == .execute(.ping, .init(sequenceID: 1, capabilities: machine.capabilities))
        )
        #expect(machine.commandCompleted() == .wait)
    }
}
