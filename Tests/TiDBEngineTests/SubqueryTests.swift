import MySQLTypes
import Testing

@testable import TiDBEngine

/// Uncorrelated subqueries and derived tables (issue 20), as ORMs and verification scripts write
/// them, with MySQL's and TiDB's NULL rules and errors.
@Suite struct SubqueryTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE a (id INT PRIMARY KEY, v INT, s VARCHAR(10))")
        session.run("CREATE TABLE b (id INT PRIMARY KEY, a_id INT)")
        session.run("INSERT INTO a VALUES (1, 10, 'x'), (2, 20, 'y'), (3, 20, 'x'), (4, NULL, 'z')")
        session.run("INSERT INTO b VALUES (1, 1), (2, 3), (3, NULL)")
        return session
    }

    func column(_ session: Session, _ sql: String) throws -> [String?] {
        try session.query(sql).rows.map { $0[0].text }
    }

    @Test func inAndNotInWithNulls() throws {
        let session = try self.session()
        #expect(
            try self.column(session, "SELECT id FROM a WHERE id IN (SELECT a_id FROM b) ORDER BY id") == ["1", "3"]
        )
        // b.a_id has a NULL: NOT IN is never true (NULL), as in SQL.
        #expect(try self.column(session, "SELECT id FROM a WHERE id NOT IN (SELECT a_id FROM b)") == [])
        #expect(
            try self.column(session, "SELECT id FROM a WHERE id NOT IN (SELECT a_id FROM b WHERE a_id IS NOT NULL)")
                == ["2", "4"]
        )
        #expect(try session.scalar("SELECT 5 IN (SELECT a_id FROM b)") == nil)
        #expect(try session.scalar("SELECT 5 IN (SELECT a_id FROM b WHERE id > 9)") == "0")
    }

    @Test func existsAndScalarSubqueries() throws {
        let session = try self.session()
        #expect(try session.scalar("SELECT EXISTS (SELECT * FROM b WHERE a_id = 3)") == "1")
        #expect(try session.scalar("SELECT NOT EXISTS (SELECT 1 FROM b WHERE a_id = 9)") == "1")
        #expect(
            try self.column(session, "SELECT id FROM a WHERE v = (SELECT MAX(v) FROM a) ORDER BY id") == ["2", "3"]
        )
        #expect(try session.scalar("SELECT (SELECT v FROM a WHERE id = 9)") == nil)
        #expect(session.failure("SELECT (SELECT v FROM a)")?.code == 1242)
        #expect(session.failure("SELECT 1 IN (SELECT id, v FROM a)")?.code == 1241)
        let typed = try session.query("SELECT (SELECT s FROM a WHERE id = 1) AS s")
        #expect(typed.columns[0].type == .varString && typed.rows[0][0].text == "x")
    }

    @Test func derivedTablesAsDjangosDistinctCount() throws {
        let session = try self.session()
        #expect(try session.scalar("SELECT COUNT(*) FROM (SELECT DISTINCT v FROM a) subquery") == "3")
        #expect(
            try self.column(session, "SELECT t.s FROM (SELECT s, COUNT(*) AS n FROM a GROUP BY s) AS t WHERE t.n > 1")
                == ["x"]
        )
        #expect(
            try self.column(
                session,
                "SELECT a.id FROM a JOIN (SELECT a_id FROM b WHERE a_id IS NOT NULL) AS j ON a.id = j.a_id ORDER BY a.id"
            ) == ["1", "3"]
        )
        #expect(session.failure("SELECT * FROM (SELECT 1)")?.code == 1248)
        #expect(session.failure("SELECT * FROM (SELECT id, id FROM a) t")?.code == 1060)
    }

    @Test func writesUseSubqueries() throws {
        let session = try self.session()
        session.run("DELETE FROM a WHERE id IN (SELECT a_id FROM b)")
        #expect(try self.column(session, "SELECT id FROM a ORDER BY id") == ["2", "4"])
        session.run("UPDATE a SET v = (SELECT COUNT(*) FROM b) WHERE id = 2")
        #expect(try session.scalar("SELECT v FROM a WHERE id = 2") == "3")
    }

    @Test func aCorrelatedSubqueryIsAnsweredPerOuterRow() throws {
        let session = try self.session()
        #expect(
            try self.column(session, "SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id) ORDER BY id")
                == ["1", "3"]
        )
        #expect(session.failure("SELECT id FROM a WHERE id IN (SELECT nope FROM b)")?.code == 1054)
    }
}

/// UNION [ALL|DISTINCT] with ORDER BY and LIMIT over the whole union.
@Suite struct UnionTests {
    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    @Test func unionRemovesDuplicatesUnionAllKeepsThem() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        session.run("INSERT INTO t VALUES (1, 10), (2, 20), (3, 20)")
        #expect(try self.rows(session, "SELECT v FROM t UNION SELECT v FROM t ORDER BY v") == [["10"], ["20"]])
        #expect(
            try self.rows(session, "SELECT v FROM t UNION ALL SELECT 10 ORDER BY 1 DESC LIMIT 2") == [["20"], ["20"]]
        )
        #expect(try self.rows(session, "SELECT 1 UNION SELECT 2 UNION ALL SELECT 1") == [["1"], ["2"], ["1"]])
        #expect(try self.rows(session, "SELECT 1 AS a UNION SELECT 1") == [["1"]])
        let parenthesized = try self.rows(
            session,
            "(SELECT id FROM t WHERE v = 20 ORDER BY id LIMIT 1) UNION (SELECT id FROM t WHERE v = 10) ORDER BY id"
        )
        #expect(parenthesized == [["1"], ["2"]])
        #expect(session.failure("SELECT 1, 2 UNION SELECT 1")?.code == 1222)
        #expect(try session.scalar("SELECT COUNT(*) FROM (SELECT id FROM t UNION ALL SELECT id FROM t) u") == "6")
    }

    @Test func columnsTakeTheFirstNamesAndAWiderType() throws {
        let session = try EngineFixture().session(database: "test")
        let result = try session.query("SELECT 1 AS n UNION SELECT 'abc' UNION SELECT NULL")
        #expect(result.columns.map(\.name) == ["n"] && result.columns[0].type == .varString)
        #expect(result.rows.map { $0[0].text } == ["1", "abc", nil])
        let numbers = try session.query("SELECT 1 UNION ALL SELECT 2.5")
        #expect(numbers.columns[0].type == .newDecimal && numbers.rows.map { $0[0].text } == ["1.0", "2.5"])
    }
}

/// `WITH` common table expressions, as derived tables.
@Suite struct CommonTableExpressionTests {
    @Test func ctesReadLikeDerivedTables() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        session.run("INSERT INTO t VALUES (1, 10), (2, 20), (3, 20)")
        let rows = try session.query(
            "WITH big AS (SELECT id, v FROM t WHERE v > 15), ids AS (SELECT id FROM big) SELECT ids.id FROM ids ORDER BY id"
        ).rows.map { $0[0].text }
        #expect(rows == ["2", "3"])
        #expect(try session.scalar("WITH c AS (SELECT COUNT(*) AS n FROM t) SELECT n FROM c") == "3")
        #expect(
            try session.query("WITH a AS (SELECT 1 AS x) SELECT x FROM a UNION ALL SELECT x FROM a").rows.count == 2
        )
        #expect(try session.scalar("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r") == "1")
    }
}

/// Joins on columns of different types or case-insensitive collations match as WHERE does.
@Suite struct JoinTypeTests {
    @Test func integerAgainstTextAndCaseInsensitiveStringsMatch() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE n (id INT PRIMARY KEY)")
        session.run("CREATE TABLE s (code VARCHAR(10) PRIMARY KEY, name VARCHAR(10) COLLATE utf8mb4_general_ci)")
        session.run("CREATE TABLE c (name VARCHAR(10) COLLATE utf8mb4_general_ci)")
        session.run("INSERT INTO n VALUES (1), (2)")
        session.run("INSERT INTO s VALUES ('1', 'Alpha'), ('02', 'beta')")
        session.run("INSERT INTO c VALUES ('ALPHA'), ('Beta')")
        let join = "SELECT n.id FROM n JOIN s ON n.id = s.code ORDER BY n.id"
        let comma = "SELECT n.id FROM n, s WHERE n.id = s.code ORDER BY n.id"
        #expect(try session.query(join).rows.map { $0[0].text } == ["1", "2"])
        #expect(try session.query(comma).rows.map { $0[0].text } == ["1", "2"])
        let ci = "SELECT s.code FROM s JOIN c ON s.name = c.name ORDER BY s.code"
        #expect(try session.query(ci).rows.map { $0[0].text } == ["02", "1"])
    }
}

/// IN (SELECT ...) and UNION compare strings under the column's collation.
@Suite struct CollatedSubqueryTests {
    @Test func caseInsensitiveColumnsMatchAndDeduplicate() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE ci (name VARCHAR(10) COLLATE utf8mb4_general_ci)")
        session.run("INSERT INTO ci VALUES ('Alpha'), ('beta')")
        #expect(try session.scalar("SELECT 'ALPHA' IN (SELECT name FROM ci)") == "1")
        #expect(try session.query("SELECT name FROM ci UNION SELECT UPPER(name) FROM ci").rows.count == 2)
        let sorted = try session.query("SELECT name FROM ci UNION ALL SELECT 'Beta' ORDER BY name").rows
        #expect(sorted.map { $0[0].text } == ["Alpha", "beta", "Beta"])
    }
}
