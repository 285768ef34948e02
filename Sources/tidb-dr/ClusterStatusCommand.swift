import ArgumentParser
import AsyncHTTPClient
import DRWorkflow
import Logging
import TiCDCClient
import TiDBClient

struct ClusterStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Show both clusters (version, GC, safe points), every changefeed (state, checkpoint, lag, error) and the last syncpoint."
    )

    @OptionGroup var clusters: ClusterPair

    @Option(help: "The TiCDC server, http://host:port.")
    var cdc: String

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        guard !self.cdc.isEmpty else { throw ValidationError("--cdc must be a TiCDC address, http://host:port") }
    }

    func run() async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let check = StatusCheck(
            primary: try self.clusters.primaryConfiguration,
            secondary: try self.clusters.secondaryConfiguration,
            cdc: ServerURL.redacted(self.cdc),
            source: TiCDCClient(server: self.cdc, httpClient: http),
            http: http,
            logger: Logger(label: "tidb-dr", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let report = await check.run()
        try? await http.shutdown()
        StandardStreams.writeOutput(self.json ? try ReportJSON.encodeSnakeCase(report) : StatusText.render(report))
        throw WorkflowExit(code: report.allReachable ? 0 : 1)
    }
}
