import MySQLTypes
import Testing

@testable import TiDBEngine

/// ALTER TABLE … MODIFY checks only each row's newest committed version: values an UPDATE or
/// DELETE already replaced do not fail the reorg (they used to, from old MVCC versions).
@Suite struct ReorgNewestVersionTests {
    @Test func notNullAfterUpdateRemovedTheNulls() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT NULL)")
        session.run("INSERT INTO t VALUES (1, NULL), (2, 5), (3, NULL)")
        session.run("UPDATE t SET v = 0 WHERE v IS NULL")
        session.run("ALTER TABLE t MODIFY v INT NOT NULL")
        #expect(
            try session.query("SELECT id, v FROM t ORDER BY id").rows.map { $0.map(\.text) } == [
                ["1", "0"], ["2", "5"], ["3", "0"],
            ]
        )
        // A NULL in the newest version still fails, with TiDB's error.
        session.run("CREATE TABLE u (id INT PRIMARY KEY, v INT NULL)")
        session.run("INSERT INTO u VALUES (1, 1), (2, NULL)")
        let error = session.failure("ALTER TABLE u MODIFY v INT NOT NULL")
        #expect(error?.code == 1138)
        #expect(error?.message == "Invalid use of NULL value")
    }

    @Test func deletedRowsDoNotFailTheCheck() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT NULL)")
        session.run("INSERT INTO t VALUES (1, NULL), (2, 5)")
        session.run("DELETE FROM t WHERE v IS NULL")
        session.run("ALTER TABLE t MODIFY v INT NOT NULL")
        #expect(try session.scalar("SELECT GROUP_CONCAT(v) FROM t") == "5")
    }

    @Test func narrowingAfterUpdateRemovedTheWideValues() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, n INT, s VARCHAR(20))")
        session.run("INSERT INTO t VALUES (1, 1000, 'a long string')")
        session.run("UPDATE t SET n = 7, s = 'ab'")
        session.run("ALTER TABLE t MODIFY n TINYINT")
        session.run("ALTER TABLE t MODIFY s VARCHAR(3)")
        #expect(try session.query("SELECT n, s FROM t").rows.map { $0.map(\.text) } == [["7", "ab"]])
        session.run("INSERT INTO t VALUES (2, 100, 'abc')")
        let error = session.failure("ALTER TABLE t MODIFY n TINYINT UNSIGNED")
        #expect(error == nil)
        session.run("UPDATE t SET s = 'xyz' WHERE id = 2")
        let narrowing = session.failure("ALTER TABLE t MODIFY s VARCHAR(2)")
        #expect(narrowing?.code == 1265)
        #expect(narrowing?.message == "Data truncated for column 's', value is 'xyz'")
    }
}
