import GoFormats
public import Logging
import TiCDCClient
public import TiDBClient

/// The catch-up check (`tidb-dr wait-checkpoint`) as named steps:
///
/// 1. `resolve-target`: the TS to reach, given or read as `SHOW MASTER STATUS` Position;
/// 2. `find-changefeed`: `GET /api/v2/changefeeds/{id}`: it must exist;
/// 3. `wait`: poll every `interval` until `checkpoint_ts >= TS`, noting the lag each time the
///    checkpoint moves. It gives up at `timeout`, and at once when the changefeed is not
///    `normal` (`warning`, `failed`, `stopped`, `removed`, or finished short of the TS), with
///    its state and error. A checkpoint at or past the TS wins over the state: everything up to
///    the TS is downstream whatever happens to the changefeed next.
///
/// TiCDC not answering during `wait` is noted and polled again until the timeout; an answer that
/// is an error (the changefeed was removed meanwhile) ends the wait.
public struct CheckpointWait<C: Clock<Duration>>: Sendable {
    public typealias PositionReader = @Sendable (ConnectionConfiguration) async throws(TiDBClientError) -> TSO

    public let options: CheckpointWaitOptions
    let source: any ChangefeedSource
    let progress: any WorkflowProgress
    let clock: C
    let readPosition: PositionReader

    /// `readPosition` reads `SHOW MASTER STATUS` on a new connection unless a test replaces it.
    public init(
        options: CheckpointWaitOptions,
        source: any ChangefeedSource,
        progress: any WorkflowProgress,
        clock: C,
        logger: Logger,
        readPosition: PositionReader? = nil
    ) {
        self.options = options
        self.source = source
        self.progress = progress
        self.clock = clock
        if let readPosition {
            self.readPosition = readPosition
        } else {
            self.readPosition = { configuration async throws(TiDBClientError) -> TSO in
                let connection = try await TiDBConnection.connect(configuration, logger: logger)
                do throws(TiDBClientError) {
                    let status = try await connection.masterStatus()
                    await connection.close()
                    return status.tso
                } catch {
                    await connection.close()
                    throw error
                }
            }
        }
    }

    static var steps: [WorkflowStep] {
        [
            WorkflowStep(name: "resolve-target", summary: "the TS the checkpoint must reach"),
            WorkflowStep(name: "find-changefeed", summary: "read the changefeed from TiCDC"),
            WorkflowStep(name: "wait", summary: "poll until checkpoint_ts >= the TS"),
        ]
    }

    public var targetSource: String {
        switch self.options.target {
        case .ts: "--ts"
        case .positionFrom(let configuration): "SHOW MASTER STATUS Position on \(configuration.redactedDSN)"
        }
    }

    public func run() async -> CheckpointWaitReport {
        var report = CheckpointWaitReport(
            changefeed: self.options.changefeed,
            cdc: self.options.cdc,
            targetSource: self.targetSource
        )
        let steps = self.options.dryRun ? Array(Self.steps.prefix(2)) : Self.steps
        var runner = StepRunner(steps: steps, progress: self.progress, clock: self.clock)
        let start = self.clock.now
        do throws(WorkflowFailure) {
            try await self.wait(&runner, &report)
        } catch {
            if report.result.succeeded { report.result = .failed }
            report.error = error.message
            report.errorCode = error.code
        }
        report.elapsed = GoDuration.format(CheckpointPoller<C>.nanoseconds(start.duration(to: self.clock.now)))
        report.steps = runner.records
        return report
    }

    private func wait(_ runner: inout StepRunner<C>, _ report: inout CheckpointWaitReport) async throws(WorkflowFailure)
    {
        let options = self.options
        let target = try await runner.run("resolve-target") { () throws(WorkflowFailure) in
            switch options.target {
            case .ts(let ts):
                return (ts, "TS \(ts)")
            case .positionFrom(let configuration):
                do throws(TiDBClientError) {
                    let ts = try await self.readPosition(configuration)
                    return (ts, "SHOW MASTER STATUS Position \(ts) on \(configuration.redactedDSN)")
                } catch {
                    var failure = WorkflowFailure(error)
                    failure.message = "\(configuration.redactedDSN): " + failure.message
                    throw failure
                }
            }
        }
        report.targetTS = target

        let first = try await runner.run("find-changefeed") { () throws(WorkflowFailure) in
            let found = try await self.read(&report)
            Self.record(found, target: target, in: &report)
            return (
                found,
                "state \(found.state), checkpoint \(found.checkpoint.rawValue), lag \(found.lagMilliseconds(behind: target)) ms"
            )
        }

        if options.dryRun {
            self.progress.note(
                "dry run: nothing was waited for; the changefeed is \(first.state), \(first.lagMilliseconds(behind: target)) ms behind the TS"
            )
            report.result = .dryRun
            return
        }

        try await runner.run("wait") { () throws(WorkflowFailure) in
            let poller = CheckpointPoller(
                source: self.source,
                progress: self.progress,
                clock: self.clock,
                timeout: options.timeout,
                interval: options.interval
            )
            let outcome: CheckpointPoller<C>.Outcome
            do throws(WorkflowFailure) {
                outcome = try await poller.wait(options.changefeed, until: target, first: first) {
                    Self.record($0, target: target, in: &report)
                }
            } catch {
                report.result = error.code == "CDC:ErrChangeFeedNotExists" ? .notFound : .failed
                report.errorCode = error.code
                throw error
            }
            switch outcome {
            case .reached(let current):
                report.result = .reached
                return ((), "checkpoint \(current.checkpoint.rawValue) >= \(target.rawValue)")
            case .timeout: report.result = .timeout
            case .notNormal: report.result = .changefeedNotNormal
            }
            throw poller.failure(outcome, target: target)!
        }
    }

    /// The changefeed, or a failure: `not-found` for TiCDC's `CDC:ErrChangeFeedNotExists`;
    /// `unreachable` (code) when no answer came.
    private func read(_ report: inout CheckpointWaitReport) async throws(WorkflowFailure) -> ChangefeedProgress {
        do throws(TiCDCClientError) {
            return try await self.source.changefeedProgress(self.options.changefeed)
        } catch {
            let failure = WorkflowFailure(error)
            report.result = failure.code == "CDC:ErrChangeFeedNotExists" ? .notFound : .failed
            report.errorCode = failure.code
            throw failure
        }
    }

    private static func record(_ progress: ChangefeedProgress, target: TSO, in report: inout CheckpointWaitReport) {
        report.checkpointTS = progress.checkpoint
        report.lagMs = progress.lagMilliseconds(behind: target)
        report.state = progress.state
        report.error = progress.error
    }
}
