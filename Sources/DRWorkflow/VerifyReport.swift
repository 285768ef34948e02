public import TiDBClient

/// The machine-readable outcome of `tidb-dr verify` (`--json`). DSNs are redacted.
public struct VerifyReport: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        /// Every replicated table is equal at the snapshot pair.
        case equal
        /// At least one table differs or exists on one side only.
        case different
        /// A step failed before the comparison was complete.
        case failed
    }

    /// The pair of snapshots the clusters were read at.
    public struct Snapshots: Sendable, Codable, Equatable {
        public enum Source: String, Sendable, Codable {
            /// The newest `tidb_cdc.syncpoint_v1` row: the primary at `primary_ts`, the secondary
            /// at `secondary_ts`.
            case syncpoint
            /// No syncpoint table: each cluster at its current TSO (meaningful only after
            /// catch-up with writes stopped).
            case current
        }

        public var source: Source
        public var changefeed: String?
        public var primaryTS: TSO
        public var secondaryTS: TSO
    }

    public struct TableVerdict: Sendable, Codable, Equatable {
        public enum Result: String, Sendable, Codable {
            case equal
            case differs
            case missingOnSecondary = "missing-on-secondary"
            case missingOnPrimary = "missing-on-primary"
        }

        public var database: String
        public var table: String
        public var result: Result
        public var primaryRows: UInt64?
        public var secondaryRows: UInt64?
        public var primaryChecksum: UInt64?
        public var secondaryChecksum: UInt64?
        /// The first differing primary keys (`id=3`, or the whole row for a table without a
        /// primary key), at most `--max-keys`, primary-side order first.
        public var differingKeys: [String] = []
        /// Whether more keys differ than `differingKeys` lists.
        public var moreKeysDiffer = false

        public var name: String { "\(self.database).\(self.table)" }
    }

    public var outcome: Outcome
    public var primary: String
    public var secondary: String
    public var snapshots: Snapshots?
    public var tables: [TableVerdict] = []
    public var steps: [MigrationReport.StepRecord] = []
    public var failure: MigrationReport.Failure?

    public var differences: [TableVerdict] { self.tables.filter { $0.result != .equal } }
}

extension VerifyReport {
    /// The human-readable result on stdout.
    public var summary: String {
        var lines: [String] = []
        if let snapshots {
            switch snapshots.source {
            case .syncpoint:
                lines.append(
                    "snapshots: syncpoint\(snapshots.changefeed.map { " of " + $0 } ?? ""): primary_ts \(snapshots.primaryTS.rawValue), secondary_ts \(snapshots.secondaryTS.rawValue)"
                )
            case .current:
                lines.append(
                    "snapshots: current state (no syncpoint): primary \(snapshots.primaryTS.rawValue), secondary \(snapshots.secondaryTS.rawValue)"
                )
            }
        }
        switch self.outcome {
        case .equal:
            lines.append("verify: \(self.tables.count) tables equal")
        case .different:
            lines.append("verify: \(self.differences.count) of \(self.tables.count) tables differ")
            for table in self.differences {
                var line = "  \(table.name): \(table.result.rawValue)"
                if let rows = table.primaryRows, let other = table.secondaryRows {
                    line += " (rows primary \(rows), secondary \(other))"
                }
                if !table.differingKeys.isEmpty {
                    line +=
                        " keys: " + table.differingKeys.joined(separator: ", ") + (table.moreKeysDiffer ? ", ..." : "")
                }
                lines.append(line)
            }
        case .failed:
            if let failure {
                lines.append(
                    "verify failed at step \(failure.step): ERROR \(failure.errno) (\(failure.sqlState)): \(failure.message)"
                )
                if let statement = failure.statement { lines.append("statement: \(statement)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
