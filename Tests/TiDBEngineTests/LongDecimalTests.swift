import MySQLTypes
import Testing

@testable import TiDBEngine

/// Decimal text longer than 38 digits: parsed, rounded or refused without trapping on Int128
/// overflow (a trap took the whole server down).
@Suite struct LongDecimalTests {
    static let ninetyZeros = String(repeating: "0", count: 90)
    static let hundredDigits = "1" + String(repeating: "0", count: 99)

    @Test func parsingRoundsLongFractionsAndRefusesLongIntegers() throws {
        #expect(SQLDecimal(parsing: "0." + Self.ninetyZeros)?.description == "0.000000000000000000000000000000")
        #expect(SQLDecimal(parsing: "0." + Self.ninetyZeros + "5")?.isZero == true)
        #expect(
            SQLDecimal(parsing: "1." + String(repeating: "9", count: 40))?.description
                == "2.000000000000000000000000000000"
        )
        #expect(SQLDecimal(parsing: "000000000000000000000000000000000000000000000012.5")?.description == "12.5")
        #expect(SQLDecimal(parsing: Self.hundredDigits) == nil)
        #expect(SQLDecimal(parsing: "0.15e4")?.description == "1500")
        #expect(SQLDecimal(parsing: "1.50e1")?.description == "15.0")
        #expect(SQLDecimal(parsing: "1e-2")?.description == "0.01")
        #expect(SQLDecimal(parsing: "1e-90")?.isZero == true)
        #expect(SQLDecimal(parsing: "1e90") == nil)
        #expect(SQLDecimal(parsing: "1.2.3") == nil)
    }

    @Test func insertingLongLiteralsIntoDecimalColumns() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a DECIMAL)")
        session.run("INSERT INTO t VALUES (0.\(Self.ninetyZeros))")
        session.run("INSERT INTO t VALUES ('0.\(Self.ninetyZeros)1')")
        #expect(try session.query("SELECT a FROM t").rows.map { $0[0].text } == ["0", "0"])
        for value in [Self.hundredDigits, "'\(Self.hundredDigits)'", "1e300", "-\(Self.hundredDigits).5"] {
            let error = session.failure("INSERT INTO t VALUES (\(value))")
            #expect(error?.code == 1264, "\(value)")
            #expect(error?.message == "Out of range value for column 'a' at row 1")
        }
        session.run("CREATE TABLE wide (a DECIMAL(65, 0))")
        #expect(session.failure("INSERT INTO wide VALUES (\(Self.hundredDigits))")?.code == 1264)
        #expect(try session.scalar("SELECT COUNT(*) FROM t") == "2")
    }

    @Test func arithmeticOnHugeValuesAnswers() throws {
        let session = try EngineFixture().session(database: "test")
        let nines = String(repeating: "9", count: 38)
        #expect(session.failure("SELECT \(nines) * \(nines)")?.code == 1690)
        #expect(try session.scalar("SELECT ROUND(0.\(Self.ninetyZeros)1, -30)") == "0")
        #expect(try session.scalar("SELECT ROUND(1.5, 30)") == "1.500000000000000000000000000000")
        #expect(session.failure("SELECT ROUND(\(nines), 30)")?.code == 1690)
        #expect(try session.scalar("SELECT 1 / 0.0000000000000000000000000001") == "10000000000000000000000000000.0000")
        #expect(
            try session.scalar("SELECT CAST('0.\(Self.ninetyZeros)1' AS DECIMAL(65, 30))")
                == "0.000000000000000000000000000000"
        )
        #expect(try session.scalar("SELECT 1") == "1")
    }
}
