import ArgumentParser
import DRWorkflow
import Logging
import TiDBClient

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare every replicated table of the primary and the secondary at a consistent pair of snapshots.",
        discussion: """
            The pair is the newest tidb_cdc.syncpoint_v1 row on the secondary (primary_ts on the primary, \
            secondary_ts on the secondary); without that table, each cluster's current state, which is \
            meaningful only after catch-up with writes stopped. Exit 0 when every table is equal, 1 when a \
            table differs or exists on one side only (listing tables and keys) or a step fails.
            """
    )

    @OptionGroup var clusters: ClusterPair

    @Option(name: [.customShort("c"), .customLong("changefeed-id")], help: "Use this changefeed's syncpoints.")
    var changefeedID: String?

    @Option(
        help:
            "The TiCDC server, http://host:port: the changefeed (-c) must be normal; without a syncpoint, wait until it has caught up with the primary's TSO."
    )
    var cdc: String?

    @Option(help: "With --cdc: how long to wait for the catch-up (Go duration).")
    var timeout = "1m"

    @Option(name: .customLong("max-keys"), help: "Differing keys to report per table.")
    var maxKeys = 10

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        if self.maxKeys <= 0 { throw ValidationError("--max-keys must be positive") }
        if let changefeedID, changefeedID.isEmpty { throw ValidationError("-c needs a changefeed id") }
        if self.cdc != nil, self.changefeedID == nil {
            throw ValidationError("--cdc needs -c, the changefeed to check")
        }
        _ = try CommandSupport.duration(self.timeout, "--timeout")
    }

    func run() async throws {
        let report: VerifyReport
        if let cdc {
            report = try await CommandSupport.withTiCDC(cdc) { client in await self.verify(changefeeds: client) }
        } else {
            report = await self.verify(changefeeds: nil)
        }
        if self.json {
            StandardStreams.writeOutput(try ReportJSON.encode(report))
        } else {
            StandardStreams.writeOutput(report.summary)
        }
        throw WorkflowExit(code: report.outcome == .equal ? 0 : 1)
    }

    private func verify(changefeeds: (any ChangefeedSource)?) async -> VerifyReport {
        let options = VerifyOptions(
            primary: (try? self.clusters.primaryConfiguration)!,
            secondary: (try? self.clusters.secondaryConfiguration)!,
            changefeedID: self.changefeedID,
            maxKeys: self.maxKeys,
            changefeeds: changefeeds,
            catchUpTimeout: (try? CommandSupport.duration(self.timeout, "--timeout")) ?? .seconds(60)
        )
        let verification = Verification(
            options: options,
            progress: CommandSupport.progress,
            clock: ContinuousClock(),
            logger: CommandSupport.logger
        )
        return await verification.run()
    }
}
