public import TiDBClient

/// The machine-readable outcome of `tidb-dr migrate` (`--json`). Never holds a password or an
/// S3 secret: DSNs and URLs are redacted.
public struct MigrationReport: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case succeeded
        case failed
        case dryRun = "dry-run"
    }

    public struct StepRecord: Sendable, Codable {
        public var name: String
        public var outcome: String
        public var elapsedSeconds: Double
        public var detail: String
    }

    public struct Failure: Sendable, Codable {
        public var step: String
        public var errno: UInt32
        public var sqlState: String
        public var message: String
        public var statement: String?
    }

    /// One table's ADMIN CHECKSUM on both sides; `secondary` is nil if the table is missing there.
    public struct TableComparison: Sendable, Codable {
        public var database: String
        public var table: String
        public var primary: TableChecksum
        public var secondary: TableChecksum?
        public var matches: Bool {
            guard let secondary else { return false }
            return (self.primary.crc64xor, self.primary.totalKVs, self.primary.totalBytes)
                == (secondary.crc64xor, secondary.totalKVs, secondary.totalBytes)
        }
    }

    public var outcome: Outcome
    public var primary: String
    public var secondary: String
    public var storage: String
    public var databases: [String]?
    public var steps: [StepRecord] = []
    /// The primary's `tidb_gc_enable` before the workflow touched it.
    public var primaryGCWasEnabled: Bool?
    /// The primary's `tidb_gc_enable` when the workflow ended (nil if the primary was unreachable).
    public var primaryGCEnabledAtEnd: Bool?
    public var backupTS: TSO?
    public var backupSize: UInt64?
    public var tables: [TableComparison] = []
    /// The changefeed's `--start-ts`: BackupTS, set only on success.
    public var changefeedStartTS: TSO?
    public var failure: Failure?
    /// What the operator does next (also printed on stdout without `--json`).
    public var nextSteps: [String] = []
}
