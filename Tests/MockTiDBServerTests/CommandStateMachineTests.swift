import MySQLTypes
import MySQLWire
import NIOCore
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// The command phase's wire state without a channel: prepared statements' parameter types, long
/// data and cursors, the command paused on a lock, the last query's text. Bodies are the bytes of
/// COM_STMT_EXECUTE after the command byte.
@Suite struct CommandStateMachineTests {
    /// Statement 7's execute: flags, one iteration, then what follows the header.
    func execute(flags: UInt8 = 0, _ rest: [UInt8] = []) -> ByteBuffer {
        ByteBuffer(bytes: [7, 0, 0, 0, flags, 1, 0, 0, 0] + rest)
    }

    /// One LONGLONG parameter: no NULLs, types bound (or not), the value.
    func oneInteger(_ value: UInt8, bindTypes: Bool = true) -> ByteBuffer {
        self.execute([0x00] + (bindTypes ? [0x01, 0x08, 0x00] : [0x00]) + [value, 0, 0, 0, 0, 0, 0, 0])
    }

    /// One VAR_STRING parameter sent as long data: nothing of it in the body.
    var oneLongString: ByteBuffer { self.execute([0x00, 0x01, 0xFD, 0x00]) }

    @Test func anExecuteWithoutParametersRunsAtOnce() {
        var machine = CommandStateMachine()
        machine.statementPrepared(7, text: Array("SELECT 1".utf8))
        #expect(
            machine.executeReceived(7, body: self.execute(), parameterCount: 0) == .run(parameters: [], cursor: false)
        )
        #expect(
            machine.executeReceived(7, body: self.execute(flags: 0x01), parameterCount: 0)
                == .run(parameters: [], cursor: true)
        )
        #expect(machine.text(ofStatement: 7) == Array("SELECT 1".utf8))
    }

    @Test func cursorKindsTiDBRefusesFail() {
        var machine = CommandStateMachine()
        #expect(
            machine.executeReceived(7, body: self.execute(flags: 0x02), parameterCount: 0)
                == .fail(MySQLError(code: 1105, sqlState: "HY000", message: "unsupported flag: CursorTypeForUpdate"))
        )
        #expect(
            machine.executeReceived(7, body: self.execute(flags: 0x04), parameterCount: 0)
                == .fail(MySQLError(code: 1105, sqlState: "HY000", message: "unsupported flag: CursorTypeScrollable"))
        )
    }

    @Test func parameterTypesCarryOverToExecutesThatLeaveThemOut() {
        var machine = CommandStateMachine()
        machine.statementPrepared(7, text: Array("SELECT ?".utf8))
        #expect(
            machine.executeReceived(7, body: self.oneInteger(5), parameterCount: 1)
                == .run(parameters: [.int(5)], cursor: false)
        )
        #expect(
            machine.executeReceived(7, body: self.oneInteger(6, bindTypes: false), parameterCount: 1)
                == .run(parameters: [.int(6)], cursor: false)
        )
    }

    @Test func longDataIsUsedByOneExecuteOnly() {
        var machine = CommandStateMachine()
        machine.statementPrepared(7, text: Array("SELECT ?".utf8))
        machine.longDataReceived(
            StatementLongData(statementID: 7, parameterIndex: 0, data: Array("ab".utf8)),
            parameterCount: 1
        )
        machine.longDataReceived(
            StatementLongData(statementID: 7, parameterIndex: 0, data: Array("c".utf8)),
            parameterCount: 1
        )
        #expect(
            machine.executeReceived(7, body: self.oneLongString, parameterCount: 1)
                == .run(parameters: [.characterString(Array("abc".utf8))], cursor: false)
        )
        // The next execute sends its value inline: the long data is gone.
        #expect(
            machine.executeReceived(7, body: self.execute([0x00, 0x00, 0x01, UInt8(ascii: "x")]), parameterCount: 1)
                == .run(parameters: [.string("x")], cursor: false)
        )
    }

    @Test func longDataForAParameterOutOfRangeFailsTheNextExecuteOnly() {
        var machine = CommandStateMachine()
        machine.longDataReceived(StatementLongData(statementID: 7, parameterIndex: 1, data: [1]), parameterCount: 1)
        let wrongArguments = MySQLError(
            code: 1210,
            sqlState: "HY000",
            message: "Incorrect arguments to stmt_send_longdata"
        )
        #expect(machine.executeReceived(7, body: self.oneInteger(5), parameterCount: 1) == .fail(wrongArguments))
        #expect(
            machine.executeReceived(7, body: self.oneInteger(5), parameterCount: 1)
                == .run(parameters: [.int(5)], cursor: false)
        )
    }

    @Test func resetDropsLongData() {
        var machine = CommandStateMachine()
        machine.statementPrepared(7, text: [])
        machine.longDataReceived(StatementLongData(statementID: 7, parameterIndex: 1, data: [1]), parameterCount: 1)
        machine.resetReceived(7)
        #expect(
            machine.executeReceived(7, body: self.oneInteger(5), parameterCount: 1)
                == .run(parameters: [.int(5)], cursor: false)
        )
    }

    @Test func aCursorHandsOutItsRowsThenCloses() {
        var machine = CommandStateMachine()
        machine.statementPrepared(7, text: [])
        let column = ColumnDefinition(name: "v", type: .longLong, length: 20, characterSet: CollationID.binary)
        let rows: [[Value]] = [[.int(1)], [.int(2)], [.int(3)]]
        machine.cursorOpened(7, resultSet: ResultSet(columns: [column], rows: rows))
        #expect(machine.fetchReceived(7, rowCount: 2) == .rows(rows[0..<2], columns: [column], lastRowSent: false))
        #expect(machine.fetchReceived(7, rowCount: 2) == .rows(rows[2..<3], columns: [column], lastRowSent: true))
        #expect(machine.fetchReceived(7, rowCount: 2) == .fail(.cursorNotOpen))
        // An execute closes an open cursor too.
        machine.cursorOpened(7, resultSet: ResultSet(columns: [column], rows: rows))
        _ = machine.executeReceived(7, body: self.execute(), parameterCount: 0)
        #expect(machine.fetchReceived(7, rowCount: 1) == .fail(.cursorNotOpen))
    }

    @Test func closedAndForgottenStatementsLeaveNothing() {
        var machine = CommandStateMachine()
        machine.statementPrepared(7, text: Array("SELECT 1".utf8))
        machine.statementPrepared(8, text: Array("SELECT 2".utf8))
        machine.statementClosed(7)
        #expect(machine.text(ofStatement: 7).isEmpty)
        #expect(machine.text(ofStatement: 8) == Array("SELECT 2".utf8))
        machine.statementsForgotten()
        #expect(machine.text(ofStatement: 8).isEmpty)
    }

    @Test func aSuspendedCommandIsResumedOnce() {
        var machine = CommandStateMachine()
        #expect(!machine.isSuspended)
        let writer = MySQLResponseWriter(
            buffer: ByteBuffer(),
            context: .init(sequenceID: 3, capabilities: .deprecateEOF)
        )
        machine.suspend(SuspendedCommand(kind: .query, writer: writer))
        #expect(machine.isSuspended)
        #expect(machine.resumeSuspended()?.writer.capabilities == .deprecateEOF)
        #expect(machine.resumeSuspended() == nil)
        #expect(!machine.isSuspended)
    }

    @Test func aRepeatedQueryTextIsTheSameArray() {
        var machine = CommandStateMachine()
        let first = machine.queryText(ByteBuffer(string: "SELECT 1"))
        let again = machine.queryText(ByteBuffer(string: "SELECT 1"))
        #expect(first == Array("SELECT 1".utf8))
        #expect(first.withUnsafeBufferPointer { $0.baseAddress } == again.withUnsafeBufferPointer { $0.baseAddress })
        #expect(machine.queryText(ByteBuffer(string: "SELECT 2")) == Array("SELECT 2".utf8))
    }
}
