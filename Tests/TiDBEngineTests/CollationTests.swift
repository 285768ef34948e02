import MySQLTypes
import Testing

@testable import TiDBEngine

/// Collations as TiDB v8.5 has them with new collations on (docs/tidb/charsets-collations.md §6–8):
/// comparison, ordering, grouping, unique keys and index lookups follow the column's collation,
/// literals follow the connection's.
@Suite struct CollationTests {
    func value(_ session: Session, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        try session.scalar(sql, sourceLocation: sourceLocation)
    }

    @Test func literalsCompareUnderTheConnectionCollationOrAnExplicitOne() throws {
        let session = try EngineFixture().session()
        #expect(try self.value(session, "SELECT 'a' = 'A'") == "0")
        #expect(try self.value(session, "SELECT 'a' = 'A' COLLATE utf8mb4_general_ci") == "1")
        #expect(try self.value(session, "SELECT COLLATION('a'), COERCIBILITY('a')") == "utf8mb4_bin")
        #expect(
            try session.query("SELECT COERCIBILITY('a'), COERCIBILITY(1), COERCIBILITY(NULL)").rows == [
                [.int(4), .int(5), .int(6)]
            ]
        )
        session.run("SET NAMES utf8mb4 COLLATE utf8mb4_general_ci")
        #expect(try self.value(session, "SELECT 'a' = 'A'") == "1")
        #expect(try self.value(session, "SELECT COLLATION('a')") == "utf8mb4_general_ci")
        #expect(try self.value(session, "SELECT @@collation_connection") == "utf8mb4_general_ci")
        // Setting the connection charset takes its default collation back.
        session.run("SET character_set_connection = utf8mb4")
        #expect(try self.value(session, "SELECT @@collation_connection") == "utf8mb4_bin")
        session.run("SET collation_connection = utf8_general_ci")
        #expect(try self.value(session, "SELECT @@character_set_connection") == "utf8")
    }

    @Test func eachCollatorsEqualities() throws {
        let session = try EngineFixture().session()
        let cases: [(String, String)] = [
            // general_ci: MySQL's folding, one weight per character; U+FFFD for all beyond the BMP.
            ("'ß' = 's' COLLATE utf8mb4_general_ci", "1"),
            ("'a' = 'á' COLLATE utf8mb4_general_ci", "1"),
            ("'😛' = '😋' COLLATE utf8mb4_general_ci", "1"),
            ("'a ' = 'a' COLLATE utf8mb4_general_ci", "1"),
            // unicode_ci (UCA 4.0.0): expansions, accents ignored, U+FFFD beyond the BMP.
            ("'ß' = 'ss' COLLATE utf8mb4_unicode_ci", "1"),
            ("'ß' = 's' COLLATE utf8mb4_unicode_ci", "0"),
            ("'Å' = 'a' COLLATE utf8mb4_unicode_ci", "1"),
            ("'😛' = '😋' COLLATE utf8mb4_unicode_ci", "1"),
            // 0900_ai_ci: NO PAD, every character its own weight.
            ("'a ' = 'a' COLLATE utf8mb4_0900_ai_ci", "0"),
            ("'😛' = '😋' COLLATE utf8mb4_0900_ai_ci", "0"),
            ("'ß' = 'ss' COLLATE utf8mb4_0900_ai_ci", "1"),
            ("'Ä' = 'a' COLLATE utf8mb4_0900_ai_ci", "1"),
            ("'각' = '각' COLLATE utf8mb4_0900_ai_ci", "1"),
            // _bin: bytes; PAD SPACE except utf8mb4_0900_bin and binary.
            ("'a ' = 'a' COLLATE utf8mb4_bin", "1"),
            ("'a ' = 'a' COLLATE utf8mb4_0900_bin", "0"),
            ("'a' = 'A' COLLATE utf8mb4_0900_bin", "0"),
            ("'b' < 'C' COLLATE utf8mb4_general_ci", "1"),
            ("'b' < 'C' COLLATE utf8mb4_bin", "0"),
            ("'ABC' LIKE 'a%' COLLATE utf8mb4_general_ci", "1"),
            ("'ÀBC' LIKE 'a_c' COLLATE utf8mb4_unicode_ci", "1"),
            ("'ABC' LIKE 'a%'", "0"),
        ]
        for (expression, expected) in cases {
            #expect(try self.value(session, "SELECT " + expression) == expected, "\(expression)")
        }
    }

    @Test func illegalMixesAndMismatchedCollationsAreTiDBsErrors() throws {
        let session = try EngineFixture().session()
        let mix = session.failure("SELECT 'a' COLLATE utf8mb4_bin = 'A' COLLATE utf8mb4_general_ci")
        #expect(mix?.code == 1267)
        #expect(
            mix?.message
                == "Illegal mix of collations (utf8mb4_bin,EXPLICIT) and (utf8mb4_general_ci,EXPLICIT) for operation '='"
        )
        let mismatch = session.failure("SELECT 'a' COLLATE latin1_bin")
        #expect(mismatch == .tidb(1253, "42000", "COLLATION 'latin1_bin' is not valid for CHARACTER SET 'utf8mb4'"))
        #expect(
            session.failure("SELECT 'a' COLLATE utf8mb4_nope")
                == .tidb(1273, "HY000", "Unsupported collation when new collation is enabled: 'utf8mb4_nope'")
        )
        #expect(session.failure("SELECT 'a' COLLATE nope") == .tidb(1273, "HY000", "Unknown collation: 'nope'"))
        #expect(
            session.failure("CREATE TABLE test.x (c VARCHAR(5) CHARSET utf8 COLLATE utf8mb4_bin)")
                == .tidb(1253, "42000", "COLLATION 'utf8mb4_bin' is not valid for CHARACTER SET 'utf8'")
        )
    }

    @Test func columnsOrderGroupAndKeyByTheirCollation() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            """
            CREATE TABLE t (id INT PRIMARY KEY, ci VARCHAR(10) COLLATE utf8mb4_general_ci, bin VARCHAR(10),
            uni VARCHAR(10) COLLATE utf8mb4_unicode_ci, UNIQUE KEY uk (ci), KEY k_uni (uni))
            """
        )
        session.run(
            "INSERT INTO t VALUES (1, 'b', 'b', 'ss'), (2, 'A', 'A', 'x'), (3, 'c', 'a', 'y'), (4, 'B2', 'B', 'z')"
        )
        func column(_ sql: String) throws -> [String] { try session.query(sql).rows.map { $0[0].text ?? "NULL" } }
        #expect(try column("SELECT ci FROM t ORDER BY ci") == ["A", "b", "B2", "c"])
        #expect(try column("SELECT bin FROM t ORDER BY bin") == ["A", "B", "a", "b"])
        #expect(try column("SELECT COUNT(*) FROM t GROUP BY LOWER(bin) COLLATE utf8mb4_bin ORDER BY 1") == ["2", "2"])
        #expect(try column("SELECT COUNT(DISTINCT bin) FROM t") == ["4"])
        #expect(try column("SELECT COUNT(DISTINCT bin COLLATE utf8mb4_general_ci) FROM t") == ["2"])
        #expect(try column("SELECT MAX(ci) FROM t") == ["c"])
        // The column's collation beats the literal's; an explicit one beats the column's.
        #expect(try column("SELECT id FROM t WHERE ci = 'a'") == ["2"])
        #expect(try column("SELECT id FROM t WHERE ci = 'a' COLLATE utf8mb4_bin") == [])
        #expect(try column("SELECT id FROM t WHERE uni = 'ß'") == ["1"])
        #expect(try column("SELECT id FROM t WHERE uni IN ('ß', 'X') ORDER BY id") == ["1", "2"])
        // Unique keys conflict under the collation; the message shows the new row's value.
        #expect(
            session.failure("INSERT INTO t VALUES (5, 'a', 'q', 'q')")
                == .tidb(1062, "23000", "Duplicate entry 'a' for key 't.uk'")
        )
        #expect(session.failure("INSERT INTO t VALUES (6, 'C ', 'q', 'q')")?.code == 1062)
        // A primary key in a _ci collation finds its row whatever the case.
        session.run("CREATE TABLE p (name VARCHAR(20) COLLATE utf8mb4_unicode_ci PRIMARY KEY, v INT)")
        session.run("INSERT INTO p VALUES ('Straße', 1)")
        #expect(try column("SELECT v FROM p WHERE name = 'STRASSE'") == ["1"])
        #expect(
            session.failure("INSERT INTO p VALUES ('strasse', 2)")?.message
                == "Duplicate entry 'strasse' for key 'p.PRIMARY'"
        )
    }

    @Test func columnDefinitionsCarryTheResultsCharsetAsTiDBSendsIt() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            "CREATE TABLE m (g VARCHAR(4) COLLATE utf8mb4_general_ci, l VARCHAR(4) CHARSET latin1, k VARCHAR(4) CHARSET gbk, b VARBINARY(4), n INT)"
        )
        session.run("INSERT INTO m VALUES ('中', 'é', '中文', 'x', 1)")
        func ids() throws -> [UInt16] { try session.query("SELECT g, l, k, b, n FROM m").columns.map(\.characterSet) }
        #expect(try ids() == [46, 46, 46, 63, 63])
        #expect(try session.query("SELECT g, l, k FROM m").columns.map(\.length) == [16, 4, 8])
        // Results NULL: each column its own charset's default id, values in the column's charset.
        session.run("SET character_set_results = NULL")
        #expect(try self.value(session, "SELECT @@character_set_results") == "")
        #expect(try ids() == [46, 47, 28, 63, 63])
        #expect(try session.query("SELECT k FROM m").rows == [[.bytes([0xD6, 0xD0, 0xCE, 0xC4])]])
        // A latin1 client: id 47, the bytes as TiDB keeps them (its latin1 is a no-op encoding).
        session.run("SET NAMES latin1")
        #expect(try ids() == [47, 47, 47, 63, 63])
        #expect(try session.query("SELECT g, l FROM m").rows == [[.string("中"), .string("é")]])
        // A GBK client: text in GBK both ways.
        session.run("SET NAMES gbk")
        #expect(try ids() == [28, 28, 28, 63, 63])
        #expect(try session.query("SELECT g FROM m").rows == [[.bytes([0xD6, 0xD0])]])
        let insert = Array("INSERT INTO m (g) VALUES ('".utf8) + [0xCE, 0xC4] + Array("')".utf8)
        #expect(session.execute(bytes: insert, multiStatementsAllowed: false).outcomes[0].error == nil)
        session.run("SET NAMES utf8mb4")
        #expect(try session.query("SELECT COUNT(*) FROM m WHERE g = '文'").rows == [[.int(1)]])
        #expect(
            session.failure("INSERT INTO m (k) VALUES ('€')")
                == .tidb(1366, "HY000", "Incorrect string value '\\xE2\\x82\\xAC' for column 'k'")
        )
    }

    @Test func theHandshakeCollationSetsTheConnectionsCharsets() throws {
        let session = try EngineFixture().session()
        // 8 (latin1_swedish_ci) is MySQL's, not TiDB's: latin1 for client and results, utf8mb4_bin.
        try session.applyHandshakeCollation(8)
        #expect(
            try session.query(
                "SELECT @@character_set_client, @@character_set_connection, @@character_set_results, @@collation_connection"
            ).rows == [
                [.string("latin1"), .string("utf8mb4"), .string("latin1"), .string("utf8mb4_bin")]
            ]
        )
        try session.applyHandshakeCollation(255)
        #expect(try self.value(session, "SELECT @@collation_connection") == "utf8mb4_0900_ai_ci")
        #expect(try self.value(session, "SELECT 'a' = 'Á'") == "1")
        // COM_RESET_CONNECTION keeps the handshake's collation, as TiDB's new session does.
        session.run("SET NAMES latin1")
        session.resetState()
        #expect(try self.value(session, "SELECT @@collation_connection") == "utf8mb4_0900_ai_ci")
        #expect(throws: MySQLError.unknown("Unknown collation id 17")) { try session.applyHandshakeCollation(17) }
    }

    @Test func showCollationAndCharacterSetListTiDBsSets() throws {
        let session = try EngineFixture().session()
        let collations = try session.query("SHOW COLLATION").rows
        #expect(collations.count == 13)
        #expect(collations.first?.first == .string("ascii_bin"))
        #expect(
            try session.query("SHOW COLLATION LIKE 'utf8mb4_0900_ai_ci'").rows == [
                [
                    .string("utf8mb4_0900_ai_ci"), .string("utf8mb4"), .int(255), .string(""), .string("Yes"), .int(0),
                    .string("NO PAD"),
                ]
            ]
        )
        #expect(
            try session.query("SHOW CHARACTER SET").rows.map { $0[0] }
                == ["ascii", "binary", "gbk", "latin1", "utf8", "utf8mb4"].map(Value.string)
        )
        #expect(try self.value(session, "SELECT COUNT(*) FROM information_schema.COLLATIONS") == "13")
    }

    @Test func sortKeysOrderAsTheCollatorCompares() {
        let words = ["b", "A", "á", "ss", "ß", "Z", "a ", "😀", "中", "ǅ"].map { Array($0.utf8) }
        for collation in CharacterSets.collations {
            for left in words {
                for right in words {
                    let keys = collation.sortKey(left).lexicographicallyPrecedes(collation.sortKey(right))
                    let keyOrder = collation.sortKey(left) == collation.sortKey(right) ? 0 : (keys ? -1 : 1)
                    #expect(collation.compare(left, right) == keyOrder, "\(collation.name)")
                }
            }
        }
    }
}
