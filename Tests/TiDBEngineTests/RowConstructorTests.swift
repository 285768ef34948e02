import MySQLTypes
import Testing

@testable import TiDBEngine

/// Row constructors, `(a, b)` and `ROW(a, b)`, in comparisons and IN, as TiDB rewrites them
/// (Django's composite lookups write `(a, b) IN ((3, 1), (2, 1))` and `(a, b) > (x, y)`).
@Suite struct RowConstructorTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a INT, b INT, c VARCHAR(10))")
        session.run("INSERT INTO t VALUES (1, 1, 'x'), (2, 1, 'y'), (2, 2, 'x'), (3, 1, 'z'), (3, NULL, 'x')")
        session.run("CREATE TABLE u (x INT, y INT, c VARCHAR(10))")
        session.run("INSERT INTO u VALUES (2, 1, 'y'), (3, 1, 'x'), (NULL, 2, 'x')")
        return session
    }

    func pairs(_ session: Session, _ sql: String) throws -> [String] {
        try session.query(sql).rows.map { $0.map { $0.text ?? "NULL" }.joined(separator: ",") }
    }

    @Test func equalityAndNullSafeEquality() throws {
        let session = try EngineFixture().session()
        #expect(try session.scalar("SELECT (1, 2) = (1, 2)") == "1")
        #expect(try session.scalar("SELECT ROW(1, 2) = (1, 3)") == "0")
        #expect(try session.scalar("SELECT (1, NULL) = (1, 2)") == nil)
        #expect(try session.scalar("SELECT (1, NULL) = (2, 2)") == "0")
        #expect(try session.scalar("SELECT (1, NULL) <=> (1, NULL)") == "1")
        #expect(try session.scalar("SELECT (1, NULL) <=> (1, 2)") == "0")
        #expect(try session.scalar("SELECT (1, 2) <> (1, 2)") == "0")
        #expect(try session.scalar("SELECT (1, NULL) <> (2, 1)") == "1")
        #expect(try session.scalar("SELECT (1, NULL) != (1, 1)") == nil)
        #expect(try session.scalar("SELECT ('a', 'B') = ('A', 'b')") == "0")
    }

    @Test func orderingIsLexicographic() throws {
        let session = try EngineFixture().session()
        #expect(try session.scalar("SELECT (1, 2) < (1, 3)") == "1")
        #expect(try session.scalar("SELECT (1, 2) < (2, 0)") == "1")
        #expect(try session.scalar("SELECT (2, 1) >= (1, 5)") == "1")
        #expect(try session.scalar("SELECT (1, 2, 3) <= (1, 2, 3)") == "1")
        #expect(try session.scalar("SELECT (1, 2, 3) > (1, 2, 3)") == "0")
        // A NULL in the deciding pair, or before it, gives NULL; one after it does not matter.
        #expect(try session.scalar("SELECT (NULL, 1) < (1, 2)") == nil)
        #expect(try session.scalar("SELECT (1, NULL) < (1, 2)") == nil)
        #expect(try session.scalar("SELECT (1, NULL) < (2, 1)") == "1")
    }

    @Test func compositeLookupsOverATable() throws {
        let session = try self.session()
        #expect(
            try self.pairs(session, "SELECT a, b FROM t WHERE (a, b) IN ((3, 1), (2, 1)) ORDER BY a") == ["2,1", "3,1"]
        )
        #expect(
            try self.pairs(session, "SELECT a, b FROM t WHERE (a, b) NOT IN ((3, 1), (2, 1)) ORDER BY a, b")
                == ["1,1", "2,2"]
        )
        #expect(
            try self.pairs(session, "SELECT a, b FROM t WHERE (a, b) > (2, 1) ORDER BY a, b") == [
                "2,2", "3,NULL", "3,1",
            ]
        )
        #expect(
            try self.pairs(session, "SELECT a, b FROM t WHERE ROW(a, b) <= (2, 1) ORDER BY a, b") == ["1,1", "2,1"]
        )
        #expect(try session.scalar("SELECT (3, NULL) IN ((3, 1), (2, 1))") == nil)
        #expect(try session.scalar("SELECT (3, NULL) IN ((4, 1), (2, 1))") == "0")
    }

    @Test func rowsInSubqueries() throws {
        let session = try self.session()
        #expect(
            try self.pairs(session, "SELECT a, b FROM t WHERE (a, b) IN (SELECT x, y FROM u) ORDER BY a") == [
                "2,1", "3,1",
            ]
        )
        // u has (NULL, 2): (2, 2) and (3, NULL) may match it, so NOT IN is NULL for them.
        #expect(
            try self.pairs(session, "SELECT a, b FROM t WHERE (a, b) NOT IN (SELECT x, y FROM u) ORDER BY a") == ["1,1"]
        )
        #expect(
            try self.pairs(
                session,
                "SELECT a, b FROM t WHERE (a, b) IN (SELECT x, y FROM u WHERE u.c = t.c) ORDER BY a"
            ) == ["2,1"]
        )
        #expect(try session.scalar("SELECT (2, 1) = (SELECT x, y FROM u WHERE c = 'y')") == "1")
        #expect(try session.scalar("SELECT (2, 1) = (SELECT x, y FROM u WHERE c = 'none')") == nil)
        #expect(try session.scalar("SELECT (1, 1) IN (SELECT x, y FROM u WHERE c = 'none')") == "0")
    }

    @Test func operandColumnErrors() throws {
        let session = try self.session()
        let cases: [(String, String)] = [
            ("SELECT (1, 2) = 1", "Operand should contain 2 column(s)"),
            ("SELECT 1 = (1, 2)", "Operand should contain 1 column(s)"),
            ("SELECT (1, 2)", "Operand should contain 1 column(s)"),
            ("SELECT (1, 2) IN ((1, 2), (3, 4, 5))", "Operand should contain 2 column(s)"),
            ("SELECT 1 IN ((1, 2))", "Operand should contain 1 column(s)"),
            ("SELECT (1, 2) IN (SELECT x FROM u)", "Operand should contain 2 column(s)"),
            ("SELECT 1 IN (SELECT x, y FROM u)", "Operand should contain 1 column(s)"),
            ("SELECT (1, 2) < (1, 2, 3)", "Operand should contain 2 column(s)"),
        ]
        for (sql, message) in cases {
            let error = session.failure(sql)
            #expect(error?.code == 1241, "\(sql)")
            #expect(error?.sqlState == "21000", "\(sql)")
            #expect(error?.message == message, "\(sql)")
        }
    }
}
