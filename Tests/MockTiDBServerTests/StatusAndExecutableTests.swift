import Foundation
import MockTiDBServer
import Testing

@Suite struct StatusAndExecutableTests {
    @Test func statusEndpointAnswersAsTiDB() async throws {
        try await withServer { endpoints in
            let sqlPort = endpoints.sqlPort
            let statusPort = endpoints.statusPort
            let body = try await blocking { () -> String in
                let client = try MariaDBTestClient(port: sqlPort)
                _ = try client.scalar("SELECT 1")
                let socket = try RawSocket(port: statusPort)
                socket.send(Array("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
                let response = String(decoding: socket.readUntilClosed().bytes, as: UTF8.self)
                return String(response.split(separator: "\r\n\r\n", maxSplits: 1).last ?? "")
            }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(json["connections"] as? Int == 1)
            #expect(json["version"] as? String == "8.0.11-TiDB-v8.5.8")
            #expect((json["git_hash"] as? String)?.count == 40)
            #expect((json["status"] as? [String: Any])?["init_stats_percentage"] as? Int == 100)
            #expect(body.hasPrefix("{\"connections\":1,\"version\":"))
        }
    }

    /// The `mock-tidb` binary: one ready line on stdout, real queries, SIGTERM or SIGINT end it
    /// cleanly.
    @Test(arguments: ["SIGTERM", "SIGINT"])
    func executablePrintsReadyLineAndStopsOnSignal(_ signal: String) async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("mock-tidb")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the mock-tidb product first")
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "--port", "0", "--status-port", "0", "--pd-port", "0", "--user", "dr:secret", "--tidb-version", "v8.1.2",
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()

        let (line, elapsed) = try await blocking { () -> (String, Duration) in
            var bytes: [UInt8] = []
            while let byte = try stdout.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
                bytes.append(first)
            }
            return (String(decoding: bytes, as: UTF8.self), ContinuousClock.now - started)
        }
        let match = try #require(
            line.wholeMatch(
                of: /mock-tidb ready sql=127\.0\.0\.1:(\d+) status=127\.0\.0\.1:(\d+) pd=127\.0\.0\.1:(\d+)/
            )
        )
        let port = try #require(Int(match.1))
        #expect(elapsed < .seconds(10))
        let version = try await blocking {
            try MariaDBTestClient(port: port, user: "dr", password: "secret").scalar("SELECT VERSION()")
        }
        #expect(version == "8.0.11-TiDB-v8.1.2")

        if signal == "SIGTERM" { process.terminate() } else { process.interrupt() }
        let rest = try await blocking { () -> Data in
            process.waitUntilExit()
            return try stdout.fileHandleForReading.readToEnd() ?? Data()
        }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(rest.isEmpty)  // exactly one line on stdout
    }
}

@Suite struct StartupFailureTests {
    /// A port already in use is an error from the in-process API, not a hang or a crash.
    @Test func busyPortsFailTheStart() async throws {
        try await withServer { endpoints in
            for configuration in [
                MockTiDBConfiguration(port: endpoints.sqlPort, statusPort: 0, pdPort: 0),
                MockTiDBConfiguration(port: 0, statusPort: endpoints.statusPort, pdPort: 0),
            ] {
                await #expect(throws: (any Error).self) {
                    try await MockTiDBServer.withRunningServer(configuration: configuration) { _, _ in }
                }
            }
        }
    }
}
