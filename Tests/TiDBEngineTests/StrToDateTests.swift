import MySQLTypes
import Testing

@testable import TiDBEngine

/// STR_TO_DATE as TiDB v8.5 answers it (expression/issues.result and TiDB's types.StrToDate) and
/// APPROX_COUNT_DISTINCT, exact for small sets (executor/aggregate, collation_agg_func).
@Suite struct StrToDateTests {
    static let cases: [(String, String?)] = [
        ("STR_TO_DATE('01,5,2013', '%d,%m,%Y')", "2013-05-01"),
        ("STR_TO_DATE('May 1, 2013', '%M %d,%Y')", "2013-05-01"),
        ("STR_TO_DATE('oct 7 99', '%b %e %y')", "1999-10-07"),
        ("STR_TO_DATE('69-1-1', '%y-%m-%d')", "2069-01-01"),
        ("STR_TO_DATE('a09:30:17', 'a%h:%i:%s')", "09:30:17"),
        ("STR_TO_DATE('a09:30:17', '%h:%i:%s')", nil),
        ("STR_TO_DATE('10:11 PM', '%h:%i %p')", "22:11:00"),
        ("STR_TO_DATE('12:11 AM', '%h:%i %p')", "00:11:00"),
        ("STR_TO_DATE('11:59:59 PM', '%r')", "23:59:59"),
        ("STR_TO_DATE('13:05', '%T')", "13:05:00"),
        ("STR_TO_DATE('20190102030405', '%Y%m%d%H%i%s')", "2019-01-02 03:04:05"),
        ("STR_TO_DATE('2019-01-02 10:11:12.5', '%Y-%m-%d %H:%i:%s.%f')", "2019-01-02 10:11:12.500000"),
        ("STR_TO_DATE('abc2019x', '%@%Y%#x')", nil),
        ("STR_TO_DATE('abc2019-03-04', '%@%Y-%m-%d')", "2019-03-04"),
        ("STR_TO_DATE('202310', '%H%i%s')", "20:23:10"),
        ("STR_TO_DATE(NULL, '%m')", nil),
        ("STR_TO_DATE('2019-01-01', NULL)", nil),
        // Under the default NO_ZERO_DATE a zero part is NULL.
        ("STR_TO_DATE(1, '%m')", nil),
        ("STR_TO_DATE('01,2019', '%d,%Y')", nil),
        ("STR_TO_DATE('2019-02-30', '%Y-%m-%d')", nil),
        ("MONTHNAME(STR_TO_DATE(1, '%m'))", nil),
    ]

    @Test(arguments: Self.cases)
    func function(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    private func warnings(_ session: Session) throws -> [[String?]] {
        try session.query("SHOW WARNINGS").rows.map { $0.map(\.text) }
    }

    @Test func zeroPartsWithoutNoZeroDate() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            "SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO'"
        )
        #expect(try session.scalar("SELECT STR_TO_DATE(1, '%m')") == "0000-01-00")
        #expect(try session.scalar("SELECT STR_TO_DATE(2019, '%Y')") == "2019-00-00")
        #expect(try session.scalar("SELECT STR_TO_DATE('01,5', '%d,%m')") == "0000-05-01")
        #expect(try session.scalar("SELECT STR_TO_DATE('2019', '%Y %H')") == "2019-00-00 00:00:00")
        session.run("SET sql_mode = 'ALLOW_INVALID_DATES'")
        #expect(try session.scalar("SELECT STR_TO_DATE('2019-02-30', '%Y-%m-%d')") == "2019-02-30")
    }

    @Test func warnings() throws {
        let session = try EngineFixture().session(database: "test")
        _ = try session.query("SELECT STR_TO_DATE('01,2019', '%d,%Y')")
        #expect(
            try self.warnings(session) == [
                ["Warning", "1411", "Incorrect datetime value: '01,2019' for function str_to_date"]
            ]
        )
        _ = try session.query("SELECT STR_TO_DATE('2019 10', '%Y %H')")
        #expect(try self.warnings(session) == [["Warning", "1292", "Incorrect datetime value: '2019-00-00 10:00:00'"]])
        _ = try session.query("SELECT STR_TO_DATE('x2019', '%Y')")
        #expect(try self.warnings(session) == [["Warning", "1292", "Incorrect datetime value: '0000-00-00 00:00:00'"]])
        _ = try session.query("SELECT STR_TO_DATE('2019-02-30', '%Y-%m-%d')")
        #expect(try self.warnings(session) == [["Warning", "1292", "Incorrect datetime value: '2019-02-30 00:00:00'"]])
        #expect(try session.scalar("SELECT STR_TO_DATE('09:30:17abc', '%h:%i:%s')") == "09:30:17")
        #expect(
            try self.warnings(session) == [["Warning", "1292", "Truncated incorrect datetime value: '09:30:17abc'"]]
        )
    }

    @Test func resultTypesFollowTheFormat() throws {
        let session = try EngineFixture().session(database: "test")
        let typed = try session.query(
            "SELECT STR_TO_DATE('2019-01-02', '%Y-%m-%d'), STR_TO_DATE('10:11', '%H:%i'),"
                + " STR_TO_DATE('2019 10', '%Y %H'), STR_TO_DATE('10.5', '%s.%f'), STR_TO_DATE('x', '%x')"
        )
        #expect(typed.columns.map(\.type) == [.date, .time, .datetime, .time, .datetime])
        #expect(typed.columns.map(\.decimals) == [0, 0, 0, 6, 0])
        #expect(typed.rows[0].map(\.text) == ["2019-01-02", "10:11:00", nil, "00:00:10.500000", nil])
        // A format from a column is DATETIME(6).
        session.run("CREATE TABLE f (fmt VARCHAR(20)); INSERT INTO f VALUES ('%Y-%m-%d')")
        let fromColumn = try session.query("SELECT STR_TO_DATE('2019-01-02', fmt) FROM f")
        #expect(fromColumn.columns.map(\.type) == [.datetime])
        #expect(fromColumn.columns[0].decimals == 6)
        #expect(fromColumn.rows[0].map(\.text) == ["2019-01-02 00:00:00.000000"])
    }

    @Test func approxCountDistinct() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            "CREATE TABLE t (id INT, a VARCHAR(10) COLLATE utf8mb4_general_ci, b INT);"
                + " INSERT INTO t VALUES (1, 'a', 1), (1, 'A', 1), (1, 'b', NULL), (2, 'B', 2), (2, NULL, 3)"
        )
        #expect(try session.scalar("SELECT APPROX_COUNT_DISTINCT(a) FROM t") == "2")
        #expect(try session.scalar("SELECT APPROX_COUNT_DISTINCT(a COLLATE utf8mb4_bin) FROM t") == "4")
        #expect(try session.scalar("SELECT APPROX_COUNT_DISTINCT(a, b) FROM t") == "2")
        #expect(try session.scalar("SELECT APPROX_COUNT_DISTINCT(b) FROM t WHERE NULL") == "0")
        let grouped = try session.query("SELECT id, APPROX_COUNT_DISTINCT(b) FROM t GROUP BY id ORDER BY id")
        #expect(grouped.rows.map { $0.map(\.text) } == [["1", "1"], ["2", "2"]])
        #expect(grouped.columns[1].type == .longLong)
    }
}
