import MySQLTypes
import Testing

@testable import TiDBEngine

/// Functions of TIME values and TIME columns (docs/tidb/more-functions.md §1), with the MySQL
/// manual's examples, which TiDB gives too.
@Suite struct TimeArgumentTests {
    static let cases: [(String, String?)] = [
        ("HOUR('838:59:59')", "838"), ("HOUR('272:59:59')", "272"), ("MINUTE('838:59:59')", "59"),
        ("SECOND('10:05:03')", "3"), ("MICROSECOND('12:00:00.123456')", "123456"),
        ("HOUR('2024-01-02 10:05:03')", "10"), ("EXTRACT(HOUR FROM '838:59:59')", "838"),
        ("EXTRACT(MINUTE FROM '10:05:03')", "5"), ("TIME('2003-12-31 01:02:03')", "01:02:03"),
        ("TIME('2003-12-31 01:02:03.000123')", "01:02:03.000123"), ("TIME_TO_SEC('22:23:00')", "80580"),
        ("TIME_TO_SEC('00:39:38')", "2378"), ("SEC_TO_TIME(2378)", "00:39:38"),
        ("MAKETIME(12,15,30)", "12:15:30"), ("MAKETIME(12,60,30)", nil),
        ("TIMEDIFF('10:00:00','12:30:00')", "-02:30:00"),
        ("TIMEDIFF('2008-12-31 23:59:59.000001','2008-12-30 01:01:01.000002')", "46:58:57.999999"),
        ("ADDTIME('2007-12-31 23:59:59.999999', '1 1:1:1.000002')", "2008-01-02 01:01:01.000001"),
        ("ADDTIME('01:00:00.999999', '02:00:00.999998')", "03:00:01.999997"),
        ("SUBTIME('01:00:00.999999', '02:00:00.999998')", "-00:59:59.999999"),
        ("TIME_FORMAT('100:00:00', '%H %k %h %I %l')", "100 100 04 04 4"),
        ("MAKEDATE(2011,31)", "2011-01-31"), ("MAKEDATE(2011,32)", "2011-02-01"), ("MAKEDATE(2011,0)", nil),
        ("FROM_UNIXTIME(1447430881)", "2015-11-13 16:08:01"),
        ("FROM_UNIXTIME(1447430881.5)", "2015-11-13 16:08:01.5"),
        ("FROM_UNIXTIME(1447430881, '%Y %D %M %h:%i:%s %x')", "2015 13th November 04:08:01 2015"),
        ("TIMESTAMP('2003-12-31')", "2003-12-31 00:00:00"),
        ("TIMESTAMP('2003-12-31 12:00:00', '12:00:00')", "2004-01-01 00:00:00"),
        ("TIMESTAMP('2003-12-31 12:00:00.5', '1:00:00')", "2003-12-31 13:00:00.5"),
        ("X'41' + 0", "65"), ("0x41 + 0", "65"), ("b'1000001' + 0", "65"),
    ]

    @Test(arguments: Self.cases)
    func function(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        session.run("SET time_zone = '+00:00'")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    @Test func resultTypes() throws {
        let session = try EngineFixture().session(database: "test")
        let result = try session.query("SELECT SEC_TO_TIME(2378), TIME('01:02:03.12'), X'41' + 0, HOUR('10:00:00')")
        #expect(result.columns.map(\.type) == [.time, .time, .longLong, .longLong])
        #expect(result.columns.map(\.decimals) == [0, 2, 0, 0])
    }

    @Test func timeColumnsNormaliseOnWrite() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, a TIME, b TIME(6))")
        session.run("INSERT INTO t VALUES (1, '21:30', '21:30'), (2, '1 12:00', 123456), (3, 123456, '123456.5')")
        let rows = try session.query("SELECT a, b FROM t ORDER BY id").rows.map { $0.map { $0.text ?? "NULL" } }
        #expect(
            rows == [
                ["21:30:00", "21:30:00.000000"], ["36:00:00", "12:34:56.000000"], ["12:34:56", "12:34:56.500000"],
            ]
        )
        #expect(try session.scalar("SELECT HOUR(a) FROM t WHERE id = 2") == "36")
        let error = session.failure("INSERT INTO t VALUES (4, '900:00:00', NULL)")
        #expect(error?.code == 1292)
        #expect(error?.message == "Incorrect time value: '900:00:00' for column 'a' at row 1")
    }

    @Test func branchesOfTimeAreTime() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a TIME, b TIME(3))")
        session.run("INSERT INTO t VALUES ('10:00:00', NULL)")
        let result = try session.query(
            "SELECT COALESCE(b, a), IFNULL(a, b), CASE WHEN a IS NULL THEN NULL ELSE a END, COALESCE(a, 'x') FROM t"
        )
        #expect(result.columns.map(\.type) == [.time, .time, .time, .varString])
        #expect(result.columns.map(\.decimals).prefix(3) == [3, 3, 0])
        #expect(result.rows[0].prefix(3).map(\.text) == ["10:00:00", "10:00:00", "10:00:00"])
    }
}
