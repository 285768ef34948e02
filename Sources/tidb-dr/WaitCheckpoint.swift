import ArgumentParser
import AsyncHTTPClient
import DRWorkflow
import GoFormats
import Logging
import TiCDCClient
import TiDBClient

struct WaitCheckpoint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait-checkpoint",
        abstract:
            "Wait until a changefeed's checkpoint reaches a TS (--ts, or SHOW MASTER STATUS Position of --position-from), printing the lag."
    )

    @Option(help: "The TiCDC server, http://host:port.")
    var cdc: String

    @Option(name: [.customShort("c"), .customLong("changefeed-id")], help: "The changefeed.")
    var changefeedID: String

    @Option(help: "The TSO the checkpoint must reach.")
    var ts: UInt64?

    @Option(
        name: .customLong("position-from"),
        help: "Read the TS as SHOW MASTER STATUS Position on this cluster, mysql://user:pass@host:port[?options]."
    )
    var positionFrom: String?

    @OptionGroup var waiting: CatchUpWaiting

    @Flag(name: .customLong("dry-run"), help: "Read the TS and the changefeed once; do not wait.")
    var dryRun = false

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        switch (self.ts, self.positionFrom) {
        case (nil, nil), (.some, .some): throw ValidationError("give exactly one of --ts and --position-from")
        case (let ts?, nil): if ts == 0 { throw ValidationError("--ts must be a TSO above 0") }
        case (nil, let dsn?):
            do { _ = try ConnectionConfiguration(dsn: dsn) } catch { throw ValidationError(error.message) }
        }
        guard !self.changefeedID.isEmpty else { throw ValidationError("--changefeed-id must not be empty") }
        guard !self.cdc.isEmpty else { throw ValidationError("--cdc must be a TiCDC address, http://host:port") }
    }

    func run() async throws {
        let target: CheckpointWaitOptions.Target
        if let ts {
            target = .ts(TSO(rawValue: ts))
        } else {
            target = .positionFrom(try ConnectionConfiguration(dsn: self.positionFrom ?? ""))
        }
        let options = CheckpointWaitOptions(
            changefeed: self.changefeedID,
            target: target,
            cdc: ServerURL.redacted(self.cdc),
            timeout: try self.waiting.timeoutDuration,
            interval: try self.waiting.intervalDuration,
            dryRun: self.dryRun
        )
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let wait = CheckpointWait(
            options: options,
            source: TiCDCClient(server: self.cdc, httpClient: http),
            progress: LineProgress(write: StandardStreams.writeError),
            clock: ContinuousClock(),
            logger: Logger(label: "tidb-dr", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let report = await wait.run()
        try? await http.shutdown()
        StandardStreams.writeOutput(self.json ? try ReportJSON.encodeSnakeCase(report) : report.text)
        throw WorkflowExit(code: report.result.succeeded ? 0 : 1)
    }
}
