public import TiDBClient

/// The inputs of `tidb-dr switchover`. `primary`/`secondary`/`changefeedID`/`reverseID` name the
/// first switchover; when only `reverseID` exists (the switchover already ran), the roles are
/// read the other way round and the same command switches back.
public struct SwitchoverOptions: Sendable {
    public var primary: ConnectionConfiguration
    public var secondary: ConnectionConfiguration
    /// The TiCDC server, as reported (credentials redacted).
    public var cdc: String
    public var changefeedID: String
    public var reverseID: String
    /// Set `tidb_super_read_only` on the current primary so writes stop (else they must have).
    public var fence: Bool
    /// The PD of the cluster that becomes the primary (`host:port` or URL); nil: read it from
    /// that cluster's `information_schema.cluster_info`.
    public var newUpstreamPD: String?
    /// Sink URIs for the two directions; nil: each cluster as the driver reaches it.
    public var primarySinkURI: String?
    public var secondarySinkURI: String?
    public var timeout: Duration
    public var interval: Duration
    public var maxKeys: Int
    public var dryRun: Bool

    public init(
        primary: ConnectionConfiguration,
        secondary: ConnectionConfiguration,
        cdc: String,
        changefeedID: String,
        reverseID: String,
        fence: Bool = false,
        newUpstreamPD: String? = nil,
        primarySinkURI: String? = nil,
        secondarySinkURI: String? = nil,
        timeout: Duration = .seconds(600),
        interval: Duration = .milliseconds(200),
        maxKeys: Int = 10,
        dryRun: Bool = false
    ) {
        self.primary = primary
        self.secondary = secondary
        self.cdc = cdc
        self.changefeedID = changefeedID
        self.reverseID = reverseID
        self.fence = fence
        self.newUpstreamPD = newUpstreamPD
        self.primarySinkURI = primarySinkURI
        self.secondarySinkURI = secondarySinkURI
        self.timeout = timeout
        self.interval = interval
        self.maxKeys = maxKeys
        self.dryRun = dryRun
    }
}

/// The outcome of `tidb-dr switchover` (`--json`: one object, snake_case keys).
public struct SwitchoverReport: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case succeeded
        case failed
        case dryRun = "dry-run"
    }

    public var outcome: Outcome = .failed
    /// `forward` (`--primary` was the primary) or `back` (the reverse changefeed existed).
    public var direction: String?
    public var oldPrimary: String?
    public var newPrimary: String?
    /// The changefeed removed, and the reverse one created.
    public var changefeed: String?
    public var reverseChangefeed: String?
    public var cdc: String
    /// `SHOW MASTER STATUS` Position on the old primary once writes stopped.
    public var position: TSO?
    public var finalCheckpoint: TSO?
    public var tablesCompared: Int?
    public var differences: [VerifyReport.TableVerdict] = []
    public var fenced: Bool = false
    /// `tidb_super_read_only` on each side when the command ended (nil: not read).
    public var oldPrimaryReadOnlyAtEnd: Bool?
    public var newPrimaryReadOnlyAtEnd: Bool?
    public var failure: WorkflowFailure?
    /// What was undone after a failure, in order.
    public var undone: [String] = []
    public var steps: [MigrationReport.StepRecord] = []

    init(cdc: String) {
        self.cdc = cdc
    }

    /// The result on stdout without `--json` (progress went to stderr).
    public var text: String {
        var lines: [String] = []
        switch self.outcome {
        case .succeeded:
            lines.append(
                "switchover succeeded: \(self.newPrimary ?? "?") is the primary; \(self.reverseChangefeed ?? "?") replicates it to \(self.oldPrimary ?? "?")"
            )
            lines.append(
                "Position \(self.position.map { String($0.rawValue) } ?? "?"), final checkpoint of \(self.changefeed ?? "?"): \(self.finalCheckpoint.map { String($0.rawValue) } ?? "?")"
            )
            lines += self.steps.map {
                "  \($0.name): \(LineProgress.seconds(.milliseconds(Int64($0.elapsedSeconds * 1000))))s"
            }
        case .dryRun:
            lines.append(
                "dry run: \(self.changefeed ?? "?") would be replaced by \(self.reverseChangefeed ?? "?"); nothing was changed"
            )
        case .failed:
            lines.append("switchover failed: \(self.failure.map(\.description) ?? "?")")
            lines += self.undone.map { "undone: " + $0 }
        }
        if let readOnly = self.oldPrimaryReadOnlyAtEnd {
            lines.append("old primary tidb_super_read_only: \(readOnly ? "ON" : "OFF")")
        }
        if let readOnly = self.newPrimaryReadOnlyAtEnd {
            lines.append("new primary tidb_super_read_only: \(readOnly ? "ON" : "OFF")")
        }
        return lines.joined(separator: "\n")
    }
}
