import MySQLTypes
import Testing

@testable import TiDBEngine

/// WEEK's eight modes, WEEKOFYEAR, YEARWEEK, DATE_FORMAT's week specifiers (MySQL's
/// `calc_week`, which TiDB ports) and PI().
@Suite struct WeekFunctionTests {
    static let cases: [(String, String?)] = [
        // The MySQL manual's examples.
        ("WEEK('2008-02-20')", "7"), ("WEEK('2008-02-20', 0)", "7"), ("WEEK('2008-02-20', 1)", "8"),
        ("WEEK('2008-12-31', 1)", "53"), ("WEEK('2000-01-01', 0)", "0"), ("WEEK('2000-01-01', 2)", "52"),
        ("YEARWEEK('1987-01-01')", "198652"), ("WEEKOFYEAR('2008-02-20')", "8"),
        // ISO weeks (mode 3) across a year end.
        ("WEEK('2008-12-29', 3)", "1"), ("WEEK('2010-01-03', 3)", "53"), ("WEEK('2021-01-01', 3)", "53"),
        ("YEARWEEK('2008-12-29', 3)", "200901"), ("YEARWEEK('2021-01-03', 1)", "202053"),
        ("WEEK('2024-01-01', 4)", "1"), ("WEEK('2023-01-01', 5)", "0"), ("WEEK('2023-01-01', 6)", "1"),
        ("WEEK('2023-01-01', 7)", "52"), ("WEEK('2024-12-31', 2)", "52"), ("WEEK(NULL)", nil),
        ("WEEK('2008-02-20', NULL)", nil),
        ("DATE_FORMAT('2008-12-31', '%U %u %V %v %X %x')", "52 53 52 01 2008 2009"),
        ("DATE_FORMAT('1999-01-01', '%X %V')", "1998 52"),
        ("DATE_FORMAT('2000-01-02', '%U|%u|%V|%v|%X|%x')", "01|00|01|52|2000|1999"),
        ("PI()", "3.141593"),
    ]

    @Test(arguments: Self.cases)
    func function(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    @Test func defaultWeekFormat() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("SET default_week_format = 1")
        #expect(try session.scalar("SELECT WEEK('2008-02-20')") == "8")
        // YEARWEEK ignores default_week_format.
        #expect(try session.scalar("SELECT YEARWEEK('1987-01-01')") == "198652")
        let typed = try session.query("SELECT WEEK('2008-02-20'), PI()")
        #expect(typed.columns.map(\.type) == [.longLong, .double])
        #expect(typed.columns[1].decimals == 6)
    }
}
