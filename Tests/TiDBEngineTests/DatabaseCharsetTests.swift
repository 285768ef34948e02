import MySQLTypes
import Testing

@testable import TiDBEngine

/// `CREATE/ALTER DATABASE … CHARACTER SET … COLLATE …`: the database's defaults show in
/// SCHEMATA, SHOW CREATE DATABASE and `@@collation_database`, and new tables take them (Django
/// creates its test database with utf8mb4_general_ci and expects case-insensitive `=`).
@Suite struct DatabaseCharsetTests {
    @Test func createdDatabaseKeepsItsCollation() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE DATABASE dj CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        session.run("CREATE DATABASE lat DEFAULT CHARSET = latin1")
        let schemata = try session.query(
            "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME IN ('dj', 'lat', 'test') ORDER BY SCHEMA_NAME"
        ).rows.map { $0.map(\.text) }
        #expect(
            schemata == [
                ["dj", "utf8mb4", "utf8mb4_general_ci"], ["lat", "latin1", "latin1_bin"],
                ["test", "utf8mb4", "utf8mb4_bin"],
            ]
        )
        #expect(
            try session.query("SHOW CREATE DATABASE dj").rows[0][1].text
                == "CREATE DATABASE `dj` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */"
        )
        session.run("USE dj")
        #expect(try session.scalar("SELECT @@collation_database") == "utf8mb4_general_ci")
        #expect(try session.scalar("SELECT @@character_set_database") == "utf8mb4")
        session.run("CREATE TABLE t (s VARCHAR(10))")
        session.run("INSERT INTO t VALUES ('Abc')")
        #expect(try session.scalar("SELECT COUNT(*) FROM t WHERE s = 'aBC'") == "1")
        #expect(try session.scalar("SELECT COUNT(*) FROM t WHERE s LIKE 'ab%'") == "1")
        let create = try session.query("SHOW CREATE TABLE t").rows[0][1].text ?? ""
        #expect(create.hasSuffix("DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"))
        #expect(
            try session.scalar(
                "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'dj' AND TABLE_NAME = 't'"
            ) == "utf8mb4_general_ci"
        )
        #expect(session.failure("CREATE DATABASE bad CHARACTER SET utf8mb4 COLLATE latin1_bin")?.code == 1253)
        #expect(session.failure("CREATE DATABASE bad CHARACTER SET nope")?.code == 1115)
    }

    @Test func alterDatabaseChangesDefaultsForNewTables() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE DATABASE d")
        session.run("USE d")
        session.run("CREATE TABLE before_alter (s VARCHAR(10))")
        session.run("ALTER DATABASE COLLATE utf8mb4_general_ci")
        #expect(try session.scalar("SELECT @@collation_database") == "utf8mb4_general_ci")
        session.run("CREATE TABLE after_alter (s VARCHAR(10))")
        let collations = try session.query(
            "SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd'"
                + " ORDER BY TABLE_NAME"
        ).rows.map { $0.map(\.text) }
        #expect(collations == [["after_alter", "utf8mb4_general_ci"], ["before_alter", "utf8mb4_bin"]])
        session.run("ALTER DATABASE d DEFAULT CHARACTER SET = latin1")
        #expect(
            try session.scalar("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'd'")
                == "latin1_bin"
        )
        #expect(session.failure("ALTER DATABASE nope COLLATE utf8mb4_bin")?.code == 1049)
    }
}
