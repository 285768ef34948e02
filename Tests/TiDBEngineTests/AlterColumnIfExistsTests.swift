import MySQLTypes
import Testing

@testable import TiDBEngine

/// `ADD COLUMN IF NOT EXISTS`, `DROP COLUMN IF EXISTS` (a note instead of 1060/1091) and index
/// clauses inside `ADD COLUMN (...)`, as TiDB v8.5 takes them (`ddl/multi_schema_change.result`).
@Suite struct AlterColumnIfExistsTests {
    @Test func existingOrMissingColumnsBecomeNotes() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a INT DEFAULT 1); INSERT INTO t VALUES ()")
        session.run("ALTER TABLE t ADD COLUMN IF NOT EXISTS (b INT DEFAULT 2, c INT DEFAULT 3)")
        session.run("ALTER TABLE t ADD COLUMN IF NOT EXISTS (c INT DEFAULT 3, d INT DEFAULT 4)")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Note"), .int(1060), .string("Duplicate column name 'c'")]
            ]
        )
        #expect(try session.query("SELECT * FROM t").rows == [[.int(1), .int(2), .int(3), .int(4)]])
        session.run("ALTER TABLE t DROP COLUMN IF EXISTS z, DROP COLUMN a")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Note"), .int(1091), .string("Can't DROP 'z'; check that column/key exists")]
            ]
        )
        #expect(session.failure("ALTER TABLE t DROP COLUMN z")?.code == 1091)
        #expect(session.failure("ALTER TABLE t ADD COLUMN b INT")?.code == 1060)
    }

    @Test func indexClausesInAddColumnListAndBinaryCharset() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a INT); ALTER TABLE t ADD COLUMN (b INT, INDEX i (a), INDEX i1 (a, b))")
        #expect(try session.query("SHOW INDEX FROM t").rows.count == 3)
        session.run("CREATE TABLE u (a VARCHAR(10) CHARSET binary)")
        let create = try session.query("SHOW CREATE TABLE u").rows[0][1].text ?? ""
        #expect(create.contains("`a` varbinary(10)"))
    }

    @Test func emptyTextDefaultIsAWarningOutsideStrictMode() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(session.failure("CREATE TABLE t (c TEXT NOT NULL DEFAULT '')")?.code == 1101)
        session.run("SET sql_mode = ''")
        session.run("CREATE TABLE t (c TEXT NOT NULL DEFAULT '')")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(1101), .string("BLOB/TEXT/JSON column 'c' can't have a default value")]
            ]
        )
        let create = try session.query("SHOW CREATE TABLE t").rows[0][1].text ?? ""
        #expect(create.contains("  `c` text NOT NULL\n"))
        #expect(session.failure("CREATE TABLE u (c BLOB DEFAULT 'x')")?.code == 1101)
    }
}
