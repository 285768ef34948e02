import MySQLTypes
import Testing

@testable import TiDBEngine

/// Bytes stay bytes: the query text is bytes until the lexer, literals keep what was sent, binary
/// columns store it exactly, character columns check their charset as TiDB does
/// (docs/tidb/charsets-collations.md §4, §5).
@Suite struct ByteStringTests {
    /// `'...'` holding `bytes` with MySQL's escapes for the bytes that need them (as
    /// `mysql_real_escape_string` writes it), every other byte raw.
    static func literal(_ bytes: [UInt8]) -> [UInt8] {
        var text: [UInt8] = [UInt8(ascii: "'")]
        for byte in bytes {
            switch byte {
            case 0: text += Array("\\0".utf8)
            case UInt8(ascii: "'"), UInt8(ascii: "\\"): text += [UInt8(ascii: "\\"), byte]
            default: text.append(byte)
            }
        }
        return text + [UInt8(ascii: "'")]
    }

    static let allBytes = (0...255).map { UInt8($0) }

    func run(_ session: Session, _ sql: [UInt8]) -> StatementOutcome {
        session.execute(bytes: sql, multiStatementsAllowed: true).outcomes[0]
    }

    @Test func everyByteValueSurvivesTextIntoBinaryColumns() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE b (id INT PRIMARY KEY, vb VARBINARY(300), bl BLOB, lat VARCHAR(300) CHARSET latin1)")
        let literal = Self.literal(Self.allBytes)
        let insert =
            Array("INSERT INTO b VALUES (1, ".utf8) + literal + Array(", ".utf8) + literal + Array(", ".utf8)
            + literal + Array(")".utf8)
        #expect(self.run(session, insert).error == nil)
        let row = try #require(try session.query("SELECT vb, bl, lat, LENGTH(vb) FROM b").rows.first)
        #expect(row[0] == .bytes(Self.allBytes))
        #expect(row[1] == .bytes(Self.allBytes))
        // latin1 takes any bytes in TiDB (its encoding is a no-op).
        #expect(row[2].textBytes == Self.allBytes)
        #expect(row[3] == .int(256))
        // The same bytes select back, and compare equal to themselves as a literal.
        let select = Array("SELECT id FROM b WHERE vb = ".utf8) + literal
        guard case .rows(let found) = self.run(session, select).result else {
            Issue.record("expected rows")
            return
        }
        #expect(found.rows == [[.int(1)]])
    }

    @Test func aLiteralThatIsNotUTF8SelectsBackAsSent() throws {
        let session = try EngineFixture().session()
        guard case .rows(let result) = self.run(session, Array("SELECT '".utf8) + [0xFF, 0x00, 0xC3] + [0x27]).result
        else {
            Issue.record("expected rows")
            return
        }
        #expect(result.rows[0][0].textBytes == [0xFF, 0x00, 0xC3])
    }

    @Test func invalidUTF8IntoAUTF8MB4ColumnIsTiDBs1366() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10), u VARCHAR(10) CHARSET utf8, s VARCHAR(10) CHARSET ascii)"
        )
        let insert = Array("INSERT INTO t (id, a) VALUES (1, '@@".utf8) + [0xFF, 0xFE] + Array("')".utf8)
        let error = try #require(self.run(session, insert).error)
        #expect(error.code == 1366)
        #expect(error.sqlState == "HY000")
        #expect(error.message == "Incorrect string value '\\xFF' for column 'a'")
        #expect(try session.scalar("SELECT COUNT(*) FROM t") == "0")
        // A 4-byte character into utf8 (utf8mb3); a non-ASCII character into ascii.
        #expect(
            session.failure("INSERT INTO t (id, u) VALUES (2, 'x😀')")?.message
                == "Incorrect string value '\\xF0\\x9F\\x98\\x80' for column 'u'"
        )
        #expect(
            session.failure("INSERT INTO t (id, s) VALUES (3, '我')")?.message
                == "Incorrect string value '\\xE6\\x88\\x91' for column 's'"
        )
        // Without strict mode: a warning, and the value repaired as TiDB repairs it.
        session.run("SET sql_mode = ''")
        #expect(self.run(session, insert).error == nil)
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(1366), .string("Incorrect string value '\\xFF' for column 'a'")]
            ]
        )
        #expect(try session.scalar("SELECT a FROM t WHERE id = 1") == "@@")
        session.run("INSERT INTO t (id, s) VALUES (3, 'a我b')")
        #expect(try session.scalar("SELECT s FROM t WHERE id = 3") == "a?b")
    }

    @Test func stringsWithExponentsIntoNumericColumns() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE n (id INT PRIMARY KEY, d DECIMAL(10,2), i INT, b BIGINT)")
        session.run("INSERT INTO n VALUES (1, '1.5e3', '1.5e3', '0.15e4')")
        #expect(
            try session.query("SELECT d, i, b FROM n").rows == [
                [.decimal(SQLDecimal(unscaled: 150_000, scale: 2)), .int(1500), .int(1500)]
            ]
        )
        #expect(session.warnings.isEmpty)
        // Ruby's mysql2 sends every BigDecimal as `0.xxxeN`; fraction digits beyond the scale round.
        session.run("INSERT INTO n (id, d) VALUES (2, '0.150025e4'), (3, '1.234')")
        #expect(try session.scalar("SELECT d FROM n WHERE id = 2") == "1500.25")
        #expect(try session.scalar("SELECT d FROM n WHERE id = 3") == "1.23")
        #expect(
            session.failure("INSERT INTO n (id, i) VALUES (4, '12abc')")?.message
                == "Incorrect int value: '12abc' for column 'i' at row 1"
        )
    }

    @Test func decimalParsingReadsExponents() {
        #expect(SQLDecimal(parsing: "0.15e4") == SQLDecimal(unscaled: 1500, scale: 0))
        #expect(SQLDecimal(parsing: "1.5E-3") == SQLDecimal(unscaled: 15, scale: 4))
        #expect(SQLDecimal(parsing: "-2e2") == SQLDecimal(unscaled: -200, scale: 0))
        #expect(SQLDecimal(parsing: "1e") == nil)
        #expect(SQLDecimal(parsing: "e5") == nil)
        #expect(SQLDecimal(parsing: "1e99") == nil)
        #expect(SQLDecimal(parsing: "1e-90") == SQLDecimal(unscaled: 0, scale: 30))
    }
}
