import ArgumentParser
import DRWorkflow
import Foundation
import TiCDCCLI
import TiCDCCore
import TiDBClient

struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract:
            "Replicate data: migrate (GC off, BACKUP, RESTORE, checksums), create the changefeed at BackupTS, wait until it passes BackupTS, then GC back on.",
        discussion:
            "A failure after BACKUP removes the changefeed this run created and puts tidb_gc_enable back as it was."
    )

    @OptionGroup var clusters: ClusterPair

    @Option(help: "The TiCDC server, http://host:port.")
    var cdc: String

    @Option(help: "BR storage URL both clusters can reach (local:///path, s3://bucket/prefix?...).")
    var storage: String

    @Option(name: [.customShort("c"), .customLong("changefeed-id")], help: "The changefeed to create.")
    var changefeedID = "primary-to-secondary"

    @Option(
        name: .customLong("config"),
        help: "The changefeed's TiCDC config file (TOML), as cdc cli changefeed create --config."
    )
    var config: String?

    @Option(name: .customLong("sink-uri"), help: "Where TiCDC writes (default: the secondary as tidb-dr reaches it).")
    var sinkURI: String?

    @Option(help: "Comma-separated databases to migrate (default: all, BACKUP DATABASE *).")
    var databases: String?

    @OptionGroup var waiting: CatchUpWaiting

    @Flag(name: .customLong("dry-run"), help: "Check TiCDC and both clusters; change nothing.")
    var dryRun = false

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        guard self.storage.contains("://") else {
            throw ValidationError("--storage must be a URL such as local:///tmp/backup or s3://bucket/prefix")
        }
        try CommandSupport.requireID(self.cdc, "--cdc")
        try CommandSupport.requireID(self.changefeedID, "--changefeed-id")
        _ = try self.replicaConfig()
    }

    private func replicaConfig() throws -> JSONValue? {
        guard let config else { return nil }
        guard let data = FileManager.default.contents(atPath: config) else {
            throw ValidationError("--config: cannot read \(config)")
        }
        do throws(ChangefeedTOML.Failure) {
            return try ChangefeedTOML.replicaConfig(String(decoding: data, as: UTF8.self), path: config)
        } catch {
            throw ValidationError("--config: \(error.message)")
        }
    }

    func run() async throws {
        let migration = MigrationOptions(
            primary: try self.clusters.primaryConfiguration,
            secondary: try self.clusters.secondaryConfiguration,
            storage: self.storage,
            databases: self.databases.map { $0.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty } },
            dryRun: self.dryRun
        )
        let options = SetupOptions(
            migration: migration,
            cdc: ServerURL.redacted(self.cdc),
            changefeedID: self.changefeedID,
            sinkURI: self.sinkURI,
            replicaConfig: try self.replicaConfig(),
            timeout: try self.waiting.timeoutDuration,
            interval: try self.waiting.intervalDuration
        )
        let report = try await CommandSupport.withTiCDC(self.cdc) { cdc in
            await Setup(
                options: options,
                cdc: cdc,
                progress: CommandSupport.progress,
                clock: ContinuousClock(),
                logger: CommandSupport.logger
            ).run()
        }
        StandardStreams.writeOutput(self.json ? try ReportJSON.encodeSnakeCase(report) : report.text)
        throw WorkflowExit(code: report.outcome == .failed ? 1 : 0)
    }
}
