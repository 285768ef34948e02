import MySQLTypes
import Testing

@testable import TiDBEngine

/// Compound INTERVAL units (docs/tidb/more-functions.md §3), with the MySQL manual's examples,
/// which TiDB gives too.
@Suite struct IntervalUnitTests {
    static let cases: [(String, String?)] = [
        ("DATE_ADD('2100-12-31 23:59:59', INTERVAL '1:1' MINUTE_SECOND)", "2101-01-01 00:01:00"),
        ("DATE_SUB('2025-01-01 00:00:00', INTERVAL '1 1:1:1' DAY_SECOND)", "2024-12-30 22:58:59"),
        ("DATE_ADD('1900-01-01 00:00:00', INTERVAL '-1 10' DAY_HOUR)", "1899-12-30 14:00:00"),
        (
            "DATE_ADD('1992-12-31 23:59:59.000002', INTERVAL '1.999999' SECOND_MICROSECOND)",
            "1993-01-01 00:00:01.000001"
        ),
        ("'2024-01-31' + INTERVAL '1-1' YEAR_MONTH", "2025-02-28"),
        ("'2024-01-01 10:00:00' - INTERVAL '1:30' HOUR_MINUTE", "2024-01-01 08:30:00"),
        ("'2024-01-01 10:00:00' + INTERVAL '30' HOUR_MINUTE", "2024-01-01 10:30:00"),
        ("DATE_ADD('2024-01-01', INTERVAL '1 1:1:1.5' DAY_MICROSECOND)", "2024-01-02 01:01:01.500000"),
        ("DATE_ADD('2024-01-01', INTERVAL '1:2:3:4' HOUR_MINUTE)", nil),
        ("EXTRACT(YEAR_MONTH FROM '2019-07-02 01:02:03')", "201907"),
        ("EXTRACT(DAY_MINUTE FROM '2019-07-02 01:02:03')", "20102"),
        ("EXTRACT(HOUR_SECOND FROM '2019-07-02 01:02:03')", "10203"),
        ("EXTRACT(MINUTE_MICROSECOND FROM '2019-07-02 01:02:03.000123')", "203000123"),
        // The interval first (Django writes `INTERVAL %s MICROSECOND + col`).
        ("INTERVAL 1 DAY + '2024-01-31'", "2024-02-01"),
        ("INTERVAL 1 + 1 HOUR + '2024-01-01 10:00:00' + INTERVAL 30 MINUTE", "2024-01-01 12:30:00"),
    ]

    @Test(arguments: Self.cases)
    func interval(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    @Test func timestampDiffTakesOnlySingleUnits() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(session.failure("SELECT TIMESTAMPDIFF(HOUR_MINUTE, '2024-01-01', '2024-01-02')")?.code == 1064)
    }
}
