import MySQLTypes
import Testing

@testable import TiDBEngine

/// ONLY_FULL_GROUP_BY, in TiDB's default sql_mode: TiDB's errors and messages (executor/aggregate
/// and planner/funcdep/only_full_group_by in TiDB's integration tests), and the queries it runs.
@Suite struct FullGroupByTests {
    private func session() throws -> Session {
        let session = try EngineFixture().session()
        session.run("CREATE DATABASE g")
        session.run("USE g")
        session.run("CREATE TABLE t (a INT, b INT, c INT, d INT)")
        session.run("CREATE TABLE k (id INT PRIMARY KEY, v INT, w INT GENERATED ALWAYS AS (v + 1))")
        return session
    }

    @Test func bareColumnsOutsideTheGroupingAreRefused() throws {
        let session = try self.session()
        let notGrouped = try #require(session.failure("SELECT b - c FROM t GROUP BY b + c"))
        #expect(notGrouped.code == 1055)
        #expect(notGrouped.sqlState == "42000")
        #expect(
            notGrouped.message
                == "Expression #1 of SELECT list is not in GROUP BY clause and contains nonaggregated column 'g.t.b' "
                + "which is not functionally dependent on columns in GROUP BY clause; this is incompatible with "
                + "sql_mode=only_full_group_by"
        )
        #expect(session.failure("SELECT * FROM t GROUP BY d")?.code == 1055)
        // ORDER BY items count after the select list.
        #expect(session.failure("SELECT c FROM t GROUP BY c ORDER BY d")?.message.hasPrefix("Expression #2 ") == true)
        let ungrouped = try #require(session.failure("SELECT COUNT(b), c FROM t"))
        #expect(ungrouped.code == 8123)
        #expect(
            ungrouped.message
                == "In aggregated query without GROUP BY, expression #2 of SELECT list contains nonaggregated column "
                + "'g.t.c'; this is incompatible with sql_mode=only_full_group_by"
        )
    }

    @Test func determinedColumnsAreAccepted() throws {
        let session = try self.session()
        for sql in [
            "SELECT b + c, COUNT(*) FROM t GROUP BY b + c",  // the GROUP BY item as a whole
            "SELECT a, b FROM t WHERE a = 3 GROUP BY b",  // fixed by WHERE
            "SELECT MAX(a), ANY_VALUE(c) FROM t GROUP BY d",
            "SELECT COUNT(b), ANY_VALUE(c) FROM t",
            "SELECT id, v, w FROM k GROUP BY id",  // the primary key determines the row
            "SELECT w FROM k GROUP BY v",  // a generated column of grouped columns
            "SELECT k.v, t.b FROM k JOIN t ON t.a = k.id GROUP BY t.a, t.b",  // ON equality, then the key
            "SELECT x.id, y.v FROM k x LEFT JOIN k y USING (id) GROUP BY x.id",
            "SELECT a, SUM(b) OVER () FROM t GROUP BY a",
        ] {
            #expect(throws: Never.self, "\(sql)") { try session.query(sql) }
        }
        // A unique key over nullable columns determines its row only where WHERE rejects NULL.
        session.run("CREATE TABLE u (a INT, b INT, c INT, UNIQUE KEY (a, b))")
        #expect(session.failure("SELECT a, b, c FROM u GROUP BY a, b")?.code == 1055)
        #expect(session.failure("SELECT a, b, c FROM u WHERE a IS NOT TRUE GROUP BY a, b")?.code == 1055)
        #expect(throws: Never.self) {
            try session.query("SELECT a, b, c FROM u WHERE a > 3 AND b IS NOT NULL GROUP BY a, b")
        }
        #expect(throws: Never.self) {
            try session.query("SELECT a, b, c FROM u WHERE (a <> 3) IS TRUE AND b = 1 GROUP BY a")
        }
        // Without the mode, anything goes; CREATE VIEW defers the check to reads, as TiDB does.
        session.run("CREATE VIEW vw AS SELECT a FROM t GROUP BY b")
        #expect(session.failure("SELECT * FROM vw")?.code == 1055)
        session.run("SET sql_mode = ''")
        #expect(throws: Never.self) { try session.query("SELECT * FROM t GROUP BY d") }
    }
}
