import MySQLTypes
import Testing

@testable import TiDBEngine

/// Partitioned tables (issue 20): RANGE, LIST, [COLUMNS], HASH and KEY as TiDB creates and shows
/// them, rows refused when no partition takes them (1526), `PARTITION (p)` in SELECT and DELETE.
@Suite struct PartitionTests {
    @Test func listPartitionsRouteSelectAndDelete() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            """
            CREATE TABLE t (id INT, name VARCHAR(10), UNIQUE INDEX idx (id)) PARTITION BY LIST (id) (
              PARTITION p0 VALUES IN (3, 5, 6, 9, 17), PARTITION p1 VALUES IN (1, 2, 10, 11, 19, 20),
              PARTITION p2 VALUES IN (4, 12, 13, 14, 18), PARTITION p3 VALUES IN (7, 8, 15, 16, NULL))
            """
        )
        session.run("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (7, 'd'), (NULL, 'e')")
        let refused = session.failure("INSERT INTO t VALUES (21, 'x')")
        #expect(refused?.code == 1526)
        #expect(refused?.message == "Table has no partition for value 21")
        #expect(try session.query("SELECT id FROM t PARTITION (p1) ORDER BY id").rows.map { $0[0].text } == ["1", "2"])
        #expect(
            try session.query("SELECT name FROM t PARTITION (p0, p3) ORDER BY name").rows.map { $0[0].text } == [
                "c", "d", "e",
            ]
        )
        session.run("DELETE FROM t PARTITION (p3)")
        #expect(try session.scalar("SELECT COUNT(*) FROM t") == "3")
        let unknown = session.failure("SELECT * FROM t PARTITION (p9)")
        #expect(unknown?.code == 1735)
        #expect(unknown?.message == "Unknown partition 'p9' in table 't'")
        let text = try #require(try session.query("SHOW CREATE TABLE t").rows.first?[1].text)
        #expect(
            text.hasSuffix(
                """
                COLLATE=utf8mb4_bin
                PARTITION BY LIST (`id`)
                (PARTITION `p0` VALUES IN (3,5,6,9,17),
                 PARTITION `p1` VALUES IN (1,2,10,11,19,20),
                 PARTITION `p2` VALUES IN (4,12,13,14,18),
                 PARTITION `p3` VALUES IN (7,8,15,16,NULL))
                """
            )
        )
    }

    @Test func rangeHashAndErrors() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            "CREATE TABLE r (a INT) PARTITION BY RANGE (a) (PARTITION p0 VALUES LESS THAN (6), PARTITION p1 VALUES LESS THAN (11))"
        )
        session.run("INSERT INTO r VALUES (1), (6), (NULL)")
        #expect(session.failure("INSERT INTO r VALUES (11)")?.message == "Table has no partition for value 11")
        #expect(try session.scalar("SELECT COUNT(*) FROM r PARTITION (p0)") == "2")
        session.run(
            "CREATE TABLE rc (a INT, b INT) PARTITION BY RANGE COLUMNS (a) (PARTITION p0 VALUES LESS THAN (5), PARTITION pm VALUES LESS THAN (MAXVALUE))"
        )
        session.run("INSERT INTO rc VALUES (1, 1), (100, 2)")
        #expect(try session.scalar("SELECT b FROM rc PARTITION (pm)") == "2")
        let rcText = try #require(try session.query("SHOW CREATE TABLE rc").rows.first?[1].text)
        #expect(
            rcText.hasSuffix(
                "PARTITION BY RANGE COLUMNS(`a`)\n(PARTITION `p0` VALUES LESS THAN (5),\n PARTITION `pm` VALUES LESS THAN (MAXVALUE))"
            )
        )
        session.run("CREATE TABLE h (a INT) PARTITION BY HASH (a) PARTITIONS 4")
        session.run("INSERT INTO h VALUES (1), (5), (-6), (2)")
        #expect(try session.query("SELECT a FROM h PARTITION (p1) ORDER BY a").rows.map { $0[0].text } == ["1", "5"])
        // TiDB: |a mod 4|, so -6 goes to p2 with 2.
        #expect(try session.query("SELECT a FROM h PARTITION (p2) ORDER BY a").rows.map { $0[0].text } == ["-6", "2"])
        let hashText = try #require(try session.query("SHOW CREATE TABLE h").rows.first?[1].text)
        #expect(hashText.hasSuffix("COLLATE=utf8mb4_bin\nPARTITION BY HASH (`a`) PARTITIONS 4"))
        session.run("CREATE TABLE plain (a INT)")
        #expect(session.failure("SELECT * FROM plain PARTITION (p0)")?.code == 1747)
        #expect(session.failure("CREATE TABLE bad (a INT) PARTITION BY RANGE (a)")?.code == 1492)
        #expect(session.failure("CREATE TABLE badc (a INT) PARTITION BY KEY (nope) PARTITIONS 2")?.code == 1054)
    }
}
