import Foundation
import Logging
import LoopbackPorts
import MockTiDBServer
import TiDBClient
import TiDBEngine

/// The servers the library's tests run against: mock-tidb in-process, and a real MariaDB from
/// Debian started on loopback (one per test process, fresh database per test).
enum TestServer: String, CaseIterable, Sendable, CustomStringConvertible {
    case mockTiDB = "mock-tidb"
    case mariaDB = "MariaDB"

    var description: String { self.rawValue }

    /// Runs `body` with a configuration for `root` (no password) and database `clienttest`;
    /// the account `dr` / `secret` also exists.
    func run(_ body: (ConnectionConfiguration) async throws -> Void) async throws {
        switch self {
        case .mockTiDB:
            try await withMockTiDB { configuration in
                let setup = try await TiDBConnection.connect(configuration)
                try await setup.query("CREATE DATABASE clienttest")
                await setup.close()
                var configuration = configuration
                configuration.database = "clienttest"
                try await body(configuration)
            }
        case .mariaDB:
            let server = try await MariaDBFixture.shared.server()
            let database = "clienttest_\(UInt32.random(in: 0...UInt32.max))"
            let admin = try await TiDBConnection.connect(ConnectionConfiguration(port: server.port))
            try await admin.query("CREATE DATABASE \(database)")
            var configuration = ConnectionConfiguration(port: server.port, database: database)
            configuration.readTimeout = .seconds(60)
            do {
                try await body(configuration)
            } catch {
                _ = try? await admin.query("DROP DATABASE \(database)")
                throw error
            }
            try await admin.query("DROP DATABASE \(database)")
            await admin.close()
        }
    }
}

/// An in-process mock-tidb on free ports with `root` and `dr:secret`.
func withMockTiDB<T: Sendable>(_ body: (ConnectionConfiguration) async throws -> T) async throws -> T {
    let configuration = MockTiDBConfiguration(
        port: 0,
        statusPort: 0,
        pdPort: 0,
        users: [UserAccount(name: "root", password: ""), UserAccount(name: "dr", password: "secret")]
    )
    let logger = Logger(label: "mock-tidb-test") { _ in SwiftLogNoOpLogHandler() }
    return try await MockTiDBServer.withRunningServer(configuration: configuration, logger: logger) { endpoints, _ in
        try await body(ConnectionConfiguration(host: endpoints.host, port: endpoints.sqlPort))
    }
}

/// `mariadbd` from a temporary datadir on a free loopback port, started once per test process
/// and killed when it exits.
actor MariaDBFixture {
    static let shared = MariaDBFixture()

    struct Server: Sendable {
        var port: Int
        var directory: URL
    }

    private var starting: Task<Server, any Error>?

    func server() async throws -> Server {
        if self.starting == nil {
            self.starting = Task { try Self.start() }
        }
        return try await self.starting!.value
    }

    private static func start() throws -> Server {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tidbclient-mariadb-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let datadir = directory.appendingPathComponent("data").path
        let socket = directory.appendingPathComponent("mysqld.sock").path
        try Self.run(
            "mariadb-install-db",
            [
                "--no-defaults", "--datadir=\(datadir)", "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ]
        )
        // mariadbd cannot bind port 0 and name the port, so a free one is picked here; a parallel
        // test's server can take it before mariadbd binds it, and then another one is tried.
        var attempt = 1
        while true {
            let port = try freeLoopbackPort()
            if let server = try Self.startServer(port: port, directory: directory, datadir: datadir, socket: socket) {
                return server
            }
            guard attempt < 5 else { throw FixtureError(message: "mariadbd found no free port in 5 attempts") }
            attempt += 1
        }
    }

    /// The server on `port`, or nil when mariadbd exited because the port was taken.
    private static func startServer(port: Int, directory: URL, datadir: String, socket: String) throws -> Server? {
        let errorLog = directory.appendingPathComponent("error.log")
        try? FileManager.default.removeItem(at: errorLog)
        let server = Process()
        server.executableURL = try Self.find("mariadbd")
        server.arguments = [
            "--no-defaults", "--user=root", "--datadir=\(datadir)", "--port=\(port)", "--bind-address=127.0.0.1",
            "--socket=\(socket)", "--pid-file=\(directory.appendingPathComponent("mysqld.pid").path)",
            "--log-error=\(errorLog.path)", "--skip-log-bin",
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        MariaDBCleanup.register(pid: server.processIdentifier, directory: directory.path)
        let setup =
            "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');"
            + "GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;"
            + "CREATE USER IF NOT EXISTS dr@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('secret');"
            + "GRANT ALL ON *.* TO dr@'%';"
        let deadline = Date().addingTimeInterval(60)
        while true {
            if (try? Self.run("mariadb", ["--no-defaults", "-S", socket, "-uroot", "-e", setup])) != nil { break }
            guard server.isRunning, Date() < deadline else {
                server.terminate()
                server.waitUntilExit()
                let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
                if log.contains("Address already in use") { return nil }
                throw FixtureError(message: "mariadbd did not start: \(log.suffix(2000))")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return Server(port: port, directory: directory)
    }

    private static func find(_ name: String) throws -> URL {
        for directory in ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"] {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw FixtureError(message: "\(name) not found: install mariadb-server (make test does)")
    }

    @discardableResult
    private static func run(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try Self.find(name)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "\(name) exited \(process.terminationStatus): \(text)")
        }
        return text
    }
}

/// Kills the MariaDB fixture and removes its files when the test process exits.
enum MariaDBCleanup {
    nonisolated(unsafe) private static var pid: pid_t = 0
    nonisolated(unsafe) private static var directory = ""

    nonisolated(unsafe) private static var registered = false

    /// Called for each mariadbd started; the last one is the one killed.
    static func register(pid: pid_t, directory: String) {
        Self.pid = pid
        Self.directory = directory
        guard !Self.registered else { return }
        Self.registered = true
        atexit {
            kill(MariaDBCleanup.pid, SIGKILL)
            var status: Int32 = 0
            waitpid(MariaDBCleanup.pid, &status, 0)
            try? FileManager.default.removeItem(atPath: MariaDBCleanup.directory)
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
