import MySQLTypes
import Testing

@testable import TiDBEngine

/// GROUP_CONCAT's ORDER BY (issue 20): a number names a concatenated expression, and strings
/// sort under their collation.
@Suite struct GroupConcatOrderTests {
    @Test func positionsNameArgumentsAndStringsSortUnderTheirCollation() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            "CREATE TABLE g (id INT, v VARCHAR(5) COLLATE utf8mb4_general_ci, w VARCHAR(5) COLLATE utf8mb4_bin)"
        )
        session.run("INSERT INTO g VALUES (1, 'b', 'b'), (2, 'a', 'a'), (3, 'B', 'B')")
        #expect(try session.scalar("SELECT GROUP_CONCAT(v ORDER BY 1) FROM g") == "a,b,B")
        #expect(try session.scalar("SELECT GROUP_CONCAT(w ORDER BY 1) FROM g") == "B,a,b")
        #expect(try session.scalar("SELECT GROUP_CONCAT(v, id ORDER BY 2 DESC) FROM g") == "B3,a2,b1")
    }
}
