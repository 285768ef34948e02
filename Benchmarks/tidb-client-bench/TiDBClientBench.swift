import TiDBClient

#if canImport(Glibc)
import Glibc
#endif

/// `tidb-client-bench PORT SECONDS`: `SELECT 1` round trips per second on one TiDBClient
/// connection, two ways: from a task on Swift's cooperative pool (each call hops to the
/// connection's thread and back) and from a task running on the connection's own thread
/// (`withTaskExecutorPreference`, no hop). Prints `NAME VALUE round-trips/s` lines.
@main
struct TiDBClientBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let port = Int(arguments[1]), let seconds = Double(arguments[2]) else {
            print("usage: tidb-client-bench PORT SECONDS")
            exit(2)
        }
        let connection = try await TiDBConnection.connect(ConnectionConfiguration(port: port))
        let hopping = try await Self.roundTrips(connection, seconds: seconds)
        let pinned = try await withTaskExecutorPreference(connection.taskExecutor) {
            try await Self.roundTrips(connection, seconds: seconds)
        }
        print("tidbclient_select1_pinned \(Int(pinned)) round-trips/s")
        print("tidbclient_select1_hopping \(Int(hopping)) round-trips/s")
        await connection.close()
    }

    static func roundTrips(_ connection: TiDBConnection, seconds: Double) async throws -> Double {
        let clock = ContinuousClock()
        for _ in 0..<1000 { try await connection.query("SELECT 1") }  // warm-up
        let start = clock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var count = 0
        while clock.now < deadline {
            try await connection.query("SELECT 1")
            count += 1
        }
        let elapsed = clock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
