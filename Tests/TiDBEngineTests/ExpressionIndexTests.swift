import MySQLTypes
import Testing

@testable import TiDBEngine

/// Expression index key parts as TiDB v8.5 takes them: kept on the index, shown by SHOW CREATE
/// TABLE and SHOW INDEX, refused with TiDB's errors where TiDB refuses them; a UNIQUE one is
/// refused with 1235 (the mock does not enforce it).
@Suite struct ExpressionIndexTests {
    @Test func expressionIndexesAreKeptAndShown() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, a INT, c INT, j JSON)")
        session.run("INSERT INTO t VALUES (1, 1, 2, '{\"a\": 1}')")
        session.run("ALTER TABLE t ADD INDEX idx ((a + c)); CREATE INDEX k ON t (id, (a * 2))")
        session.run("ALTER TABLE t ADD INDEX ((c + 1))")
        let create = try session.query("SHOW CREATE TABLE t").rows[0][1].text ?? ""
        #expect(create.contains("  KEY `idx` ((`a` + `c`)),\n"))
        #expect(create.contains("  KEY `k` (`id`,(`a` * 2)),\n"))
        #expect(create.contains("  KEY `expression_index` ((`c` + 1))\n"))
        let rows = try session.query("SHOW INDEX FROM t").rows.map {
            [$0[2].text, $0[3].text, $0[4].text, $0[14].text]
        }
        #expect(rows.contains(["idx", "1", "NULL", "`a` + `c`"]))
        #expect(rows.contains(["k", "1", "id", nil]))
        #expect(rows.contains(["k", "2", "NULL", "`a` * 2"]))
        // The index may be hinted; the rows are the table's.
        #expect(try session.query("SELECT id FROM t FORCE INDEX (idx) WHERE a + c = 3").rows.count == 1)
        // TiDB's hidden column names are taken; a column an expression reads cannot go.
        #expect(session.failure("ALTER TABLE t ADD COLUMN `_V$_idx_0` INT")?.code == 1060)
        #expect(
            session.failure("ALTER TABLE t DROP COLUMN c")?.message
                == "Column 'c' has an expression index dependency and cannot be dropped or renamed"
        )
        session.run("ALTER TABLE t DROP INDEX idx")
        session.run("ALTER TABLE t ADD COLUMN `_V$_idx_0` INT")
        #expect(
            session.failure("ALTER TABLE t ADD INDEX idx ((a + 1))")?.message == "Duplicate column name '_V$_idx_0'"
        )
    }

    @Test func refusedExpressionsAnswerAsTiDB() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(10), j JSON)")
        let json = "Cannot create an expression index on a function that returns a JSON or GEOMETRY value"
        let text =
            "Cannot create an expression index on an expression that returns a BLOB or TEXT. Please consider using CAST"
        let cases: [(String, UInt16, String)] = [
            (
                "CREATE UNIQUE INDEX i ON t ((LOWER(c)))", 1235,
                "This version of TiDB doesn't yet support 'UNIQUE expression index'"
            ),
            (
                "CREATE TABLE u (c VARCHAR(10), PRIMARY KEY ((UPPER(c))))", 3756,
                "The primary key cannot be an expression index"
            ),
            (
                "CREATE INDEX i ON t ((c))", 3762,
                "Expression index on a column is not supported. Consider using a regular index instead"
            ),
            ("ALTER TABLE t ADD INDEX i ((j->'$.a'))", 3753, json),
            ("ALTER TABLE t ADD INDEX i ((JSON_ARRAY(j)))", 3753, json),
            ("CREATE TABLE u (a INT, INDEX ((CAST(a AS JSON))))", 3753, json),
            ("ALTER TABLE t ADD INDEX i ((j->>'$.a'))", 3757, text),
            (
                "ALTER TABLE t ADD INDEX ((RAND()))", 3758,
                "Expression of expression index 'expression_index' contains a disallowed function"
            ),
        ]
        for (sql, code, message) in cases {
            let error = session.failure(sql)
            #expect(error?.code == code, "\(sql)")
            #expect(error?.message == message, "\(sql)")
        }
        #expect(try session.query("SHOW INDEX FROM t").rows.count == 1)
        session.run("ALTER TABLE t ADD INDEX i ((JSON_TYPE(j))); CREATE INDEX p ON t (c(4) DESC, id)")
        #expect(try session.query("SHOW INDEX FROM t").rows.count == 4)
    }
}
