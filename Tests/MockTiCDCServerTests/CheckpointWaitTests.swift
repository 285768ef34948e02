import DRWorkflow
import Synchronization
import Testing
import TiCDCClient
import TiDBClient

/// `tidb-dr wait-checkpoint`'s logic against a scripted TiCDC and a clock that moves only when
/// the wait sleeps: every poll, lag line and timeout is deterministic and takes no real time.
@Suite struct CheckpointWaitTests {
    /// A TSO `milliseconds` after a fixed base.
    static func ms(_ milliseconds: UInt64) -> TSO {
        TSO(physicalMilliseconds: 1_700_000_000_000 + milliseconds, logical: 0)
    }

    @Test func reachesTheTSAndNotesTheShrinkingLag() async throws {
        let target = Self.ms(2_000)
        let source = ScriptedChangefeeds([
            .success(.init(id: "cf", state: "normal", checkpoint: Self.ms(0))),
            .success(.init(id: "cf", state: "normal", checkpoint: Self.ms(800))),
            .success(.init(id: "cf", state: "normal", checkpoint: Self.ms(800))),
            .success(.init(id: "cf", state: "normal", checkpoint: Self.ms(1_500))),
            .success(.init(id: "cf", state: "normal", checkpoint: TSO(rawValue: target.rawValue + 1))),
        ])
        let (report, notes, clock) = await Self.wait(for: target, source: source)
        #expect(report.result == .reached)
        #expect(report.checkpointTS == TSO(rawValue: target.rawValue + 1))
        #expect(report.lagMs == 0)
        #expect(report.steps.map(\.name) == ["resolve-target", "find-changefeed", "wait"])
        // One line each time the checkpoint moved, not for the poll where it stood still.
        #expect(notes.filter { $0.hasPrefix("  lag ") }.map { $0.split(separator: " ")[1] } == ["2000", "1200", "500"])
        #expect(clock.now.offset == .milliseconds(400))
        #expect(report.elapsed == "400ms")
        #expect(source.calls == 5)
    }

    @Test func timesOutWithTheLastCheckpointAndLag() async throws {
        let source = ScriptedChangefeeds([.success(.init(id: "cf", state: "normal", checkpoint: Self.ms(1_000)))])
        let (report, _, clock) = await Self.wait(for: Self.ms(4_000), source: source, timeout: .seconds(1))
        #expect(report.result == .timeout)
        #expect(report.errorCode == "timeout")
        #expect(report.lagMs == 3_000)
        #expect(report.checkpointTS == Self.ms(1_000))
        #expect(report.error?.contains("3000 ms behind") == true)
        // Polled at 0, 100, ..., 1000 ms: the last poll is at the deadline, not past it.
        #expect(clock.now.offset == .seconds(1))
        #expect(source.calls == 11)
        #expect(report.steps.last?.outcome == "failed")
    }

    @Test(arguments: ["warning", "failed", "stopped", "removed"])
    func givesUpAtOnceOnAChangefeedThatIsNotNormal(state: String) async throws {
        let source = ScriptedChangefeeds([
            .success(.init(id: "cf", state: "normal", checkpoint: Self.ms(0))),
            .success(.init(id: "cf", state: state, checkpoint: Self.ms(100), error: "[CDC:ErrMySQLTxnError]injected")),
        ])
        let (report, _, _) = await Self.wait(for: Self.ms(5_000), source: source, timeout: .seconds(60))
        #expect(report.result == .changefeedNotNormal)
        #expect(report.state == state)
        #expect(report.errorCode == "CDC:ErrMySQLTxnError")
        #expect(report.error?.contains("[CDC:ErrMySQLTxnError]injected") == true)
        #expect(source.calls == 2)
    }

    @Test func aCheckpointPastTheTSWinsOverTheState() async throws {
        let source = ScriptedChangefeeds([.success(.init(id: "cf", state: "stopped", checkpoint: Self.ms(9_000)))])
        let (report, _, _) = await Self.wait(for: Self.ms(5_000), source: source)
        #expect(report.result == .reached)
    }

    @Test func anUnknownChangefeedIsTiCDCsError() async throws {
        let missing = TiCDCClientError(
            message: "[CDC:ErrChangeFeedNotExists]changefeed not exists, nope",
            code: "CDC:ErrChangeFeedNotExists",
            status: 400
        )
        let (report, _, _) = await Self.wait(for: Self.ms(1), source: ScriptedChangefeeds([.failure(missing)]))
        #expect(report.result == .notFound)
        #expect(report.errorCode == "CDC:ErrChangeFeedNotExists")
        #expect(report.steps.map(\.outcome) == ["ok", "failed"])
        #expect(report.checkpointTS == nil)
    }

    @Test func tiCDCNotAnsweringIsPolledAgain() async throws {
        let source = ScriptedChangefeeds([
            .success(.init(id: "cf", state: "normal", checkpoint: Self.ms(0))),
            .failure(TiCDCClientError(message: "connection refused")),
            .success(.init(id: "cf", state: "normal", checkpoint: Self.ms(10))),
        ])
        let (report, notes, _) = await Self.wait(for: Self.ms(10), source: source)
        #expect(report.result == .reached)
        #expect(notes.contains { $0.contains("TiCDC did not answer") })
    }

    @Test func theTSComesFromThePositionReader() async throws {
        let source = ScriptedChangefeeds([.success(.init(id: "cf", state: "normal", checkpoint: Self.ms(50)))])
        let configuration = try ConnectionConfiguration(dsn: "mysql://dr:pw@127.0.0.1:4000")
        let (report, _, _) = await Self.wait(
            target: .positionFrom(configuration),
            source: source,
            readPosition: { _ async throws(TiDBClientError) in Self.ms(50) }
        )
        #expect(report.result == .reached)
        #expect(report.targetTS == Self.ms(50))
        #expect(report.targetSource == "SHOW MASTER STATUS Position on mysql://dr:xxxxx@127.0.0.1:4000")

        let refused = TiDBClientError(kind: .connection, errno: 2003, message: "Can't connect")
        let (failed, _, _) = await Self.wait(
            target: .positionFrom(configuration),
            source: source,
            readPosition: { _ async throws(TiDBClientError) in throw refused }
        )
        #expect(failed.result == .failed)
        #expect(failed.errorCode == "2003")
        #expect(failed.steps.map(\.name) == ["resolve-target"])
        #expect(failed.error?.contains("pw") == false)
    }

    @Test func aDryRunReadsOnceAndWaitsForNothing() async throws {
        let source = ScriptedChangefeeds([.success(.init(id: "cf", state: "normal", checkpoint: Self.ms(0)))])
        let (report, _, clock) = await Self.wait(for: Self.ms(1_000), source: source, dryRun: true)
        #expect(report.result == .dryRun)
        #expect(report.lagMs == 1_000)
        #expect(report.steps.map(\.name) == ["resolve-target", "find-changefeed"])
        #expect(clock.now.offset == .zero)
        #expect(source.calls == 1)
    }

    @Test func theJSONHasTheDocumentedKeys() async throws {
        let source = ScriptedChangefeeds([.success(.init(id: "cf", state: "normal", checkpoint: Self.ms(10)))])
        let (report, _, _) = await Self.wait(for: Self.ms(10), source: source)
        let json = try ReportJSON.encodeSnakeCase(report)
        for key in ["changefeed", "target_ts", "checkpoint_ts", "lag_ms", "state", "elapsed", "result"] {
            #expect(json.contains("\"\(key)\":"), "\(key) in \(json)")
        }
    }

    @Test func serverURLsLoseTheirPassword() {
        #expect(ServerURL.redacted("http://admin:hunter2@127.0.0.1:8300/x") == "http://admin:xxxxx@127.0.0.1:8300/x")
        #expect(ServerURL.redacted("http://127.0.0.1:8300") == "http://127.0.0.1:8300")
    }

    // MARK: Support

    static func wait(
        for target: TSO,
        source: ScriptedChangefeeds,
        timeout: Duration = .seconds(10),
        dryRun: Bool = false
    ) async -> (CheckpointWaitReport, [String], SteppingClock) {
        await Self.wait(target: .ts(target), source: source, timeout: timeout, dryRun: dryRun)
    }

    static func wait(
        target: CheckpointWaitOptions.Target,
        source: ScriptedChangefeeds,
        timeout: Duration = .seconds(10),
        dryRun: Bool = false,
        readPosition: CheckpointWait<SteppingClock>.PositionReader? = nil
    ) async -> (CheckpointWaitReport, [String], SteppingClock) {
        let clock = SteppingClock()
        let notes = Notes()
        let wait = CheckpointWait(
            options: CheckpointWaitOptions(
                changefeed: "cf",
                target: target,
                cdc: "http://127.0.0.1:8300",
                timeout: timeout,
                interval: .milliseconds(100),
                dryRun: dryRun
            ),
            source: source,
            progress: LineProgress(write: { notes.append($0) }),
            clock: clock,
            logger: TopologyTestSupport.logger,
            readPosition: readPosition
        )
        return (await wait.run(), notes.lines, clock)
    }
}

/// A TiCDC that answers from a script, repeating its last answer.
final class ScriptedChangefeeds: ChangefeedSource {
    private let state: Mutex<(script: [Result<ChangefeedProgress, TiCDCClientError>], calls: Int)>

    init(_ script: [Result<ChangefeedProgress, TiCDCClientError>]) {
        self.state = Mutex((script, 0))
    }

    var calls: Int { self.state.withLock { $0.calls } }

    func changefeedProgress(_ id: String) async throws(TiCDCClientError) -> ChangefeedProgress {
        let answer = self.state.withLock { state in
            state.calls += 1
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
        return try answer.get()
    }

    func allChangefeeds() async throws(TiCDCClientError) -> [ChangefeedProgress] {
        [try await self.changefeedProgress("cf")]
    }
}

/// A clock whose sleeps return at once, having moved the clock to their deadline.
final class SteppingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: self.offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - self.offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))
    var now: Instant { self.current.withLock { $0 } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        self.current.withLock { $0 = max($0, deadline) }
    }
}

final class Notes: Sendable {
    private let stored = Mutex<[String]>([])
    func append(_ line: String) { self.stored.withLock { $0.append(line) } }
    var lines: [String] { self.stored.withLock { $0 } }
}
