/// A changefeed's state (`cdc/model/changefeed.go` `FeedState`).
public enum FeedState: String, Codable, Sendable, CaseIterable {
    case normal, pending, failed, stopped, removed, finished, warning

    /// `ticdc_owner_status`'s value (`FeedState.ToInt`).
    public var metricValue: Int {
        switch self {
        case .normal: 0
        case .pending: 1
        case .failed: 2
        case .stopped: 3
        case .finished: 4
        case .removed: 5
        case .warning: 6
        }
    }

    /// What the list API and `query -s` show: `pending` is reported as `warning`.
    public var listed: FeedState { self == .pending ? .warning : self }

    /// Whether its processor should be replicating.
    public var isRunning: Bool { self == .normal || self == .warning }

    /// Shown by the list without `state=all`: everything but finished and removed.
    public var isListedByDefault: Bool { self != .finished && self != .removed }
}

/// An error a changefeed records (`RunningError`): where, the code and TiCDC's message.
public struct RunningError: Codable, Sendable, Equatable {
    /// When it happened, Unix milliseconds (the list API prints it as RFC 3339).
    public var timeMilliseconds: Int64
    public var address: String
    public var code: String
    public var message: String

    public init(_ error: TiCDCError, address: String, atMilliseconds: Int64) {
        self.timeMilliseconds = atMilliseconds
        self.address = address
        self.code = error.code
        self.message = error.message
    }
}

/// A changefeed's life as TiCDC's owner runs it (`cdc/owner/feed_state_manager.go`; ticdc-api.md
/// §3): events in, actions out, every state handled in one switch. Time is Unix milliseconds from
/// the caller's clock.
public struct ChangefeedMachine: Sendable, Equatable {
    public struct Retry: Sendable, Equatable {
        /// The backoff's first interval (TiCDC: 10 s). The first retry after an error comes at
        /// once (the owner's next tick); then waits double from twice this up to `maximum`:
        /// 0, 20 s, 40 s, ... 10 min (docs/ticdc/filter-and-sink.md §c.3).
        public var initial: Duration
        public var maximum: Duration
        /// Retrying longer than this fails the changefeed (`changefeed_error_stuck_duration`).
        public var stuckAfter: Duration
        /// The owner's tick: how soon the first retry comes.
        public var tick: Duration

        public init(
            initial: Duration = .seconds(10),
            maximum: Duration = .seconds(600),
            stuckAfter: Duration = .seconds(1800),
            tick: Duration = .milliseconds(50)
        ) {
            self.initial = initial
            self.maximum = maximum
            self.stuckAfter = stuckAfter
            self.tick = tick
        }
    }

    public enum Action: Sendable, Equatable {
        case startProcessor
        case stopProcessor
        /// Call `retryDue(now:)` after this long.
        case retry(after: Duration)
        /// The changefeed's info changed (state, error): persist it.
        case persist
    }

    public private(set) var state: FeedState
    /// `info.Error`: the last error, retryable or not; shown while failed, pending or warning,
    /// and cleared only by resume.
    public private(set) var error: RunningError?
    /// `info.Warning`: what a sink reports without stopping (not the MySQL sink's errors).
    public private(set) var warning: RunningError?
    let retry: Retry
    private var backoff: Duration
    private var retryingSinceMilliseconds: Int64?
    /// The checkpoint when the processor was last restarted: passing it ends the warning.
    private var retryCheckpoint: UInt64 = 0

    public init(state: FeedState = .normal, error: RunningError? = nil, retry: Retry = Retry()) {
        self.state = state
        self.error = error
        self.retry = retry
        self.backoff = retry.initial
    }

    /// The changefeed is created or the server starts with it: run it if its state says so. A new
    /// owner retries a pending one at once (its last retry time is unknown, so it is due).
    public mutating func started() -> [Action] {
        if self.state == .pending { return self.retryDue() }
        return self.state.isRunning ? [.startProcessor] : []
    }

    /// The processor stopped on an error.
    public mutating func processorFailed(
        _ failure: TiCDCError,
        address: String,
        checkpoint: UInt64,
        nowMilliseconds now: Int64
    ) -> [Action] {
        let recorded = RunningError(failure, address: address, atMilliseconds: now)
        switch self.state {
        case .normal, .warning, .pending:
            if failure.isUnretryable {
                return self.fail(recorded)
            }
            // The first error resets the backoff and retries at the next tick; later ones wait
            // twice as long each time. Once the time retrying plus the next wait passes the stuck
            // duration, the changefeed fails with its last error.
            let wait: Duration
            if let since = self.retryingSinceMilliseconds {
                self.backoff =
                    self.backoff == .zero ? self.retry.initial * 2 : min(self.backoff * 2, self.retry.maximum)
                if now - since + Self.milliseconds(self.backoff) > Self.milliseconds(self.retry.stuckAfter) {
                    return self.fail(recorded)
                }
                wait = self.backoff
            } else {
                self.retryingSinceMilliseconds = now
                self.backoff = .zero
                wait = self.retry.tick
            }
            self.state = .pending
            self.error = recorded
            self.retryCheckpoint = checkpoint
            return [.stopProcessor, .persist, .retry(after: wait)]
        case .stopped:
            // A stopped changefeed ignores errors, except those GC makes fatal.
            return failure.isUnretryable ? self.fail(recorded, stopProcessor: false) : []
        case .failed, .finished, .removed:
            return []
        }
    }

    /// The backoff after an error has passed: try again.
    public mutating func retryDue() -> [Action] {
        guard self.state == .pending else { return [] }
        self.state = .warning
        return [.startProcessor, .persist]
    }

    /// The checkpoint moved: a warning ends once it passes where the retry began.
    public mutating func checkpointAdvanced(to checkpoint: UInt64) -> [Action] {
        guard self.state == .warning, checkpoint > self.retryCheckpoint else { return [] }
        // `info.error` stays (the API hides it while normal); the next error starts afresh.
        self.state = .normal
        self.retryingSinceMilliseconds = nil
        return [.persist]
    }

    /// `pause`: effective from normal, warning and pending; a no-op otherwise (classic TiCDC).
    public mutating func pause() -> [Action] {
        switch self.state {
        case .normal, .warning, .pending:
            let wasRunning = self.state.isRunning
            self.state = .stopped
            self.retryingSinceMilliseconds = nil
            return (wasRunning ? [.stopProcessor] : []) + [.persist]
        case .stopped, .failed, .finished, .removed:
            return []
        }
    }

    /// `resume`: from failed, stopped and finished, with errors cleared; ignored otherwise.
    public mutating func resume() -> [Action] {
        switch self.state {
        case .failed, .stopped, .finished:
            self.state = .normal
            self.error = nil
            self.warning = nil
            self.retryingSinceMilliseconds = nil
            return [.startProcessor, .persist]
        case .normal, .warning, .pending, .removed:
            return []
        }
    }

    /// The checkpoint reached `target_ts`.
    public mutating func targetReached() -> [Action] {
        guard self.state.isRunning else { return [] }
        self.state = .finished
        self.warning = nil
        return [.stopProcessor, .persist]
    }

    private mutating func fail(_ error: RunningError, stopProcessor: Bool = true) -> [Action] {
        let wasRunning = self.state.isRunning
        self.state = .failed
        self.error = error
        self.warning = nil
        self.retryingSinceMilliseconds = nil
        return (stopProcessor && wasRunning ? [.stopProcessor] : []) + [.persist]
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
