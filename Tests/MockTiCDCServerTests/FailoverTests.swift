import DRWorkflow
import MockDRTopology
import MockTiDBServer
import Synchronization
import Testing
import TiDBClient

/// `tidb-dr failover`'s steps and report against a mock secondary, with a scripted redo tool
/// (the real `mock-ticdc redo` runs in Tests/clients/test_tidb_dr_drill.py).
@Suite(.timeLimit(.minutes(1))) struct FailoverTests {
    typealias Support = TopologyTestSupport

    /// Applies by running SQL on the secondary, as `redo apply` would.
    struct ScriptedRedoTool: RedoTool {
        var meta: RedoMetaLine
        var secondary: MockTiDBEndpoints
        var fails = false
        let applied = AppliedCount()

        func meta(storage: String, tmpDir: String) async throws(WorkflowFailure) -> RedoMetaLine { self.meta }

        func apply(storage: String, tmpDir: String, sinkURI: String) async throws(WorkflowFailure) -> String {
            if self.fails {
                throw WorkflowFailure(code: "redo-tool", message: "mock-ticdc redo exited with status 1: broken")
            }
            guard sinkURI == "mysql://root@\(self.secondary.host):\(self.secondary.sqlPort)/" else {
                throw WorkflowFailure(code: "redo-tool", message: "unexpected sink \(sinkURI)")
            }
            do {
                _ = try await Support.sql(
                    self.secondary,
                    "CREATE TABLE test.t (id INT PRIMARY KEY); INSERT INTO test.t VALUES (1), (2), (3)"
                )
            } catch {
                throw WorkflowFailure(code: "sql", message: "\(error)")
            }
            self.applied.count.withLock { $0 += 1 }
            return "applied 3 rows\nApply redo log successfully\n"
        }
    }

    final class AppliedCount: Sendable {
        let count = Mutex(0)
    }

    @Test func appliesThenReportsTheResolvedTSAsTheRPO() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let now = try await Support.position(running.secondary)
            let resolved = TSO(physicalMilliseconds: TSO(rawValue: now).physicalMilliseconds - 1_500, logical: 0)
            let tool = ScriptedRedoTool(
                meta: RedoMetaLine(checkpointTS: resolved.rawValue - 1, resolvedTS: resolved.rawValue),
                secondary: running.secondary
            )
            let options = FailoverOptions(
                secondary: try ConnectionConfiguration(
                    dsn: "mysql://root@\(running.secondary.host):\(running.secondary.sqlPort)"
                ),
                redoStorage: "file:///nowhere",
                tmpDir: "/tmp"
            )
            let report = await Failover(
                options: options,
                tool: tool,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            ).run()
            #expect(report.outcome == .succeeded, "\(report.failure?.description ?? "")")
            #expect(report.steps.map(\.name) == ["connect", "redo-meta", "redo-apply", "check-secondary"])
            #expect(report.resolvedTS == resolved)
            let rpo = try #require(report.rpoSeconds)
            #expect(rpo >= 1.5 && rpo < 30)
            #expect(report.tables.map(\.table) == ["test.t"] && report.tables.first?.rows == 3)
            #expect(report.tables.first?.checksum != nil)
            #expect(report.applied?.hasSuffix("Apply redo log successfully") == true)
            #expect(tool.applied.count.withLock { $0 } == 1)
        }
    }

    @Test func aFailingRedoToolFailsItsStepAndADryRunAppliesNothing() async throws {
        try await MockDRTopology.withRunning(logger: Support.logger) { running in
            let dsn = try ConnectionConfiguration(
                dsn: "mysql://root@\(running.secondary.host):\(running.secondary.sqlPort)"
            )
            let broken = ScriptedRedoTool(
                meta: RedoMetaLine(checkpointTS: 1, resolvedTS: 2),
                secondary: running.secondary,
                fails: true
            )
            let failed = await Failover(
                options: FailoverOptions(secondary: dsn, redoStorage: "file:///x", tmpDir: "/tmp"),
                tool: broken,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            ).run()
            #expect(failed.outcome == .failed)
            #expect(failed.failure?.step == "redo-apply" && failed.failure?.message.contains("broken") == true)

            let tool = ScriptedRedoTool(
                meta: RedoMetaLine(checkpointTS: 1, resolvedTS: 2),
                secondary: running.secondary
            )
            let dry = await Failover(
                options: FailoverOptions(secondary: dsn, redoStorage: "file:///x", tmpDir: "/tmp", dryRun: true),
                tool: tool,
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Support.logger
            ).run()
            #expect(dry.outcome == .dryRun && dry.resolvedTS == TSO(rawValue: 2))
            #expect(tool.applied.count.withLock { $0 } == 0)
        }
    }

    @Test(arguments: [
        ("checkpoint-ts:5, resolved-ts:7\n", RedoMetaLine(checkpointTS: 5, resolvedTS: 7)),
        (
            "[2026/12/07 log line]\ncheckpoint-ts:470981527084990465, resolved-ts:470981528020582401\n",
            RedoMetaLine(checkpointTS: 470_981_527_084_990_465, resolvedTS: 470_981_528_020_582_401)
        ),
        ("checkpoint-ts:x, resolved-ts:7", nil),
        ("resolved-ts:7, checkpoint-ts:5", nil),
    ])
    func readsTheMetaLine(output: String, expected: RedoMetaLine?) {
        #expect(RedoMetaLine(output: output) == expected)
    }
}
