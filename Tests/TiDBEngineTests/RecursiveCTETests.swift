import MySQLTypes
import Testing

@testable import TiDBEngine

/// `WITH RECURSIVE`, CTE column lists, a CTE read twice, and CTEs inside subqueries.
@Suite struct RecursiveCTETests {
    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    @Test func countingAndWalkingATree() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(
            try self.rows(
                session,
                "WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT n FROM c"
            )
                == [["1"], ["2"], ["3"], ["4"], ["5"]]
        )
        session.run("CREATE TABLE staff (id INT PRIMARY KEY, name VARCHAR(10), boss INT)")
        session.run("INSERT INTO staff VALUES (1, 'ann', NULL), (2, 'bob', 1), (3, 'cy', 1), (4, 'dee', 3)")
        #expect(
            try self.rows(
                session,
                """
                WITH RECURSIVE chain AS (
                  SELECT id, name, 0 AS depth FROM staff WHERE boss IS NULL
                  UNION ALL
                  SELECT s.id, s.name, chain.depth + 1 FROM staff s JOIN chain ON s.boss = chain.id
                ) SELECT name, depth FROM chain ORDER BY depth, name
                """
            ) == [["ann", "0"], ["bob", "1"], ["cy", "1"], ["dee", "2"]]
        )
        // UNION (DISTINCT) stops a cycle once a round adds nothing new.
        #expect(
            try self.rows(
                session,
                "WITH RECURSIVE c (n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM c) SELECT n FROM c ORDER BY n"
            )
                == [["1"], ["2"], ["3"]]
        )
    }

    @Test func recursionDepthIsLimitedByTheVariable() throws {
        let session = try EngineFixture().session(database: "test")
        let count =
            "WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < %d) SELECT COUNT(*), MAX(n) FROM c"
        #expect(try self.rows(session, count.replacing("%d", with: "1000")) == [["1000", "1000"]])
        let error = session.failure(count.replacing("%d", with: "1001"))
        #expect(error?.code == 3636 && error?.sqlState == "HY000")
        #expect(
            error?.message
                == "Recursive query aborted after 1001 iterations. Try increasing @@cte_max_recursion_depth to a larger value."
        )
        session.run("SET cte_max_recursion_depth = 10")
        #expect(try self.rows(session, count.replacing("%d", with: "10")) == [["10", "10"]])
        #expect(
            session.failure(count.replacing("%d", with: "11"))?.message.hasPrefix("Recursive query aborted after 11 ")
                == true
        )
    }

    @Test func malformedRecursiveCTEsFail() throws {
        let session = try EngineFixture().session(database: "test")
        let noUnion = session.failure("WITH RECURSIVE r AS (SELECT * FROM r) SELECT * FROM r")
        #expect(
            noUnion?.code == 3573 && noUnion?.message == "Recursive Common Table Expression 'r' should contain a UNION"
        )
        #expect(
            session.failure("WITH RECURSIVE r (n) AS (SELECT n FROM r UNION ALL SELECT 1) SELECT * FROM r")?.code
                == 3574
        )
        #expect(
            session.failure("WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT COUNT(*) FROM r) SELECT * FROM r")?.code
                == 3575
        )
        // RECURSIVE without a self-reference is an ordinary CTE.
        #expect(try self.rows(session, "WITH RECURSIVE r AS (SELECT 1 AS x) SELECT x FROM r") == [["1"]])
    }

    @Test func columnListsTwoReadsAndCTEsInSubqueries() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY)")
        session.run("INSERT INTO t VALUES (1), (2), (3)")
        let named = try session.query("WITH p (a, b) AS (SELECT 1, 2) SELECT b, a FROM p")
        #expect(named.columns.map(\.name) == ["b", "a"] && named.rows.map { $0.map(\.text) } == [["2", "1"]])
        let mismatch = session.failure("WITH p (a) AS (SELECT 1, 2) SELECT * FROM p")
        #expect(
            mismatch?.code == 1353
                && mismatch?.message
                    == "In definition of view, derived table or common table expression, SELECT list and column names list have different column counts"
        )
        #expect(
            try self.rows(
                session,
                "WITH u AS (SELECT 1 AS x UNION ALL SELECT 2) SELECT u1.x, u2.x FROM u u1 JOIN u u2 ON u1.x < u2.x"
            )
                == [["1", "2"]]
        )
        #expect(
            try self.rows(session, "WITH ids AS (SELECT 2 AS i) SELECT id FROM t WHERE id IN (SELECT i FROM ids)") == [
                ["2"]
            ]
        )
        #expect(
            try self.rows(
                session,
                "SELECT id FROM t WHERE id IN (WITH ids AS (SELECT 1 AS i UNION ALL SELECT 3) SELECT i FROM ids) ORDER BY id"
            ) == [["1"], ["3"]]
        )
        #expect(try self.rows(session, "SELECT v FROM (WITH x AS (SELECT 5 AS v) SELECT v FROM x) d") == [["5"]])
    }
}
