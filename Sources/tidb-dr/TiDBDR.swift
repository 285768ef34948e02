import ArgumentParser
import DRWorkflow

#if canImport(Glibc)
import Glibc
#endif

/// `tidb-dr`: runs the TiDB primary/secondary DR workflow. Exit codes: 0 success, 1 a step
/// failed, 2 usage error.
@main
struct TiDBDR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tidb-dr",
        abstract: "Runs the TiDB primary/secondary disaster-recovery workflow against TiDB or mock-tidb.",
        subcommands: [
            Migrate.self, SetupCommand.self, WaitCheckpoint.self, SwitchoverCommand.self, FailoverCommand.self,
            Verify.self, ClusterStatusCommand.self, AutoSyncStatusCommand.self, CurrentTSO.self,
        ]
    )

    /// ArgumentParser exits 64 on usage errors; the documented contract is 2.
    static func main() async {
        do {
            var command = try Self.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as WorkflowExit {
            Self.exit(withError: ExitCode(exit.code))
        } catch {
            let code = Self.exitCode(for: error)
            if code == .success {
                Self.exit(withError: error)  // --help, --version
            }
            StandardStreams.writeError(Self.fullMessage(for: error))
            Self.exit(withError: ExitCode(2))
        }
    }
}

/// A workflow ran and reported its outcome; the process exits with `code`.
struct WorkflowExit: Error {
    var code: Int32
}
