import DRWorkflow
import Foundation
import Logging
import Synchronization
import Testing
import TiDBClient

/// A clock that moves one second each time it is read: every step then takes exactly 1 s.
struct SteppingClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: self.offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - self.offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    final class Reads: Sendable {
        let count = Atomic<Int64>(0)
    }

    let reads = Reads()
    var now: Instant { Instant(offset: .seconds(self.reads.count.add(1, ordering: .relaxed).newValue)) }
    var minimumResolution: Duration { .seconds(1) }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {}
}

@Suite("The migration workflow in-process")
struct MigrationTests {
    @Test func stepsAreTimedWithTheInjectedClockAndReported() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tidbdr-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withMockTiDB { primaryConfiguration in
            try await withMockTiDB { secondaryConfiguration in
                let primary = try await TiDBConnection.connect(primaryConfiguration)
                try await primary.query("CREATE DATABASE app")
                try await primary.query("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(10))")
                try await primary.query("INSERT INTO app.t VALUES (1, 'a'), (2, 'b')")
                let lines = Mutex<[String]>([])
                let migration = Migration(
                    options: MigrationOptions(
                        primary: primaryConfiguration,
                        secondary: secondaryConfiguration,
                        storage: "local://" + directory.path,
                        databases: ["app"]
                    ),
                    progress: LineProgress { line in lines.withLock { $0.append(line) } },
                    clock: SteppingClock(),
                    logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
                )
                let report = await migration.run()
                #expect(report.outcome == .succeeded)
                #expect(
                    report.steps.map(\.name) == [
                        "connect", "record-gc", "disable-gc", "backup", "restore", "verify-checksums",
                    ]
                )
                #expect(report.steps.allSatisfy { $0.elapsedSeconds == 1 })
                let finished = lines.withLock { $0 }.filter { $0.hasPrefix("  ok ") }
                #expect(finished.count == 6)
                #expect(finished.allSatisfy { $0.contains("(1.000s)") })
                #expect(report.tables.map(\.table) == ["t"] && report.tables.allSatisfy(\.matches))
                #expect(report.changefeedStartTS == report.backupTS)
                #expect(try await !primary.isGCEnabled())
                await primary.close()
            }
        }
    }

    @Test func aMariaDBSecondaryIsRefusedBeforeAnythingChanges() async throws {
        let server = try await MariaDBFixture.shared.server()
        try await withMockTiDB { primaryConfiguration in
            let migration = Migration(
                options: MigrationOptions(
                    primary: primaryConfiguration,
                    secondary: ConnectionConfiguration(port: server.port),
                    storage: "local:///nonexistent/never-written"
                ),
                progress: SilentProgress(),
                clock: ContinuousClock(),
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            )
            let report = await migration.run()
            #expect(report.outcome == .failed)
            #expect(report.failure?.step == "connect")
            #expect(report.failure?.message.contains("MariaDB, not TiDB") == true)
            let primary = try await TiDBConnection.connect(primaryConfiguration)
            #expect(try await primary.isGCEnabled())
            await primary.close()
        }
    }
}
