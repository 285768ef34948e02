import AsyncHTTPClient
import ChangeStream
import ExternalStorage
import Glibc
import MockDRTopology
import MockTiDBServer
import NIOCore
import RedoLog
import Testing
import TiCDCClient
import TiCDCCore
import TiDBClient
import TiDBEngine

@testable import MockTiCDCServer

/// A changefeed with a redo log (docs/ticdc/redo-log.md). The redo writer ticks on a
/// `ManualClock` that moves only when the test says, so between ticks the log is flushed only for
/// the sink: as rows are read while it is free, or when a delayed sink may write them.
@Suite(.timeLimit(.minutes(1))) struct RedoChangefeedTests {
    typealias Support = TopologyTestSupport

    /// Runs `body` with the topology (TiCDC's timers on `clock`, `faults` set from the start),
    /// `test.t` on both clusters, and changefeed `id` with a redo log in a storage under /tmp
    /// (removed after), ticking every 10 s.
    static func withRedoChangefeed(
        _ id: String,
        clock: ManualClock,
        faults: [String: ChangefeedFault] = [:],
        _ body: (MockDRTopology.Running, TiCDCClient, LocalStorage) async throws -> Void
    ) async throws {
        try await Self.withTemporaryDirectory { path in
            var configuration = MockDRTopology.Configuration.forTesting()
            configuration.ticdc.clock = clock
            configuration.ticdc.faults = faults
            try await MockDRTopology.withRunning(configuration: configuration, logger: Support.logger) { running in
                let client = Support.ticdc(running.ticdc)
                for cluster in [running.primary, running.secondary] {
                    _ = try await Support.sql(cluster, "CREATE TABLE test.t (id INT PRIMARY KEY)")
                }
                let consistent: JSONValue = .object([
                    "level": .string("eventual"), "storage": .string("file://\(path)"),
                    "flush_interval": .integer(10_000), "meta_flush_interval": .integer(10_000),
                ])
                _ = try await client.createChangefeed(
                    TiCDCAPI.ChangefeedConfig(
                        changefeedID: id,
                        sinkURI: Support.sinkURI(running.secondary),
                        replicaConfig: .object(["consistent": consistent])
                    )
                )
                try await body(running, client, LocalStorage(try StorageURL.parse("file://\(path)")))
            }
        }
    }

    static func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        var template = Array("/tmp/mock-ticdc-redo-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        defer { _ = system("rm -rf '\(path)'") }
        return try await body(path)
    }

    /// The row ids in the redo log's row files.
    static func loggedIDs(_ storage: LocalStorage) async throws -> [Int64] {
        var ids: [Int64] = []
        for name in try await storage.list(prefix: "") where name.contains("_row_") {
            for record in try RedoLogFile.records(in: try await storage.read(name), file: name) {
                for event in record.events { if case .int(let id) = event.after?.first { ids.append(id) } }
            }
        }
        return ids.sorted()
    }

    static func ids(_ cluster: MockTiDBEndpoints) async throws -> [[SQLValue]] {
        try await Support.sql(cluster, "SELECT id FROM test.t ORDER BY id")[0].rows.map(\.values)
    }

    @Test func theStageFlushesAsItAppendsOnlyWhenAsked() async throws {
        try await Self.withTemporaryDirectory { path in
            let settings = RedoStage.Settings(
                storage: "file://\(path)",
                maxLogSize: 64,
                flushInterval: .seconds(10),
                metaFlushInterval: .seconds(10)
            )
            let stage = try RedoStage(
                settings,
                captureID: "cap",
                changefeed: "cf",
                namespace: "default",
                start: 5,
                clock: ManualClock(),
                logger: Support.logger
            )
            await stage.append(ChangeBatch(events: [], tables: [:], resolvedTS: 7), flush: false)
            #expect(await stage.writer.flushedResolvedTS == 5)
            await stage.append(ChangeBatch(events: [], tables: [:], resolvedTS: 9), flush: true)
            #expect(await stage.writer.flushedResolvedTS == 9)
            #expect(try await stage.bound(reaching: 9) == 9)
            await stage.finish()
        }
    }

    @Test func rowsReachTheSinkWithoutWaitingForATick() async throws {
        let clock = ManualClock()
        try await Self.withRedoChangefeed("redo", clock: clock) { running, client, storage in
            _ = try await Support.sql(
                running.primary,
                "INSERT INTO test.t VALUES (1), (2); INSERT INTO test.t VALUES (3)"
            )
            let position = try await Support.position(running.primary)
            // No tick comes: the log was flushed for the sink.
            _ = try await Support.changefeed("redo", on: client, reaches: "normal", checkpoint: position)
            let rows = try await Self.ids(running.secondary)
            #expect(rows == [[.int(1)], [.int(2)], [.int(3)]])
            // Nothing went downstream before the redo log had it.
            #expect(try await Self.loggedIDs(storage) == [1, 2, 3])
            #expect(try await storage.list(prefix: "").allSatisfy { !$0.hasSuffix(".meta") }, "no tick came")
        }
    }

    @Test func aDelayedSinkHasTheLogFlushedWhenItsRowsAreDue() async throws {
        let faults = ["late": ChangefeedFault(delay: .milliseconds(300))]
        try await Self.withRedoChangefeed("late", clock: ManualClock(), faults: faults) { running, client, storage in
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (1)")
            let position = try await Support.position(running.primary)
            // Read while the sink was delayed, the row is flushed when the sink may write it.
            _ = try await Support.changefeed("late", on: client, reaches: "normal", checkpoint: position)
            #expect(try await Self.ids(running.secondary) == [[.int(1)]])
            #expect(try await Self.loggedIDs(storage) == [1])
        }
    }

    @Test func aHeldSinkLeavesTheRedoLogMovingOnItsTicks() async throws {
        let clock = ManualClock()
        try await Self.withRedoChangefeed("held", clock: clock, faults: ["held": ChangefeedFault(holdSink: true)]) {
            running,
            client,
            storage in
            _ = try await Support.sql(running.primary, "INSERT INTO test.t VALUES (1), (2)")
            let position = try await Support.position(running.primary)
            _ = try await Support.eventually("resolved ts at \(position)") {
                try await client.changefeed("held").resolvedTS >= position ? true : nil
            }
            // A held sink asks for no flush.
            #expect(try await Self.loggedIDs(storage).isEmpty)
            // The tick flushes the log and the meta: redo's resolved TS passes the rows.
            await clock.waitForSleepers(count: 2)  // the owner's GC loop and the redo writer
            clock.advance(by: .seconds(10))
            let meta = try await Support.eventually("redo meta at \(position)") {
                (try? await RedoLogReader(storage: storage).meta()).flatMap { $0.resolvedTS >= position ? $0 : nil }
            }
            #expect(meta.checkpointTS < position)
            #expect(try await Self.loggedIDs(storage) == [1, 2])
            #expect(try await client.changefeed("held").checkpointTS < position)
            #expect(try await Self.ids(running.secondary).isEmpty)

            var release = HTTPClientRequest(url: running.ticdc.url + "/mock/v1/changefeeds/held/fault")
            release.method = .DELETE
            _ = try await HTTPClient.shared.execute(release, timeout: .seconds(5))
            _ = try await Support.changefeed("held", on: client, reaches: "normal", checkpoint: position)
            let rows = try await Self.ids(running.secondary)
            #expect(rows == [[.int(1)], [.int(2)]])
        }
    }
}
