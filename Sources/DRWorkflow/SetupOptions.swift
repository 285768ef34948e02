public import TiCDCCore
public import TiDBClient

/// The inputs of `tidb-dr setup`.
public struct SetupOptions: Sendable {
    /// The migration part (`BACKUP` on the primary, `RESTORE` on the secondary); its `dryRun`
    /// is the whole setup's.
    public var migration: MigrationOptions
    /// The TiCDC server, as reported (credentials redacted).
    public var cdc: String
    public var changefeedID: String
    /// Where the changefeed writes; by default the secondary as the driver reaches it.
    public var sinkURI: String
    /// `replica_config` of the changefeed (from `--config FILE.toml`); nil: TiCDC's defaults.
    public var replicaConfig: JSONValue?
    /// How long the new changefeed may take to pass BackupTS.
    public var timeout: Duration
    public var interval: Duration

    public init(
        migration: MigrationOptions,
        cdc: String,
        changefeedID: String,
        sinkURI: String? = nil,
        replicaConfig: JSONValue? = nil,
        timeout: Duration = .seconds(600),
        interval: Duration = .milliseconds(200)
    ) {
        self.migration = migration
        self.cdc = cdc
        self.changefeedID = changefeedID
        self.sinkURI = sinkURI ?? SinkURI.mysql(migration.secondary)
        self.replicaConfig = replicaConfig
        self.timeout = timeout
        self.interval = interval
    }
}

/// The outcome of `tidb-dr setup` (`--json`: one object, snake_case keys). DSNs and URLs are
/// redacted.
public struct SetupReport: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case succeeded
        case failed
        case dryRun = "dry-run"
    }

    public var outcome: Outcome = .failed
    public var primary: String
    public var secondary: String
    public var cdc: String
    public var storage: String
    public var changefeed: String
    public var sinkURI: String
    public var backupTS: TSO?
    public var backupSize: UInt64?
    public var tablesVerified: Int?
    /// The changefeed's checkpoint when `wait-checkpoint` saw it pass BackupTS.
    public var checkpointTS: TSO?
    public var primaryGCWasEnabled: Bool?
    public var primaryGCEnabledAtEnd: Bool?
    /// After a failure: whether the changefeed this run created was removed again.
    public var changefeedRemoved: Bool?
    public var failure: WorkflowFailure?
    public var steps: [MigrationReport.StepRecord] = []

    init(options: SetupOptions) {
        self.primary = options.migration.primary.redactedDSN
        self.secondary = options.migration.secondary.redactedDSN
        self.cdc = options.cdc
        self.storage = options.migration.redactedStorage
        self.changefeed = options.changefeedID
        self.sinkURI = ServerURL.redacted(options.sinkURI)
    }

    /// The result on stdout without `--json` (progress went to stderr).
    public var text: String {
        var lines: [String] = []
        switch self.outcome {
        case .succeeded:
            lines.append("setup succeeded: changefeed \(self.changefeed) replicates \(self.primary) to \(self.sinkURI)")
            if let backupTS { lines.append("BackupTS: \(backupTS.rawValue)") }
            if let checkpointTS { lines.append("checkpoint: \(checkpointTS.rawValue)") }
        case .dryRun:
            lines.append("dry run: TiCDC and both clusters reachable; nothing was changed")
        case .failed:
            lines.append("setup failed: \(self.failure.map(\.description) ?? "?")")
            if let removed = self.changefeedRemoved {
                lines.append("changefeed \(self.changefeed) \(removed ? "removed again" : "could NOT be removed")")
            }
        }
        if let enabled = self.primaryGCEnabledAtEnd {
            lines.append("primary tidb_gc_enable: \(enabled ? "ON" : "OFF")")
        }
        return lines.joined(separator: "\n")
    }
}
