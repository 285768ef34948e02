import DRWorkflow
import Foundation
import Logging
import Testing
import TiDBClient

/// The migration run by a least-privilege DR operator (docs/tidb/accounts-privileges.md): with
/// the runbook's grants it succeeds; without BACKUP_ADMIN it stops at BACKUP with TiDB's 1227 and
/// nothing changed.
@Suite("The migration as a DR operator account")
struct MigrationPrivilegeTests {
    static let operatorGrants = [
        "CREATE USER dr_operator IDENTIFIED BY 'op-pw'",
        "GRANT SYSTEM_VARIABLES_ADMIN, BACKUP_ADMIN, RESTORE_ADMIN ON *.* TO dr_operator",
        "GRANT SELECT ON app.* TO dr_operator",
    ]

    static func asOperator(_ configuration: ConnectionConfiguration) -> ConnectionConfiguration {
        var configuration = configuration
        configuration.user = "dr_operator"
        configuration.password = "op-pw"
        return configuration
    }

    func migrate(
        _ primary: ConnectionConfiguration,
        _ secondary: ConnectionConfiguration,
        storage: String
    ) async -> MigrationReport {
        let migration = Migration(
            options: MigrationOptions(
                primary: Self.asOperator(primary),
                secondary: Self.asOperator(secondary),
                storage: storage,
                databases: ["app"]
            ),
            progress: SilentProgress(),
            clock: ContinuousClock(),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        return await migration.run()
    }

    func prepare(
        _ primaryConfiguration: ConnectionConfiguration,
        _ secondaryConfiguration: ConnectionConfiguration
    )
        async throws -> (TiDBConnection, TiDBConnection)
    {
        let primary = try await TiDBConnection.connect(primaryConfiguration)
        let secondary = try await TiDBConnection.connect(secondaryConfiguration)
        try await primary.query("CREATE DATABASE app")
        try await primary.query("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(10))")
        try await primary.query("INSERT INTO app.t VALUES (1, 'a'), (2, 'b')")
        for grant in Self.operatorGrants {
            try await primary.query(grant)
            try await secondary.query(grant)
        }
        return (primary, secondary)
    }

    @Test func theRunbooksGrantsAreEnough() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tidbdr-op-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withMockTiDB { primaryConfiguration in
            try await withMockTiDB { secondaryConfiguration in
                let (primary, secondary) = try await self.prepare(primaryConfiguration, secondaryConfiguration)
                let report = await self.migrate(
                    primaryConfiguration,
                    secondaryConfiguration,
                    storage: "local://" + directory.path
                )
                #expect(report.outcome == .succeeded, "\(String(describing: report.failure))")
                #expect(report.tables.map(\.table) == ["t"] && report.tables.allSatisfy(\.matches))
                await primary.close()
                await secondary.close()
            }
        }
    }

    @Test func withoutBackupAdminTheBackupStepFailsAndNothingChanges() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tidbdr-op-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withMockTiDB { primaryConfiguration in
            try await withMockTiDB { secondaryConfiguration in
                let (primary, secondary) = try await self.prepare(primaryConfiguration, secondaryConfiguration)
                try await primary.query("REVOKE BACKUP_ADMIN ON *.* FROM dr_operator")
                let report = await self.migrate(
                    primaryConfiguration,
                    secondaryConfiguration,
                    storage: "local://" + directory.path
                )
                #expect(report.outcome == .failed)
                #expect(report.failure?.step == "backup")
                #expect(report.failure?.errno == 1227)
                #expect(
                    report.failure?.message
                        == "Access denied; you need (at least one of) the SUPER or BACKUP_ADMIN privilege(s) for this operation"
                )
                #expect(try await primary.isGCEnabled())
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("backupmeta").path))
                let databases = try await secondary.query("SHOW DATABASES").rows.map {
                    try $0.decode(String.self, at: 0)
                }
                #expect(!databases.contains("app"))
                await primary.close()
                await secondary.close()
            }
        }
    }
}
