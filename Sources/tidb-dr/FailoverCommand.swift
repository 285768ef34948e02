import ArgumentParser
import DRWorkflow
import TiDBClient

struct FailoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover",
        abstract:
            "Switchover upon disaster: redo meta, redo apply into the secondary, check it, report the resolved TS (the RPO).",
        discussion: """
            Runs `<redo-tool> redo meta` and `<redo-tool> redo apply`: mock-ticdc (beside tidb-dr, else on PATH) \
            or, with --redo-tool cdc, a real TiCDC's binary.
            """
    )

    @Option(help: "The secondary cluster, mysql://user:pass@host:port[?options].")
    var secondary: String

    @Option(
        name: .customLong("redo-storage"),
        help: "The changefeed's redo storage (consistent.storage): file:///path, s3://bucket/prefix?..."
    )
    var redoStorage: String

    @Option(name: .customLong("tmp-dir"), help: "Where the redo tool keeps downloaded log files.")
    var tmpDir = "/tmp/tidb-dr-redo"

    @Option(
        name: .customLong("redo-tool"),
        help: "The program that has `redo meta` and `redo apply` (mock-ticdc or cdc)."
    )
    var redoTool: String?

    @Option(
        name: .customLong("sink-uri"),
        help: "Where redo apply writes (default: the secondary as tidb-dr reaches it)."
    )
    var sinkURI: String?

    @Flag(name: .customLong("dry-run"), help: "Read the redo meta; apply nothing.")
    var dryRun = false

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        _ = try CommandSupport.dsn(self.secondary, "--secondary")
        guard self.redoStorage.contains("://") else {
            throw ValidationError("--redo-storage must be a URL such as file:///tmp/redo or s3://bucket/prefix")
        }
        try CommandSupport.requireID(self.tmpDir, "--tmp-dir")
    }

    func run() async throws {
        let options = FailoverOptions(
            secondary: try CommandSupport.dsn(self.secondary, "--secondary"),
            redoStorage: self.redoStorage,
            tmpDir: self.tmpDir,
            sinkURI: self.sinkURI,
            dryRun: self.dryRun
        )
        let tool = self.redoTool.map(ProcessRedoTool.init(executable:)) ?? ProcessRedoTool.besideExecutable()
        let failover = Failover(
            options: options,
            tool: tool,
            progress: CommandSupport.progress,
            clock: ContinuousClock(),
            logger: CommandSupport.logger
        )
        let report = await failover.run()
        StandardStreams.writeOutput(self.json ? try ReportJSON.encodeSnakeCase(report) : report.text)
        throw WorkflowExit(code: report.outcome == .failed ? 1 : 0)
    }
}
