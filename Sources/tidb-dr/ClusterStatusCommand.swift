import ArgumentParser
import AsyncHTTPClient
import DRWorkflow
import Logging
import TiCDCClient
import TiDBClient

struct ClusterStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show both clusters (version, GC, safe points), every changefeed (state, checkpoint, lag, error) and the last syncpoint."
    )

    @Option(help: "The primary cluster, mysql://user:pass@host:port[?options].")
    var primary: String

    @Option(help: "The secondary cluster, mysql://user:pass@host:port[?options].")
    var secondary: String

    @Option(help: "The TiCDC server, http://host:port.")
    var cdc: String

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        do {
            _ = try ConnectionConfiguration(dsn: self.primary)
            _ = try ConnectionConfiguration(dsn: self.secondary)
        } catch {
            throw ValidationError(error.message)
        }
        guard !self.cdc.isEmpty else { throw ValidationError("--cdc must be a TiCDC address, http://host:port") }
    }

    func run() async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let check = StatusCheck(
            primary: try ConnectionConfiguration(dsn: self.primary),
            secondary: try ConnectionConfiguration(dsn: self.secondary),
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
