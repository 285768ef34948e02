import Testing

@testable import TiCDCCore

/// The owner's state machine (`feed_state_manager.go`; ticdc-api.md §3, filter-and-sink.md §c):
/// one event in, the actions out, every transition compared as plain values.
@Suite struct ChangefeedMachineTests {
    static let address = "127.0.0.1:8300"
    static let refused = TiCDCError.mysqlConnection("dial tcp 10.1.1.4:4000: connect: connection refused")
    /// 2024-09-19 10:10:46.963 UTC.
    static let t0: Int64 = 1_726_740_646_963

    /// A machine that is retrying after one failure at `t0` with the checkpoint at 100.
    static func failedOnce() -> ChangefeedMachine {
        var machine = ChangefeedMachine()
        _ = machine.processorFailed(Self.refused, address: Self.address, checkpoint: 100, nowMilliseconds: Self.t0)
        return machine
    }

    @Test func createdChangefeedIsNormalAndStartsItsProcessor() {
        var machine = ChangefeedMachine()
        #expect(machine.state == .normal)
        #expect(machine.error == nil && machine.warning == nil)
        #expect(machine.started() == [.startProcessor])
    }

    @Test(arguments: [FeedState.stopped, .failed, .finished])
    func aServerRestartLeavesNonRunningChangefeedsAlone(_ state: FeedState) {
        var machine = ChangefeedMachine(state: state)
        #expect(machine.started() == [])
        #expect(machine.state == state)
    }

    @Test func aServerRestartRunsAWarningChangefeed() {
        var machine = ChangefeedMachine(state: .warning)
        #expect(machine.started() == [.startProcessor])
    }

    /// A new owner's `feedStateManager` has never retried (`lastErrorRetryTime` is zero), so its
    /// first tick retries a `pending` changefeed at once (filter-and-sink.md §c.3 step 2).
    @Test func aServerRestartRetriesAPendingChangefeed() {
        var machine = ChangefeedMachine(state: .pending)
        #expect(machine.started() == [.startProcessor, .persist])
        #expect(machine.state == .warning)
    }

    @Test func pauseStopsTheProcessorAndResumeRestartsIt() {
        var machine = ChangefeedMachine()
        #expect(machine.pause() == [.stopProcessor, .persist])
        #expect(machine.state == .stopped)
        #expect(machine.resume() == [.startProcessor, .persist])
        #expect(machine.state == .normal)
    }

    @Test func pausingAPendingChangefeedPersistsWithoutStoppingAnIdleProcessor() {
        var machine = Self.failedOnce()
        #expect(machine.state == .pending)
        #expect(machine.pause() == [.persist])
        #expect(machine.state == .stopped)
        // The backoff that was due does nothing to a stopped changefeed.
        #expect(machine.retryDue() == [])
        #expect(machine.state == .stopped)
    }

    /// Classic TiCDC answers 200 and ignores a pause outside normal/warning/pending and a resume
    /// outside failed/stopped/finished (ticdc-api.md §2.7, §2.8): the machine changes nothing.
    @Test func pauseAndResumeInTheWrongStateChangeNothing() {
        var normal = ChangefeedMachine()
        #expect(normal.resume() == [])
        #expect(normal.state == .normal)

        var warning = Self.failedOnce()
        _ = warning.retryDue()
        #expect(warning.resume() == [])
        #expect(warning.state == .warning)

        for state in [FeedState.stopped, .failed, .finished, .removed] {
            var machine = ChangefeedMachine(state: state)
            #expect(machine.pause() == [])
            #expect(machine.state == state)
        }
        var removed = ChangefeedMachine(state: .removed)
        #expect(removed.resume() == [])
        #expect(removed.state == .removed)
    }

    /// The first retry comes at the owner's next tick: the backoff's "last retry" is the epoch
    /// (filter-and-sink.md §c.3 step 2).
    @Test func retryableErrorGoesPendingAndRetriesAtTheNextTick() {
        var machine = ChangefeedMachine()
        let actions = machine.processorFailed(
            Self.refused,
            address: Self.address,
            checkpoint: 100,
            nowMilliseconds: Self.t0
        )
        #expect(actions == [.stopProcessor, .persist, .retry(after: .milliseconds(50))])
        #expect(machine.state == .pending)
        #expect(machine.state.listed == .warning)
        #expect(machine.warning == nil)
        let recorded = machine.error
        #expect(recorded?.code == "CDC:ErrMySQLConnectionError")
        #expect(
            recorded?.message
                == "[CDC:ErrMySQLConnectionError]fail to open MySQL connection: dial tcp 10.1.1.4:4000: connect: connection refused"
        )
        #expect(recorded?.address == Self.address)
        #expect(recorded?.timeMilliseconds == Self.t0)

        #expect(machine.retryDue() == [.startProcessor, .persist])
        #expect(machine.state == .warning)
        // Not pending any more: a second due retry does nothing.
        #expect(machine.retryDue() == [])
    }

    /// `HandleError` writes a retryable error to `info.Error` (filter-and-sink.md §c.3 step 1), which
    /// GET /api/v2/changefeeds/{id} shows as `error` while pending or warning (ticdc-api.md §2.4).
    @Test func retryableErrorIsTheChangefeedsError() {
        var machine = Self.failedOnce()
        #expect(machine.error?.code == "CDC:ErrMySQLConnectionError")
        // Back to normal, `info.error` stays (the API hides it while normal); resume clears it.
        _ = machine.retryDue()
        _ = machine.checkpointAdvanced(to: 101)
        #expect(machine.state == .normal && machine.error?.code == "CDC:ErrMySQLConnectionError")
        _ = machine.pause()
        _ = machine.resume()
        #expect(machine.error == nil)
    }

    /// 0 (the next tick), 20 s, 40 s, ... 10 min (filter-and-sink.md §c.3 step 3).
    @Test func backoffDoublesUpToTenMinutes() {
        var machine = ChangefeedMachine()
        var waits: [Duration] = []
        for attempt in 0..<9 {
            let actions = machine.processorFailed(
                Self.refused,
                address: Self.address,
                checkpoint: 100,
                nowMilliseconds: Self.t0 + Int64(attempt) * 1000
            )
            for case .retry(let wait) in actions { waits.append(wait) }
            #expect(machine.retryDue() == [.startProcessor, .persist])
        }
        #expect(waits == [.milliseconds(50)] + [20, 40, 80, 160, 320, 600, 600, 600].map { Duration.seconds($0) })
    }

    @Test func checkpointPastTheRetryPointEndsTheWarningAndResetsTheBackoff() {
        var machine = Self.failedOnce()
        #expect(machine.checkpointAdvanced(to: 200) == [])  // still pending: nothing yet
        _ = machine.retryDue()
        #expect(machine.checkpointAdvanced(to: 100) == [])  // not past where the retry began
        #expect(machine.state == .warning)
        #expect(machine.checkpointAdvanced(to: 101) == [.persist])
        #expect(machine.state == .normal)
        #expect(machine.warning == nil)
        // A later failure starts a fresh backoff.
        let actions = machine.processorFailed(
            Self.refused,
            address: Self.address,
            checkpoint: 300,
            nowMilliseconds: Self.t0 + 60_000
        )
        #expect(actions == [.stopProcessor, .persist, .retry(after: .milliseconds(50))])
        #expect(machine.checkpointAdvanced(to: 400) == [])  // normal machines ignore checkpoints
    }

    /// The backoff gives up once the time retrying plus the next wait would pass the stuck
    /// duration (`MaxElapsedTime`, filter-and-sink.md §c.3 step 4).
    @Test func failingForTheStuckDurationFailsTheChangefeed() {
        var machine = ChangefeedMachine()
        let thirtyMinutes: Int64 = 30 * 60_000
        _ = machine.processorFailed(Self.refused, address: Self.address, checkpoint: 100, nowMilliseconds: Self.t0)
        _ = machine.retryDue()
        // The next wait is 20 s: a failure 20 s before the limit still retries.
        let beforeLimit = machine.processorFailed(
            Self.refused,
            address: Self.address,
            checkpoint: 100,
            nowMilliseconds: Self.t0 + thirtyMinutes - 20_000
        )
        #expect(beforeLimit.contains(.stopProcessor) && machine.state == .pending)
        _ = machine.retryDue()
        // Then 40 s: one 39 s before the limit gives up.
        let atLimit = machine.processorFailed(
            Self.refused,
            address: Self.address,
            checkpoint: 100,
            nowMilliseconds: Self.t0 + thirtyMinutes - 39_000
        )
        #expect(atLimit == [.stopProcessor, .persist])
        #expect(machine.state == .failed)
        #expect(machine.warning == nil)
        #expect(machine.error?.timeMilliseconds == Self.t0 + thirtyMinutes - 39_000)
        // Failed is final until resumed: errors and due retries change nothing.
        #expect(
            machine.processorFailed(Self.refused, address: Self.address, checkpoint: 1, nowMilliseconds: Self.t0) == []
        )
        #expect(machine.retryDue() == [])
        #expect(machine.resume() == [.startProcessor, .persist])
        #expect(machine.state == .normal && machine.error == nil)
    }

    /// Given up after the stuck duration, the last error stays in `info.Error` with its own code;
    /// `ErrChangefeedUnretryable` is for the warning path only (ticdc-api.md §3, filter-and-sink.md
    /// §c.3 steps 4–5).
    @Test func givingUpKeepsTheLastErrorsCode() {
        var machine = ChangefeedMachine(retry: .init(stuckAfter: .seconds(60)))
        _ = machine.processorFailed(Self.refused, address: Self.address, checkpoint: 1, nowMilliseconds: Self.t0)
        _ = machine.retryDue()
        _ = machine.processorFailed(
            Self.refused,
            address: Self.address,
            checkpoint: 1,
            nowMilliseconds: Self.t0 + 60_000
        )
        #expect(machine.state == .failed)
        #expect(machine.error?.code == "CDC:ErrMySQLConnectionError")
        #expect(machine.error?.message == Self.refused.message)
    }

    @Test(arguments: [
        TiCDCError.snapshotLostByGC(checkpoint: 434_694_781_803_429_888, safePoint: 434_694_781_803_429_888),
        .gcTTLExceeded(checkpoint: 434_694_781_803_429_888, changefeed: "dr-primary-to-secondary"),
        .startTSBeforeGC(startTS: 5, safePoint: 6),
        .sinkURIInvalid("sink uri invalid 'x://'"),
    ])
    func unretryableErrorsFailARunningChangefeedAtOnce(_ failure: TiCDCError) {
        var machine = ChangefeedMachine()
        #expect(
            machine.processorFailed(failure, address: Self.address, checkpoint: 1, nowMilliseconds: Self.t0) == [
                .stopProcessor, .persist,
            ]
        )
        #expect(machine.state == .failed)
        #expect(machine.error == RunningError(failure, address: Self.address, atMilliseconds: Self.t0))
    }

    @Test func aStoppedChangefeedIgnoresRetryableErrorsButNotGCErrors() {
        var machine = ChangefeedMachine(state: .stopped)
        #expect(
            machine.processorFailed(Self.refused, address: Self.address, checkpoint: 1, nowMilliseconds: Self.t0) == []
        )
        #expect(machine.state == .stopped && machine.error == nil && machine.warning == nil)

        let lost = TiCDCError.snapshotLostByGC(checkpoint: 10, safePoint: 20)
        // No processor runs while stopped: nothing to stop.
        #expect(
            machine.processorFailed(lost, address: Self.address, checkpoint: 1, nowMilliseconds: Self.t0) == [.persist]
        )
        #expect(machine.state == .failed)
        #expect(machine.error?.code == "CDC:ErrSnapshotLostByGC")
    }

    @Test func reachingTheTargetFinishesARunningChangefeed() {
        var machine = ChangefeedMachine()
        #expect(machine.targetReached() == [.stopProcessor, .persist])
        #expect(machine.state == .finished)
        #expect(machine.targetReached() == [])
        #expect(machine.resume() == [.startProcessor, .persist])
        #expect(machine.state == .normal)

        var warning = Self.failedOnce()
        _ = warning.retryDue()
        #expect(warning.targetReached() == [.stopProcessor, .persist])
        #expect(warning.state == .finished && warning.warning == nil)

        var stopped = ChangefeedMachine(state: .stopped)
        #expect(stopped.targetReached() == [])
        #expect(stopped.state == .stopped)
    }

    @Test func feedStateNumbersAndListingsAreTiCDCs() {
        // `FeedState.ToInt` (ticdc-sink-redo-metrics.md §1).
        let values = FeedState.allCases.map { "\($0.rawValue)=\($0.metricValue)" }
        #expect(values == ["normal=0", "pending=1", "failed=2", "stopped=3", "removed=5", "finished=4", "warning=6"])
        #expect(FeedState.allCases.filter(\.isRunning) == [.normal, .warning])
        #expect(FeedState.allCases.filter { !$0.isListedByDefault } == [.removed, .finished])
        #expect(
            FeedState.allCases.map(\.listed.rawValue) == [
                "normal", "warning", "failed", "stopped", "removed", "finished", "warning",
            ]
        )
    }

    @Test func retryDefaultsAreTiCDCs() {
        let retry = ChangefeedMachine.Retry()
        #expect(retry.initial == .seconds(10))
        #expect(retry.maximum == .seconds(600))
        #expect(retry.stuckAfter == .seconds(1800))
        #expect(ChangefeedMachine.milliseconds(.milliseconds(1500)) == 1500)
        #expect(ChangefeedMachine.milliseconds(.seconds(1800)) == 1_800_000)
    }
}
