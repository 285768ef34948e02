import TiDBClient

#if canImport(Glibc)
import Glibc
#endif

/// `tidb-client-bench PORT SECONDS`: `SELECT 1` round trips per second on one TiDBClient
/// connection, three ways: from a task on Swift's cooperative pool (each call hops to the
/// connection's thread and back), from a task that prefers the connection's thread as its
/// executor (`withTaskExecutorPreference`: no thread hop, but each call still switches executor),
/// and from a function isolated to the connection (`isolated TiDBConnection`: plain calls).
/// Prints `NAME VALUE round-trips/s` lines.
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
        let isolated = try await Self.isolatedRoundTrips(connection, seconds: seconds)
        print("tidbclient_select1_isolated \(Int(isolated)) round-trips/s")
        print("tidbclient_select1_pinned \(Int(pinned)) round-trips/s")
        print("tidbclient_select1_hopping \(Int(hopping)) round-trips/s")
        await connection.close()
    }

    /// The loop a batch job writes inside the connection's isolation: no executor switches.
    static func isolatedRoundTrips(_ connection: isolated TiDBConnection, seconds: Double) throws -> Double {
        let clock = ContinuousClock()
        for _ in 0..<1000 { _ = try connection.query("SELECT 1") }  // warm-up
        let start = clock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var count = 0
        while clock.now < deadline {
            _ = try connection.query("SELECT 1")
            count += 1
        }
        return Self.rate(count, since: start, clock: clock)
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
        return Self.rate(count, since: start, clock: clock)
    }

    static func rate(_ count: Int, since start: ContinuousClock.Instant, clock: ContinuousClock) -> Double {
        let elapsed = clock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
