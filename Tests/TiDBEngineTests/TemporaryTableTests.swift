import MySQLTypes
import Testing

@testable import TiDBEngine

/// `CREATE TEMPORARY TABLE` (the session's own) and `CREATE GLOBAL TEMPORARY TABLE ... ON COMMIT
/// DELETE ROWS` (rows per transaction), as TiDB v8.5 has them.
@Suite struct TemporaryTableTests {
    private static func texts(_ result: ResultSet) -> [[String]] {
        result.rows.map { $0.map { $0.text ?? "NULL" } }
    }

    @Test func localTemporaryTableIsTheSessionsOwnAndHidesTheCatalogTable() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        let other = try fixture.session(database: "test")
        session.run("CREATE TABLE t (a INT); INSERT INTO t VALUES (1); CREATE VIEW tv AS SELECT a FROM t")
        session.run("CREATE TEMPORARY TABLE t (a INT); INSERT INTO t VALUES (2)")
        #expect(Self.texts(try session.query("SELECT * FROM t")) == [["2"]])
        // A view reads the catalog table; another session sees only the catalog table.
        #expect(Self.texts(try session.query("SELECT * FROM tv")) == [["1"]])
        #expect(Self.texts(try other.query("SELECT * FROM t")) == [["1"]])
        #expect(Self.texts(try session.query("SHOW TABLES")) == [["t"], ["tv"]])
        let create = try session.query("SHOW CREATE TABLE t").rows[0][1].text ?? ""
        #expect(create.hasPrefix("CREATE TEMPORARY TABLE `t` (\n  `a` int"))
        #expect(create.hasSuffix("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"))
        #expect(
            session.failure("ALTER TABLE t ADD COLUMN b INT")?.message
                == "TiDB doesn't support ALTER TABLE for local temporary table"
        )
        #expect(session.failure("CREATE INDEX i ON t (a)")?.code == 8200)
        #expect(session.failure("CREATE TEMPORARY TABLE t (a INT)")?.message == "Table 'test.t' already exists")
        // DROP TABLE drops the temporary table first; the catalog table is back.
        session.run("DROP TABLE t")
        #expect(Self.texts(try session.query("SELECT * FROM t")) == [["1"]])
    }

    @Test func creatingAndDroppingLocalTemporaryTablesKeepsTheTransaction() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE p (id INT PRIMARY KEY)")
        session.run("BEGIN; INSERT INTO p VALUES (1); CREATE TEMPORARY TABLE t1 (id INT PRIMARY KEY, v INT)")
        session.run("INSERT INTO t1 VALUES (123, 456); DROP TEMPORARY TABLE t1; ROLLBACK")
        // The rollback undid the insert into p: nothing was committed by the temporary DDL.
        #expect(Self.texts(try session.query("SELECT * FROM p")) == [])
        #expect(session.failure("SELECT * FROM t1")?.code == 1146)
    }

    @Test func dropTemporaryTableNamesEveryOtherTable() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE tb (id INT); CREATE TEMPORARY TABLE lt (id INT)")
        #expect(session.failure("DROP TEMPORARY TABLE lt, tb")?.message == "Unknown table 'test.tb'")
        let outcome = session.execute("DROP TEMPORARY TABLE IF EXISTS lt, xx, tb", multiStatementsAllowed: false)
        #expect(outcome.outcomes.last?.error == nil)
        #expect(
            Self.texts(try session.query("SHOW WARNINGS")) == [["Note", "1051", "Unknown table 'test.xx,test.tb'"]]
        )
        // Nothing was dropped.
        #expect(Self.texts(try session.query("SELECT COUNT(*) FROM lt")) == [["0"]])
        #expect(session.failure("DROP GLOBAL TEMPORARY TABLE lt")?.code == 8007)
        #expect(
            session.failure("DROP GLOBAL TEMPORARY TABLE tb")?.message
                == "`drop global temporary table` can only drop global temporary table"
        )
        #expect(session.failure("DROP GLOBAL TEMPORARY TABLE xx")?.message == "Unknown table 'test.xx'")
    }

    @Test func globalTemporaryTableRowsLastOneTransaction() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("SET GLOBAL tidb_enable_check_constraint = ON")
        let start = fixture.cluster.pd.oracle.next()
        session.run("CREATE GLOBAL TEMPORARY TABLE g (id INT PRIMARY KEY, CHECK (id > 0)) ON COMMIT DELETE ROWS")
        session.run("INSERT INTO g VALUES (1)")
        #expect(Self.texts(try session.query("SELECT * FROM g")) == [])
        session.run("BEGIN; INSERT INTO g VALUES (2), (3)")
        #expect(Self.texts(try session.query("SELECT * FROM g ORDER BY id")) == [["2"], ["3"]])
        #expect(session.failure("INSERT INTO g VALUES (-1)")?.code == 3819)
        session.run("COMMIT")
        #expect(Self.texts(try session.query("SELECT * FROM g")) == [])
        let create = try session.query("SHOW CREATE TABLE g").rows[0][1].text ?? ""
        #expect(create.hasPrefix("CREATE GLOBAL TEMPORARY TABLE `g` ("))
        #expect(create.hasSuffix("COLLATE=utf8mb4_bin ON COMMIT DELETE ROWS"))
        #expect(session.failure("CREATE GLOBAL TEMPORARY TABLE h (id INT)")?.code == 1064)
        // Neither the DDL nor the rows reach the change stream.
        #expect(fixture.cluster.storage.changes(after: start).isEmpty)
        #expect(!fixture.cluster.storage.allTableSchemas.contains { $0.name == "g" })
        session.run("DROP GLOBAL TEMPORARY TABLE g")
        #expect(session.failure("SELECT * FROM g")?.code == 1146)
    }

    @Test func localTemporaryTablesGoWithTheSession() throws {
        let fixture = EngineFixture()
        let start = fixture.cluster.pd.oracle.next()
        let session = try fixture.session(database: "test")
        session.run("CREATE TEMPORARY TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1)")
        #expect(fixture.cluster.storage.changes(after: start).isEmpty)
        let id = try #require(session.localTemporaryTables.values.first)
        session.close()
        #expect(fixture.cluster.storage.tableSchema(id: id) == nil)
    }
}
