import GoFormats
import TiCDCClient
import TiDBClient

/// The catch-up loop every workflow shares (`wait-checkpoint`, `setup`, `switchover`): reads the
/// changefeed every `interval` until `checkpoint_ts >= target`, noting the lag each time the
/// checkpoint moves, until `timeout`. A changefeed that is not `normal` ends the wait at once; a
/// checkpoint at or past the target wins over the state. TiCDC not answering is noted and polled
/// again; any other TiCDC error ends the wait.
struct CheckpointPoller<C: Clock<Duration>> {
    enum Outcome {
        case reached(ChangefeedProgress)
        case timeout(ChangefeedProgress)
        case notNormal(ChangefeedProgress)
    }

    let source: any ChangefeedSource
    let progress: any WorkflowProgress
    let clock: C
    let timeout: Duration
    let interval: Duration

    /// `observe` sees every read, the first included.
    func wait(
        _ changefeed: String,
        until target: TSO,
        first: ChangefeedProgress? = nil,
        observe: (ChangefeedProgress) -> Void = { _ in }
    ) async throws(WorkflowFailure) -> Outcome {
        let deadline = self.clock.now.advanced(by: self.timeout)
        var current: ChangefeedProgress
        if let first { current = first } else { current = try await self.read(changefeed) }
        var shown: TSO?
        while true {
            observe(current)
            if current.checkpoint >= target { return .reached(current) }
            if current.isStuck { return .notNormal(current) }
            if shown != current.checkpoint {
                self.progress.note(
                    "  lag \(current.lagMilliseconds(behind: target)) ms: checkpoint \(current.checkpoint.rawValue), target \(target.rawValue), state \(current.state)"
                )
                shown = current.checkpoint
            }
            let now = self.clock.now
            if now >= deadline { return .timeout(current) }
            do {
                try await self.clock.sleep(until: min(now.advanced(by: self.interval), deadline), tolerance: nil)
            } catch {
                throw WorkflowFailure(code: "cancelled", message: "the wait was cancelled")
            }
            do throws(WorkflowFailure) {
                current = try await self.read(changefeed)
            } catch  where error.code == "unreachable" {
                self.progress.note("  TiCDC did not answer (\(error.message)); polling again")
            }
        }
    }

    func read(_ changefeed: String) async throws(WorkflowFailure) -> ChangefeedProgress {
        do throws(TiCDCClientError) {
            return try await self.source.changefeedProgress(changefeed)
        } catch {
            throw WorkflowFailure(error)
        }
    }

    /// Why a wait that did not reach `target` failed, in the words `wait-checkpoint` reports.
    func failure(_ outcome: Outcome, target: TSO) -> WorkflowFailure? {
        switch outcome {
        case .reached:
            return nil
        case .notNormal(let current):
            let lag = current.lagMilliseconds(behind: target)
            return WorkflowFailure(
                code: current.error.flatMap(Self.errorCode) ?? "changefeed-state",
                message: "changefeed \(current.id) is \(current.state.isEmpty ? "in no state" : current.state)"
                    + (current.error.map { ": \($0)" } ?? "")
                    + "; checkpoint \(current.checkpoint.rawValue) is \(lag) ms behind \(target.rawValue)"
            )
        case .timeout(let current):
            return WorkflowFailure(
                code: "timeout",
                message:
                    "timed out after \(GoDuration.format(Self.nanoseconds(self.timeout))): checkpoint \(current.checkpoint.rawValue) is still \(current.lagMilliseconds(behind: target)) ms behind \(target.rawValue) (state \(current.state))"
            )
        }
    }

    /// `CDC:ErrMySQLTxnError` from `[CDC:ErrMySQLTxnError]...`.
    static func errorCode(_ message: String) -> String? {
        guard message.hasPrefix("["), let end = message.firstIndex(of: "]") else { return nil }
        return String(message[message.index(after: message.startIndex)..<end])
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
