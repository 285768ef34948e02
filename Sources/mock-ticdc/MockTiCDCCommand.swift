import ArgumentParser
import AsyncHTTPClient
import FoundationEssentials
import GoFormats
import Logging
import MockTiCDCServer
import TiCDCCLI
import TiCDCClient
import TiCDCCore

#if canImport(Glibc)
import Glibc
#endif

@main
struct MockTiCDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-ticdc",
        abstract: "A mock TiCDC: changefeeds between mock (or real) TiDB clusters, TiCDC's OpenAPI v2 and cdc cli.",
        subcommands: [Server.self, CLI.self, Redo.self]
    )
}

struct Server: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve OpenAPI v2 and /metrics, run the changefeeds kept in --pd (as `cdc server`)."
    )

    @Option(help: "The upstream cluster's PD endpoint, http://HOST:PORT (mock-tidb's --pd-port).")
    var pd: String

    @Option(help: "Address to listen on, HOST:PORT; port 0 picks a free one.")
    var addr = "127.0.0.1:8300"

    @Option(name: .customLong("gc-ttl"), help: "Seconds TiCDC's service safepoint outlives this server.")
    var gcTTL: Int64 = 86_400

    @Option(name: .customLong("cluster-id"), help: "The TiCDC cluster id.")
    var clusterID = "default"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(
        name: .customLong("resolved-ts-interval"),
        help: "How often an idle changefeed's checkpoint follows the upstream (Go duration; real TiCDC: about 1s)."
    )
    var resolvedInterval = "100ms"

    @Option(
        name: .customLong("retry-backoff"),
        help:
            "A failed changefeed's backoff: the first retry comes at once, then after twice this, doubling (TiCDC: 10s)."
    )
    var retryBackoff = "10s"

    @Option(
        name: .customLong("min-sync-point-interval"),
        help:
            "Mock-only: the smallest sync_point_interval a changefeed may ask for (TiCDC: 30s), so tests see syncpoints in seconds."
    )
    var minimumSyncPointInterval = "30s"

    @Option(
        help: ArgumentHelp(
            "Mock-only: faults set from the start, a JSON file {\"<changefeed id>\" or \"*\": {\"hold_sink\": true, \"delay\": \"5s\", \"error\": {\"code\": \"CDC:ErrMySQLTxnError\", \"message\": \"...\"}}} (docs/ticdc/faults.md).",
            valueName: "file"
        )
    )
    var faults: String?

    func validate() throws {
        guard Self.hostPort(self.addr) != nil else { throw ValidationError("--addr takes HOST:PORT") }
        guard ChangefeedRecord.isValidID(self.clusterID) else {
            throw ValidationError("--cluster-id must match ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$")
        }
        guard Logger.Level(rawValue: self.logLevel) != nil else { throw ValidationError("--log-level is not a level") }
        guard GoDuration.parse(self.resolvedInterval).map({ $0 > 0 }) == true else {
            throw ValidationError("--resolved-ts-interval takes a Go duration such as 100ms")
        }
        guard GoDuration.parse(self.retryBackoff).map({ $0 >= 0 }) == true else {
            throw ValidationError("--retry-backoff takes a Go duration such as 10s")
        }
        guard GoDuration.parse(self.minimumSyncPointInterval).map({ $0 > 0 }) == true else {
            throw ValidationError("--min-sync-point-interval takes a Go duration such as 1s")
        }
    }

    static func hostPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        return (String(text[..<colon]), port)
    }

    func run() async throws {
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let (host, port) = Self.hostPort(self.addr)!
        var retry = ChangefeedMachine.Retry()
        retry.initial = .nanoseconds(GoDuration.parse(self.retryBackoff) ?? 10_000_000_000)
        var faults: [String: ChangefeedFault] = [:]
        if let path = self.faults {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--faults: cannot read \(path)")
            }
            do {
                faults = try JSONDecoder().decode([String: ChangefeedFault].self, from: data)
            } catch {
                throw ValidationError("--faults: \(path) is not a faults file: \(error)")
            }
        }
        var configuration = MockTiCDCConfiguration(
            pd: self.pd,
            host: host,
            port: port,
            gcTTL: self.gcTTL,
            clusterID: self.clusterID,
            resolvedInterval: .nanoseconds(GoDuration.parse(self.resolvedInterval) ?? 100_000_000),
            retry: retry
        )
        configuration.minimumSyncPointInterval = .nanoseconds(
            GoDuration.parse(self.minimumSyncPointInterval) ?? 30_000_000_000
        )
        configuration.faults = faults
        try await MockTiCDCServer.serve(configuration: configuration, logger: Logger(label: "mock-ticdc")) {
            endpoints in
            print(endpoints.readyLine)
            fflush(nil)
        }
    }
}

/// `cdc cli`'s global flags.
struct CLIOptions: ParsableArguments {
    @Option(help: "TiCDC server address (default http://127.0.0.1:8300).")
    var server: String?

    @Option(help: "PD address; deprecated in TiCDC, use --server.")
    var pd: String?

    @Option(name: .customLong("log-level"), help: "Log level.")
    var logLevel = "warn"

    /// Runs one command against the server the flags name and prints its output.
    func run(_ body: @Sendable (CLICommands) async -> CLIOutput) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let output: CLIOutput
        if self.server != nil, self.pd != nil {
            output = .failure(
                "Parameter --pd is deprecated, please use parameter --server instead. These two parameters cannot be specified at the same time."
            )
        } else {
            let server = try await CaptureLookup.server(server: self.server, pd: self.pd, client: client)
            output = await body(
                CLICommands(
                    client: TiCDCClient(server: server, httpClient: client),
                    answer: { readLine()?.trimmingSpaces() }
                )
            )
        }
        try await client.shutdown()
        Self.write(output.standardOutput, to: STDOUT_FILENO)
        Self.write(output.standardError, to: STDERR_FILENO)
        if output.exitCode != 0 { throw ExitCode(output.exitCode) }
    }

    /// Whole, unbuffered, so stdout and stderr keep their order in a terminal or a CI log.
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice.split(separator: " ").first ?? "")
    }
}
