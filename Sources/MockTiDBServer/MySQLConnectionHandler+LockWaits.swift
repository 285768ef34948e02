import MySQLWire
import NIOCore
import TiDBEngine

/// A statement blocked on another transaction's lock leaves the event loop free: the command stays
/// open (the state machine queues later packets) until the lock is released, the wait times out
/// (`innodb_lock_wait_timeout`, 1205), KILL QUERY interrupts it (1317) or the connection closes.
/// Every event comes back to this connection's event loop naming the wait it was registered for;
/// the session, which owns the wait, ignores one that is no longer current (a release after the
/// timeout ended the wait).
extension MySQLConnectionHandler {
    func suspend(
        _ kind: SuspendedCommand.Kind,
        writer: MySQLResponseWriter,
        wait: LockWait,
        context: ChannelHandlerContext
    ) {
        guard let session = self.session else { return }
        // A lock wait ends after `innodb_lock_wait_timeout`; a BACKUP or RESTORE waits until done.
        self.waitTimeout = session.waitTimeout.map { limit in
            context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limit)) {
                self.waitEnded(wait, reason: .timedOut)
            }
        }
        self.commands.suspend(SuspendedCommand(kind: kind, writer: writer))
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        // Called on the thread that ends the holder's transaction, possibly right here.
        wait.onRelease {
            handler.eventLoop.execute { handler.value.lockReleased(wait) }
        }
    }

    func lockReleased(_ wait: LockWait) {
        guard let progress = self.session?.resume(after: wait) else { return }
        self.continueSuspendedCommand(progress)
    }

    func waitEnded(_ wait: LockWait, reason: Session.WaitEnd) {
        guard let progress = self.session?.abandonWait(wait, reason) else { return }
        self.continueSuspendedCommand(progress)
    }

    /// KILL QUERY from another connection: a lock wait ends with 1317. Statements that do not
    /// wait run to completion synchronously, so there is nothing else to stop.
    func interruptRequested() {
        guard let wait = self.session?.currentWait else { return }
        self.waitEnded(wait, reason: .interrupted)
    }

    /// The connection is closing; `Session.close` gives up the wait itself.
    func abandonSuspendedCommand() {
        self.waitTimeout?.cancel()
        self.waitTimeout = nil
        _ = self.commands.resumeSuspended()
        // A statement still waiting when its client went away: logged with the client's view, 2013.
        self.statementFinished(code: 2013)
    }

    private func continueSuspendedCommand(_ progress: QueryProgress) {
        guard let context = self.context, let suspended = self.commands.resumeSuspended() else { return }
        self.waitTimeout?.cancel()
        self.waitTimeout = nil
        var writer = suspended.writer
        let completion = self.answer(progress, kind: suspended.kind, writer: &writer)
        self.send(&writer)
        if case .waiting(let kind, let wait) = completion {
            self.suspend(kind, writer: writer, wait: wait, context: context)
        } else {
            // Commands that arrived meanwhile run now.
            self.perform(self.machine.commandCompleted(), context: context)
        }
        self.flushIfNeeded(context: context)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
