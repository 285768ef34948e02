import ArgumentParser
import AsyncHTTPClient
import DRWorkflow

struct AutoSyncStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autosync-status",
        abstract:
            "DR Auto-Sync's replication state (PD's replication_mode/status, or a DR_STATE file) and what it means for recovery.",
        discussion: """
            Exit codes, for recovery scripts: 0 sync, 10 async_wait, 11 async (ACID-consistent: recover \
            with the disaster recovery script), 12 sync_recover (ACID recovery needed after it), 13 the \
            cluster is in majority mode, 1 the state could not be read, 2 usage.
            """
    )

    @Option(help: "PD, http://host:port.")
    var pd: String?

    @Option(name: .customLong("dr-state"), help: "Read PD's DR_STATE file instead (the DR centre's pd data dir).")
    var drState: String?

    @Flag(help: "Print one machine-readable JSON result on stdout.")
    var json = false

    func validate() throws {
        guard (self.pd == nil) != (self.drState == nil) else {
            throw ValidationError("give exactly one of --pd and --dr-state")
        }
    }

    func run() async throws {
        let status: AutoSyncStatus
        // A PD that refuses connections fails in seconds, not after AsyncHTTPClient's 10 s of retries.
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(timeout: .init(connect: .seconds(2)))
        )
        do throws(WorkflowFailure) {
            if let drState {
                status = try AutoSyncStatus.read(file: drState)
            } else {
                status = try await AutoSyncStatus.read(pd: self.pd ?? "", http: http)
            }
            try? await http.shutdown()
        } catch {
            try? await http.shutdown()
            StandardStreams.writeError("autosync-status: \(error.message)")
            throw WorkflowExit(code: 1)
        }
        StandardStreams.writeOutput(self.json ? try ReportJSON.encodeSnakeCase(status) : status.text)
        throw WorkflowExit(code: status.exitCode)
    }
}
