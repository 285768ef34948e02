import ArgumentParser
import Logging
import MockTiDBServer
import TiDBEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct MockTiDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-tidb",
        abstract: "A mock TiDB server for rehearsing TiDB disaster recovery: MySQL protocol, TSO, DR statements."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(
        name: .customLong("advertise-address"),
        help:
            "The address others reach this server at, as information_schema.cluster_info and PD list it (default: --host)."
    )
    var advertiseAddress: String?

    @Option(help: "MySQL protocol port; 0 picks a free port.")
    var port = 4000

    @Option(name: .customLong("status-port"), help: "HTTP status port (GET /status); 0 picks a free port.")
    var statusPort = 10080

    @Option(
        name: .customLong("pd-port"),
        help: "The cluster's PD endpoint (PD's HTTP API and mock-ticdc's /mock/v1/); 0 picks a free port."
    )
    var pdPort = 2379

    @Option(name: .customLong("user"), help: "An account NAME[:PASSWORD]; repeatable. Default: root with no password.")
    var users: [String] = []

    @Option(name: .customLong("tidb-version"), help: "The TiDB release to impersonate, vX.Y.Z.")
    var tidbVersion = "v8.5.8"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .customLong("event-loops"), help: "SwiftNIO event-loop threads serving connections.")
    var eventLoops = MockTiDBConfiguration.throughputEventLoops

    @Option(
        name: .customLong("request-spin"),
        help: "Microseconds an event loop polls for a lone client's next request after answering it; 0: never."
    )
    var requestSpinMicroseconds = 100

    @Option(
        name: .customLong("query-log"),
        help: "Also write every statement received as JSON lines to this file (appended; see GET /mock/v1/querylog)."
    )
    var queryLog: String?

    @Option(
        name: .customLong("replication-mode"),
        help: "PD's replication mode at start: majority or dr-auto-sync (docs/tidb/dr-auto-sync.md)."
    )
    var replicationMode = "majority"

    @Option(
        name: .customLong("dr-auto-sync"),
        help:
            "A DR Auto-Sync key as PD's config names it, KEY=VALUE (repeatable): label-key, primary, dr, primary-replicas, dr-replicas, wait-store-timeout, wait-recover-timeout, pause-region-split."
    )
    var drAutoSync: [String] = []

    @Option(
        name: .customLong("pd-data-dir"),
        help: "PD's data dir: DR_STATE is written there on every DR Auto-Sync switch."
    )
    var pdDataDir: String?

    @Option(
        name: .customLong("deprecate-integer-display-length"),
        help:
            "TiDB's config item: true prints integer types without display widths (int, not int(11)) and warns about declared ones; false prints them, as TiDB's integration tests record."
    )
    var deprecateIntegerDisplayLength = true

    func validate() throws {
        _ = try self.replicationModeConfig()
        guard Self.isRelease(self.tidbVersion) else {
            throw ValidationError("--tidb-version must look like v8.5.8")
        }
        guard Logger.Level(rawValue: self.logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        for user in self.users where UserAccount(commandLine: user) == nil {
            throw ValidationError("--user takes NAME[:PASSWORD]; got '\(user)'")
        }
        guard (0...65535).contains(self.port), (0...65535).contains(self.statusPort), (0...65535).contains(self.pdPort)
        else {
            throw ValidationError("ports must be between 0 and 65535")
        }
        guard (1...1024).contains(self.eventLoops) else {
            throw ValidationError("--event-loops must be between 1 and 1024")
        }
        guard (0...10_000).contains(self.requestSpinMicroseconds) else {
            throw ValidationError("--request-spin must be between 0 and 10000 microseconds")
        }
        if let queryLog = self.queryLog, queryLog.isEmpty {
            throw ValidationError("--query-log takes a file name")
        }
    }

    /// `vX.Y.Z` with an optional `-suffix`.
    static func isRelease(_ text: String) -> Bool {
        guard text.hasPrefix("v") else { return false }
        let parts = text.dropFirst().split(separator: "-", maxSplits: 1)
        let numbers = parts.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []
        return numbers.count == 3 && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let accounts = self.users.compactMap(UserAccount.init(commandLine:))
        var configuration = MockTiDBConfiguration(
            host: self.host,
            port: self.port,
            statusPort: self.statusPort,
            pdPort: self.pdPort,
            users: accounts.isEmpty ? [UserAccount(name: "root", password: "")] : accounts,
            release: self.tidbVersion,
            eventLoops: self.eventLoops,
            requestSpin: RequestSpin(limit: .microseconds(Int64(self.requestSpinMicroseconds))),
            queryLogPath: self.queryLog
        )
        configuration.advertiseAddress = self.advertiseAddress
        configuration.replicationMode = try self.replicationModeConfig()
        configuration.pdDataDir = self.pdDataDir
        configuration.deprecateIntegerDisplayLength = self.deprecateIntegerDisplayLength
        try await MockTiDBServer.serve(configuration: configuration, logger: Logger(label: "mock-tidb")) { endpoints in
            print(endpoints.readyLine)
            fflush(nil)
        }
    }

    /// `--replication-mode` and `--dr-auto-sync KEY=VALUE` as PD reads its config.
    private func replicationModeConfig() throws -> ReplicationModeConfig {
        var patch = ReplicationModeConfig.Patch()
        patch.mode = self.replicationMode
        for pair in self.drAutoSync {
            guard let equals = pair.firstIndex(of: "=") else {
                throw ValidationError("--dr-auto-sync takes KEY=VALUE, not '\(pair)'")
            }
            let key = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            switch key {
            case "label-key": patch.labelKey = value
            case "primary": patch.primary = value
            case "dr": patch.dr = value
            case "primary-replicas", "dr-replicas":
                guard let number = Int(value), number >= 0 else {
                    throw ValidationError("--dr-auto-sync \(key) takes a number")
                }
                if key == "primary-replicas" { patch.primaryReplicas = number } else { patch.drReplicas = number }
            case "wait-store-timeout": patch.waitStoreTimeout = value
            case "wait-recover-timeout": patch.waitRecoverTimeout = value
            case "pause-region-split": patch.pauseRegionSplit = value
            default: throw ValidationError("--dr-auto-sync: PD's dr-auto-sync has no key '\(key)'")
            }
        }
        do {
            return try ReplicationModeConfig().applying(patch)
        } catch {
            throw ValidationError("--replication-mode: \(error.message)")
        }
    }
}
