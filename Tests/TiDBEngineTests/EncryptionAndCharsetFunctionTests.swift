import MySQLTypes
import Testing

@testable import TiDBEngine

/// AES_ENCRYPT/AES_DECRYPT, SM3, CRC32, SUBSTRING_INDEX, TRANSLATE, RANDOM_BYTES, FIELD, POSITION(.. IN ..), DAYNAME as a number,
/// INTERVAL amounts, GBK arguments, integer and datetime casts, 1690 texts, with the values TiDB v8.5 gives (its integration tests'
/// recorded results).
@Suite struct EncryptionAndCharsetFunctionTests {
    static let cases: [(String, String?)] = [
        ("HEX(AES_ENCRYPT('123', 'foobar'))", "45ABDD5C4802EFA6771A94C43F805208"),
        ("HEX(AES_ENCRYPT('', 'foobar'))", "791F1AEB6A6B796E6352BF381895CA0E"),
        ("AES_DECRYPT(UNHEX('45ABDD5C4802EFA6771A94C43F805208'), 'foobar')", "123"),
        ("AES_DECRYPT('SOME_THING_STRANGE', 'foobar')", nil),
        ("AES_ENCRYPT(NULL, 'foobar')", nil),
        ("SM3('123')", "6e0f9e14344c5406a0cf5a3b4dfb665f87f4a771a31f7edbb5c72874a32b2957"),
        ("SM3('')", "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"),
        ("CRC32('abc')", "891568578"), ("CRC32('hello world!')", "62177901"), ("CRC32('')", "0"),
        ("SUBSTRING_INDEX('www.pingcap.com', '.', 2)", "www.pingcap"),
        ("SUBSTRING_INDEX('www.pingcap.com', '.', -1)", "com"),
        ("SUBSTRING_INDEX('www.pingcap.com', '.', 0)", ""),
        ("SUBSTRING_INDEX('www.pingcap.com', '', 1)", ""),
        ("SUBSTRING_INDEX('aaa.bbb.ccc', '.', 18446744073709551613)", "aaa.bbb.ccc"),
        ("SUBSTRING_INDEX('aaa.bbb.ccc', '.', -18446744073709551613)", "aaa.bbb.ccc"),
        ("POSITION('b' IN 'abc')", "2"),
        ("DAYNAME('1962-03-01') + 0", "3"), ("DAYNAME('1962-03-01') = 3", "1"), ("DAYNAME('1962-03-01') & 7", "3"),
        ("19000101000000 + INTERVAL 1.123456789e3 SECOND", "1900-01-01 00:18:43.456789"),
        ("'1900-01-01 00:18:43.456789' - INTERVAL 1.123456789e3 SECOND", "1900-01-01 00:00:00"),
        ("'1900-01-01 00:00:00' + INTERVAL '1.9' MINUTE", "1900-01-01 00:01:00"),
        ("'1900-01-01 00:00:00' + INTERVAL '1e2' SECOND", "1900-01-01 00:01:40"),
        ("'1900-01-01 00:00:00' + INTERVAL '0.0000009' SECOND", "1900-01-01 00:00:00"),
        ("DATE_ADD('2007-03-28 22:08:28', INTERVAL -2 SECOND_MICROSECOND)", "2007-03-28 22:08:27.800000"),
        ("CAST('18446744073709551616' AS SIGNED)", "-1"),
        ("CAST('9223372036854775809' AS SIGNED)", "-9223372036854775807"),
        ("CAST('-9223372036854775809' AS UNSIGNED)", "9223372036854775808"),
        ("CAST(18446744073709551614.9 AS UNSIGNED)", "18446744073709551615"),
        ("CAST(-9223372036854775809 AS UNSIGNED)", "0"), ("CAST(0xffffffffffffffff AS SIGNED)", "-1"),
        ("CAST(0x12345678 AS DOUBLE)", "305419896"),
        ("CAST('170102034' AS DATETIME)", "2017-01-02 03:04:00"),
        ("CAST('970101.111' AS DATETIME)", "1997-01-01 11:01:00"),
        ("CAST(111.1 AS DATETIME)", "2000-01-11 00:00:00"), ("DATE'20171212'", "2017-12-12"),
        ("CAST(CAST('2017-01-01 01:01:11.12' AS DATE) AS DATETIME(2))", "2017-01-01 00:00:00.00"),
        ("HEX(12.8)", "D"), ("HEX(-12.3)", "FFFFFFFFFFFFFFF4"),
        ("TRANSLATE('AABC', 'AAa', 'Zz')", "ZZBC"), ("TRANSLATE('abc', 'AAa', 'Zz')", "bc"),
        ("TRANSLATE('ABC', 'AAa', NULL)", nil), ("UNCOMPRESSED_LENGTH('12345')", "875770417"),
        ("UNCOMPRESSED_LENGTH(UNHEX('0100'))", "0"), ("LENGTH(RANDOM_BYTES(1024))", "1024"),
        ("LOWER(CAST('BB' AS BINARY))", "BB"), ("FIELD('abc', 'a', 1)", "1"), ("FIELD('b', 'a', 'b')", "2"),
        ("FIND_IN_SET('', '')", "0"), ("FIND_IN_SET('', ',')", "1"),
        ("IS_IPV4('10.0.5.9')", "1"), ("IS_IPV4('10.0.5.256')", "0"), ("IS_IPV4('1.2.3')", "0"),
        ("TIMESTAMPADD(SECOND, 1, '2021-08-20 00:00:01.0001')", "2021-08-20 00:00:02.000100"),
        ("TIMESTAMPADD(MINUTE, 1.5, '2021-08-20 00:00:00')", "2021-08-20 00:02:00"),
    ]

    @Test func locateFollowsTheCollation() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT LOCATE('a', 'AA')") == "0")
        session.run("SET NAMES utf8mb4 COLLATE utf8mb4_general_ci")
        #expect(try session.scalar("SELECT LOCATE('a', 'AA')") == "1")
        #expect(try session.scalar("SELECT POSITION('b' IN 'ABC')") == "2")
        #expect(try session.scalar("SELECT INSTR('xBc', 'bC')") == "2")
    }

    @Test func randomBytesRefusesLengthsOutsideOneTo1024() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(
            session.failure("SELECT RANDOM_BYTES(1025)")
                == MySQLError(code: 1690, sqlState: "22003", message: "length value is out of range in 'random_bytes'")
        )
        #expect(session.failure("SELECT RANDOM_BYTES(0)")?.code == 1690)
    }

    @Test func overflowMessagesFoldConstantCasts() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(
            session.failure("SELECT CAST(-1 AS UNSIGNED) - CAST(-1 AS SIGNED)")?.message
                == "BIGINT UNSIGNED value is out of range in '(18446744073709551615 - -1)'"
        )
        session.run("CREATE TABLE t (a BIGINT UNSIGNED, b BIGINT UNSIGNED)")
        session.run("INSERT INTO t VALUES (1, 2)")
        #expect(
            session.failure("SELECT a - b FROM t")?.message
                == "BIGINT UNSIGNED value is out of range in '(test.t.a - test.t.b)'"
        )
    }

    @Test func castToDecimalWarnsAsDecimal() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT CAST('61qw' AS DECIMAL)") == "61")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(1292), .string("Truncated incorrect DECIMAL value: '61qw'")]
            ]
        )
    }

    @Test func truncatedDigitDatetimesWarn() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT CAST('150101.1a' AS DATETIME)") == "2015-01-01 01:00:00")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(1292), .string("Truncated incorrect datetime value: '150101.1a'")]
            ]
        )
    }

    @Test(arguments: Self.cases)
    func function(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    @Test func blockEncryptionModes() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("SET block_encryption_mode = 'aes-128-cbc'")
        #expect(
            try session.scalar("SELECT HEX(AES_ENCRYPT('123', 'foobar', '1234567890123456'))")
                == "80D5646F07B4654B05A02D9085759770"
        )
        #expect(session.failure("SELECT AES_ENCRYPT('123', 'foobar')")?.code == 1582)
        #expect(session.failure("SELECT AES_ENCRYPT('123', 'foobar', 'short')")?.code == 1210)
        session.run("SET block_encryption_mode = 'aes-256-ofb'")
        #expect(try session.scalar("SELECT AES_DECRYPT(UNHEX('E842C5'), 'foobar', '1234567890123456')") == "123")
        session.run("SET block_encryption_mode = 'aes-128-ecb'")
        #expect(try session.scalar("SELECT HEX(AES_ENCRYPT('2', 'key', 'iv'))") == "B3800B3A3CB4ECE2051A3E80FE373EAC")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(1618), .string("<IV> option ignored")]
            ]
        )
    }

    @Test func gbkArgumentsUseTheirGBKBytes() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (a CHAR(20) CHARSET utf8mb4, b CHAR(20) CHARSET gbk)")
        session.run("INSERT INTO t VALUES ('一二三', '一二三')")
        let result = try session.query("SELECT HEX(a), HEX(b), LENGTH(b), MD5(b), ORD(b) FROM t")
        #expect(
            result.rows.first?.map(\.text) == [
                "E4B880E4BA8CE4B889", "D2BBB6FEC8FD", "6", "a45d4af7b243e7f393fa09bed72ac73e", "53947",
            ]
        )
        #expect(try session.scalar("SELECT HEX(CONCAT(b, 0xd2bb)) FROM t") == "D2BBB6FEC8FDD2BB")
        #expect(try session.scalar("SELECT HEX(CONVERT(b USING binary)) FROM t") == "D2BBB6FEC8FD")
        session.run("DELETE FROM t")
        session.run("INSERT INTO t VALUES ('àb', 'àb')")
        #expect(try session.query("SELECT UPPER(a), UPPER(b) FROM t").rows.first?.map(\.text) == ["ÀB", "àB"])
    }
}
