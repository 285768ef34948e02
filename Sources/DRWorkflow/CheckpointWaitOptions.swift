public import TiDBClient

/// The inputs of `tidb-dr wait-checkpoint`.
public struct CheckpointWaitOptions: Sendable {
    /// Where the TS to wait for comes from.
    public enum Target: Sendable {
        /// A TS given on the command line (`--ts`).
        case ts(TSO)
        /// `SHOW MASTER STATUS` Position on this cluster, read once at the start (`--position-from`).
        case positionFrom(ConnectionConfiguration)
    }

    public var changefeed: String
    public var target: Target
    /// The TiCDC server, as reported (credentials redacted).
    public var cdc: String
    public var timeout: Duration
    public var interval: Duration
    /// Resolve the TS and read the changefeed once; do not wait.
    public var dryRun: Bool

    public init(
        changefeed: String,
        target: Target,
        cdc: String,
        timeout: Duration = .seconds(600),
        interval: Duration = .seconds(1),
        dryRun: Bool = false
    ) {
        self.changefeed = changefeed
        self.target = target
        self.cdc = cdc
        self.timeout = timeout
        self.interval = interval
        self.dryRun = dryRun
    }
}
