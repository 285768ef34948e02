import MySQLTypes
import Testing

@testable import TiDBEngine

/// RIGHT [OUTER] JOIN, JOIN ... USING and NATURAL JOIN (issue 20), with MySQL's and TiDB's
/// column rules: a USING column shows once, first, coalesced from the side that keeps its rows.
@Suite struct RightJoinUsingTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE l (id INT PRIMARY KEY, k INT, x VARCHAR(5))")
        session.run("CREATE TABLE r (rid INT PRIMARY KEY, k INT, y VARCHAR(5))")
        session.run("INSERT INTO l VALUES (1, 10, 'a'), (2, 20, 'b'), (3, NULL, 'c')")
        session.run("INSERT INTO r VALUES (7, 20, 'p'), (8, 30, 'q')")
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String]] {
        try session.query(sql).rows.map { $0.map { $0.text ?? "NULL" } }
    }

    @Test func rightJoinKeepsEveryRightRow() throws {
        let session = try self.session()
        #expect(
            try self.rows(session, "SELECT l.id, r.rid FROM l RIGHT JOIN r ON l.k = r.k ORDER BY r.rid")
                == [["2", "7"], ["NULL", "8"]]
        )
        // WHERE applies after the padding: the unmatched right row has a NULL l.id.
        #expect(
            try self.rows(session, "SELECT r.rid FROM l RIGHT OUTER JOIN r ON l.k = r.k WHERE l.id IS NULL")
                == [["8"]]
        )
        // An ON condition on the kept side never drops its rows.
        #expect(
            try self.rows(session, "SELECT l.id, r.rid FROM l RIGHT JOIN r ON l.k = r.k AND r.rid > 7 ORDER BY r.rid")
                == [["NULL", "7"], ["NULL", "8"]]
        )
        #expect(
            try session.scalar("SELECT COUNT(*) FROM l RIGHT JOIN r ON l.k = r.k RIGHT JOIN l AS l2 ON l2.k = r.k")
                == "3"
        )
    }

    @Test func usingShowsTheCommonColumnOnceAndFirst() throws {
        let session = try self.session()
        let result = try session.query("SELECT * FROM l JOIN r USING (k)")
        #expect(result.columns.map(\.name) == ["k", "id", "x", "rid", "y"])
        #expect(result.rows.map { $0.map { $0.text ?? "NULL" } } == [["20", "2", "b", "7", "p"]])
        // Unqualified `k` is the coalesced column, not ambiguous; qualified names reach both.
        #expect(
            try self.rows(session, "SELECT k, l.k, r.k FROM l LEFT JOIN r USING (k) ORDER BY id") == [
                ["10", "10", "NULL"], ["20", "20", "20"], ["NULL", "NULL", "NULL"],
            ]
        )
        #expect(
            try self.rows(session, "SELECT k, l.k FROM l RIGHT JOIN r USING (k) ORDER BY rid") == [
                ["20", "20"], ["30", "NULL"],
            ]
        )
        let missing = session.failure("SELECT * FROM l JOIN r USING (nope)")
        #expect(missing?.code == 1054)
        #expect(missing?.message == "Unknown column 'nope' in 'from clause'")
    }

    @Test func naturalJoinMatchesEveryCommonColumn() throws {
        let session = try self.session()
        let result = try session.query("SELECT * FROM l NATURAL JOIN r")
        #expect(result.columns.map(\.name) == ["k", "id", "x", "rid", "y"])
        #expect(result.rows.count == 1)
        #expect(try session.scalar("SELECT COUNT(*) FROM l NATURAL LEFT JOIN r") == "3")
        #expect(try session.scalar("SELECT COUNT(*) FROM l NATURAL RIGHT JOIN r") == "2")
    }
}
