import AsyncHTTPClient
import ChangeStream
import FoundationEssentials
import MockTiDBServer
import NIOCore
import Testing
import TiCDCCore

@testable import MockTiCDCServer

/// The sink's parameters, its table-to-worker dispatch, the reader-to-writer queue, and the
/// binary change stream against the JSON one.
@Suite(.timeLimit(.minutes(1))) struct SinkTests {
    @Test func workerCountAndMaxTxnRowAsTiCDCTakesThem() throws {
        let defaults = try SinkAddress("mysql://root:secret@127.0.0.1:4001/")
        #expect(defaults.workerCount == 16 && defaults.maximumTransactionRows == 256)
        #expect(defaults.user == "root" && defaults.password == "secret")
        let tuned = try SinkAddress("mysql://127.0.0.1:4001/?worker-count=4&max-txn-row=64&safe-mode=true")
        #expect(tuned.workerCount == 4 && tuned.maximumTransactionRows == 64)
        let capped = try SinkAddress("tidb://127.0.0.1:4001/?worker-count=5000&max-txn-row=9999")
        #expect(capped.workerCount == 1024 && capped.maximumTransactionRows == 2048)
        for (uri, message) in [
            (
                "mysql://127.0.0.1:4001/?worker-count=0",
                "[CDC:ErrMySQLInvalidConfig]invalid worker-count 0, which must be greater than 0"
            ),
            (
                "mysql://127.0.0.1:4001/?max-txn-row=x",
                "[CDC:ErrMySQLInvalidConfig]invalid max-txn-row x, which must be greater than 0"
            ),
        ] {
            let error = #expect(throws: TiCDCError.self) { try SinkAddress(uri) }
            #expect(error?.message == message)
        }
    }

    @Test func aTableAlwaysGoesToTheSameWorkerAndTablesSpread() {
        let tables = (1...10).map {
            TableInfo(database: "sbtest", name: "sbtest\($0)", tableID: Int64($0), columns: ["id"], handle: [0])
        }
        let workers = tables.map { SinkWorkers.worker(for: $0, of: 16) }
        #expect(workers == tables.map { SinkWorkers.worker(for: $0, of: 16) })
        #expect(workers.allSatisfy { (0..<16).contains($0) })
        #expect(Set(workers).count >= 5)
        // `db.t` and `d.bt` are different tables.
        let a = TableInfo(database: "ab", name: "c", tableID: 1, columns: [], handle: [])
        let b = TableInfo(database: "a", name: "bc", tableID: 2, columns: [], handle: [])
        #expect((0..<64).contains { SinkWorkers.worker(for: a, of: $0 + 2) != SinkWorkers.worker(for: b, of: $0 + 2) })
    }

    @Test func theWriterTakesEverythingReadSoFarAsOneBatch() async throws {
        let queue = ChangeQueue(capacity: 1000)
        let table = TableInfo(database: "d", name: "t", tableID: 1, columns: ["id"], handle: [0])
        var batches: [ChangeBatch] = []
        for index in 1...3 {
            let key = "1@\(index)"
            let commitTS = UInt64(index * 10)
            let event = ChangeEvent(
                commitTS: commitTS,
                kind: .insert,
                database: "d",
                table: "t",
                tableKey: key,
                after: [.int(Int64(index))]
            )
            batches.append(ChangeBatch(events: [event], tables: [key: table], resolvedTS: commitTS + 5))
        }
        let reads = AsyncStream<Int>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let all = batches
            group.addTask {
                await queue.fill(from: 0) { after in
                    reads.continuation.yield(Int(after))
                    let index = Int(after) / 10
                    guard index < all.count else { return .failure(.pdUnreachable("no more")) }
                    return .success(all[index])
                }
            }
            // All three reads happen before the writer looks: one merged batch.
            var seen = reads.stream.makeAsyncIterator()
            for expected in [0, 15, 25, 35] { #expect(await seen.next() == expected) }
            let merged = try #require(try await queue.take())
            #expect(merged.events.map(\.commitTS) == [10, 20, 30])
            #expect(merged.tables.count == 3 && merged.resolvedTS == 35)
            // Then the reader's failure.
            let failure = await #expect(throws: TiCDCError.self) { _ = try await queue.take() }
            #expect(failure?.code == "CDC:ErrPDEtcdAPIError")
            try await group.waitForAll()
        }
        queue.close()
        #expect(try await queue.take() == nil)
    }

    /// The binary stream carries what the JSON one does (docs/ticdc/change-stream.md).
    @Test func theBinaryChangeStreamEqualsTheJSONOne() async throws {
        try await MockTiDBServer.withRunningServer(configuration: .forTesting(), logger: TopologyTestSupport.logger) {
            endpoints,
            _ in
            let start = try await TopologyTestSupport.position(endpoints)
            _ = try await TopologyTestSupport.sql(
                endpoints,
                """
                CREATE TABLE test.t (id BIGINT PRIMARY KEY, d DECIMAL(10,2), b VARBINARY(8), s VARCHAR(20), ts DATETIME(6));
                INSERT INTO test.t VALUES (-9223372036854775808, -12.50, X'00FF80', 'héllo', '2024-01-02 03:04:05.123456');
                UPDATE test.t SET s = NULL; DELETE FROM test.t
                """
            )
            let upstream = UpstreamPD(address: endpoints.pdURL, client: .shared)
            let binary = try await upstream.changes(after: start, limit: 100, wait: .zero)
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: endpoints.pdURL + "/mock/v1/changes?after=\(start)&limit=100"),
                timeout: .seconds(5)
            )
            let body = try await response.body.collect(upTo: 1 << 20)
            let json = try JSONDecoder().decode(ChangeBatch.self, from: Data(body.readableBytesView))
            #expect(binary.events == json.events && binary.tables == json.tables)
            #expect(binary.events.map(\.kind) == [.ddl, .insert, .update, .delete])
            #expect(
                binary.events[1].after == [
                    .int(.min), .decimal("-12.50"), .bytes([0, 0xFF, 0x80]), .string("héllo"),
                    .datetime("2024-01-02 03:04:05.123456"),
                ]
            )
        }
    }
}
