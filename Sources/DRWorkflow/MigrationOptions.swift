public import TiDBClient

/// The inputs of `tidb-dr migrate`.
public struct MigrationOptions: Sendable {
    public var primary: ConnectionConfiguration
    public var secondary: ConnectionConfiguration
    /// The BR storage URL both clusters can reach (`local://`, `s3://...`).
    public var storage: String
    /// nil: `DATABASE *`.
    public var databases: [String]?
    public var rateLimitMBPerSecond: Int?
    public var dryRun: Bool

    public init(
        primary: ConnectionConfiguration,
        secondary: ConnectionConfiguration,
        storage: String,
        databases: [String]? = nil,
        rateLimitMBPerSecond: Int? = nil,
        dryRun: Bool = false
    ) {
        self.primary = primary
        self.secondary = secondary
        self.storage = storage
        self.databases = databases
        self.rateLimitMBPerSecond = rateLimitMBPerSecond
        self.dryRun = dryRun
    }

    var scope: BRScope { self.databases.map(BRScope.databases) ?? .cluster }

    /// The storage URL with S3 keys hidden, for output.
    var redactedStorage: String { StatementRedaction.redact(self.storage) }

    /// Schemas BR's `DATABASE *` leaves out, and so does the checksum comparison.
    static let systemDatabases: Set<String> = [
        "information_schema", "performance_schema", "metrics_schema", "mysql", "sys",
    ]
}
