import MySQLTypes
import Testing

@testable import TiDBEngine

/// DDL and DML through sessions: rows, keys, conversions and TiDB's results and errors.
@Suite struct DataTests {
    static let sbtest = """
        CREATE TABLE sbtest1(
          id INTEGER NOT NULL AUTO_INCREMENT,
          k INTEGER DEFAULT '0' NOT NULL,
          c CHAR(120) DEFAULT '' NOT NULL,
          pad CHAR(60) DEFAULT '' NOT NULL,
          PRIMARY KEY (id)
        ) /*! ENGINE = innodb */ 
        """

    func sessionWithSbtest() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run(Self.sbtest)
        session.run("INSERT INTO sbtest1(k, c, pad) VALUES(30, 'c1', 'p1'),(10, 'c2', 'p2'),(20, 'c3', 'p3')")
        session.run("CREATE INDEX k_1 ON sbtest1(k)")
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String]] {
        try session.query(sql).rows.map { $0.map { $0.text ?? "NULL" } }
    }

    @Test func insertReportsRecordsAndAutoIncrementIDs() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(Self.sbtest)
        let outcome = session.execute(
            "INSERT INTO sbtest1(k, c, pad) VALUES(1, 'a', 'b'),(2, 'c', 'd')",
            multiStatementsAllowed: true
        ).outcomes[0]
        #expect(outcome.result == .ok(affectedRows: 2, lastInsertID: 1, info: "Records: 2  Duplicates: 0  Warnings: 0"))
        let single = session.execute("INSERT INTO sbtest1(k) VALUES (3)", multiStatementsAllowed: true).outcomes[0]
        #expect(single.result == .ok(affectedRows: 1, lastInsertID: 3, info: ""))
        #expect(try session.scalar("SELECT LAST_INSERT_ID()") == "3")
        // An explicit id rebases the allocator; a smaller one does not.
        session.run("INSERT INTO sbtest1(id, k) VALUES (10, 0)")
        session.run("INSERT INTO sbtest1(k) VALUES (0)")
        session.run("INSERT INTO sbtest1(id, k) VALUES (5, 0)")
        session.run("INSERT INTO sbtest1(k) VALUES (0)")
        #expect(
            try self.rows(session, "SELECT id FROM sbtest1 ORDER BY id").map { $0[0] } == [
                "1", "2", "3", "5", "10", "11", "12",
            ]
        )
        #expect(try self.rows(session, "SELECT c, pad FROM sbtest1 WHERE id = 3") == [["", ""]])
    }

    @Test func pointRangeAndIndexReads() throws {
        let session = try self.sessionWithSbtest()
        #expect(try self.rows(session, "SELECT c FROM sbtest1 WHERE id=2") == [["c2"]])
        #expect(
            try self.rows(session, "SELECT c FROM sbtest1 WHERE id BETWEEN 2 AND 3 ORDER BY c DESC") == [
                ["c3"], ["c2"],
            ]
        )
        #expect(try self.rows(session, "SELECT id FROM sbtest1 WHERE k >= 20 ORDER BY id") == [["1"], ["3"]])
        #expect(try self.rows(session, "SELECT id FROM sbtest1 WHERE k IN (10, 30) ORDER BY k") == [["2"], ["1"]])
        #expect(try self.rows(session, "SELECT id FROM sbtest1 WHERE id IN (3, 1, 99) ORDER BY 1") == [["1"], ["3"]])
        #expect(try self.rows(session, "SELECT id FROM sbtest1 WHERE id = '2'") == [["2"]])
        #expect(try self.rows(session, "SELECT id FROM sbtest1 WHERE id = 2.5") == [])
        #expect(
            try self.rows(
                session,
                "SELECT id FROM sbtest1 WHERE c LIKE 'c%' AND NOT id = 1 ORDER BY id LIMIT 1 OFFSET 1"
            ) == [["3"]]
        )
        #expect(try self.rows(session, "SELECT id FROM sbtest1 WHERE k IS NULL") == [])
        // Every version of k stays in the index until GC; readers still see only the current one.
        session.run("UPDATE sbtest1 SET k = 99 WHERE id = 2")
        #expect(try self.rows(session, "SELECT id FROM sbtest1 WHERE k = 10") == [])
        #expect(
            try self.rows(session, "SELECT id, k FROM sbtest1 WHERE k > 25 ORDER BY k") == [["1", "30"], ["2", "99"]]
        )
    }

    @Test func aggregatesGroupsAndJoins() throws {
        let session = try self.sessionWithSbtest()
        let sums = try session.query("SELECT SUM(k), COUNT(*), AVG(k), MIN(c), MAX(id) FROM sbtest1")
        #expect(sums.rows.map { $0.map { $0.text ?? "NULL" } } == [["60", "3", "20.0000", "c1", "3"]])
        #expect(sums.columns[0].type == .newDecimal)
        #expect(sums.columns[1].type == .longLong)
        #expect(try self.rows(session, "SELECT SUM(k) FROM sbtest1 WHERE id > 100") == [["NULL"]])
        #expect(try self.rows(session, "SELECT COUNT(*) FROM sbtest1 WHERE id > 100") == [["0"]])
        session.run("CREATE TABLE g (id INT PRIMARY KEY, grp VARCHAR(10), amount DECIMAL(10,2))")
        session.run("INSERT INTO g VALUES (1, 'a', 1.50), (2, 'b', 2.25), (3, 'a', 3.00), (4, NULL, 4)")
        #expect(
            try self.rows(
                session,
                "SELECT grp, COUNT(*) AS n, SUM(amount) FROM g GROUP BY grp HAVING n >= 1 ORDER BY grp"
            )
                == [["NULL", "1", "4.00"], ["a", "2", "4.50"], ["b", "1", "2.25"]]
        )
        #expect(
            try self.rows(session, "SELECT grp FROM g GROUP BY 1 HAVING SUM(amount) > 3 ORDER BY 1") == [
                ["NULL"], ["a"],
            ]
        )
        #expect(try self.rows(session, "SELECT COUNT(DISTINCT grp) FROM g") == [["2"]])
        #expect(
            try self.rows(session, "SELECT DISTINCT grp FROM g WHERE grp IS NOT NULL ORDER BY grp DESC") == [
                ["b"], ["a"],
            ]
        )
        #expect(
            try self.rows(
                session,
                "SELECT g.id, s.c FROM g JOIN sbtest1 s ON g.id = s.id WHERE g.amount > 2 ORDER BY g.id"
            )
                == [["2", "c2"], ["3", "c3"]]
        )
        #expect(try self.rows(session, "SELECT COUNT(*) FROM g, sbtest1") == [["12"]])
        // LEFT JOIN pads unmatched rows with NULLs; its WHERE filters after the padding.
        session.run("CREATE TABLE h (gid INT, note VARCHAR(10))")
        session.run("INSERT INTO h VALUES (1, 'x'), (1, 'y'), (3, 'z'), (9, 'w')")
        #expect(
            try self.rows(
                session,
                "SELECT g.id, h.note FROM g LEFT OUTER JOIN h ON g.id = h.gid AND h.note <> 'y' ORDER BY g.id"
            )
                == [["1", "x"], ["2", "NULL"], ["3", "z"], ["4", "NULL"]]
        )
        #expect(
            try self.rows(session, "SELECT g.id FROM g LEFT JOIN h ON h.gid = g.id WHERE h.gid IS NULL ORDER BY 1") == [
                ["2"], ["4"],
            ]
        )
        #expect(
            try self.rows(
                session,
                "SELECT g.grp, COUNT(h.note) FROM g LEFT JOIN h ON g.id = h.gid GROUP BY g.grp ORDER BY 1"
            )
                == [["NULL", "0"], ["a", "3"], ["b", "0"]]
        )
        #expect(session.failure("SELECT * FROM g LEFT JOIN h")?.code == 1064)
        // A qualified column is named without its qualifier; the right side of a LEFT JOIN may be NULL.
        let named = try session.query("SELECT g.id, h.gid, g.id + 1, h.note AS n FROM g LEFT JOIN h ON g.id = h.gid")
        #expect(named.columns.map(\.name) == ["id", "gid", "g.id + 1", "n"])
        #expect(named.columns[0].flags.contains(.notNull) && !named.columns[1].flags.contains(.notNull))
        #expect(session.failure("SELECT id FROM g JOIN sbtest1 ON g.id = sbtest1.id")?.code == 1052)
        #expect(session.failure("SELECT * FROM g JOIN g ON 1")?.code == 1066)
        #expect(session.failure("SELECT SUM(COUNT(*)) FROM g")?.code == 1111)
    }

    @Test func updateAndDeleteResults() throws {
        let session = try self.sessionWithSbtest()
        let update = session.execute("UPDATE sbtest1 SET k = k + 1 WHERE k >= 20", multiStatementsAllowed: true)
            .outcomes[0]
        #expect(
            update.result == .ok(affectedRows: 2, lastInsertID: 0, info: "Rows matched: 2  Changed: 2  Warnings: 0")
        )
        let unchanged = session.execute("UPDATE sbtest1 SET c = 'c1' WHERE id = 1", multiStatementsAllowed: true)
            .outcomes[0]
        #expect(
            unchanged.result == .ok(affectedRows: 0, lastInsertID: 0, info: "Rows matched: 1  Changed: 0  Warnings: 0")
        )
        session.foundRows = true
        let found = session.execute("UPDATE sbtest1 SET c = 'c1' WHERE id = 1", multiStatementsAllowed: true).outcomes[
            0
        ]
        #expect(found.result == .ok(affectedRows: 1, lastInsertID: 0, info: "Rows matched: 1  Changed: 0  Warnings: 0"))
        // Every assignment reads the original row (TiDB, unlike MySQL): pad gets the old k.
        let oldK = try #require(try self.rows(session, "SELECT k FROM sbtest1 WHERE id = 2").first?.first)
        session.run("UPDATE sbtest1 SET k = 100, pad = k WHERE id = 2")
        #expect(try self.rows(session, "SELECT k, pad FROM sbtest1 WHERE id = 2") == [["100", oldK]])
        let delete = session.execute("DELETE FROM sbtest1 ORDER BY k DESC LIMIT 1", multiStatementsAllowed: true)
            .outcomes[0]
        #expect(delete.result == .ok(affectedRows: 1, lastInsertID: 0, info: ""))
        #expect(try self.rows(session, "SELECT id FROM sbtest1 ORDER BY id") == [["1"], ["3"]])
        // Changing the primary key moves the row.
        session.run("UPDATE sbtest1 SET id = 7 WHERE id = 3")
        #expect(try self.rows(session, "SELECT id, c FROM sbtest1 ORDER BY id") == [["1", "c1"], ["7", "c3"]])
        #expect(
            session.failure("UPDATE sbtest1 SET id = 1 WHERE id = 7")?.message
                == "Duplicate entry '1' for key 'sbtest1.PRIMARY'"
        )
    }

    @Test func duplicatesIgnoreReplaceAndOnDuplicateKeyUpdate() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a INT PRIMARY KEY, b INT, u VARCHAR(10), UNIQUE KEY uk (u))")
        session.run("INSERT INTO t VALUES (4, 4, 'x4'), (5, 5, 'x5')")
        let odku = session.execute(
            "INSERT INTO t (a, b) VALUES (4,14),(5,15),(6,16),(7,17),(8,18) ON DUPLICATE KEY UPDATE b=b+10",
            multiStatementsAllowed: true
        ).outcomes[0]
        #expect(odku.result == .ok(affectedRows: 7, lastInsertID: 0, info: "Records: 5  Duplicates: 2  Warnings: 0"))
        #expect(try self.rows(session, "SELECT b FROM t WHERE a IN (4, 5) ORDER BY a") == [["14"], ["15"]])
        let same = session.execute(
            "INSERT INTO t (a, b) VALUES (4, 0) ON DUPLICATE KEY UPDATE b = VALUES(b) + 14",
            multiStatementsAllowed: true
        ).outcomes[0]
        #expect(same.result == .ok(affectedRows: 0, lastInsertID: 0, info: ""))
        #expect(
            session.failure("INSERT INTO t VALUES (9, 0, 'x4')")
                == MySQLError(code: 1062, sqlState: "23000", message: "Duplicate entry 'x4' for key 't.uk'")
        )
        let ignored = session.execute(
            "INSERT IGNORE INTO t VALUES (4, 0, NULL), (10, 0, NULL)",
            multiStatementsAllowed: true
        ).outcomes[0]
        #expect(ignored.result == .ok(affectedRows: 1, lastInsertID: 0, info: "Records: 2  Duplicates: 1  Warnings: 1"))
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(1062), .string("Duplicate entry '4' for key 't.PRIMARY'")]
            ]
        )
        // REPLACE deletes the rows it collides with on any unique key.
        let replaced = session.execute("REPLACE INTO t VALUES (5, 0, 'x4')", multiStatementsAllowed: true).outcomes[0]
        #expect(replaced.result == .ok(affectedRows: 3, lastInsertID: 0, info: ""))
        #expect(try self.rows(session, "SELECT a, u FROM t WHERE a IN (4, 5) ORDER BY a") == [["5", "x4"]])
        // A multi-row statement that fails leaves nothing behind.
        #expect(session.failure("INSERT INTO t (a) VALUES (20), (21), (5)")?.code == 1062)
        #expect(try self.rows(session, "SELECT COUNT(*) FROM t WHERE a >= 20") == [["0"]])
    }

    /// A JSON column's text quotes strings as TiDB's `marshalStringTo` does (Go's encoding/json
    /// before Go 1.22, no HTML escaping): `\r`, `\t` short, `\b`, `\f` as `\u00xx`, U+2028 escaped.
    @Test func jsonStringsAreQuotedAsTiDBDoes() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, j JSON)")
        session.run(#"INSERT INTO t VALUES (1, '["a\\b\\f\\r\\t\\n<&>\\u2028\\u0001\\"\\\\"]')"#)
        #expect(try self.rows(session, "SELECT j FROM t") == [[#"["a\u0008\u000c\r\t\n<&>\u2028\u0001\"\\"]"#]])
    }

    @Test func strictModeErrorsChangeNothing() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            "CREATE TABLE t (id INT PRIMARY KEY, n TINYINT UNSIGNED NOT NULL, s VARCHAR(3), d DATE, j JSON, x DECIMAL(4,2))"
        )
        session.run("INSERT INTO t VALUES (1, 1, 'a', '2024-01-02', '{\"b\": 1,  \"a\": [1, 2]}', 1.5)")
        let cases: [(String, MySQLError)] = [
            (
                "INSERT INTO t VALUES (2, 'abc', 'a', NULL, NULL, NULL)",
                .init(code: 1366, sqlState: "HY000", message: "Incorrect tinyint value: 'abc' for column 'n' at row 1")
            ),
            (
                "INSERT INTO t VALUES (2, 300, 'a', NULL, NULL, NULL)",
                .init(code: 1264, sqlState: "22003", message: "Out of range value for column 'n' at row 1")
            ),
            (
                "INSERT INTO t VALUES (2, 1, 'abcd', NULL, NULL, NULL)",
                .init(code: 1406, sqlState: "22001", message: "Data too long for column 's' at row 1")
            ),
            (
                "INSERT INTO t VALUES (2, NULL, 'a', NULL, NULL, NULL)",
                .init(code: 1048, sqlState: "23000", message: "Column 'n' cannot be null")
            ),
            (
                "INSERT INTO t VALUES (2, 1, 'a', '2020-02-31', NULL, NULL)",
                .init(
                    code: 1292,
                    sqlState: "22007",
                    message: "Incorrect date value: '2020-02-31' for column 'd' at row 1"
                )
            ),
            (
                "INSERT INTO t VALUES (1, 1, 'a', NULL, NULL, NULL)",
                .init(code: 1062, sqlState: "23000", message: "Duplicate entry '1' for key 't.PRIMARY'")
            ),
            (
                "INSERT INTO t (nope) VALUES (1)",
                .init(code: 1054, sqlState: "42S22", message: "Unknown column 'nope' in 'field list'")
            ),
            (
                "INSERT INTO nope VALUES (1)",
                .init(code: 1146, sqlState: "42S02", message: "Table 'test.nope' doesn't exist")
            ),
            (
                "INSERT INTO t (id) VALUES (3)",
                .init(code: 1364, sqlState: "HY000", message: "Field 'n' doesn't have a default value")
            ),
            (
                "INSERT INTO t VALUES (2, 1)",
                .init(code: 1136, sqlState: "21S01", message: "Column count doesn't match value count at row 1")
            ),
            (
                "UPDATE t SET n = 256 WHERE id = 1",
                .init(code: 1264, sqlState: "22003", message: "Out of range value for column 'n' at row 1")
            ),
            (
                "UPDATE t SET zz = 1",
                .init(code: 1054, sqlState: "42S22", message: "Unknown column 'zz' in 'field list'")
            ),
            (
                "DELETE FROM t WHERE zz = 1",
                .init(code: 1054, sqlState: "42S22", message: "Unknown column 'zz' in 'where clause'")
            ),
            (
                "INSERT INTO t VALUES (2, 1, 'a', NULL, '{bad', NULL)",
                .init(code: 3140, sqlState: "22032", message: "Invalid JSON text: \"{bad\" in value for column 'j'.")
            ),
        ]
        for (sql, error) in cases {
            #expect(session.failure(sql) == error, "\(sql)")
        }
        #expect(
            try self.rows(session, "SELECT * FROM t") == [
                ["1", "1", "a", "2024-01-02", "{\"a\": [1, 2], \"b\": 1}", "1.50"]
            ]
        )
        // Without strict mode the same values are adjusted, with warnings.
        session.run("SET sql_mode = ''")
        session.run("INSERT INTO t VALUES (2, 300, 'abcd', '2020-02-31', NULL, 123.456)")
        let codes = try session.query("SHOW WARNINGS").rows.map { $0[1] }
        #expect(codes == [.int(1264), .int(1265), .int(1292), .int(1264)])
        #expect(
            try self.rows(session, "SELECT * FROM t WHERE id = 2") == [
                ["2", "255", "abc", "0000-00-00", "NULL", "99.99"]
            ]
        )
    }

    @Test func tablesWithoutPrimaryKeyUseRowIDs() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE h (v VARCHAR(10))")
        session.run("INSERT INTO h VALUES ('a'), ('b'), ('a')")
        #expect(
            try self.rows(session, "SELECT *, _tidb_rowid FROM h ORDER BY _tidb_rowid") == [
                ["a", "1"], ["b", "2"], ["a", "3"],
            ]
        )
        #expect(try session.query("SELECT * FROM h").columns.map(\.name) == ["v"])
        session.run("DELETE FROM h WHERE v = 'a'")
        #expect(try self.rows(session, "SELECT v, _tidb_rowid FROM h") == [["b", "2"]])
        #expect(session.failure("SELECT _tidb_rowid FROM sbtest1")?.code == 1146)
        session.run(Self.sbtest)
        #expect(
            session.failure("SELECT _tidb_rowid FROM sbtest1")?.message
                == "Unknown column '_tidb_rowid' in 'field list'"
        )
    }

    @Test func ddlValidatesAndChangesTables() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(session.failure("CREATE TABLE t (a INT, a INT)")?.message == "Duplicate column name 'a'")
        #expect(session.failure("CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))")?.code == 1068)
        #expect(session.failure("CREATE TABLE t (a INT, KEY (b))")?.message == "Key column 'b' doesn't exist in table")
        #expect(session.failure("CREATE TABLE t (a INT AUTO_INCREMENT)")?.code == 1075)
        #expect(
            session.failure("CREATE TABLE t (a INT NOT NULL DEFAULT NULL)")?.message == "Invalid default value for 'a'"
        )
        #expect(session.failure("CREATE TABLE t (a INT, KEY k (a), KEY k (a))")?.message == "Duplicate key name 'k'")
        session.run("CREATE TABLE t (a INT PRIMARY KEY, b INT)")
        #expect(session.failure("CREATE TABLE t (a INT)")?.message == "Table 'test.t' already exists")
        session.run("CREATE TABLE IF NOT EXISTS t (a INT)")
        session.run("INSERT INTO t VALUES (1, 10), (2, 10)")
        session.run("ALTER TABLE t ADD COLUMN c VARCHAR(5) NOT NULL DEFAULT 'x' AFTER a, ADD INDEX kb (b)")
        #expect(
            try self.rows(session, "SELECT * FROM t WHERE b = 10 ORDER BY a") == [["1", "x", "10"], ["2", "x", "10"]]
        )
        #expect(
            session.failure("ALTER TABLE t ADD UNIQUE INDEX ub (b)")?.message == "Duplicate entry '10' for key 't.ub'"
        )
        #expect(session.failure("ALTER TABLE t DROP INDEX nope")?.message == "index nope doesn't exist")
        session.run("ALTER TABLE t DROP COLUMN c")
        #expect(try self.rows(session, "SELECT * FROM t ORDER BY a") == [["1", "10"], ["2", "10"]])
        #expect(
            session.failure("ALTER TABLE t DROP COLUMN c")?.message == "Can't DROP 'c'; check that column/key exists"
        )
        session.run("DROP INDEX kb ON t")
        session.run("TRUNCATE TABLE t")
        #expect(try self.rows(session, "SELECT COUNT(*) FROM t") == [["0"]])
        session.run("DROP TABLE t")
        #expect(session.failure("DROP TABLE t")?.message == "Unknown table 'test.t'")
        session.run("DROP TABLE IF EXISTS t")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Note"), .int(1051), .string("Unknown table 'test.t'")]
            ]
        )
        session.run("CREATE DATABASE d2")
        #expect(session.failure("CREATE DATABASE d2")?.code == 1007)
        session.run("CREATE TABLE d2.x (a INT)")
        session.run("INSERT INTO d2.x VALUES (1)")
        #expect(try self.rows(session, "SELECT a FROM d2.x") == [["1"]])
        session.run("DROP DATABASE d2")
        #expect(session.failure("SELECT a FROM d2.x")?.code == 1146)
        #expect(session.failure("DROP DATABASE d2")?.code == 1008)
    }

    @Test func changeLogRecordsCommitsInOrder() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (a INT PRIMARY KEY, b INT)")
        let start = fixture.cluster.pd.oracle.next()
        session.run("INSERT INTO t VALUES (1, 1)")
        session.run("BEGIN; UPDATE t SET b = 2 WHERE a = 1; INSERT INTO t VALUES (2, 2); COMMIT")
        session.run("DELETE FROM t WHERE a = 1")
        let changes = fixture.cluster.storage.changes(after: start)
        let rows = changes.compactMap { record -> String? in
            guard case .row(_, let schema, let before, let after) = record.change else { return nil }
            return
                "\(schema.name) \(before?.map { $0.text ?? "NULL" } ?? []) -> \(after?.map { $0.text ?? "NULL" } ?? [])"
        }
        #expect(
            rows == [
                "t [] -> [\"1\", \"1\"]", "t [\"1\", \"1\"] -> [\"1\", \"2\"]", "t [] -> [\"2\", \"2\"]",
                "t [\"1\", \"2\"] -> []",
            ]
        )
        #expect(changes.map(\.commitTS) == changes.map(\.commitTS).sorted())
        #expect(changes[1].commitTS == changes[2].commitTS)
    }
}

@Suite struct ChecksumTests {
    @Test func equalDataGivesEqualChecksumsAcrossClusters() throws {
        let first = try EngineFixture().session(database: "test")
        let second = try EngineFixture().session(database: "test")
        for session in [first, second] {
            session.run("CREATE DATABASE other")
            session.run("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10), KEY kv (v))")
        }
        // The second cluster gets a different table id and another history for the same rows.
        second.run("CREATE TABLE other.filler (a INT)")
        second.run("CREATE TABLE other.t (id INT PRIMARY KEY, v VARCHAR(10), KEY kv (v))")
        first.run("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')")
        second.run(
            "INSERT INTO t VALUES (3, 'x'), (2, 'b'); UPDATE t SET v = 'c' WHERE id = 3; INSERT INTO t VALUES (1, 'a')"
        )
        second.run("INSERT INTO other.t SELECT * FROM t")
        let a = try first.query("ADMIN CHECKSUM TABLE t")
        let b = try second.query("ADMIN CHECKSUM TABLE t, other.t")
        #expect(a.columns.map(\.name) == ["Db_name", "Table_name", "Checksum_crc64_xor", "Total_kvs", "Total_bytes"])
        #expect(a.rows[0][0] == .string("test") && a.rows[0][1] == .string("t"))
        #expect(a.rows[0][2...] == b.rows[0][2...])
        #expect(b.rows[1][2...] == b.rows[0][2...])
        #expect(a.rows[0][3] == .uint(6))
        second.run("UPDATE t SET v = 'z' WHERE id = 1")
        #expect(try second.query("ADMIN CHECKSUM TABLE t").rows[0][2] != a.rows[0][2])
        #expect(first.failure("ADMIN CHECKSUM TABLE nope")?.message == "Table 'test.nope' doesn't exist")
    }
}
