public import Logging
import TiCDCClient
import TiDBClient

/// `tidb-dr verify`: every replicated table equal on both clusters at a consistent pair of
/// snapshots, as named steps:
///
/// 1. `connect`: both clusters reachable and TiDB;
/// 2. `choose-snapshots`: the newest `tidb_cdc.syncpoint_v1` row on the secondary (`primary_ts`
///    for the primary, `secondary_ts` for the secondary), else each cluster's current TSO; each
///    session then reads at its snapshot (`SET tidb_snapshot`);
/// 3. `list-tables`: the user tables on each side (system schemas and `tidb_cdc` skipped);
/// 4. `compare-tables`: per table ADMIN CHECKSUM and COUNT(*) on both sides; where they differ,
///    the first differing primary keys from ordered scans. A table on one side only is a
///    difference. Fails (exit 1) listing every differing table and its keys.
///
/// ADMIN CHECKSUM is refused under TiDB's read-only mode (1836); a side in read-only mode is
/// then compared row by row instead.
public struct Verification<C: Clock<Duration>>: Sendable {
    public let options: VerifyOptions
    let progress: any WorkflowProgress
    let clock: C
    let logger: Logger

    public init(options: VerifyOptions, progress: any WorkflowProgress, clock: C, logger: Logger) {
        self.options = options
        self.progress = progress
        self.clock = clock
        self.logger = logger
    }

    static var steps: [WorkflowStep] {
        [
            WorkflowStep(name: "connect", summary: "reach both clusters and check they are TiDB"),
            WorkflowStep(
                name: "choose-snapshots",
                summary: "the newest syncpoint's primary_ts/secondary_ts, or each cluster's current TSO"
            ),
            WorkflowStep(name: "list-tables", summary: "list the user tables on both sides at their snapshots"),
            WorkflowStep(
                name: "compare-tables",
                summary: "ADMIN CHECKSUM and row counts per table; the first differing keys where they differ"
            ),
        ]
    }

    public func run() async -> VerifyReport {
        var report = VerifyReport(
            outcome: .failed,
            primary: self.options.primary.redactedDSN,
            secondary: self.options.secondary.redactedDSN
        )
        var runner = StepRunner(steps: Self.steps, progress: self.progress, clock: self.clock)
        var connections: [TiDBConnection] = []
        do {
            try await self.verify(&runner, &connections, &report)
        } catch {
            // `compare-tables` set `.different` when it found differences; anything else stays `.failed`.
            report.failure = .init(
                step: error.step ?? "unknown",
                errno: error.errno,
                sqlState: error.sqlState,
                message: error.message,
                statement: error.statement
            )
        }
        report.steps = runner.records
        for connection in connections {
            try? await connection.useSnapshot(nil)
            await connection.close()
        }
        return report
    }

    private func verify(
        _ runner: inout StepRunner<C>,
        _ connections: inout [TiDBConnection],
        _ report: inout VerifyReport
    ) async throws(TiDBClientError) {
        let options = self.options
        let (primary, secondary) = try await runner.run("connect") { () throws(TiDBClientError) in
            try await Migration<C>.connectPair(
                primary: options.primary,
                secondary: options.secondary,
                logger: self.logger,
                into: &connections
            )
        }

        report.snapshots = try await runner.run("choose-snapshots") { () throws(TiDBClientError) in
            var catchUp: ((TSO) async throws(TiDBClientError) -> Void)?
            if let source = options.changefeeds, let changefeed = options.changefeedID {
                try await Self.requireNormal(changefeed, source)
                catchUp = { (target: TSO) async throws(TiDBClientError) -> Void in
                    try await self.catchUp(source, to: target)
                }
            }
            let pair = try await SnapshotPair.choose(
                primary: primary,
                secondary: secondary,
                changefeed: options.changefeedID,
                catchUp: catchUp
            )
            try await primary.useSnapshot(pair.primaryTS)
            try await secondary.useSnapshot(pair.secondaryTS)
            let detail =
                switch pair.source {
                case .syncpoint:
                    "syncpoint of \(pair.changefeed ?? "?"): primary_ts \(pair.primaryTS.rawValue), secondary_ts \(pair.secondaryTS.rawValue)"
                case .current where catchUp != nil:
                    "no syncpoint: the changefeed caught up with the primary's TSO \(pair.primaryTS.rawValue); secondary at \(pair.secondaryTS.rawValue)"
                case .current:
                    "no syncpoint: current TSOs \(pair.primaryTS.rawValue) / \(pair.secondaryTS.rawValue); meaningful only after catch-up with writes stopped"
                }
            return (pair, detail)
        }

        let (onPrimary, onSecondary) = try await runner.run("list-tables") { () throws(TiDBClientError) in
            let onPrimary = try await Self.userTables(primary)
            let onSecondary = try await Self.userTables(secondary)
            return (
                (onPrimary, onSecondary), "\(onPrimary.count) on the primary, \(onSecondary.count) on the secondary"
            )
        }

        try await runner.run("compare-tables") { () throws(TiDBClientError) in
            report.tables = try await Self.compareTables(
                onPrimary: onPrimary,
                onSecondary: onSecondary,
                primary: primary,
                secondary: secondary,
                maxKeys: options.maxKeys
            )
            let differences = report.differences
            guard differences.isEmpty else {
                report.outcome = .different
                throw Self.differenceError(differences, of: report.tables.count)
            }
            report.outcome = .equal
            return ((), "\(report.tables.count) tables equal")
        }
    }

    /// Every table of either side compared, each session reading at its snapshot; a table on
    /// one side only is a difference.
    static func compareTables(
        onPrimary: [TableName],
        onSecondary: [TableName],
        primary: TiDBConnection,
        secondary: TiDBConnection,
        maxKeys: Int
    ) async throws(TiDBClientError) -> [VerifyReport.TableVerdict] {
        let names = Set(onPrimary).union(onSecondary).sorted { ($0.database, $0.table) < ($1.database, $1.table) }
        let primarySet = Set(onPrimary)
        let secondarySet = Set(onSecondary)
        var verdicts: [VerifyReport.TableVerdict] = []
        for name in names {
            if !secondarySet.contains(name) {
                verdicts.append(.init(database: name.database, table: name.table, result: .missingOnSecondary))
            } else if !primarySet.contains(name) {
                verdicts.append(.init(database: name.database, table: name.table, result: .missingOnPrimary))
            } else {
                verdicts.append(
                    try await TableComparison.compare(name, primary: primary, secondary: secondary, maxKeys: maxKeys)
                )
            }
        }
        return verdicts
    }

    static func differenceError(_ differences: [VerifyReport.TableVerdict], of count: Int) -> TiDBClientError {
        TiDBClientError(
            kind: .verification,
            message: "\(differences.count) of \(count) tables differ: "
                + differences.map(Self.describe).joined(separator: "; ")
        )
    }

    private static func requireNormal(
        _ changefeed: String,
        _ source: any ChangefeedSource
    ) async throws(TiDBClientError) {
        let progress: ChangefeedProgress
        do throws(TiCDCClientError) {
            progress = try await source.changefeedProgress(changefeed)
        } catch {
            throw TiDBClientError(kind: .verification, message: "TiCDC: \(error.message)")
        }
        guard progress.feedState == .normal else {
            throw TiDBClientError(
                kind: .verification,
                message: "changefeed \(changefeed) is \(progress.state)\(progress.error.map { ": \($0)" } ?? "")"
            )
        }
    }

    /// Waits until the changefeed's checkpoint reaches `target` (`verify --cdc` without a syncpoint).
    private func catchUp(_ source: any ChangefeedSource, to target: TSO) async throws(TiDBClientError) {
        guard let changefeed = self.options.changefeedID else { return }
        let poller = CheckpointPoller(
            source: source,
            progress: self.progress,
            clock: self.clock,
            timeout: self.options.catchUpTimeout,
            interval: .milliseconds(200)
        )
        do throws(WorkflowFailure) {
            let outcome = try await poller.wait(changefeed, until: target)
            if let failure = poller.failure(outcome, target: target) { throw failure }
        } catch {
            throw TiDBClientError(
                kind: .verification,
                message: "changefeed \(changefeed) did not catch up: \(error.message)"
            )
        }
    }

    static func describe(_ verdict: VerifyReport.TableVerdict) -> String {
        var text = "\(verdict.name) \(verdict.result.rawValue)"
        if !verdict.differingKeys.isEmpty {
            text +=
                " (keys " + verdict.differingKeys.joined(separator: ", ") + (verdict.moreKeysDiffer ? ", ..." : "")
                + ")"
        }
        return text
    }

    /// Base tables of every user database at the session's snapshot, system schemas and
    /// `tidb_cdc` left out.
    static func userTables(_ connection: TiDBConnection) async throws(TiDBClientError) -> [TableName] {
        let databases = try await connection.query("SHOW DATABASES")
        var tables: [TableName] = []
        for row in databases.rows {
            let database: String = try row.decode(at: 0)
            guard !VerifyOptions.skippedDatabases.contains(database.lowercased()) else { continue }
            let listing = try await connection.query("SHOW FULL TABLES FROM \(SQLText.identifier(database))")
            for table in listing.rows where try table.decode(String.self, at: 1) == "BASE TABLE" {
                tables.append(TableName(database: database, table: try table.decode(at: 0)))
            }
        }
        return tables
    }
}
