import ArgumentParser
import AsyncHTTPClient
import DRWorkflow
import GoFormats
import Logging
import TiCDCClient
import TiDBClient

/// What the commands share: DSN and duration parsing with usage errors (exit 2), the silent
/// library logger, progress on stderr, and a TiCDC client whose HTTP client is shut down after.
enum CommandSupport {
    static func dsn(_ text: String, _ option: String) throws -> ConnectionConfiguration {
        do {
            return try ConnectionConfiguration(dsn: text)
        } catch {
            throw ValidationError("\(option): \(error.message)")
        }
    }

    static func duration(_ text: String, _ option: String) throws -> Duration {
        guard let nanoseconds = GoDuration.parse(text), nanoseconds > 0 else {
            throw ValidationError("\(option) must be a positive Go duration such as 500ms, 30s or 10m, not '\(text)'")
        }
        return .nanoseconds(nanoseconds)
    }

    static func requireID(_ id: String, _ option: String) throws {
        guard !id.isEmpty else { throw ValidationError("\(option) must not be empty") }
    }

    static let logger = Logger(label: "tidb-dr", factory: { _ in SwiftLogNoOpLogHandler() })
    static let progress = LineProgress(write: StandardStreams.writeError)

    /// Runs `body` with a TiCDC client of `server`; the HTTP client is shut down afterwards.
    static func withTiCDC<T>(_ server: String, _ body: (TiCDCClient) async throws -> T) async throws -> T {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let value = try await body(TiCDCClient(server: server, httpClient: http))
            try? await http.shutdown()
            return value
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

/// `--primary` and `--secondary`, the two clusters most commands take, checked as DSNs.
struct ClusterPair: ParsableArguments {
    @Option(help: "The primary cluster, mysql://user:pass@host:port[?options].")
    var primary: String

    @Option(help: "The secondary cluster, mysql://user:pass@host:port[?options].")
    var secondary: String

    func validate() throws {
        _ = try CommandSupport.dsn(self.primary, "--primary")
        _ = try CommandSupport.dsn(self.secondary, "--secondary")
    }

    var primaryConfiguration: ConnectionConfiguration {
        get throws { try CommandSupport.dsn(self.primary, "--primary") }
    }

    var secondaryConfiguration: ConnectionConfiguration {
        get throws { try CommandSupport.dsn(self.secondary, "--secondary") }
    }
}

/// How long a command waits for a changefeed's checkpoint and how often it asks TiCDC: setup,
/// switchover and wait-checkpoint share them.
struct CatchUpWaiting: ParsableArguments {
    @Option(help: "Give up waiting for the checkpoint after this long (Go duration: 30s, 10m).")
    var timeout = "10m"

    @Option(help: "Poll TiCDC this often while waiting (Go duration); the lag is printed when it changes.")
    var interval = "200ms"

    func validate() throws {
        _ = try self.timeoutDuration
        _ = try self.intervalDuration
    }

    var timeoutDuration: Duration {
        get throws { try CommandSupport.duration(self.timeout, "--timeout") }
    }

    var intervalDuration: Duration {
        get throws { try CommandSupport.duration(self.interval, "--interval") }
    }
}
