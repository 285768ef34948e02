import MySQLTypes
import Testing

@testable import TiDBEngine

/// Issue 20's "wrong answers without an error": each gives TiDB's value, warning or error now.
@Suite struct WrongAnswerTests {
    @Test func castOfAStringToAnIntegerTakesTheIntegerPrefix() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT CAST('123e456' AS SIGNED)") == "123")
        #expect(session.warnings.map(\.error) == [.truncatedWrongValue("INTEGER", "123e456")])
        #expect(try session.scalar("SELECT CAST(' -42 ' AS SIGNED)") == "-42")
        #expect(session.warnings.isEmpty)
        #expect(try session.scalar("SELECT CAST('7abc' AS UNSIGNED)") == "7")
    }

    @Test func anEmptyBitLiteralIsEmpty() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT LENGTH(b'')") == "0")
        #expect(try session.scalar("SELECT LENGTH(b'0')") == "1")
    }

    @Test func timestampsOutOfRangeOrInADSTGapAre1292() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE ts (t TIMESTAMP)")
        let late = try #require(session.failure("INSERT INTO ts VALUES ('2040-01-01 00:00:00')"))
        #expect(late.code == 1292 && late.message.contains("'2040-01-01 00:00:00'"))
        session.run("INSERT INTO ts VALUES ('2038-01-19 03:14:07')")
        session.run("SET time_zone = 'America/New_York'")
        #expect(session.failure("INSERT INTO ts VALUES ('2024-03-10 02:30:00')")?.code == 1292)
        // The hour after the gap exists: stored as 07:30 UTC.
        session.run("INSERT INTO ts VALUES ('2024-03-10 03:30:00')")
        session.run("SET time_zone = '+00:00'")
        #expect(try session.scalar("SELECT COUNT(*) FROM ts WHERE t = '2024-03-10 07:30:00'") == "1")
        // Not strict: a warning and the zero value.
        session.run("SET sql_mode = ''")
        session.run("INSERT INTO ts VALUES ('1969-12-31 23:59:59')")
        #expect(session.warnings.first?.error.code == 1292)
    }
}

/// GROUP_CONCAT, the spread aggregates and the bit aggregates.
@Suite struct MoreAggregateTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE g (id INT PRIMARY KEY, k INT, s VARCHAR(10))")
        session.run("INSERT INTO g VALUES (1, 1, 'b'), (2, 1, 'a'), (3, 2, 'c'), (4, 2, NULL), (5, 1, 'a')")
        return session
    }

    @Test func groupConcat() throws {
        let session = try self.session()
        let rows = try session.query("SELECT k, GROUP_CONCAT(s) FROM g GROUP BY k ORDER BY k").rows
        #expect(rows.map { $0.map(\.text) } == [["1", "b,a,a"], ["2", "c"]])
        #expect(
            try session.scalar("SELECT GROUP_CONCAT(DISTINCT s ORDER BY s DESC SEPARATOR '|') FROM g") == "c|b|a"
        )
        #expect(try session.scalar("SELECT GROUP_CONCAT(id, s ORDER BY id) FROM g WHERE k = 1") == "1b,2a,5a")
        #expect(try session.scalar("SELECT GROUP_CONCAT(s) FROM g WHERE id > 9") == nil)
        session.run("SET group_concat_max_len = 4")
        #expect(try session.scalar("SELECT GROUP_CONCAT(s ORDER BY id) FROM g") == "b,a,")
        #expect(session.warnings.first?.error.code == 1260)
    }

    @Test func spreadsAndBits() throws {
        let session = try self.session()
        #expect(try session.scalar("SELECT STDDEV_POP(k) FROM g WHERE k IS NOT NULL") == "0.4898979485566356")
        #expect(try session.scalar("SELECT VAR_POP(id) FROM g") == "2")
        #expect(try session.scalar("SELECT VAR_SAMP(id) FROM g") == "2.5")
        #expect(try session.scalar("SELECT STDDEV_SAMP(id) FROM g WHERE id = 1") == nil)
        #expect(try session.scalar("SELECT BIT_OR(id) FROM g") == "7")
        #expect(try session.scalar("SELECT BIT_AND(id) FROM g WHERE id > 9") == "18446744073709551615")
        #expect(try session.scalar("SELECT BIT_XOR(k) FROM g") == "1")
    }
}
