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
