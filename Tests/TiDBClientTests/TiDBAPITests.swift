import Foundation
import Testing
import TiDBClient

@Suite("The TiDB API against mock-tidb")
struct TiDBAPITests {
    @Test func currentTSOIsNearTheClockAndIncreases() async throws {
        try await withMockTiDB { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            let first = try await connection.currentTSO()
            let second = try await connection.currentTSO()
            #expect(first < second)
            #expect(abs(first.physicalTime.timeIntervalSinceNow) < 2)
            #expect(try await !connection.isInTransaction)
            var single = configuration
            single.multiStatements = false
            let separate = try await TiDBConnection.connect(single)
            #expect(try await separate.currentTSO() > second)
            await separate.close()
            // Inside a transaction BEGIN would commit it: refused, and the transaction stays open.
            try await connection.query("BEGIN")
            await #expect {
                try await connection.currentTSO()
            } throws: { ($0 as! TiDBClientError).kind == .usage }
            #expect(try await connection.isInTransaction)
            try await connection.query("ROLLBACK")
            let status = try await connection.masterStatus()
            #expect(status.file == "tidb-binlog")
            #expect(status.tso > second)
            await connection.close()
        }
    }

    @Test func gcSwitchAndSafePoint() async throws {
        try await withMockTiDB { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            #expect(try await connection.isGCEnabled())
            try await connection.setGCEnabled(false)
            #expect(try await !connection.isGCEnabled())
            #expect(try await connection.query("SELECT @@global.tidb_gc_enable").scalar(Int.self) == 0)
            try await connection.setGCEnabled(true)
            #expect(try await connection.isGCEnabled())
            let text = try await connection.query(
                "SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME = 'tikv_gc_safe_point'"
            ).rows.first.map { try $0.decode(String.self, at: 0) }
            let safePoint = try await connection.gcSafePoint()
            #expect((safePoint == nil) == (text == nil))
            if let safePoint { #expect(safePoint < Date()) }
            await connection.close()
        }
    }

    @Test func externalTSAndSnapshots() async throws {
        try await withMockTiDB { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            try await connection.query("CREATE TABLE test.v (id INT PRIMARY KEY, n INT)")
            try await connection.query("INSERT INTO test.v VALUES (1, 1)")
            let before = try await connection.currentTSO()
            try await connection.query("UPDATE test.v SET n = 2 WHERE id = 1")
            // The seed's statement: SET GLOBAL tidb_external_ts = @@tidb_current_ts in a transaction.
            let startTS = try await connection.withTransaction { connection in
                try connection.query("SET GLOBAL tidb_external_ts = @@tidb_current_ts")
                return try connection.query("SELECT @@tidb_current_ts").scalar(TSO.self)
            }
            #expect(try await connection.externalTS() == startTS)
            try await connection.useSnapshot(before)
            #expect(try await connection.query("SELECT n FROM test.v WHERE id = 1").scalar(Int.self) == 1)
            try await connection.useSnapshot(nil)
            #expect(try await connection.query("SELECT n FROM test.v WHERE id = 1").scalar(Int.self) == 2)
            try await connection.setExternalTSRead(true)
            #expect(try await connection.query("SELECT @@tidb_enable_external_ts_read").scalar(Bool.self))
            try await connection.setExternalTSRead(false)
            await connection.close()
        }
    }

    @Test func backupRestoreAndChecksums() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tidbclient-br-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = "local://" + directory.path
        try await withMockTiDB { primaryConfiguration in
            try await withMockTiDB { secondaryConfiguration in
                let primary = try await TiDBConnection.connect(primaryConfiguration)
                let secondary = try await TiDBConnection.connect(secondaryConfiguration)
                try await primary.query("CREATE DATABASE app")
                try await primary.query("CREATE TABLE app.a (id INT PRIMARY KEY, v VARCHAR(10))")
                try await primary.query("CREATE TABLE app.b (id INT PRIMARY KEY)")
                try await primary.query("INSERT INTO app.a VALUES (1, 'x'), (2, 'y')")
                let backup = try await primary.backup(
                    .databases(["app"]),
                    to: url,
                    options: BackupOptions(rateLimitMBPerSecond: 100)
                )
                #expect(backup.size > 0)
                #expect(abs(backup.backupTS.physicalTime.timeIntervalSinceNow) < 5)
                let listed = try await primary.query("SHOW BACKUPS").rows.last
                #expect(try listed?.decode(String.self, column: "Destination") == url)
                try await primary.query("INSERT INTO app.a VALUES (3, 'after')")

                let restored = try await secondary.restore(.databases(["app"]), from: url)
                #expect(restored.size == backup.size)
                let expected = try await primary.withSnapshot(backup.backupTS) { try $0.checksums(database: "app") }
                let actual = try await secondary.checksums(database: "app")
                #expect(actual.map(\.table) == ["a", "b"])
                #expect(actual == expected)
                #expect(try await primary.checksum(table: TableName(database: "app", table: "a")) != actual[0])

                await #expect {
                    try await secondary.restore(.databases(["app"]), from: url)
                } throws: { ($0 as! TiDBClientError).errno == 8125 }
                await #expect {
                    try await primary.backup(.cluster, to: url)
                } throws: { ($0 as! TiDBClientError).errno == 8124 }
                await primary.close()
                await secondary.close()
            }
        }
    }

    @Test func tiDBOnlyCallsFailCleanlyOnMariaDB() async throws {
        let server = try await MariaDBFixture.shared.server()
        let connection = try await TiDBConnection.connect(ConnectionConfiguration(port: server.port))
        await #expect {
            try await connection.currentTSO()
        } throws: { ($0 as! TiDBClientError).errno == 1305 }
        #expect(try await !connection.isInTransaction)
        await #expect(throws: TiDBClientError.self) {
            try await connection.checksums(tables: [TableName(database: "mysql", table: "user")])
        }
        #expect(try await connection.query("SELECT 1").scalar(Int.self) == 1)
        await connection.close()
    }
}

extension TiDBConnection {
    /// Runs `body` reading at `tso`, then back to the latest data.
    func withSnapshot<T: Sendable>(_ tso: TSO, _ body: @Sendable (isolated TiDBConnection) throws -> T) throws -> T {
        try self.useSnapshot(tso)
        defer { try? self.useSnapshot(nil) }
        return try body(self)
    }
}
