import MySQLTypes
import Testing

@testable import TiDBEngine

/// Expression index key parts parse (no more 1064) and are refused with TiDB's errors where TiDB
/// refuses them, else with 1235: the mock does not build the hidden columns TiDB uses.
@Suite struct ExpressionIndexTests {
    @Test func expressionKeyPartsAreRefusedClearly() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(10), j JSON)")
        let notYet = "This version of TiDB doesn't yet support 'expression index'"
        let cases: [(String, UInt16, String)] = [
            ("CREATE INDEX i ON t ((LOWER(c)))", 1235, notYet),
            ("CREATE UNIQUE INDEX i ON t ((LOWER(c)), id DESC)", 1235, notYet),
            ("ALTER TABLE t ADD INDEX i ((c COLLATE utf8mb4_general_ci))", 1235, notYet),
            ("CREATE INDEX i ON t ((CAST(j->>'$.k' AS SIGNED)))", 1235, notYet),
            ("CREATE TABLE u (c VARCHAR(10), KEY i ((UPPER(c))))", 1235, notYet),
            (
                "CREATE TABLE u (c VARCHAR(10), PRIMARY KEY ((UPPER(c))))", 3756,
                "The primary key cannot be an expression index"
            ),
            (
                "CREATE INDEX i ON t ((c))", 3762,
                "Expression index on a column is not supported. Consider using a regular index instead"
            ),
        ]
        for (sql, code, message) in cases {
            let error = session.failure(sql)
            #expect(error?.code == code, "\(sql)")
            #expect(error?.message == message, "\(sql)")
        }
        // Nothing was created, and plain key parts (with prefix lengths) still work.
        #expect(try session.query("SHOW INDEX FROM t").rows.count == 1)
        session.run("CREATE INDEX i ON t (c(4) DESC, id)")
        #expect(try session.query("SHOW INDEX FROM t").rows.count == 3)
    }
}
