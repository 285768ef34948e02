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
        self.commands.statementPrepared(info.id, text: sql)
        writer.writePrepareResponse(
            StatementPrepareOK(statementID: info.id, columnCount: columnCount, parameterCount: parameterCount),
            parameters: Array(repeating: Self.parameterDefinition, count: info.parameterCount),
            columns: info.columns,
            status: session.status,
            eofWarnings: UInt16(clamping: session.warnings.count)
        )
    }

    /// COM_STMT_EXECUTE: an unknown statement is the engine's to answer (1243 "... given to
    /// stmt_execute"); the rest is checked and decoded by `CommandStateMachine`.
    func executeStatement(
        _ statementID: UInt32,
        body: ByteBuffer,
        session: Session,
        writer: inout MySQLResponseWriter
    ) -> CommandCompletion {
        if let injected = self.statementArrived(.execute, text: self.commands.text(ofStatement: statementID)) {
            return self.failStatement(injected, writer: &writer)
        }
        guard let parameterCount = session.parameterCount(ofStatement: statementID) else {
            let plain = SuspendedCommand.Kind.execute(statementID: statementID, cursor: false)
            return self.answer(session.executePrepared(statementID, parameters: []), kind: plain, writer: &writer)
        }
        switch self.commands.executeReceived(statementID, body: body, parameterCount: parameterCount) {
        case .fail(let error):
            return self.failStatement(error, writer: &writer)
        case .run(let parameters, let cursor):
            let kind = SuspendedCommand.Kind.execute(statementID: statementID, cursor: cursor)
            let progress = session.executePrepared(statementID, parameters: parameters)
            return self.answer(progress, kind: kind, writer: &writer)
        }
    }

    /// COM_STMT_SEND_LONG_DATA has no reply: chunks for an unknown statement are dropped (its
    /// execute fails anyway).
    func appendLongData(_ longData: StatementLongData, session: Session) {
        guard let parameterCount = session.parameterCount(ofStatement: longData.statementID) else { return }
        self.commands.longDataReceived(longData, parameterCount: parameterCount)
    }

    /// COM_STMT_RESET: back to the state right after prepare (no long data, no cursor).
    func resetStatement(_ statementID: UInt32, session: Session, writer: inout MySQLResponseWriter) {
        guard session.parameterCount(ofStatement: statementID) != nil else {
            writer.writeError(.unknownStatement(statementID, in: "stmt_reset"))
            return
        }
        self.commands.resetReceived(statementID)
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
        self.commands.cursorOpened(statementID, resultSet: resultSet)
        writer.writeCursorResultSetHeader(columns: resultSet.columns, status: status.union(.cursorExists))
    }

    /// COM_STMT_FETCH: up to `rowCount` rows, then an EOF with CURSOR_EXISTS, or with LAST_ROW_SENT
    /// once the rows are exhausted.
    func fetch(_ statementID: UInt32, rowCount: UInt32, session: Session, writer: inout MySQLResponseWriter) {
        guard session.parameterCount(ofStatement: statementID) != nil else {
            writer.writeError(.unknownStatement(statementID, in: "stmt_fetch"))
            return
        }
        switch self.commands.fetchReceived(statementID, rowCount: rowCount) {
        case .fail(let error):
            writer.writeError(error)
        case .rows(let rows, let columns, let lastRowSent):
            writer.writeBinaryRows(rows, columns: columns)
            var status = session.status
            status.insert(lastRowSent ? .lastRowSent : .cursorExists)
            writer.writeResultSetEnd(warnings: 0, status: status)
        }
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

    /// ER_PS_MANY_PARAM: more than 65535 placeholders do not fit the prepare reply.
    static let tooManyPlaceholders = MySQLError(
        code: 1390,
        sqlState: "HY000",
        message: "Prepared statement contains too many placeholders"
    )
}
