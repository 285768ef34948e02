import MySQLTypes
import Testing

@testable import TiDBEngine

/// INVISIBLE indexes and `ALTER INDEX i VISIBLE|INVISIBLE`, as TiDB v8.5 shows them.
@Suite struct IndexVisibilityTests {
    @Test func visibilityIsKeptShownAndChecked() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a INT NOT NULL, b INT, KEY (a), UNIQUE (b) INVISIBLE)")
        let visible =
            "SELECT DISTINCT index_name, is_visible FROM information_schema.statistics WHERE table_name = 't' ORDER BY index_name"
        #expect(try session.query(visible).rows == [[.string("a"), .string("YES")], [.string("b"), .string("NO")]])
        session.run("ALTER TABLE t ALTER INDEX a INVISIBLE, ALTER INDEX b VISIBLE")
        #expect(try session.query(visible).rows == [[.string("a"), .string("NO")], [.string("b"), .string("YES")]])
        let create = try session.query("SHOW CREATE TABLE t").rows[0][1].text ?? ""
        #expect(create.contains("  KEY `a` (`a`) /*!80000 INVISIBLE */,\n"))
        #expect(
            session.failure("ALTER TABLE t ALTER INDEX nope VISIBLE")?.message
                == "Key 'nope' doesn't exist in table 't'"
        )
        session.run("CREATE TABLE p (a INT PRIMARY KEY)")
        #expect(session.failure("ALTER TABLE p ALTER INDEX `PRIMARY` INVISIBLE")?.code == 3522)
    }
}
