public import Logging
import TiDBClient

/// The seed's full-data migration (step 2 of the DR runbook) as named, checked steps:
///
/// 1. `connect`: both clusters reachable and TiDB;
/// 2. `record-gc`: the primary's `tidb_gc_enable`, to put back on failure;
/// 3. `disable-gc`: `SET GLOBAL tidb_gc_enable = OFF`, then it must read 0;
/// 4. `backup`: GC still off, then BACKUP on the primary; BackupTS must be set and not ahead of PD;
/// 5. `restore`: the secondary still answers, then RESTORE; the databases must then exist there;
/// 6. `verify-checksums`: every table's ADMIN CHECKSUM on the secondary equals the primary's at
///    `tidb_snapshot = BackupTS`.
///
/// On success GC stays off: the changefeed, created from BackupTS, re-enables it. On a failure
/// GC goes back to what `record-gc` saw, where the primary is still reachable.
public struct Migration<C: Clock<Duration>>: Sendable {
    public let options: MigrationOptions
    let progress: any WorkflowProgress
    let clock: C
    let logger: Logger

    public init(options: MigrationOptions, progress: any WorkflowProgress, clock: C, logger: Logger) {
        self.options = options
        self.progress = progress
        self.clock = clock
        self.logger = logger
    }

    static var steps: [WorkflowStep] {
        [
            WorkflowStep(name: "connect", summary: "reach both clusters and check they are TiDB"),
            WorkflowStep(name: "record-gc", summary: "read the primary's tidb_gc_enable"),
            WorkflowStep(
                name: "disable-gc",
                summary: "SET GLOBAL tidb_gc_enable = OFF on the primary and check it reads 0"
            ),
            WorkflowStep(name: "backup", summary: "BACKUP on the primary"),
            WorkflowStep(name: "restore", summary: "RESTORE on the secondary"),
            WorkflowStep(
                name: "verify-checksums",
                summary: "compare every table's checksum on the secondary with the primary's at BackupTS"
            ),
        ]
    }

    public func run() async -> MigrationReport {
        var report = MigrationReport(
            outcome: .failed,
            primary: self.options.primary.redactedDSN,
            secondary: self.options.secondary.redactedDSN,
            storage: self.options.redactedStorage,
            databases: self.options.databases
        )
        let steps = self.options.dryRun ? Array(Self.steps.prefix(2)) : Self.steps
        var runner = StepRunner(steps: steps, progress: self.progress, clock: self.clock)
        var clusters = Clusters()
        do {
            try await self.migrate(&runner, &clusters, &report)
        } catch {
            report.failure = .init(
                step: error.step ?? "unknown",
                errno: error.errno,
                sqlState: error.sqlState,
                message: error.message,
                statement: error.statement
            )
            if let enabled = await self.putGCBack(clusters) { report.primaryGCEnabledAtEnd = enabled }
        }
        report.steps = runner.records
        if report.primaryGCEnabledAtEnd == nil, let primary = clusters.primary {
            report.primaryGCEnabledAtEnd = try? await primary.isGCEnabled()
        }
        await clusters.primary?.close()
        await clusters.secondary?.close()
        return report
    }

    /// The connections and what was changed, for putting GC back after a failure.
    struct Clusters {
        var primary: TiDBConnection?
        var secondary: TiDBConnection?
        var gcWasEnabled: Bool?
        var gcChanged = false
    }

    /// The steps, on a runner whose plan holds them (`setup` runs them inside its own plan).
    func migrate(
        _ runner: inout StepRunner<C>,
        _ clusters: inout Clusters,
        _ report: inout MigrationReport
    ) async throws(TiDBClientError) {
        let options = self.options
        var opened: [TiDBConnection] = []
        let primary: TiDBConnection
        let secondary: TiDBConnection
        do throws(TiDBClientError) {
            (primary, secondary) = try await runner.run("connect") { () throws(TiDBClientError) in
                try await Self.connectPair(
                    primary: options.primary,
                    secondary: options.secondary,
                    logger: self.logger,
                    into: &opened
                )
            }
        } catch {
            for connection in opened { await connection.close() }
            throw error
        }
        (clusters.primary, clusters.secondary) = (primary, secondary)

        let wasEnabled = try await runner.run("record-gc") { () throws(TiDBClientError) in
            let enabled = try await primary.isGCEnabled()
            return (enabled, "tidb_gc_enable was \(enabled ? "ON" : "OFF")")
        }
        clusters.gcWasEnabled = wasEnabled
        report.primaryGCWasEnabled = wasEnabled

        if options.dryRun {
            self.describePlan(wasEnabled: wasEnabled)
            report.outcome = .dryRun
            return
        }

        try await runner.run("disable-gc") { () throws(TiDBClientError) in
            try await primary.setGCEnabled(false)
            clusters.gcChanged = wasEnabled
            guard try await !primary.isGCEnabled() else {
                throw TiDBClientError(
                    kind: .verification,
                    message: "SELECT @@global.tidb_gc_enable still reads 1 after SET GLOBAL tidb_gc_enable = OFF"
                )
            }
            return ((), "SELECT @@global.tidb_gc_enable reads 0")
        }

        let backup = try await runner.run("backup") { () throws(TiDBClientError) in
            guard try await !primary.isGCEnabled() else {
                throw TiDBClientError(kind: .verification, message: "tidb_gc_enable was turned back on before BACKUP")
            }
            let options = BackupOptions(rateLimitMBPerSecond: options.rateLimitMBPerSecond)
            let backup = try await primary.backup(self.options.scope, to: self.options.storage, options: options)
            let now = try await primary.currentTSO()
            guard backup.backupTS.rawValue != 0, backup.backupTS <= now else {
                throw TiDBClientError(
                    kind: .verification,
                    message:
                        "BACKUP reported BackupTS \(backup.backupTS.rawValue), the primary's TSO is \(now.rawValue)"
                )
            }
            return (backup, "BackupTS \(backup.backupTS), \(backup.size) bytes")
        }
        report.backupTS = backup.backupTS
        report.backupSize = backup.size

        let databases = try await runner.run("restore") { () throws(TiDBClientError) in
            try await secondary.ping()
            let restored = try await secondary.restore(self.options.scope, from: self.options.storage)
            let expected = try await Self.userDatabases(primary, at: backup.backupTS, only: options.databases)
            let present = Set(try await Self.userDatabases(secondary, at: nil, only: nil))
            let missing = expected.filter { !present.contains($0) }
            guard missing.isEmpty else {
                throw TiDBClientError(
                    kind: .verification,
                    message: "after RESTORE the secondary lacks \(missing.joined(separator: ", "))"
                )
            }
            return (expected, "\(restored.size) bytes into \(expected.count) databases")
        }

        report.tables = try await runner.run("verify-checksums") { () throws(TiDBClientError) in
            let tables = try await Self.compareChecksums(primary, secondary, databases: databases, at: backup.backupTS)
            let differing = tables.filter { !$0.matches }
            guard differing.isEmpty else {
                throw TiDBClientError(
                    kind: .verification,
                    message: "checksums differ for "
                        + differing.map {
                            "\($0.database).\($0.table) (primary \($0.primary.crc64xor), secondary \($0.secondary.map { String($0.crc64xor) } ?? "missing"))"
                        }
                        .joined(separator: ", ")
                )
            }
            return (tables, "\(tables.count) tables match")
        }

        report.outcome = .succeeded
        report.changefeedStartTS = backup.backupTS
        report.primaryGCEnabledAtEnd = try? await primary.isGCEnabled()
        report.nextSteps = [
            "create the changefeed from the primary to the secondary with --start-ts=\(backup.backupTS.rawValue)",
            "GC stays disabled on the primary until then: creating the changefeed re-enables it "
                + "(SET GLOBAL tidb_gc_enable = ON; TiCDC's service safepoint then keeps what it has not replicated)",
        ]
    }

    /// The `connect` step of every two-cluster workflow: both clusters, each checked to be TiDB.
    /// Each connection lands in `connections` as soon as it is open, so the caller closes it even
    /// when the other one fails.
    static func connectPair(
        primary: ConnectionConfiguration,
        secondary: ConnectionConfiguration,
        logger: Logger,
        into connections: inout [TiDBConnection]
    ) async throws(TiDBClientError) -> ((TiDBConnection, TiDBConnection), String) {
        let primary = try await Self.connectTiDB(primary, role: "primary", logger: logger)
        connections.append(primary.connection)
        let secondary = try await Self.connectTiDB(secondary, role: "secondary", logger: logger)
        connections.append(secondary.connection)
        return (
            (primary.connection, secondary.connection),
            "primary TiDB \(primary.info.release), secondary TiDB \(secondary.info.release)"
        )
    }

    static func connectTiDB(
        _ configuration: ConnectionConfiguration,
        role: String,
        logger: Logger
    ) async throws(TiDBClientError) -> (connection: TiDBConnection, info: ServerInfo) {
        do throws(TiDBClientError) {
            let connection = try await TiDBConnection.connect(configuration, logger: logger)
            let info = try await connection.serverInfo()
            guard info.isTiDB else {
                await connection.close()
                throw TiDBClientError(
                    kind: .verification,
                    message: "VERSION() is '\(info.version)': \(info.flavor.rawValue), not TiDB"
                )
            }
            return (connection, info)
        } catch {
            var error = error
            error.message = "\(role) \(configuration.redactedDSN): " + error.message
            throw error
        }
    }

    /// User databases (BR's `DATABASE *`), optionally limited to `only`, read at `snapshot`.
    private static func userDatabases(
        _ connection: TiDBConnection,
        at snapshot: TSO?,
        only: [String]?
    ) async throws(TiDBClientError) -> [String] {
        if let only { return only }
        let listing = try await Self.reading(connection, at: snapshot) { () throws(TiDBClientError) in
            try await connection.query("SHOW DATABASES")
        }
        var names: [String] = []
        for row in listing.rows { names.append(try row.decode(String.self, at: 0)) }
        return names.filter { !MigrationOptions.systemDatabases.contains($0.lowercased()) }.sorted()
    }

    /// Runs `body` with the session reading at `snapshot` (nil: the latest data), then reads the
    /// latest data again, also when `body` fails.
    private static func reading<T>(
        _ connection: TiDBConnection,
        at snapshot: TSO?,
        _ body: () async throws(TiDBClientError) -> T
    ) async throws(TiDBClientError) -> T {
        guard snapshot != nil else { return try await body() }
        try await connection.useSnapshot(snapshot)
        do {
            let value = try await body()
            try await connection.useSnapshot(nil)
            return value
        } catch {
            try? await connection.useSnapshot(nil)
            throw error
        }
    }

    private static func compareChecksums(
        _ primary: TiDBConnection,
        _ secondary: TiDBConnection,
        databases: [String],
        at backupTS: TSO
    ) async throws(TiDBClientError) -> [MigrationReport.TableComparison] {
        var comparisons: [MigrationReport.TableComparison] = []
        for database in databases {
            let before = try await Self.reading(primary, at: backupTS) { () throws(TiDBClientError) in
                try await primary.checksums(database: database)
            }
            let after = try await secondary.checksums(database: database)
            let secondaryByTable = Dictionary(after.map { ($0.table, $0) }, uniquingKeysWith: { first, _ in first })
            for table in before {
                comparisons.append(
                    .init(
                        database: database,
                        table: table.table,
                        primary: table,
                        secondary: secondaryByTable[table.table]
                    )
                )
            }
            let extra = Set(after.map(\.table)).subtracting(before.map(\.table))
            guard extra.isEmpty else {
                throw TiDBClientError(
                    kind: .verification,
                    message: "the secondary has tables the backup does not: "
                        + extra.sorted().map { "\(database).\($0)" }.joined(separator: ", ")
                )
            }
        }
        return comparisons
    }

    /// After a failure: GC back to what it was, on a fresh connection if the old one broke.
    /// Returns `tidb_gc_enable` as it then reads; nil when GC was not changed or cannot be read.
    func putGCBack(_ clusters: Clusters) async -> Bool? {
        guard clusters.gcChanged, let wasEnabled = clusters.gcWasEnabled else { return nil }
        var connection = clusters.primary
        if (try? await connection?.ping()) == nil {
            connection = try? await TiDBConnection.connect(self.options.primary, logger: self.logger)
        }
        guard let connection else {
            self.progress.note("could not reach the primary to put tidb_gc_enable back to \(wasEnabled ? "ON" : "OFF")")
            return nil
        }
        var enabled: Bool?
        do {
            try await connection.setGCEnabled(wasEnabled)
            enabled = try await connection.isGCEnabled()
            self.progress.note("tidb_gc_enable on the primary is back to \(wasEnabled ? "ON" : "OFF")")
        } catch {
            self.progress.note("could not put tidb_gc_enable back on the primary: \(error)")
        }
        if connection !== clusters.primary { await connection.close() }
        return enabled
    }

    func describePlan(wasEnabled: Bool) {
        let backup =
            "BACKUP \(self.options.databases.map { "DATABASE " + $0.map(SQLText.identifier).joined(separator: ", ") } ?? "DATABASE *") TO '\(self.options.redactedStorage)'"
        self.progress.note("dry run: nothing was changed. The migration would run:")
        self.progress.note(
            "  disable-gc: SET GLOBAL tidb_gc_enable = OFF on \(self.options.primary.redactedDSN) (now \(wasEnabled ? "ON" : "OFF"))"
        )
        self.progress.note(
            "  backup: \(backup)\(self.options.rateLimitMBPerSecond.map { " RATE_LIMIT = \($0) MB/SECOND" } ?? "") on the primary"
        )
        self.progress.note("  restore: RESTORE ... FROM the same storage on \(self.options.secondary.redactedDSN)")
        self.progress.note(
            "  verify-checksums: ADMIN CHECKSUM TABLE on both sides, the primary at tidb_snapshot = BackupTS"
        )
    }
}
