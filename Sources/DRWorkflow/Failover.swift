public import Logging
public import TiDBClient

/// The inputs of `tidb-dr failover`.
public struct FailoverOptions: Sendable {
    public var secondary: ConnectionConfiguration
    /// Where the changefeed's redo log is (`consistent.storage`).
    public var redoStorage: String
    /// Where the redo tool keeps downloaded files.
    public var tmpDir: String
    /// Where `redo apply` writes; by default the secondary as the driver reaches it.
    public var sinkURI: String
    public var dryRun: Bool

    public init(
        secondary: ConnectionConfiguration,
        redoStorage: String,
        tmpDir: String,
        sinkURI: String? = nil,
        dryRun: Bool = false
    ) {
        self.secondary = secondary
        self.redoStorage = redoStorage
        self.tmpDir = tmpDir
        self.sinkURI = sinkURI ?? SinkURI.mysql(secondary)
        self.dryRun = dryRun
    }
}

/// The outcome of `tidb-dr failover` (`--json`: one object, snake_case keys).
public struct FailoverReport: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case succeeded
        case failed
        case dryRun = "dry-run"
    }

    public struct TableState: Sendable, Codable, Equatable {
        public var table: String
        public var rows: UInt64
        /// ADMIN CHECKSUM's crc64 xor; nil under read-only mode, which refuses it.
        public var checksum: UInt64?
    }

    public var outcome: Outcome = .failed
    public var secondary: String
    public var redoStorage: String
    public var checkpointTS: TSO?
    /// The redo log's resolved TS: the secondary now holds the primary's state at this TSO.
    public var resolvedTS: TSO?
    /// The RPO in seconds: the secondary's current TSO minus the resolved TS, in physical
    /// time. An upper bound: the primary may have died any time after the resolved TS.
    public var rpoSeconds: Double?
    public var applied: String?
    public var tables: [TableState] = []
    public var failure: WorkflowFailure?
    public var steps: [MigrationReport.StepRecord] = []

    public var text: String {
        switch self.outcome {
        case .succeeded:
            return [
                "failover succeeded: \(self.secondary) holds the primary's data at resolved-ts \(self.resolvedTS.map { String($0.rawValue) } ?? "?")",
                "RPO: TSO \(self.resolvedTS.map { String($0.rawValue) } ?? "?") (\(self.rpoSeconds.map { String(format3($0)) } ?? "?") s before the failover)",
                "tables readable: \(self.tables.count), rows: \(self.tables.reduce(0) { $0 + $1.rows })",
            ].joined(separator: "\n")
        case .dryRun:
            return
                "dry run: the redo log reaches resolved-ts \(self.resolvedTS.map { String($0.rawValue) } ?? "?") (checkpoint-ts \(self.checkpointTS.map { String($0.rawValue) } ?? "?")); nothing was applied"
        case .failed:
            return "failover failed: \(self.failure.map(\.description) ?? "?")"
        }
    }
}

private func format3(_ value: Double) -> String {
    let milliseconds = Int64((value * 1000).rounded())
    return LineProgress.seconds(.milliseconds(milliseconds))
}

/// The switchover upon disaster (`tidb-dr failover`): the primary and TiCDC are gone; the redo
/// log brings the secondary to a transaction-consistent state. Named steps:
///
/// 1. `connect`: the secondary reachable and TiDB;
/// 2. `redo-meta`: `redo meta`: the checkpoint and resolved TS the log reaches;
/// 3. `redo-apply`: `redo apply` into the secondary (idempotent: running it again changes nothing);
/// 4. `check-secondary`: every user table reads (COUNT(*), ADMIN CHECKSUM where allowed) at the
///    secondary's latest state, which now is the primary's state at the resolved TS;
/// 5. the report: the resolved TS as the RPO, and in seconds.
public struct Failover<C: Clock<Duration>>: Sendable {
    public let options: FailoverOptions
    let tool: any RedoTool
    let progress: any WorkflowProgress
    let clock: C
    let logger: Logger

    public init(options: FailoverOptions, tool: any RedoTool, progress: any WorkflowProgress, clock: C, logger: Logger)
    {
        self.options = options
        self.tool = tool
        self.progress = progress
        self.clock = clock
        self.logger = logger
    }

    static var steps: [WorkflowStep] {
        [
            WorkflowStep(name: "connect", summary: "reach the secondary and check it is TiDB"),
            WorkflowStep(name: "redo-meta", summary: "read the redo log's checkpoint and resolved TS"),
            WorkflowStep(name: "redo-apply", summary: "apply the redo log up to its resolved TS to the secondary"),
            WorkflowStep(name: "check-secondary", summary: "every user table reads on the secondary"),
        ]
    }

    public func run() async -> FailoverReport {
        var report = FailoverReport(
            secondary: self.options.secondary.redactedDSN,
            redoStorage: StatementRedaction.redact(self.options.redoStorage)
        )
        let steps = self.options.dryRun ? Array(Self.steps.prefix(2)) : Self.steps
        var runner = StepRunner(steps: steps, progress: self.progress, clock: self.clock)
        var connection: TiDBConnection?
        do throws(WorkflowFailure) {
            try await self.failOver(&runner, &connection, &report)
        } catch {
            report.failure = error
        }
        report.steps = runner.records
        await connection?.close()
        return report
    }

    private func failOver(
        _ runner: inout StepRunner<C>,
        _ opened: inout TiDBConnection?,
        _ report: inout FailoverReport
    ) async throws(WorkflowFailure) {
        let options = self.options
        let secondary = try await runner.run("connect") { () throws(WorkflowFailure) in
            let (connection, info) = try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                try await Migration<C>.connectTiDB(options.secondary, role: "secondary", logger: self.logger)
            }
            opened = connection
            return (connection, "secondary TiDB \(info.release)")
        }

        let meta = try await runner.run("redo-meta") { () throws(WorkflowFailure) in
            let meta = try await self.tool.meta(storage: options.redoStorage, tmpDir: options.tmpDir)
            return (meta, "checkpoint-ts \(meta.checkpointTS), resolved-ts \(meta.resolvedTS)")
        }
        report.checkpointTS = TSO(rawValue: meta.checkpointTS)
        report.resolvedTS = TSO(rawValue: meta.resolvedTS)
        if options.dryRun {
            report.outcome = .dryRun
            return
        }

        report.applied = try await runner.run("redo-apply") { () throws(WorkflowFailure) in
            let output = try await self.tool.apply(
                storage: options.redoStorage,
                tmpDir: options.tmpDir,
                sinkURI: options.sinkURI
            )
            let summary = output.split(separator: "\n").last.map(String.init) ?? ""
            return (output.trimmingSuffixNewlines, summary)
        }

        report.tables = try await runner.run("check-secondary") { () throws(WorkflowFailure) in
            try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                var tables: [FailoverReport.TableState] = []
                for name in try await Verification<C>.userTables(secondary) {
                    let rows = try await TableComparison.count(name, secondary)
                    let checksum = try await TableComparison.checksum(name, secondary)
                    tables.append(
                        .init(table: "\(name.database).\(name.table)", rows: rows, checksum: checksum?.crc64xor)
                    )
                }
                let now = try await secondary.currentTSO()
                let resolved = TSO(rawValue: meta.resolvedTS)
                report.rpoSeconds =
                    Double(Int64(now.physicalMilliseconds) - Int64(resolved.physicalMilliseconds)) / 1000
                return (tables, "\(tables.count) tables, \(tables.reduce(0) { $0 + $1.rows }) rows")
            }
        }
        report.outcome = .succeeded
    }
}

extension String {
    fileprivate var trimmingSuffixNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
