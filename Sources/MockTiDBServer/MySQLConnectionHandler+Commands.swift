import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// How a command ended: answered, or paused on a lock (its reply so far is written).
enum CommandCompletion {
    case finished
    case waiting(SuspendedCommand.Kind, LockWait)
}

/// The command phase: each command against the session, its reply into `writer`.
extension MySQLConnectionHandler {
    func execute(_ command: ConnectionStateMachine.Command, writer: inout MySQLResponseWriter) -> CommandCompletion {
        guard let session = self.session else { return .finished }
        switch command {
        case .query(let bytes):
            let sql = self.commands.queryText(bytes)
            if let injected = self.statementArrived(.query, text: sql) {
                return self.failStatement(injected, writer: &writer)
            }
            let progress = session.execute(
                bytes: sql,
                multiStatementsAllowed: writer.capabilities.contains(.multiStatements)
            )
            return self.answer(progress, kind: .query, writer: &writer)
        case .prepareStatement(let sql):
            self.prepare(sql, session: session, writer: &writer)
        case .executeStatement(let statementID, let body):
            return self.executeStatement(statementID, body: body, session: session, writer: &writer)
        case .sendLongData(let longData):
            self.appendLongData(longData, session: session)
        case .closeStatement(let statementID):
            session.closePrepared(statementID)
            self.commands.statementClosed(statementID)
        case .resetStatement(let statementID):
            self.resetStatement(statementID, session: session, writer: &writer)
        case .fetch(let statementID, let rowCount):
            self.fetch(statementID, rowCount: rowCount, session: session, writer: &writer)
        case .initDB(let database):
            do {
                try session.useDatabase(database)
                writer.writeOK(OKPacket(status: session.status))
            } catch {
                writer.writeError(error)
            }
        case .ping:
            if self.shuttingDown {
                writer.writeError(MySQLError(code: 1053, sqlState: "08S01", message: "Server shutdown in progress"))
            } else {
                writer.writeOK(OKPacket(status: session.status))
            }
        case .fieldList(let table, _):
            do {
                writer.writeFieldList(try session.fieldList(table: table), status: session.status)
            } catch {
                writer.writeError(error)
            }
        case .statistics:
            let text = self.instance.statisticsText
            writer.writeRawPacket { $0.writeString(text) }
        case .resetConnection:
            session.resetState()
            self.commands.statementsForgotten()
            writer.writeOK(OKPacket(status: session.status))
        case .setOption:
            writer.writeResultSetEnd(warnings: 0, status: session.status)
        }
        return .finished
    }

    /// Writes what a query or an execute produced. A query paused on a lock has its results so far
    /// written with MORE_RESULTS_EXISTS (the rest follow once it resumes).
    func answer(
        _ progress: QueryProgress,
        kind: SuspendedCommand.Kind,
        writer: inout MySQLResponseWriter
    ) -> CommandCompletion {
        switch progress {
        case .finished(let outcomes):
            self.statementFinished(outcomes)
            switch kind {
            case .query:
                writer.write(outcomes, headerCache: &self.replies.headerCache)
            case .execute(let statementID, let cursor):
                if cursor, outcomes.count == 1, case .rows(let resultSet) = outcomes[0].result {
                    self.openCursor(statementID, resultSet: resultSet, status: outcomes[0].status, writer: &writer)
                } else {
                    writer.writeBinary(outcomes, headerCache: &self.replies.headerCache)
                }
            }
            return .finished
        case .waiting(let outcomes, let wait):
            if !outcomes.isEmpty {
                writer.write(outcomes, headerCache: &self.replies.headerCache, moreFollow: true)
            }
            return .waiting(kind, wait)
        }
    }
}
