import ArgumentParser
import DRWorkflow
import Logging
import TiDBClient

#if canImport(Glibc)
import Glibc
#endif

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Full-data migration: disable GC on the primary, BACKUP, RESTORE on the secondary, verify checksums, print BackupTS."
    )

    @OptionGroup var clusters: ClusterPair

    @Option(help: "BR storage URL both clusters can reach (local:///path, s3://bucket/prefix?...).")
    var storage: String

    @Option(help: "Comma-separated databases to migrate (default: all, BACKUP DATABASE *).")
    var databases: String?

    @Option(name: .customLong("rate-limit"), help: "BACKUP/RESTORE rate limit in MB/s per TiKV.")
    var rateLimit: Int?

    @Flag(name: .customLong("dry-run"), help: "Print the plan and check connectivity; change nothing.")
    var dryRun = false

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        guard self.storage.contains("://") else {
            throw ValidationError("--storage must be a URL such as local:///tmp/backup or s3://bucket/prefix")
        }
        if let rateLimit, rateLimit <= 0 { throw ValidationError("--rate-limit must be a positive number of MB/s") }
        if let databases, self.databaseList(databases).isEmpty {
            throw ValidationError("--databases needs at least one name")
        }
    }

    private func databaseList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    func run() async throws {
        let options = MigrationOptions(
            primary: try self.clusters.primaryConfiguration,
            secondary: try self.clusters.secondaryConfiguration,
            storage: self.storage,
            databases: self.databases.map(self.databaseList),
            rateLimitMBPerSecond: self.rateLimit,
            dryRun: self.dryRun
        )
        let migration = Migration(
            options: options,
            progress: LineProgress(write: StandardStreams.writeError),
            clock: ContinuousClock(),
            logger: Logger(label: "tidb-dr", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let report = await migration.run()
        if self.json {
            StandardStreams.writeOutput(try ReportJSON.encode(report))
        } else {
            StandardStreams.writeOutput(ReportText.summary(report))
        }
        throw WorkflowExit(code: report.outcome == .failed ? 1 : 0)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
