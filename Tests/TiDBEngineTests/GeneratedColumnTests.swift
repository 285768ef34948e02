import ExternalStorage
import MySQLTypes
import Testing

@testable import TiDBEngine

/// Generated columns as TiDB v8.5 defines, computes, describes and refuses them.
@Suite struct GeneratedColumnTests {
    static let table = """
        CREATE TABLE g (id INT PRIMARY KEY, a INT, b INT, c INT AS (a + b), \
        d INT GENERATED ALWAYS AS ((c + 1) * 2) STORED NOT NULL, s VARCHAR(20) AS (concat(a, 'x')) VIRTUAL)
        """

    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run(Self.table)
        session.run("INSERT INTO g (id, a, b) VALUES (1, 1, 2)")
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    @Test func showCreateTableAndInformationSchema() throws {
        let session = try self.session()
        #expect(
            try session.query("SHOW CREATE TABLE g").rows[0][1].text == """
                CREATE TABLE `g` (
                  `id` int NOT NULL,
                  `a` int DEFAULT NULL,
                  `b` int DEFAULT NULL,
                  `c` int GENERATED ALWAYS AS (`a` + `b`) VIRTUAL,
                  `d` int GENERATED ALWAYS AS ((`c` + 1) * 2) STORED NOT NULL,
                  `s` varchar(20) GENERATED ALWAYS AS (concat(`a`, _utf8mb4'x')) VIRTUAL,
                  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """
        )
        #expect(
            try self.rows(
                session,
                """
                SELECT COLUMN_NAME, EXTRA, GENERATION_EXPRESSION FROM information_schema.COLUMNS \
                WHERE TABLE_NAME = 'g' AND COLUMN_NAME IN ('b', 'c', 'd') ORDER BY ORDINAL_POSITION
                """
            ) == [
                ["b", "", ""], ["c", "VIRTUAL GENERATED", "`a` + `b`"],
                ["d", "STORED GENERATED", "(`c` + 1) * 2"],
            ]
        )
        #expect(try self.rows(session, "SHOW COLUMNS FROM g LIKE 'c'")[0][5] == "VIRTUAL GENERATED")
    }

    @Test func valuesAreComputedOnInsertAndUpdate() throws {
        let session = try self.session()
        #expect(try self.rows(session, "SELECT c, d, s FROM g") == [["3", "8", "1x"]])
        session.run("INSERT INTO g VALUES (2, 5, 5, DEFAULT, DEFAULT, DEFAULT)")
        session.run("UPDATE g SET a = 10 WHERE id = 1")
        #expect(
            try self.rows(session, "SELECT id, c, d, s FROM g ORDER BY id") == [
                ["1", "12", "26", "10x"], ["2", "10", "22", "5x"],
            ]
        )
        session.run("INSERT INTO g (id, a, b) VALUES (2, 0, 0) ON DUPLICATE KEY UPDATE b = 7")
        #expect(try self.rows(session, "SELECT c, d FROM g WHERE id = 2") == [["12", "26"]])
        #expect(try session.scalar("SELECT id FROM g WHERE c = 12 AND d > 20 ORDER BY id LIMIT 1") == "1")
        // d is NOT NULL: a NULL input makes it NULL, refused as for any column.
        #expect(session.failure("INSERT INTO g (id, a) VALUES (3, NULL)")?.message == "Column 'd' cannot be null")
    }

    @Test func valuesForGeneratedColumnsAreRefused() throws {
        let session = try self.session()
        let error = session.failure("INSERT INTO g VALUES (3, 1, 1, 2, 6, 'x')")
        #expect(error?.code == 3105 && error?.sqlState == "HY000")
        #expect(error?.message == "The value specified for generated column 'c' in table 'g' is not allowed.")
        #expect(session.failure("INSERT INTO g (id, d) VALUES (3, 1)")?.code == 3105)
        #expect(
            session.failure("UPDATE g SET c = 1")?.message
                == "The value specified for generated column 'c' in table 'g' is not allowed."
        )
        session.run("UPDATE g SET c = DEFAULT, a = 2")
        #expect(try session.scalar("SELECT c FROM g") == "4")
    }

    @Test func definitionsTiDBRefuses() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(
            session.failure("CREATE TABLE e (a INT, b INT AS (rand()))")?.message
                == "Expression of generated column 'b' contains a disallowed function."
        )
        #expect(session.failure("CREATE TABLE e (a DATETIME AS (now()))")?.code == 3102)
        #expect(session.failure("CREATE TABLE e (a INT AS (@x))")?.code == 3102)
        #expect(
            session.failure("CREATE TABLE e (a INT AS (b + 1), b INT AS (1))")?.message
                == "Generated column can refer only to generated columns defined prior to it."
        )
        #expect(
            session.failure("CREATE TABLE e (a INT AS (z))")?.message
                == "Unknown column 'z' in 'generated column function'"
        )
        #expect(
            session.failure("CREATE TABLE e (a INT, b INT AS (a) DEFAULT 1)")?.message
                == "Incorrect usage of DEFAULT and generated column"
        )
        #expect(session.failure("CREATE TABLE e (a INT AUTO_INCREMENT KEY, b INT AS (a))")?.code == 3109)
        #expect(session.failure("CREATE TABLE e (a INT, b INT AS (a) PRIMARY KEY)")?.code == 3106)
        session.run("CREATE TABLE ok (a INT, b INT AS (a) STORED PRIMARY KEY)")
    }

    @Test func alterTableKeepsDependencies() throws {
        let session = try self.session()
        #expect(
            session.failure("ALTER TABLE g DROP COLUMN a")?.message == "Column 'a' has a generated column dependency."
        )
        #expect(session.failure("ALTER TABLE g RENAME COLUMN b TO bb")?.code == 3108)
        #expect(session.failure("ALTER TABLE g ADD COLUMN e INT AS (a) STORED")?.code == 3106)
        #expect(session.failure("ALTER TABLE g ADD COLUMN e INT AS (now())")?.code == 3102)
        #expect(session.failure("ALTER TABLE g ADD COLUMN e INT AS (zz)")?.code == 1054)
        session.run("ALTER TABLE g DROP COLUMN s")
        // A VIRTUAL generated column can be added: existing rows get their values.
        #expect(session.failure("ALTER TABLE g ADD COLUMN e INT AS (d - a) VIRTUAL AFTER b")?.code == 3107)
        session.run("ALTER TABLE g ADD COLUMN e INT AS (c - a) VIRTUAL")
        #expect(try self.rows(session, "SELECT * FROM g") == [["1", "1", "2", "3", "8", "2"]])
        session.run("INSERT INTO g (id, a, b) VALUES (2, 2, 5)")
        #expect(try session.scalar("SELECT e FROM g WHERE id = 2") == "5")
        #expect(try self.rows(session, "SHOW COLUMNS FROM g LIKE 'e'")[0][5] == "VIRTUAL GENERATED")
    }

    @Test func backupAndRestoreKeepTheDefinition() async throws {
        let directory = BackupRestoreTests.TemporaryDirectory()
        let session = try self.session()
        let (runner, service) = try session.prepareBackup(
            .all,
            storage: LocalStorage(directory.url),
            snapshot: nil,
            rateLimit: nil,
            clock: ContinuousClock()
        )
        _ = try await runner.run()
        session.finishBackup(serviceSafePoint: service)

        let restoring = try EngineFixture().session()
        _ = try restoring.applyRestore(try await RestoreReader(storage: LocalStorage(directory.url)).load())
        let original = try session.query("SHOW CREATE TABLE g").rows[0][1].text
        #expect(try restoring.query("SHOW CREATE TABLE test.g").rows[0][1].text == original)
        restoring.run("INSERT INTO test.g (id, a, b) VALUES (5, 2, 2)")
        #expect(
            try self.rows(restoring, "SELECT id, c, d, s FROM test.g ORDER BY id") == [
                ["1", "3", "8", "1x"], ["5", "4", "10", "2x"],
            ]
        )
    }
}
