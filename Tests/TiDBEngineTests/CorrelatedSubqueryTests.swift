import MySQLTypes
import Testing

@testable import TiDBEngine

/// Correlated subqueries (per outer row, SQL's NULL rules) and quantified comparisons.
@Suite struct CorrelatedSubqueryTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE a (id INT PRIMARY KEY, v INT, s VARCHAR(10))")
        session.run("CREATE TABLE b (id INT PRIMARY KEY, a_id INT)")
        session.run("INSERT INTO a VALUES (1, 10, 'x'), (2, 20, 'y'), (3, 20, 'x'), (4, NULL, 'z')")
        session.run("INSERT INTO b VALUES (1, 1), (2, 3), (3, NULL), (4, 3)")
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    func column(_ session: Session, _ sql: String) throws -> [String?] {
        try session.query(sql).rows.map { $0[0].text }
    }

    @Test func existsAndScalarSubqueriesPerOuterRow() throws {
        let session = try self.session()
        #expect(
            try self.column(session, "SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id) ORDER BY id")
                == ["1", "3"]
        )
        #expect(
            try self.column(
                session,
                "SELECT id FROM a WHERE NOT EXISTS (SELECT * FROM b WHERE b.a_id = a.id) ORDER BY id"
            )
                == ["2", "4"]
        )
        #expect(
            try self.rows(session, "SELECT id, (SELECT COUNT(*) FROM b WHERE b.a_id = a.id) AS n FROM a ORDER BY id")
                == [["1", "1"], ["2", "0"], ["3", "2"], ["4", "0"]]
        )
        // An unqualified name is the subquery's own column when it has one.
        #expect(
            try self.column(
                session,
                "SELECT id FROM a WHERE id = (SELECT MAX(a_id) FROM b WHERE b.id < a.id) ORDER BY id"
            )
                == ["3"]
        )
        let many = session.failure("SELECT (SELECT id FROM b WHERE b.a_id = a.id) FROM a")
        #expect(many?.code == 1242 && many?.message == "Subquery returns more than 1 row")
        let unknown = session.failure("SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.nope = a.id)")
        #expect(unknown?.code == 1054 && unknown?.message == "Unknown column 'b.nope' in 'where clause'")
    }

    @Test func inAndNotInKeepNullRules() throws {
        let session = try self.session()
        // a.v 10 meets {20, 20, NULL}: no match but a NULL, so NULL (not selected).
        #expect(
            try self.column(
                session,
                "SELECT id FROM a WHERE v IN (SELECT v FROM a AS a2 WHERE a2.id <> a.id) ORDER BY id"
            )
                == ["2", "3"]
        )
        #expect(
            try self.column(
                session,
                "SELECT id FROM a WHERE v NOT IN (SELECT v FROM a AS a2 WHERE a2.id <> a.id AND a2.v IS NOT NULL)"
            ) == ["1"]
        )
        #expect(
            try self.rows(session, "SELECT id, v IN (SELECT v FROM a AS a2 WHERE a2.id < a.id) FROM a ORDER BY id")
                == [["1", "0"], ["2", "0"], ["3", "1"], ["4", nil]]
        )
    }

    @Test func anySomeAllComparisons() throws {
        let session = try self.session()
        #expect(
            try self.column(session, "SELECT id FROM a WHERE v > ANY (SELECT v FROM a WHERE s = 'x') ORDER BY id")
                == ["2", "3"]
        )
        #expect(
            try self.column(
                session,
                "SELECT id FROM a WHERE v >= ALL (SELECT v FROM a WHERE v IS NOT NULL) ORDER BY id"
            )
                == ["2", "3"]
        )
        #expect(try self.column(session, "SELECT id FROM a WHERE v > ALL (SELECT v FROM a)") == [])
        #expect(try session.scalar("SELECT 5 < ALL (SELECT v FROM a WHERE id > 9)") == "1")
        #expect(try session.scalar("SELECT 5 = ANY (SELECT v FROM a WHERE id > 9)") == "0")
        #expect(try session.scalar("SELECT 10 = SOME (SELECT v FROM a)") == "1")
        #expect(try session.scalar("SELECT 11 = ANY (SELECT v FROM a)") == nil)
        #expect(try session.scalar("SELECT 30 > ALL (SELECT v FROM a)") == nil)
        #expect(
            try self.column(session, "SELECT id FROM a WHERE v = SOME (SELECT v FROM a AS a2 WHERE a2.id < a.id)")
                == ["3"]
        )
    }

    @Test func havingNestedAndWrites() throws {
        let session = try self.session()
        #expect(
            try self.rows(
                session,
                """
                SELECT s, COUNT(*) FROM a GROUP BY s
                HAVING (SELECT COUNT(*) FROM b JOIN a AS a3 ON b.a_id = a3.id WHERE a3.s = a.s) > 0
                """
            ) == [["x", "2"]]
        )
        // The innermost subquery reads the outermost query's row.
        #expect(
            try self.column(
                session,
                """
                SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id
                AND EXISTS (SELECT 1 FROM b AS b2 WHERE b2.a_id = a.id AND b2.id <> b.id))
                """
            ) == ["3"]
        )
        session.run("UPDATE a SET v = (SELECT COUNT(*) FROM b WHERE b.a_id = a.id)")
        #expect(
            try self.rows(session, "SELECT id, v FROM a ORDER BY id") == [
                ["1", "1"], ["2", "0"], ["3", "2"], ["4", "0"],
            ]
        )
        session.run("DELETE FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id)")
        #expect(try self.column(session, "SELECT id FROM a ORDER BY id") == ["1", "3"])
    }

    /// Twenty tiny tables joined on an equality chain: hash joins on WHERE's equalities keep
    /// every step at three rows (a cross product would be 3^20 rows).
    @Test func twentyTableJoinOnEqualityChains() throws {
        let session = try EngineFixture().session(database: "test")
        for index in 1...20 {
            session.run("CREATE TABLE j\(index) (id INT PRIMARY KEY, v INT)")
            session.run("INSERT INTO j\(index) VALUES (1, \(index)), (2, \(index * 10)), (3, \(index * 100))")
        }
        let tables = (1...20).map { "j\($0)" }.joined(separator: ", ")
        let chain = (1..<20).map { "j\($0).id = j\($0 + 1).id" }.joined(separator: " AND ")
        #expect(
            try self.rows(session, "SELECT COUNT(*), SUM(j20.v), MIN(j1.v) FROM \(tables) WHERE \(chain)")
                == [["3", "2220", "1"]]
        )
        // Listed so that neighbours share no equality: the tables are joined in an order that
        // does, and `*` still lists the columns in FROM order.
        let shuffled = (Array(stride(from: 1, through: 19, by: 2)) + Array(stride(from: 2, through: 20, by: 2)))
            .map { "j\($0)" }.joined(separator: ", ")
        #expect(
            try self.rows(session, "SELECT COUNT(*), SUM(j20.v) FROM \(shuffled) WHERE \(chain)") == [["3", "2220"]]
        )
        #expect(
            try self.rows(session, "SELECT * FROM j1, j3, j2 WHERE j1.id = j2.id AND j2.id = j3.id AND j1.id = 1")
                == [["1", "1", "1", "3", "1", "2"]]
        )
        // TiDB's TestMultiJoin writes the equalities unqualified (`b48 = a57`): each names a
        // column of one table, so it orders and hashes the joins the same way.
        for index in 1...20 { session.run("CREATE TABLE u\(index) (a\(index) INT PRIMARY KEY, b\(index) INT)") }
        for index in 1...20 { session.run("INSERT INTO u\(index) VALUES (1, 1), (2, 2), (3, 3)") }
        let unqualifiedChain = (1..<20).map { "b\($0) = a\($0 + 1)" }.joined(separator: " AND ")
        let oddsThenEvens = (Array(stride(from: 1, through: 19, by: 2)) + Array(stride(from: 2, through: 20, by: 2)))
            .map { "u\($0)" }.joined(separator: ", ")
        let query = "SELECT COUNT(*) FROM \(oddsThenEvens) WHERE \(unqualifiedChain)"
        guard case .select(let select) = try Parser.parse(query)[0].statement else { throw TestFailure() }
        var qualified = select
        qualified.whereClause = session.selectExecutor.qualifyingJoinColumns(select)
        #expect(SelectExecutor.qualifiedEqualities(qualified.whereClause).count == 19)
        #expect(SelectExecutor.commaJoinOrder(select) == nil)  // no table named: no order known
        #expect(SelectExecutor.commaJoinOrder(qualified) != nil)
        #expect(try self.rows(session, query) == [["3"]])
        let joins = (2...20).map { "JOIN j\($0) ON j\($0 - 1).id = j\($0).id" }.joined(separator: " ")
        #expect(
            try self.rows(session, "SELECT j1.id, j20.v FROM j1 \(joins) WHERE j10.v = 100 ORDER BY j1.id")
                == [["2", "200"]]
        )
    }
}
