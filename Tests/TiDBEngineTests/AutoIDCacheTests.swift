import MySQLTypes
import Testing

@testable import TiDBEngine

/// `AUTO_ID_CACHE = n` (issue 20): SHOW CREATE TABLE keeps it as TiDB prints it, and with 1 the
/// allocator hands out ids one at a time (MySQL-compatible), so AUTO_INCREMENT= is the next id.
@Suite struct AutoIDCacheTests {
    @Test func keptInShowCreateTableAndAllocatesOneByOne() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE one (id INT PRIMARY KEY AUTO_INCREMENT, v INT) AUTO_ID_CACHE 1")
        session.run("INSERT INTO one (v) VALUES (1), (2)")
        let text = try #require(try session.query("SHOW CREATE TABLE one").rows.first?[1].text)
        #expect(
            text.hasSuffix(
                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin AUTO_INCREMENT=3 /*T![auto_id_cache] AUTO_ID_CACHE=1 */"
            )
        )
        // The default cache takes a batch of 30,000: the next id SHOW CREATE TABLE shows jumps.
        session.run("CREATE TABLE batch (id INT PRIMARY KEY AUTO_INCREMENT, v INT)")
        session.run("INSERT INTO batch (v) VALUES (1)")
        let batch = try #require(try session.query("SHOW CREATE TABLE batch").rows.first?[1].text)
        #expect(batch.hasSuffix("COLLATE=utf8mb4_bin AUTO_INCREMENT=30001"))
        #expect(session.failure("CREATE TABLE huge (id INT) AUTO_ID_CACHE = 9223372036854775808")?.code == 1105)
    }
}
