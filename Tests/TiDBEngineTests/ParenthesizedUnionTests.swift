import MySQLTypes
import Testing

@testable import TiDBEngine

/// Parenthesised queries and unions: as statements, derived tables and IN subqueries, with
/// per-member ORDER BY/LIMIT and a union's ORDER BY over expressions of its result columns.
@Suite struct ParenthesizedUnionTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a INT, b INT)")
        session.run("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30), (3, 5)")
        return session
    }

    func column(_ session: Session, _ sql: String) throws -> [String?] {
        try session.query(sql).rows.map { $0[0].text }
    }

    @Test func parenthesisedUnionsAsDerivedTablesAndSubqueries() throws {
        let session = try self.session()
        #expect(
            try self.column(
                session,
                "SELECT * FROM ((SELECT a FROM t WHERE a = 1) UNION (SELECT a FROM t WHERE a = 2)) AS x ORDER BY a"
            ) == ["1", "2"]
        )
        #expect(
            try self.column(session, "SELECT a FROM t WHERE a IN ((SELECT 1) UNION (SELECT 3)) ORDER BY a") == [
                "1", "3", "3",
            ]
        )
        #expect(
            try self.column(session, "SELECT a FROM t WHERE a IN ((SELECT 1), (SELECT 2)) ORDER BY a") == ["1", "2"]
        )
        #expect(try self.column(session, "SELECT a FROM t WHERE a NOT IN (SELECT 1 UNION SELECT 3)") == ["2"])
        #expect(try session.scalar("SELECT ((SELECT 1) UNION (SELECT 1))") == "1")
        #expect(try session.scalar("SELECT ((SELECT 2) + 1)") == "3")
        #expect(try session.scalar("SELECT ((SELECT 1), 2) = (1, 2)") == "1")
    }

    @Test func memberAndOuterOrderAndLimit() throws {
        let session = try self.session()
        #expect(
            try self.column(
                session,
                "(SELECT a FROM t ORDER BY a DESC LIMIT 1) UNION ALL (SELECT a FROM t ORDER BY a LIMIT 1)"
            )
                == ["3", "1"]
        )
        #expect(try self.column(session, "((SELECT 1) UNION (SELECT 2)) ORDER BY 1 DESC") == ["2", "1"])
        #expect(try self.column(session, "(SELECT a FROM t ORDER BY a LIMIT 2) ORDER BY a DESC") == ["2", "1"])
        #expect(try self.column(session, "(SELECT a FROM t) ORDER BY a DESC LIMIT 1") == ["3"])
        #expect(try self.column(session, "SELECT 1 UNION ALL (SELECT 1 UNION SELECT 1)") == ["1", "1"])
        #expect(try self.column(session, "(SELECT 5 UNION SELECT 4 ORDER BY 1 LIMIT 1) UNION SELECT 9") == ["4", "9"])
    }

    @Test func unionOrderByExpressions() throws {
        let session = try self.session()
        #expect(
            try self.column(session, "SELECT a FROM t UNION SELECT b FROM t ORDER BY a + 0 DESC LIMIT 3") == [
                "30", "20", "10",
            ]
        )
        #expect(
            try self.column(session, "SELECT a FROM t UNION SELECT b FROM t ORDER BY a % 10, a LIMIT 3") == [
                "10", "20", "30",
            ]
        )
        let qualified = session.failure("SELECT a FROM t UNION SELECT b FROM t ORDER BY t.a")
        #expect(qualified?.code == 1250)
        #expect(qualified?.message == "Table 't' from one of the SELECTs cannot be used in global ORDER clause")
        let unknown = session.failure("SELECT a FROM t UNION SELECT b FROM t ORDER BY b + 1")
        #expect(unknown?.code == 1054)
        #expect(unknown?.message == "Unknown column 'b' in 'order clause'")
        #expect(
            session.failure("SELECT a FROM t UNION SELECT b FROM t ORDER BY 2")?.message
                == "Unknown column '2' in 'order clause'"
        )
    }
}
