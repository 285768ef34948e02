import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// The prepared-statement commands (docs/tidb/wire-protocol.md §13). The engine keeps the parsed
/// statements; the connection keeps what only the wire knows: parameter types, long data, cursors.
extension MySQLConnectionHandler {
    /// What TiDB describes each `?` as: an empty BLOB definition (`Info{Type: TypeBlob}`) whose
    /// charset becomes `character_set_results`' (utf8mb4 → 46), length 0, no flags, 0 decimals.
    static let parameterDefinition = ColumnDefinition(
        name: "",
        type: .blob,
        length: 0,
        characterSet: CollationID.utf8mb4Bin
    )

    func prepare(_ sql: [UInt8], session: Session, writer: inout MySQLResponseWriter) {
        let info: PreparedStatementInfo
        do {
            info = try session.prepare(bytes: sql)
        } catch {
            writer.writeError(error)
            return
        }
        guard let parameterCount = UInt16(exactly: info.parameterCount),
            let columnCount = UInt16(exactly: info.columns.count)
        else {
            session.closePrepared(info.id)
            writer.writeError(.tooManyPlaceholders)
            return
        }
        self.statements[info.id] = StatementWireState(text: sql)
        writer.writePrepareResponse(
            StatementPrepareOK(statementID: info.id, columnCount: columnCount, parameterCount: parameterCount),
            parameters: Array(repeating: Self.parameterDefinition, count: info.parameterCount),
            columns: info.columns,
            status: session.status,
            eofWarnings: UInt16(clamping: session.warnings.count)
        )
    }

    /// COM_STMT_EXECUTE, checked in TiDB's order: statement, cursor flags, parameters. Reading the
    /// parameters resets the statement (long data, cursor) whether or not they are valid.
    func executeStatement(
        _ statementID: UInt32,
        body: ByteBuffer,
        session: Session,
        writer: inout MySQLResponseWriter
    ) -> CommandCompletion {
        let plain = SuspendedCommand.Kind.execute(statementID: statementID, cursor: false)
        if let injected = self.statementArrived(.execute, text: self.statements[statementID]?.text ?? []) {
            return self.failStatement(injected, writer: &writer)
        }
        guard let parameterCount = session.parameterCount(ofStatement: statementID) else {
            // The engine answers for statements it does not know (1243 "... given to stmt_execute").
            return self.answer(session.executePrepared(statementID, parameters: []), kind: plain, writer: &writer)
        }
        var body = body
        let flags = StatementExecuteRequest.Flags(rawValue: body.getInteger(at: body.readerIndex + 4) ?? 0)
        if flags.contains(.forUpdateCursor) {
            return self.failStatement(.unsupportedFlag("CursorTypeForUpdate"), writer: &writer)
        }
        if flags.contains(.scrollableCursor) {
            return self.failStatement(.unsupportedFlag("CursorTypeScrollable"), writer: &writer)
        }
        let kind = SuspendedCommand.Kind.execute(statementID: statementID, cursor: flags.contains(.readOnlyCursor))
        if parameterCount == 0, body.readableBytes >= StatementExecuteRequest.headerLength,
            self.statements[statementID]?.isIdle ?? true
        {
            // Nothing to decode after the header and nothing to reset: the common repeated execute.
            return self.answer(session.executePrepared(statementID, parameters: []), kind: kind, writer: &writer)
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
        var changed = !longData.isEmpty || longDataError != nil || state.cursor != nil
        state.longData = [:]
        state.longDataError = nil
        state.cursor = nil
        if case .success(let request) = decoded, request.newParametersBound,
            request.parameterTypes != state.parameterTypes
        {
            state.parameterTypes = request.parameterTypes
            changed = true
        }
        if changed { self.statements[statementID] = state }

        let request: StatementExecuteRequest
        switch decoded {
        case .failure(let malformed):
            return self.failStatement(malformed.error, writer: &writer)
        case .success(let decoded):
            request = decoded
        }
        if let longDataError {
            return self.failStatement(longDataError, writer: &writer)
        }
        let parameters = ParameterConversion.values(of: request, longData: longData)
        return self.answer(session.executePrepared(statementID, parameters: parameters), kind: kind, writer: &writer)
    }

    /// COM_STMT_SEND_LONG_DATA has no reply: chunks for an unknown statement are dropped (its
    /// execute fails anyway), and a parameter out of range fails the statement's next execute.
    func appendLongData(_ longData: StatementLongData, session: Session) {
        guard let parameterCount = session.parameterCount(ofStatement: longData.statementID) else { return }
        let index = Int(longData.parameterIndex)
        guard index < parameterCount else {
            self.statements[longData.statementID, default: StatementWireState()].longDataError =
                .wrongArguments("stmt_send_longdata")
            return
        }
        self.statements[longData.statementID, default: StatementWireState()].longData[index, default: []]
            .append(contentsOf: longData.data)
    }

    /// COM_STMT_RESET: back to the state right after prepare (no long data, no cursor).
    func resetStatement(_ statementID: UInt32, session: Session, writer: inout MySQLResponseWriter) {
        guard session.parameterCount(ofStatement: statementID) != nil else {
            writer.writeError(.unknownStatement(statementID, in: "stmt_reset"))
            return
        }
        if var state = self.statements[statementID] {
            state.longData = [:]
            state.longDataError = nil
            state.cursor = nil
            self.statements[statementID] = state
        }
        writer.writeOK(OKPacket(status: session.status))
    }

    /// The header of an execute with a cursor: definitions, then always an EOF (or 0xFE OK) with
    /// CURSOR_EXISTS; the rows wait for COM_STMT_FETCH.
    func openCursor(
        _ statementID: UInt32,
        resultSet: ResultSet,
        status: ServerStatus,
        writer: inout MySQLResponseWriter
    ) {
        self.statements[statementID, default: StatementWireState()].cursor = Cursor(
            columns: resultSet.columns,
            rows: resultSet.rows
        )
        writer.writeCursorResultSetHeader(columns: resultSet.columns, status: status.union(.cursorExists))
    }

    /// COM_STMT_FETCH: up to `rowCount` rows, then an EOF with CURSOR_EXISTS, or with LAST_ROW_SENT
    /// once the rows are exhausted (the cursor then closes, as in TiDB).
    func fetch(_ statementID: UInt32, rowCount: UInt32, session: Session, writer: inout MySQLResponseWriter) {
        guard session.parameterCount(ofStatement: statementID) != nil else {
            writer.writeError(.unknownStatement(statementID, in: "stmt_fetch"))
            return
        }
        guard var cursor = self.statements[statementID]?.cursor else {
            writer.writeError(.cursorNotOpen)
            return
        }
        let end = min(cursor.rows.count, cursor.next + Int(rowCount))
        writer.writeBinaryRows(cursor.rows[cursor.next..<end], columns: cursor.columns)
        cursor.next = end
        var status = session.status
        if cursor.isExhausted {
            status.insert(.lastRowSent)
            self.statements[statementID]?.cursor = nil
        } else {
            status.insert(.cursorExists)
            self.statements[statementID]?.cursor = cursor
        }
        writer.writeResultSetEnd(warnings: 0, status: status)
    }
}

extension MySQLError {
    /// ER_UNKNOWN_STMT_HANDLER. TiDB wraps it in a 1105 whose message is this error's text; we send
    /// the code itself, as the engine does for COM_STMT_EXECUTE.
    static func unknownStatement(_ statementID: UInt32, in command: String) -> MySQLError {
        MySQLError(
            code: 1243,
            sqlState: "HY000",
            message: "Unknown prepared statement handler (\(statementID)) given to \(command)"
        )
    }

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

    /// ER_PS_MANY_PARAM: more than 65535 placeholders do not fit the prepare reply.
    static let tooManyPlaceholders = MySQLError(
        code: 1390,
        sqlState: "HY000",
        message: "Prepared statement contains too many placeholders"
    )
}
