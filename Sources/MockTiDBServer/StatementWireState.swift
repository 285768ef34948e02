import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// What a connection keeps about one prepared statement beyond the engine's copy: the protocol
/// state the engine never sees.
struct StatementWireState {
    /// The statement's text as prepared: what the query log and failure rules see for an execute.
    var text: [UInt8] = []
    /// The parameter types of the last COM_STMT_EXECUTE that sent them; later executions may leave
    /// them out.
    var parameterTypes: [ParameterType]?
    /// Bytes from COM_STMT_SEND_LONG_DATA by parameter, until the next execute or reset.
    var longData: [Int: [UInt8]] = [:]
    /// Long data for a parameter the statement does not have: reported by the next execute, since
    /// COM_STMT_SEND_LONG_DATA has no reply.
    var longDataError: MySQLError?
    /// The open cursor of an execute that asked for one, read with COM_STMT_FETCH.
    var cursor: Cursor?

    /// No long data, no pending long-data error, no cursor: an execute has nothing to reset.
    var isIdle: Bool { self.longData.isEmpty && self.longDataError == nil && self.cursor == nil }
}

/// The rows of an execute with a cursor. Like TiDB's eager cursor, the statement runs to the end at
/// execute time and FETCH hands its rows out.
struct Cursor {
    var columns: [ColumnDefinition]
    var rows: [[Value]]
    var next = 0

    var isExhausted: Bool { self.next >= self.rows.count }
}

/// A command paused on another transaction's lock, with what its reply needs to finish. Which
/// wait it is, and whether that wait is still current, is the session's (`Session.currentWait`).
struct SuspendedCommand {
    enum Kind {
        case query
        case execute(statementID: UInt32, cursor: Bool)
    }

    var kind: Kind
    /// The reply's writer: its sequence ids continue after the results already sent.
    var writer: MySQLResponseWriter
}
