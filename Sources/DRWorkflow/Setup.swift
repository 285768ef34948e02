public import Logging
public import TiCDCClient
import TiCDCCore
import TiDBClient

/// The runbook's "replicate data" (`tidb-dr setup`) as named, checked steps:
///
/// 1. `check-cdc`: TiCDC answers and has no changefeed by that name;
/// 2. `connect` … `verify-checksums`: the migration (`Migration`): GC off, BACKUP, RESTORE,
///    checksums equal at BackupTS;
/// 3. `create-changefeed`: from BackupTS into the secondary (`--config`'s replica config);
/// 4. `wait-checkpoint`: until its checkpoint passes BackupTS, so TiCDC's service safepoint,
///    not the disabled GC, protects what it has not yet replicated;
/// 5. `enable-gc`: `tidb_gc_enable` back to what it was before (ON in the runbook), only now.
///
/// A failure after BACKUP removes the changefeed this run created and puts GC back as it was.
public struct Setup<C: Clock<Duration>>: Sendable {
    public let options: SetupOptions
    let cdc: TiCDCClient
    let progress: any WorkflowProgress
    let clock: C
    let logger: Logger

    public init(options: SetupOptions, cdc: TiCDCClient, progress: any WorkflowProgress, clock: C, logger: Logger) {
        self.options = options
        self.cdc = cdc
        self.progress = progress
        self.clock = clock
        self.logger = logger
    }

    static var steps: [WorkflowStep] {
        [WorkflowStep(name: "check-cdc", summary: "TiCDC answers and has no changefeed by that name")]
            + Migration<C>.steps
            + [
                WorkflowStep(
                    name: "create-changefeed",
                    summary: "create the changefeed from BackupTS into the secondary"
                ),
                WorkflowStep(name: "wait-checkpoint", summary: "wait until its checkpoint passes BackupTS"),
                WorkflowStep(name: "enable-gc", summary: "put tidb_gc_enable on the primary back as it was"),
            ]
    }

    public func run() async -> SetupReport {
        var report = SetupReport(options: self.options)
        let migration = Migration(
            options: self.options.migration,
            progress: self.progress,
            clock: self.clock,
            logger: self.logger
        )
        let steps = self.options.migration.dryRun ? Array(Self.steps.prefix(3)) : Self.steps
        var runner = StepRunner(steps: steps, progress: self.progress, clock: self.clock)
        var clusters = Migration<C>.Clusters()
        var created = false
        do throws(WorkflowFailure) {
            try await self.setUp(migration, &runner, &clusters, &created, &report)
        } catch {
            report.failure = error
            if created { report.changefeedRemoved = await self.removeChangefeed() }
            if let enabled = await migration.putGCBack(clusters) { report.primaryGCEnabledAtEnd = enabled }
        }
        report.steps = runner.records
        if report.primaryGCEnabledAtEnd == nil, let primary = clusters.primary {
            report.primaryGCEnabledAtEnd = try? await primary.isGCEnabled()
        }
        await clusters.primary?.close()
        await clusters.secondary?.close()
        return report
    }

    private func setUp(
        _ migration: Migration<C>,
        _ runner: inout StepRunner<C>,
        _ clusters: inout Migration<C>.Clusters,
        _ created: inout Bool,
        _ report: inout SetupReport
    ) async throws(WorkflowFailure) {
        let options = self.options
        try await runner.run("check-cdc") { () throws(WorkflowFailure) in
            let status = try await WorkflowFailure.ticdc { () throws(TiCDCClientError) in try await self.cdc.status() }
            let existing = try await self.cdc.changefeedIfExists(options.changefeedID)
            if let existing {
                throw WorkflowFailure(
                    code: "changefeed-exists",
                    message:
                        "changefeed \(options.changefeedID) already exists (state \(existing.state ?? "?")); remove it or choose another -c"
                )
            }
            return ((), "TiCDC \(status.version) at \(options.cdc); no changefeed \(options.changefeedID)")
        }

        var migrated = MigrationReport(
            outcome: .failed,
            primary: report.primary,
            secondary: report.secondary,
            storage: report.storage,
            databases: options.migration.databases
        )
        do throws(TiDBClientError) {
            try await migration.migrate(&runner, &clusters, &migrated)
        } catch {
            report.primaryGCWasEnabled = migrated.primaryGCWasEnabled
            throw WorkflowFailure(error)
        }
        report.primaryGCWasEnabled = migrated.primaryGCWasEnabled
        if options.migration.dryRun {
            self.progress.note("  create-changefeed: \(options.changefeedID) from BackupTS into \(report.sinkURI)")
            self.progress.note("  wait-checkpoint: until its checkpoint passes BackupTS; then enable-gc")
            report.outcome = .dryRun
            return
        }
        guard let backupTS = migrated.backupTS, let wasEnabled = migrated.primaryGCWasEnabled,
            let primary = clusters.primary
        else {
            throw WorkflowFailure(code: "internal", message: "the migration finished without BackupTS")
        }
        report.backupTS = backupTS
        report.backupSize = migrated.backupSize
        report.tablesVerified = migrated.tables.count

        try await runner.run("create-changefeed") { () throws(WorkflowFailure) in
            let config = TiCDCAPI.ChangefeedConfig(
                changefeedID: options.changefeedID,
                startTS: backupTS.rawValue,
                sinkURI: options.sinkURI,
                replicaConfig: options.replicaConfig
            )
            let info = try await WorkflowFailure.ticdc { () throws(TiCDCClientError) in
                try await self.cdc.createChangefeed(config)
            }
            created = true
            return ((), "\(options.changefeedID) from start-ts \(backupTS.rawValue), state \(info.state ?? "?")")
        }

        report.checkpointTS = try await runner.run("wait-checkpoint") { () throws(WorkflowFailure) in
            let poller = CheckpointPoller(
                source: self.cdc,
                progress: self.progress,
                clock: self.clock,
                timeout: options.timeout,
                interval: options.interval
            )
            // "Passes": strictly above BackupTS, the smallest TSO above it.
            let target = TSO(rawValue: backupTS.rawValue + 1)
            let outcome = try await poller.wait(options.changefeedID, until: target)
            if let failure = poller.failure(outcome, target: target) { throw failure }
            guard case .reached(let current) = outcome else { preconditionFailure("reached without a failure") }
            return (current.checkpoint, "checkpoint \(current.checkpoint.rawValue) > BackupTS \(backupTS.rawValue)")
        }

        try await runner.run("enable-gc") { () throws(WorkflowFailure) in
            do throws(TiDBClientError) {
                try await primary.setGCEnabled(wasEnabled)
                let enabled = try await primary.isGCEnabled()
                guard enabled == wasEnabled else {
                    throw TiDBClientError(
                        kind: .verification,
                        message: "tidb_gc_enable reads \(enabled ? 1 : 0) after setting it"
                    )
                }
                clusters.gcChanged = false
                report.primaryGCEnabledAtEnd = enabled
                return (
                    (),
                    "tidb_gc_enable is \(enabled ? "ON" : "OFF") again (it was \(wasEnabled ? "ON" : "OFF") before setup)"
                )
            } catch {
                throw WorkflowFailure(error)
            }
        }
        report.outcome = .succeeded
    }

    /// After a failure: the changefeed this run created goes; true when TiCDC no longer has it.
    private func removeChangefeed() async -> Bool {
        do throws(TiCDCClientError) {
            try await self.cdc.removeChangefeed(self.options.changefeedID)
        } catch  where error.code == "CDC:ErrChangeFeedNotExists" {
            return true
        } catch {
            self.progress.note("could not remove changefeed \(self.options.changefeedID): \(error)")
            return false
        }
        self.progress.note("changefeed \(self.options.changefeedID) removed again")
        return true
    }
}
