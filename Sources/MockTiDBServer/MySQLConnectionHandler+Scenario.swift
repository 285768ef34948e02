import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// A statement between its arrival and its answer, for the query log.
struct StatementInFlight {
    var kind: QueryLogEntry.Kind
    var text: [UInt8]
    var microseconds: Int64
}

/// Where a connection consults the scenario controls (`ScenarioControls`): at accept, at
/// authentication, around each statement, and when replies go out.
extension MySQLConnectionHandler {
    // MARK: Dead primary

    /// `refuse: close`: the socket closes before the greeting, as if the server died accepting it.
    func refusedAtAccept(context: ChannelHandlerContext) -> Bool {
        guard self.controls.connectionRefusal == .close else { return false }
        context.close(promise: nil)
        return true
    }

    /// `refuse: deny`: the greeting goes out, then every login fails as a wrong password does.
    func deniedLogin(_ request: ConnectionStateMachine.AuthenticationRequest) -> MySQLError? {
        guard self.controls.connectionRefusal == .deny else { return nil }
        return .accessDenied(
            user: request.username,
            host: self.clientHost,
            usingPassword: !request.authResponse.isEmpty
        )
    }

    // MARK: Injected failures and the query log

    /// Notes a statement's arrival; returns the error a failure rule answers it with, if one
    /// matches (the statement must then not run).
    func statementArrived(_ kind: QueryLogEntry.Kind, text: [UInt8]) -> MySQLError? {
        guard self.controls.queryLog.isRecording else { return self.controls.failures.failure(for: text) }
        self.commands.statementInFlight = StatementInFlight(
            kind: kind,
            text: text,
            microseconds: self.instance.cluster.clock.microsecondsSinceEpoch()
        )
        return self.controls.failures.failure(for: text)
    }

    /// Logs the statement in flight with how it ended: 0, or the first error's number.
    func statementFinished(_ outcomes: [StatementOutcome]) {
        guard self.commands.statementInFlight != nil else { return }
        var code: UInt16 = 0
        for outcome in outcomes {
            if let error = outcome.error {
                code = error.code
                break
            }
        }
        self.statementFinished(code: code)
    }

    func statementFinished(code: UInt16) {
        guard let statement = self.commands.statementInFlight else { return }
        self.commands.statementInFlight = nil
        self.controls.queryLog.record(
            microseconds: statement.microseconds,
            connectionID: self.connectionID,
            user: self.session?.user ?? "",
            kind: statement.kind,
            text: statement.text,
            code: code
        )
    }

    /// Answers the statement in flight with `error` (nothing ran) and logs it.
    func failStatement(_ error: MySQLError, writer: inout MySQLResponseWriter) -> CommandCompletion {
        writer.writeError(error)
        self.statementFinished(code: error.code)
        return .finished
    }

    // MARK: Latency

    /// Whether replies wait before going out: latency is set, or earlier replies still wait
    /// (later ones must not overtake them when latency is cleared meanwhile).
    var delaysReplies: Bool {
        !self.replies.delayed.isEmpty || self.controls.replyLatency > .zero
    }

    /// Moves the queued replies to a batch sent after the latency, on this connection's event
    /// loop (a scheduled task, never a sleeping thread).
    func delayQueuedReplies(context: ChannelHandlerContext) {
        self.replies.delayed.append(Array(self.replies.queued))
        self.replies.queued.removeAll(keepingCapacity: true)
        let latency = max(self.controls.replyLatency, .zero)
        context.eventLoop.assumeIsolated().scheduleTask(in: latency) {
            self.sendDelayedBatch()
        }
    }

    /// Each task sends the oldest batch, so batches go out in order whichever task fires first.
    private func sendDelayedBatch() {
        guard let batch = self.replies.delayed.popFirst(), let context = self.context else { return }
        self.sendNow(batch, context: context)
    }
}
