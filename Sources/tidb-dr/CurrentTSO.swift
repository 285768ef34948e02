import ArgumentParser
import DRWorkflow
import TiDBClient

struct CurrentTSO: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tso",
        abstract:
            "Print the cluster's current TSO (BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK), its physical time and logical part."
    )

    @Option(help: "The cluster, mysql://user:pass@host:port[?options].")
    var dsn: String

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        do { _ = try ConnectionConfiguration(dsn: self.dsn) } catch { throw ValidationError(error.message) }
    }

    func run() async throws {
        let configuration = try ConnectionConfiguration(dsn: self.dsn)
        do {
            let connection = try await TiDBConnection.connect(configuration)
            let tso = try await connection.currentTSO()
            await connection.close()
            StandardStreams.writeOutput(self.json ? try ReportJSON.encode(TSOReport(tso)) : TSOReport(tso).text)
        } catch {
            StandardStreams.writeError("tidb-dr tso: \(configuration.redactedDSN): \(error)")
            throw WorkflowExit(code: 1)
        }
    }
}
