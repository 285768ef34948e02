import Dispatch
import TiDBEngine

#if canImport(Glibc)
import Glibc
#endif

/// sysbench's statements run in-process on a 10,000-row table: where the engine's time goes,
/// without the network and the client.
enum SysbenchShapes {
    static func run(seconds: Double) {
        let session = MockTiDBBench.openSession(database: "test")
        func run(_ sql: String) {
            for outcome in session.execute(sql, multiStatementsAllowed: true).outcomes {
                precondition(outcome.error == nil, "\(sql): \(outcome.error!)")
            }
        }
        run(
            "CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, "
                + "c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))"
        )
        let c = String(repeating: "83868641912-", count: 10).dropLast()
        let pad = String(repeating: "67847967377-", count: 5).dropLast()
        var start = DispatchTime.now().uptimeNanoseconds
        for batch in 0..<4 {
            var rows: [String] = []
            for row in 0..<2500 { rows.append("(\((batch * 2500 + row) % 10000 + 1), '\(c)', '\(pad)')") }
            run("INSERT INTO sbtest1(k, c, pad) VALUES" + rows.joined(separator: ","))
        }
        run("CREATE INDEX k_1 ON sbtest1(k)")
        print("engine_prepare_10000_rows_ms \(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) ms")

        let point = try! session.prepare("SELECT c FROM sbtest1 WHERE id=?")
        let update = try! session.prepare("UPDATE sbtest1 SET k=k+1 WHERE id=?")
        let range = try! session.prepare("SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c")
        var random = SystemRandomNumberGenerator()
        // BENCH_SHAPE=<name> runs one shape only (for profiling).
        let only = getenv("BENCH_SHAPE").map { String(cString: $0) }
        func measure(_ name: String, _ body: () -> Void) {
            if let only, !name.hasSuffix(only) { return }
            var count = 0
            start = DispatchTime.now().uptimeNanoseconds
            let deadline = start + UInt64(seconds * 1e9)
            while DispatchTime.now().uptimeNanoseconds < deadline {
                for _ in 0..<1000 { body() }
                count += 1000
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print("\(name) \(Int(Double(count) / elapsed)) statements/s")
        }
        measure("engine_point_select_text") {
            run("SELECT c FROM sbtest1 WHERE id=\(Int.random(in: 1...10000, using: &random))")
        }
        measure("engine_point_select_prepared") {
            let outcomes = session.executePrepared(
                point.id,
                parameters: [.int(Int64.random(in: 1...10000, using: &random))]
            ).outcomes
            precondition(outcomes.count == 1 && outcomes[0].error == nil)
        }
        measure("engine_range_order_prepared") {
            let id = Int64.random(in: 1...9900, using: &random)
            _ = session.executePrepared(range.id, parameters: [.int(id), .int(id + 99)])
        }
        measure("engine_update_autocommit_prepared") {
            _ = session.executePrepared(update.id, parameters: [.int(Int64.random(in: 1...10000, using: &random))])
        }
    }
}
