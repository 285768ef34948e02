import Dispatch
import TiDBEngine

#if canImport(Glibc)
import Glibc
#endif

/// In-process benchmarks of the engine, printed as `name value unit` lines for Benchmarks/run.py.
@main
enum MockTiDBBench {
    static func main() {
        let seconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 2
        self.tsoAllocations(seconds: seconds)
        self.statements(seconds: seconds)
        SysbenchShapes.run(seconds: seconds)
    }

    /// TSO allocations per second on one thread (the oracle with the real clock).
    static func tsoAllocations(seconds: Double) {
        let oracle = TSOOracle(clock: SystemWallClock())
        var last = TSO.zero
        var count = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        while true {
            for _ in 0..<10_000 {
                let next = oracle.next()
                precondition(next > last)
                last = next
            }
            count += 10_000
            if DispatchTime.now().uptimeNanoseconds >= deadline { break }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("tso_allocations_per_second \(Int(Double(count) / elapsed)) allocations/s")
    }

    /// `BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK` through a session, without the network.
    static func statements(seconds: Double) {
        let session = Self.openSession(database: nil)
        var count = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            for _ in 0..<1000 {
                let outcomes = session.execute(
                    "BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK",
                    multiStatementsAllowed: true
                ).outcomes
                precondition(outcomes.count == 3 && outcomes[1].error == nil)
            }
            count += 1000
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("engine_tso_transactions_per_second \(Int(Double(count) / elapsed)) transactions/s")
    }

    /// A root session on a fresh in-memory cluster.
    static func openSession(database: String?) -> Session {
        let cluster = Cluster()
        let instance = TiDBInstance(cluster: cluster)
        let account = cluster.users.match(user: "root", host: "127.0.0.1")!
        return try! instance.openSession(
            connectionID: instance.allocateConnectionID()!,
            account: account,
            user: "root",
            clientHost: "127.0.0.1",
            database: database,
            controls: .init(close: {})
        )
    }
}
