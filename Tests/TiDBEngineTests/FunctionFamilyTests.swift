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
        // Dates (MySQL manual's examples).
        ("DATE('2003-12-31 01:02:03')", "2003-12-31"), ("YEAR('1987-01-01')", "1987"), ("MONTH('2008-02-03')", "2"),
        ("DAYOFMONTH('2007-02-03')", "3"), ("HOUR('2024-01-01 10:05:03')", "10"),
        ("MINUTE('2024-01-01 10:05:03')", "5"),
        ("SECOND('2024-01-01 10:05:03')", "3"), ("MICROSECOND('2024-01-01 12:00:00.000012')", "12"),
        ("QUARTER('2008-04-01')", "2"), ("DAYOFWEEK('2007-02-03')", "7"), ("WEEKDAY('2008-02-03 22:23:00')", "6"),
        ("DAYOFYEAR('2007-02-03')", "34"), ("DAYNAME('2007-02-03')", "Saturday"),
        ("MONTHNAME('2008-02-03')", "February"),
        ("LAST_DAY('2004-02-05')", "2004-02-29"), ("TO_DAYS('2007-10-07')", "733321"),
        ("DATEDIFF('2007-12-31 23:59:59', '2007-12-30')", "1"),
        ("DATEDIFF('2010-11-30 23:59:59', '2010-12-31')", "-31"),
        ("TIMESTAMPDIFF(MONTH, '2003-02-01', '2003-05-01')", "3"),
        ("TIMESTAMPDIFF(YEAR, '2002-05-01', '2001-01-01')", "-1"),
        ("TIMESTAMPDIFF(MINUTE, '2003-02-01', '2003-05-01 12:05:55')", "128885"),
        ("TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-02-29')", "0"),
        ("EXTRACT(YEAR FROM '2019-07-02')", "2019"), ("EXTRACT(MONTH FROM '2019-07-02 01:02:03')", "7"),
        ("DATE_FORMAT('2009-10-04 22:23:00', '%W %M %Y')", "Sunday October 2009"),
        ("DATE_FORMAT('2007-10-04 22:23:00', '%H:%i:%s')", "22:23:00"),
        ("DATE_FORMAT('1900-10-04 22:23:00', '%D %y %a %d %m %b %j')", "4th 00 Thu 04 10 Oct 277"),
        ("DATE_FORMAT('1997-10-04 22:23:00', '%H %k %I %r %T %S %w')", "22 22 10 10:23:00 PM 22:23:00 00 6"),
        ("DATE('nope')", nil),
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
