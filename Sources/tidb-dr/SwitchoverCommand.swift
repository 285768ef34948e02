import ArgumentParser
import DRWorkflow
import TiDBClient

struct SwitchoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchover",
        abstract:
            "Planned switchover: stop writes (--fence), wait for the checkpoint to reach SHOW MASTER STATUS Position, verify, remove the changefeed, create the reverse one, open the new primary.",
        discussion: """
            Running the same command again switches back: when only --reverse-id exists, the roles \
            are read the other way round. A failure undoes what the earlier steps changed.
            """
    )

    @OptionGroup var clusters: ClusterPair

    @Option(help: "The TiCDC server, http://host:port.")
    var cdc: String

    @Option(
        name: [.customShort("c"), .customLong("changefeed-id")],
        help: "The changefeed from the primary to the secondary."
    )
    var changefeedID = "primary-to-secondary"

    @Option(name: .customLong("reverse-id"), help: "The changefeed to create the other way round.")
    var reverseID = "secondary-to-primary"

    @Flag(
        help:
            "Set tidb_super_read_only on the old primary to stop writes (lifted again where the reverse changefeed writes)."
    )
    var fence = false

    @Option(
        name: .customLong("new-upstream-pd"),
        help: "The new primary's PD, host:port (default: its information_schema.cluster_info)."
    )
    var newUpstreamPD: String?

    @Option(name: .customLong("primary-sink-uri"), help: "How TiCDC reaches --primary (default: as tidb-dr does).")
    var primarySinkURI: String?

    @Option(name: .customLong("secondary-sink-uri"), help: "How TiCDC reaches --secondary (default: as tidb-dr does).")
    var secondarySinkURI: String?

    @OptionGroup var waiting: CatchUpWaiting

    @Flag(name: .customLong("dry-run"), help: "Check the clusters and the changefeed; change nothing.")
    var dryRun = false

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        try CommandSupport.requireID(self.cdc, "--cdc")
        try CommandSupport.requireID(self.changefeedID, "--changefeed-id")
        try CommandSupport.requireID(self.reverseID, "--reverse-id")
        guard self.changefeedID != self.reverseID else {
            throw ValidationError("--reverse-id must differ from --changefeed-id")
        }
    }

    func run() async throws {
        let options = SwitchoverOptions(
            primary: try self.clusters.primaryConfiguration,
            secondary: try self.clusters.secondaryConfiguration,
            cdc: ServerURL.redacted(self.cdc),
            changefeedID: self.changefeedID,
            reverseID: self.reverseID,
            fence: self.fence,
            newUpstreamPD: self.newUpstreamPD,
            primarySinkURI: self.primarySinkURI,
            secondarySinkURI: self.secondarySinkURI,
            timeout: try self.waiting.timeoutDuration,
            interval: try self.waiting.intervalDuration,
            dryRun: self.dryRun
        )
        let report = try await CommandSupport.withTiCDC(self.cdc) { cdc in
            await Switchover(
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
