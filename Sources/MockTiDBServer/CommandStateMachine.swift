import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// The command phase's state that `ConnectionStateMachine` leaves to its host and the engine never
/// sees, as a value in the same style: each prepared statement's wire state (parameter types, long
/// data, cursor), the command paused on a lock, and the last query's text. Events in, what to do
/// out; no channel, socket or event loop, so it is tested alone (`CommandStateMachineTests`). The
/// handler asks the session what only the engine knows (does the statement exist, how many
/// parameters it has) and carries out the answers.
struct CommandStateMachine {
    /// Per prepared statement the session knows, what the wire keeps about it.
    private var statements: [UInt32: StatementWireState] = [:]
    /// The command waiting for a lock, if any; no other command runs meanwhile.
    private var suspended: SuspendedCommand?
    /// The last query's bytes and text: clients repeat queries, and an equal text lets the session
    /// find its parsed statements without hashing.
    private var lastQuery: (bytes: ByteBuffer, text: [UInt8])?
    /// The statement being answered, until the query log records it.
    var statementInFlight: StatementInFlight?

    // MARK: Queries

    /// COM_QUERY's text for the engine, as bytes (string literals must reach it exactly as sent).
    /// The same text again comes back as the same array, which the session's parse cache
    /// compares in O(1).
    mutating func queryText(_ bytes: ByteBuffer) -> [UInt8] {
        if let last = self.lastQuery, last.bytes == bytes { return last.text }
        let text = Array(bytes.readableBytesView)
        // A copy: a slice would keep NIO's receive buffer shared, and NIO would then copy that
        // buffer on every following read.
        self.lastQuery = (ByteBuffer(bytes: bytes.readableBytesView), text)
        return text
    }

    // MARK: Prepared statements

    mutating func statementPrepared(_ statementID: UInt32, text: [UInt8]) {
        self.statements[statementID] = StatementWireState(text: text)
    }

    mutating func statementClosed(_ statementID: UInt32) {
        self.statements[statementID] = nil
    }

    /// COM_RESET_CONNECTION or COM_CHANGE_USER: the session's statements are gone.
    mutating func statementsForgotten() {
        self.statements.removeAll()
    }

    /// The statement's text as prepared: what the query log and failure rules see for an execute.
    func text(ofStatement statementID: UInt32) -> [UInt8] {
        self.statements[statementID]?.text ?? []
    }

    enum ExecuteAction: Equatable {
        /// Execute the statement with these parameters, with a cursor if asked.
        case run(parameters: [Value], cursor: Bool)
        /// Answer with this error; nothing runs.
        case fail(MySQLError)
    }

    /// COM_STMT_EXECUTE of a statement the session knows, checked in TiDB's order: cursor flags,
    /// then parameters. Reading the parameters resets the statement (long data, cursor) whether
    /// or not they are valid.
    mutating func executeReceived(_ statementID: UInt32, body: ByteBuffer, parameterCount: Int) -> ExecuteAction {
        var body = body
        let flags = StatementExecuteRequest.Flags(rawValue: body.getInteger(at: body.readerIndex + 4) ?? 0)
        if flags.contains(.forUpdateCursor) { return .fail(.unsupportedFlag("CursorTypeForUpdate")) }
        if flags.contains(.scrollableCursor) { return .fail(.unsupportedFlag("CursorTypeScrollable")) }
        let cursor = flags.contains(.readOnlyCursor)
        if parameterCount == 0, body.readableBytes >= StatementExecuteRequest.headerLength,
            self.statements[statementID]?.isIdle ?? true
        {
            // Nothing to decode after the header and nothing to reset: the common repeated execute.
            return .run(parameters: [], cursor: cursor)
        }
        var state = self.statements[statementID] ?? StatementWireState()
        let decoded = StatementExecuteRequest.decode(
            from: &body,
            parameterCount: parameterCount,
            previousTypes: state.parameterTypes,
            longDataParameters: state.longData.isEmpty ? [] : Set(state.longData.keys)
        )
        let longData = state.longData
        let longDataError = state.longDataError
        var changed = !state.isIdle
        state.resetForExecute()
        if case .success(let request) = decoded, request.newParametersBound,
            request.parameterTypes != state.parameterTypes
        {
            state.parameterTypes = request.parameterTypes
            changed = true
        }
        if changed { self.statements[statementID] = state }

        switch decoded {
        case .failure(let malformed):
            return .fail(malformed.error)
        case .success(let request):
            if let longDataError { return .fail(longDataError) }
            return .run(parameters: ParameterConversion.values(of: request, longData: longData), cursor: cursor)
        }
    }

    /// COM_STMT_SEND_LONG_DATA for a statement the session knows. It has no reply: a parameter
    /// out of range fails the statement's next execute instead.
    mutating func longDataReceived(_ longData: StatementLongData, parameterCount: Int) {
        let index = Int(longData.parameterIndex)
        guard index < parameterCount else {
            self.statements[longData.statementID, default: StatementWireState()].longDataError =
                .wrongArguments("stmt_send_longdata")
            return
        }
        self.statements[longData.statementID, default: StatementWireState()].longData[index, default: []]
            .append(contentsOf: longData.data)
    }

    /// COM_STMT_RESET of a statement the session knows: back to the state right after prepare.
    mutating func resetReceived(_ statementID: UInt32) {
        self.statements[statementID]?.resetForExecute()
    }

    /// An execute with a cursor produced `resultSet`; COM_STMT_FETCH hands its rows out.
    mutating func cursorOpened(_ statementID: UInt32, resultSet: ResultSet) {
        self.statements[statementID, default: StatementWireState()].cursor = Cursor(
            columns: resultSet.columns,
            rows: resultSet.rows
        )
    }

    enum FetchAction: Equatable {
        /// Send these rows; after them the cursor is closed (`LAST_ROW_SENT`) or still open.
        case rows([[Value]].SubSequence, columns: [ColumnDefinition], lastRowSent: Bool)
        case fail(MySQLError)
    }

    /// COM_STMT_FETCH of a statement the session knows: up to `rowCount` rows; the cursor closes
    /// once they are exhausted, as in TiDB.
    mutating func fetchReceived(_ statementID: UInt32, rowCount: UInt32) -> FetchAction {
        guard var cursor = self.statements[statementID]?.cursor else { return .fail(.cursorNotOpen) }
        let end = min(cursor.rows.count, cursor.next + Int(rowCount))
        let rows = cursor.rows[cursor.next..<end]
        cursor.next = end
        let exhausted = cursor.isExhausted
        self.statements[statementID]?.cursor = exhausted ? nil : cursor
        return .rows(rows, columns: cursor.columns, lastRowSent: exhausted)
    }

    // MARK: A command paused on a lock

    var isSuspended: Bool { self.suspended != nil }

    /// The command's reply so far is written; it finishes when the session's wait ends. One at a
    /// time: the connection state machine runs no other command meanwhile.
    mutating func suspend(_ command: SuspendedCommand) {
        assert(self.suspended == nil, "a command is already suspended")
        self.suspended = command
    }

    /// The suspended command, to finish now; nil if there is none (the connection closed).
    mutating func resumeSuspended() -> SuspendedCommand? {
        defer { self.suspended = nil }
        return self.suspended
    }
}

extension StatementWireState {
    /// What an execute or COM_STMT_RESET clears: long data, its error, the cursor.
    mutating func resetForExecute() {
        self.longData = [:]
        self.longDataError = nil
        self.cursor = nil
    }
}

extension MySQLError {
    /// ER_WRONG_ARGUMENTS.
    static func wrongArguments(_ command: String) -> MySQLError {
        MySQLError(code: 1210, sqlState: "HY000", message: "Incorrect arguments to \(command)")
    }

    /// ER_SP_CURSOR_NOT_OPEN: FETCH without an open cursor (TiDB wraps it in 1105 too).
    static let cursorNotOpen = MySQLError(code: 1326, sqlState: "24000", message: "Cursor is not open")

    /// The cursor kinds TiDB refuses in COM_STMT_EXECUTE's flags.
    static func unsupportedFlag(_ flag: String) -> MySQLError {
        MySQLError(code: 1105, sqlState: "HY000", message: "unsupported flag: \(flag)")
    }
}
