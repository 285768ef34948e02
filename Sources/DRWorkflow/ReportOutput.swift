public import TiDBClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--json` output: one object, keys sorted so the output is stable.
public enum ReportJSON {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The same with snake_case keys (`target_ts`, `lag_ms`), as TiCDC's and PD's APIs spell
    /// them: the reports of the commands that talk to TiCDC (`wait-checkpoint`, `status`).
    public static func encodeSnakeCase(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// The human-readable result on stdout (progress went to stderr).
public enum ReportText {
    public static func summary(_ report: MigrationReport) -> String {
        var lines: [String] = []
        switch report.outcome {
        case .succeeded:
            lines.append("migration succeeded")
            if let backupTS = report.backupTS { lines.append("BackupTS: \(backupTS)") }
            lines.append("tables verified: \(report.tables.count)")
            if let start = report.changefeedStartTS { lines.append("changefeed start-ts: \(start.rawValue)") }
        case .dryRun:
            lines.append("dry run: both clusters reachable and TiDB; nothing was changed")
        case .failed:
            if let failure = report.failure {
                lines.append(
                    "migration failed at step \(failure.step): ERROR \(failure.errno) (\(failure.sqlState)): \(failure.message)"
                )
                if let statement = failure.statement { lines.append("statement: \(statement)") }
            }
        }
        if let enabled = report.primaryGCEnabledAtEnd {
            lines.append("primary tidb_gc_enable: \(enabled ? "ON" : "OFF")")
        }
        lines += report.nextSteps.map { "next: " + $0 }
        return lines.joined(separator: "\n")
    }
}

/// `tidb-dr tso`'s result.
public struct TSOReport: Sendable, Codable {
    public var tso: UInt64
    public var physicalMilliseconds: UInt64
    /// The physical part as UTC text, `YYYY-MM-DD hh:mm:ss.mmm`.
    public var physicalTime: String
    public var logical: UInt64

    public init(_ tso: TSO) {
        self.tso = tso.rawValue
        self.physicalMilliseconds = tso.physicalMilliseconds
        self.physicalTime = tso.physicalTimeText
        self.logical = tso.logical
    }

    public var text: String {
        "TSO: \(self.tso)\nphysical: \(self.physicalTime) UTC (\(self.physicalMilliseconds) ms)\nlogical: \(self.logical)"
    }
}
