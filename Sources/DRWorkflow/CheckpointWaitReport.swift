public import TiDBClient

/// The outcome of `tidb-dr wait-checkpoint` (`--json`: one object, snake_case keys).
public struct CheckpointWaitReport: Sendable, Codable {
    public enum Result: String, Sendable, Codable {
        /// `checkpoint_ts >= target_ts`.
        case reached
        /// The timeout passed first; `checkpoint_ts` and `lag_ms` are the last seen.
        case timeout
        /// The changefeed is `warning`, `failed`, `stopped`, `removed` (or finished short of the TS).
        case changefeedNotNormal = "changefeed-not-normal"
        /// TiCDC answered that the changefeed does not exist (`CDC:ErrChangeFeedNotExists`).
        case notFound = "not-found"
        /// Anything else: the TS could not be read, TiCDC could not be reached.
        case failed
        /// `--dry-run`: the TS and the changefeed were read, nothing waited for.
        case dryRun = "dry-run"

        public var succeeded: Bool { self == .reached || self == .dryRun }
    }

    public var result: Result = .failed
    public var changefeed: String
    public var cdc: String
    /// `--ts`, or `SHOW MASTER STATUS Position on <dsn>`.
    public var targetSource: String
    public var targetTS: TSO?
    public var checkpointTS: TSO?
    /// target − checkpoint in milliseconds of physical time (0 once reached).
    public var lagMs: Int64?
    public var state: String?
    /// The changefeed's error, or why the wait failed.
    public var error: String?
    /// The failure's code: TiCDC's (`CDC:Err...`), the server's errno, `timeout` or `changefeed-state`.
    public var errorCode: String?
    /// Go duration text (`2.5s`).
    public var elapsed: String = "0s"
    public var steps: [MigrationReport.StepRecord] = []

    public init(changefeed: String, cdc: String, targetSource: String) {
        self.changefeed = changefeed
        self.cdc = cdc
        self.targetSource = targetSource
    }
}

extension CheckpointWaitReport {
    /// The result on stdout without `--json` (progress went to stderr).
    public var text: String {
        var lines: [String] = []
        let target = self.targetTS.map { String($0.rawValue) } ?? "?"
        let checkpoint = self.checkpointTS.map { String($0.rawValue) } ?? "?"
        switch self.result {
        case .reached:
            lines.append("changefeed \(self.changefeed): checkpoint \(checkpoint) >= \(target) after \(self.elapsed)")
        case .dryRun:
            lines.append(
                "dry run: changefeed \(self.changefeed) is \(self.state ?? "?"), checkpoint \(checkpoint), \(self.lagMs.map(String.init) ?? "?") ms behind \(target); nothing was waited for"
            )
        case .timeout, .changefeedNotNormal, .notFound, .failed:
            lines.append("wait-checkpoint failed (\(self.result.rawValue)): \(self.error ?? "?")")
            lines.append(
                "changefeed \(self.changefeed): state \(self.state ?? "?"), checkpoint \(checkpoint), target \(target), lag \(self.lagMs.map { "\($0) ms" } ?? "?")"
            )
        }
        return lines.joined(separator: "\n")
    }
}
