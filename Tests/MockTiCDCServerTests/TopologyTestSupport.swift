import AsyncHTTPClient
import Logging
import MockDRTopology
import MockTiCDCServer
import MockTiDBServer
import NIOCore
import TiCDCClient
import TiCDCCore
import TiDBClient
import TiDBEngine

/// What the TiCDC tests share: a quiet logger, a client of the API, SQL on a cluster, and waiting
/// (in real time, briefly) for what a changefeed does on its own.
enum TopologyTestSupport {
    static let logger = Logger(label: "mock-dr-test") { _ in SwiftLogNoOpLogHandler() }

    static func ticdc(_ endpoints: MockTiCDCEndpoints) -> TiCDCClient {
        TiCDCClient(server: endpoints.url, httpClient: .shared)
    }

    static func sql(_ endpoints: MockTiDBEndpoints, _ statements: String) async throws -> [QueryResult] {
        let connection = try await TiDBConnection.connect(
            ConnectionConfiguration(host: endpoints.host, port: endpoints.sqlPort)
        )
        defer { Task { await connection.close() } }
        return try await connection.queryAll(statements)
    }

    /// The sink URI of a cluster, as the runbook writes it.
    static func sinkURI(_ endpoints: MockTiDBEndpoints) -> String {
        "mysql://root@\(endpoints.host):\(endpoints.sqlPort)/"
    }

    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(self.what)" }
    }

    /// Polls `probe` until it returns a value, for at most `seconds`.
    static func eventually<T: Sendable>(
        _ what: String,
        seconds: Double = 15,
        _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TimedOut(what: what)
    }

    /// Waits until the changefeed is in `state` with a checkpoint at or above `checkpoint`.
    static func changefeed(
        _ id: String,
        on client: TiCDCClient,
        reaches state: String,
        checkpoint: UInt64 = 0
    ) async throws -> TiCDCAPI.ChangeFeedInfo {
        var last: TiCDCAPI.ChangeFeedInfo?
        do {
            return try await eventually("changefeed \(id) \(state) at \(checkpoint)") {
                let info = try await client.changefeed(id)
                last = info
                return info.state == state && info.checkpointTS >= checkpoint ? info : nil
            }
        } catch let timedOut as TimedOut {
            let seen = last.map { "\($0.state ?? "?") at \($0.checkpointTS), error \(String(describing: $0.error))" }
            throw TimedOut(what: timedOut.what + "; last seen " + (seen ?? "nothing"))
        }
    }
}

extension TopologyTestSupport {
    /// `GET /metrics`, as `name{labels}` → value.
    static func metrics(_ endpoints: MockTiCDCEndpoints) async throws -> [String: Double] {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: endpoints.url + "/metrics"),
            timeout: .seconds(5)
        )
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            values[String(line[..<space])] = value
        }
        return values
    }

    /// `SHOW MASTER STATUS`'s Position: the cluster's current TSO.
    static func position(_ endpoints: MockTiDBEndpoints) async throws -> UInt64 {
        let connection = try await TiDBConnection.connect(
            ConnectionConfiguration(host: endpoints.host, port: endpoints.sqlPort)
        )
        defer { Task { await connection.close() } }
        return try await connection.masterStatus().position
    }
}
