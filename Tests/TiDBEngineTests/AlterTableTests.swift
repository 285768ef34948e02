import MySQLTypes
import Testing

@testable import TiDBEngine

/// ALTER TABLE MODIFY/CHANGE/RENAME/ALTER COLUMN/AUTO_INCREMENT and RENAME TABLE (issue 20),
/// with TiDB v8.5's errors.
@Suite struct AlterTableTests {
    func session() throws -> (EngineFixture, Session) {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT, s VARCHAR(10))")
        session.run("INSERT INTO t VALUES (1, 10, 'one'), (2, 300, 'two')")
        return (fixture, session)
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String]] {
        try session.query(sql).rows.map { $0.map { $0.text ?? "NULL" } }
    }

    @Test func modifyConvertsEveryRowOrNone() throws {
        let (_, session) = try self.session()
        session.run("ALTER TABLE t MODIFY v VARCHAR(20)")
        #expect(try self.rows(session, "SELECT v FROM t ORDER BY id") == [["10"], ["300"]])
        let narrow = try #require(session.failure("ALTER TABLE t MODIFY COLUMN v TINYINT"))
        #expect(narrow.code == 1264 && narrow.sqlState == "22003")
        #expect(narrow.message == "Out of range value for column 'v', the value is '300'")
        // Nothing changed: the column is still text and holds both values.
        session.run("INSERT INTO t VALUES (3, 'abc', 'three')")
        let short = try #require(session.failure("ALTER TABLE t MODIFY s VARCHAR(2)"))
        #expect(short.code == 1265 && short.message == "Data truncated for column 's', value is 'one'")
        session.run("ALTER TABLE t MODIFY s VARCHAR(20) NOT NULL")
        #expect(session.failure("INSERT INTO t (id, v) VALUES (9, '1')")?.code == 1364)
    }

    @Test func notNullOverNullsIs1138() throws {
        let (_, session) = try self.session()
        session.run("INSERT INTO t (id) VALUES (5)")
        let error = try #require(session.failure("ALTER TABLE t MODIFY v INT NOT NULL"))
        #expect(error.code == 1138 && error.message == "Invalid use of NULL value")
    }

    @Test func changeRenamesAndMovesWithItsIndex() throws {
        let (_, session) = try self.session()
        session.run("CREATE INDEX idx_s ON t (s)")
        session.run("ALTER TABLE t CHANGE s name VARCHAR(10) FIRST")
        let result = try session.query("SELECT * FROM t WHERE name = 'two'")
        #expect(result.columns.map(\.name) == ["name", "id", "v"])
        #expect(result.rows.map { $0.map { $0.text ?? "NULL" } } == [["two", "2", "300"]])
        session.run("ALTER TABLE t MODIFY name VARCHAR(10) AFTER v")
        #expect(try session.query("SELECT * FROM t").columns.map(\.name) == ["id", "v", "name"])
        let create = try #require(try session.query("SHOW CREATE TABLE t").rows.first?[1].text)
        #expect(create.contains("KEY `idx_s` (`name`)"))
    }

    @Test func primaryKeyAndAutoIncrementRules() throws {
        let (_, session) = try self.session()
        // Widening an integer needs no rewrite: allowed on the primary key.
        session.run("ALTER TABLE t MODIFY id BIGINT")
        let error = try #require(session.failure("ALTER TABLE t MODIFY id VARCHAR(10)"))
        #expect(error.code == 8200 && error.message == "Unsupported modify column: this column has primary key flag")
        session.run("CREATE TABLE a (id INT AUTO_INCREMENT PRIMARY KEY, v INT)")
        #expect(
            session.failure("ALTER TABLE a MODIFY id BIGINT")?.message
                == "Unsupported modify column: can't remove auto_increment without @@tidb_allow_remove_auto_inc enabled"
        )
        #expect(session.failure("ALTER TABLE a MODIFY v INT AUTO_INCREMENT")?.code == 8200)
        session.run("ALTER TABLE a AUTO_INCREMENT = 100")
        session.run("INSERT INTO a (v) VALUES (1)")
        #expect(try session.scalar("SELECT id FROM a") == "100")
    }

    @Test func renameColumnIndexAndDefaults() throws {
        let (_, session) = try self.session()
        session.run("ALTER TABLE t RENAME COLUMN v TO w")
        #expect(session.failure("SELECT v FROM t")?.code == 1054)
        #expect(session.failure("ALTER TABLE t RENAME COLUMN nope TO x")?.message == "Unknown column 'nope' in 't'")
        #expect(session.failure("ALTER TABLE t RENAME COLUMN w TO s")?.code == 1060)
        session.run("CREATE INDEX i1 ON t (w)")
        session.run("ALTER TABLE t RENAME INDEX i1 TO i2")
        #expect(
            session.failure("ALTER TABLE t RENAME INDEX i1 TO i3")?.message == "Key 'i1' doesn't exist in table 't'"
        )
        session.run("ALTER TABLE t ALTER COLUMN w SET DEFAULT 7")
        session.run("INSERT INTO t (id) VALUES (3)")
        #expect(try session.scalar("SELECT w FROM t WHERE id = 3") == "7")
        session.run("ALTER TABLE t ALTER w DROP DEFAULT")
        session.run("INSERT INTO t (id) VALUES (4)")
        #expect(try session.scalar("SELECT w FROM t WHERE id = 4") == nil)
    }

    @Test func renameTableSwapsAtomically() throws {
        let (_, session) = try self.session()
        session.run("CREATE TABLE u (x INT)")
        session.run("RENAME TABLE t TO tmp, u TO t, tmp TO u")
        #expect(try session.query("SELECT * FROM t").columns.map(\.name) == ["x"])
        #expect(try session.query("SELECT * FROM u").rows.count == 2)
        #expect(session.failure("RENAME TABLE t TO u")?.message == "Table 'test.u' already exists")
        #expect(session.failure("RENAME TABLE nope TO x")?.message == "Table 'test.nope' doesn't exist")
        // A failed pair renames nothing.
        #expect(session.failure("RENAME TABLE t TO v, nope TO w")?.code == 1146)
        #expect(try session.query("SELECT * FROM t").columns.map(\.name) == ["x"])
        session.run("ALTER TABLE u RENAME TO w")
        #expect(try session.query("SELECT * FROM w").rows.count == 2)
    }
}
