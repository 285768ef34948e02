import MySQLTypes
import Testing

@testable import TiDBEngine

/// String and network functions (docs/tidb/more-functions.md §2), with the MySQL manual's
/// examples, which TiDB gives too.
@Suite struct MoreFunctionTests {
    static let cases: [(String, String?)] = [
        ("ORD('2')", "50"), ("ORD('é')", "50089"), ("BIN(12)", "1100"), ("OCT(12)", "14"),
        ("BIN(-1)", String(repeating: "1", count: 64)), ("UNHEX('4D7953514C')", "MySQL"), ("UNHEX('GG')", nil),
        ("CHAR(77,121,83,81,'76')", "MySQL"), ("HEX(CHAR(256))", "0100"), ("ELT(1, 'Aa', 'Bb')", "Aa"),
        ("ELT(3, 'Aa', 'Bb')", nil), ("FIELD('Bb', 'Aa', 'Bb', 'Cc')", "2"), ("FIELD('Gg', 'Aa')", "0"),
        ("FIND_IN_SET('b', 'a,b,c,d')", "2"), ("FIND_IN_SET('z', 'a,b')", "0"),
        ("MAKE_SET(1|4, 'hello', 'nice', 'world')", "hello,world"), ("MAKE_SET(0, 'a', 'b')", ""),
        ("EXPORT_SET(5, 'Y', 'N', ',', 4)", "Y,N,Y,N"), ("EXPORT_SET(6, '1', '0', ',', 10)", "0,1,1,0,0,0,0,0,0,0"),
        ("QUOTE('Don''t!')", "'Don\\'t!'"), ("QUOTE(NULL)", "NULL"),
        ("INSERT('Quadratic', 3, 4, 'What')", "QuWhattic"), ("INSERT('Quadratic', -1, 4, 'What')", "Quadratic"),
        ("INSERT('Quadratic', 3, 100, 'What')", "QuWhat"), ("TO_BASE64('abc')", "YWJj"), ("FROM_BASE64('YWJj')", "abc"),
        ("FORMAT(12332.123456, 4)", "12,332.1235"), ("FORMAT(12332.1, 4)", "12,332.1000"),
        ("FORMAT(12332.2, 0)", "12,332"), ("FORMAT(1e20, 1)", "100,000,000,000,000,000,000.0"),
        ("FORMAT(-0.5, 0)", "-1"), ("FORMAT(-1234567.891, 2)", "-1,234,567.89"),
        ("INET_ATON('10.0.5.9')", "167773449"), ("INET_ATON('127.1')", "2130706433"), ("INET_ATON('1.2.3.4.5')", nil),
        ("INET_NTOA(167773449)", "10.0.5.9"), ("LENGTH(UUID())", "36"),
        ("SHA2('abc', 224)", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
        ("HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db'))", "6CCD780CBABA102695645B8C656024DB"),
        ("HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1))", "1026BABA6CCD780C95645B8C656024DB"),
        (
            "BIN_TO_UUID(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1), 1)",
            "6ccd780c-baba-1026-9564-5b8c656024db"
        ),
        ("SHA2('', 224)", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"),
    ]

    @Test(arguments: Self.cases)
    func function(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    @Test func uuidToBinRefusesNonUUIDs() throws {
        let session = try EngineFixture().session(database: "test")
        let error = session.failure("SELECT UUID_TO_BIN('xyz')")
        #expect(
            error
                == MySQLError(
                    code: 1411,
                    sqlState: "HY000",
                    message: "Incorrect string value: 'xyz' for function uuid_to_bin"
                )
        )
    }

    @Test func resultTypes() throws {
        let session = try EngineFixture().session(database: "test")
        let result = try session.query("SELECT ORD('a'), UNHEX('41'), INET_ATON('1.2.3.4'), FIELD('a', 'a')")
        #expect(result.columns.map(\.type) == [.longLong, .varString, .longLong, .longLong])
        #expect(result.columns[2].flags.contains(.unsigned))
    }
}
