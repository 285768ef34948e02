import MySQLTypes
import Testing

@testable import TiDBEngine

/// What the client matrix (Tests/clients/matrix) found besides binary data: statements drivers send
/// that TiDB answers.
@Suite struct ClientMatrixFindingsTests {
    @Test func describeTableColumnShowsThatColumn() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(5))")
        #expect(try session.query("DESCRIBE `test`.`a` v").rows.map { $0[0] } == [.string("v")])
        #expect(try session.query("DESC a ID").rows.map { $0[0] } == [.string("id")])
        #expect(try session.query("DESCRIBE a").rows.count == 2)
    }

    @Test func castAsTimeWithAndWithoutPrecision() throws {
        let session = try EngineFixture().session()
        #expect(try session.scalar("SELECT CAST('13:14:15.25' AS TIME(2))") == "13:14:15.25")
        let column = try session.query("SELECT CAST('13:14:15.25' AS TIME(2))").columns[0]
        #expect(column.type == .time && column.decimals == 2)
        #expect(try session.scalar("SELECT CAST('13:14:15.25' AS TIME)") == "13:14:15")
        #expect(try session.scalar("SELECT CAST('1 02:03:04' AS TIME)") == "26:03:04")
        #expect(try session.scalar("SELECT CAST(131415 AS TIME)") == "13:14:15")
        #expect(try session.scalar("SELECT CAST('-00:00:01.5' AS TIME(1))") == "-00:00:01.5")
        #expect(try session.scalar(#"SELECT CAST('{"b": 1, "a": 2}' AS JSON)"#) == #"{"a": 2, "b": 1}"#)
    }

    @Test func columnTypesTheMockDoesNotStoreAre1235NamingThem() throws {
        let session = try EngineFixture().session(database: "test")
        // BIT, ENUM and SET are stored now (EnumSetBitTests); spatial and vector types are not.
        #expect(session.failure("CREATE TABLE g (g GEOMETRY)") == .notSupportedYet("GEOMETRY columns"))
        #expect(session.failure("CREATE TABLE v (v VECTOR(3))") == .notSupportedYet("VECTOR columns"))
        #expect(session.failure("SELECT * FROM g")?.code == 1146)
    }
}
