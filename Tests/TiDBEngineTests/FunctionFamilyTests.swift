import MySQLTypes
import Testing

@testable import TiDBEngine

/// The numeric, string and time-zone functions of issue 20, with MySQL's documented answers
/// (which TiDB gives), and UPDATE reading the original row as TiDB does.
@Suite struct FunctionFamilyTests {
    static let cases: [(String, String?)] = [
        // Numbers.
        ("MOD(10, 3)", "1"), ("MOD(-10, 3)", "-1"), ("MOD(10.5, 3)", "1.5"), ("MOD(1, 0)", nil),
        ("ROUND(25E-1)", "2"), ("ROUND(2.5)", "3"), ("ROUND(-2.5)", "-3"), ("ROUND(1.2345, 2)", "1.23"),
        ("ROUND(1234.5, -2)", "1200"), ("ROUND(1.5, 3)", "1.500"), ("ROUND(1.298, 1)", "1.3"),
        ("TRUNCATE(1.999, 1)", "1.9"), ("TRUNCATE(1999, -2)", "1900"), ("TRUNCATE(-1.999, 0)", "-1"),
        ("SIGN(-32)", "-1"), ("SIGN(0)", "0"), ("SQRT(16)", "4"), ("SQRT(-1)", nil), ("POW(2, 10)", "1024"),
        ("POWER(2, -1)", "0.5"), ("LOG(2, 8)", "3"), ("LOG(0)", nil), ("LN(1)", "0"), ("LOG10(100)", "2"),
        ("LOG2(65536)", "16"), ("EXP(0)", "1"), ("SIN(0)", "0"), ("COS(0)", "1"), ("ACOS(2)", nil),
        ("DEGREES(0)", "0"), ("CONV('a', 16, 2)", "1010"), ("CONV('6E', 18, 8)", "172"),
        ("CONV(-17, 10, -18)", "-H"), ("CONV(255, 10, 16)", "FF"),
        // Strings.
        ("REPLACE('www.mysql.com', 'w', 'Ww')", "WwWwWw.mysql.com"),
        ("SUBSTRING('Quadratically', 5)", "ratically"), ("SUBSTRING('Quadratically', 5, 6)", "ratica"),
        ("SUBSTRING('Sakila', -3)", "ila"), ("SUBSTR('Sakila', -5, 3)", "aki"), ("SUBSTRING('abc', 0)", ""),
        ("MID('héllo', 2, 3)", "éll"), ("LEFT('foobarbar', 5)", "fooba"), ("RIGHT('foobarbar', 4)", "rbar"),
        ("LPAD('hi', 4, '??')", "??hi"), ("LPAD('hi', 1, '??')", "h"), ("RPAD('hi', 5, '?')", "hi???"),
        ("LPAD('hi', -1, 'x')", nil), ("REPEAT('ab', 3)", "ababab"), ("REVERSE('abc')", "cba"),
        ("TRIM('  bar   ')", "bar"), ("LTRIM('  bar ')", "bar "), ("RTRIM(' bar  ')", " bar"),
        ("LOCATE('bar', 'foobarbar')", "4"), ("LOCATE('xbar', 'foobar')", "0"),
        ("LOCATE('bar', 'foobarbar', 5)", "7"), ("INSTR('foobarbar', 'bar')", "4"), ("ASCII('2')", "50"),
        ("STRCMP('text', 'text2')", "-1"), ("SPACE(3)", "   "),
        ("MD5('testing')", "ae2b1fca515949e5d54fb22b8ed95575"),
        ("SHA1('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("SHA2('abc', 256)", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        // Time zones.
        ("CONVERT_TZ('2004-01-01 12:00:00', '+00:00', '+10:00')", "2004-01-01 22:00:00"),
        ("CONVERT_TZ('2004-01-01 12:00:00', 'GMT', 'MET')", "2004-01-01 13:00:00"),
        ("CONVERT_TZ('2024-07-01 12:00:00', 'UTC', 'Europe/Berlin')", "2024-07-01 14:00:00"),
        ("CONVERT_TZ('2024-07-01 14:00:00.123', 'Europe/Berlin', 'UTC')", "2024-07-01 12:00:00.123"),
        ("CONVERT_TZ('2001-01-01 01:00:00', 'UTC', 'UTC')", "2001-01-01 01:00:00"),
        ("CONVERT_TZ('2004-01-01 12:00:00', 'Nowhere/Land', 'UTC')", nil),
    ]

    @Test(arguments: Self.cases)
    func answers(_ expression: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT \(expression)") == expected, "\(expression)")
    }

    @Test func djangosConnectionProbeFindsTimeZoneSupport() throws {
        let session = try EngineFixture().session(database: "test")
        let probe = "SELECT 1 FROM DUAL WHERE CONVERT_TZ('2001-01-01 01:00:00', 'UTC', 'UTC') IS NOT NULL"
        #expect(try session.query(probe).rows.count == 1)
    }

    @Test func resultColumnTypes() throws {
        let session = try EngineFixture().session(database: "test")
        let columns = try session.query("SELECT SQRT(2), MD5('a'), LOCATE('a', 'b')").columns
        #expect(columns.map(\.type) == [.double, .varString, .longLong])
        #expect(columns[1].length == 128)
    }

    @Test func updateReadsTheOriginalRow() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)")
        session.run("INSERT INTO t VALUES (1, 1, 2)")
        session.run("UPDATE t SET a = a + 1, b = a")
        #expect(try session.query("SELECT a, b FROM t").rows.map { $0.map { $0.text } } == [["2", "1"]])
        session.run("UPDATE t SET a = b, b = a")
        #expect(try session.query("SELECT a, b FROM t").rows.map { $0.map { $0.text } } == [["1", "2"]])
    }
}
