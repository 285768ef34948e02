import ExternalStorage
import MySQLTypes
import Testing

@testable import TiDBEngine

/// ENUM, SET and BIT columns as TiDB v8.5 keeps, compares, converts and describes them.
@Suite struct EnumSetBitTests {
    static let table = """
        CREATE TABLE t (id INT PRIMARY KEY, e ENUM('small','medium','large') NOT NULL DEFAULT 'medium', \
        s SET('a','b','c'), b BIT(4) DEFAULT b'101')
        """

    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run(Self.table)
        session.run("INSERT INTO t VALUES (1, 'large', 'c,a', 5), (2, 1, 3, b'1111'), (3, 'medium', '', 0)")
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    @Test func showCreateTableAndInformationSchema() throws {
        let session = try self.session()
        let create = try session.query("SHOW CREATE TABLE t").rows[0][1].text
        #expect(
            create == """
                CREATE TABLE `t` (
                  `id` int NOT NULL,
                  `e` enum('small','medium','large') NOT NULL DEFAULT 'medium',
                  `s` set('a','b','c') DEFAULT NULL,
                  `b` bit(4) DEFAULT b'101',
                  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """
        )
        let columns = try self.rows(
            session,
            """
            SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, \
            NUMERIC_PRECISION, NUMERIC_SCALE, COLUMN_DEFAULT, CHARACTER_SET_NAME FROM information_schema.COLUMNS \
            WHERE TABLE_NAME = 't' AND COLUMN_NAME <> 'id' ORDER BY ORDINAL_POSITION
            """
        )
        #expect(
            columns == [
                ["e", "enum", "enum('small','medium','large')", "6", "24", nil, nil, "medium", "utf8mb4"],
                ["s", "set", "set('a','b','c')", "5", "20", nil, nil, nil, "utf8mb4"],
                ["b", "bit", "bit(4)", nil, nil, "4", "0", "b'101'", nil],
            ]
        )
        // Quotes in elements are doubled; trailing spaces are dropped, as TiDB's parser does.
        session.run("CREATE TABLE q (e ENUM('it''s', 'x  '))")
        #expect(
            try session.scalar("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_NAME = 'q'")
                == "enum('it''s','x')"
        )
    }

    @Test func valuesByNameAndByNumber() throws {
        let session = try self.session()
        #expect(
            try self.rows(session, "SELECT id, e, e + 0, s, s + 0, b + 0 FROM t ORDER BY id") == [
                ["1", "large", "3", "a,c", "5", "5"],
                ["2", "small", "1", "a,b", "3", "15"],
                ["3", "medium", "2", "", "0", "0"],
            ]
        )
        // ENUM sorts by element index, not by name.
        #expect(try self.rows(session, "SELECT e FROM t ORDER BY e") == [["small"], ["medium"], ["large"]])
        #expect(try self.rows(session, "SELECT e FROM t ORDER BY e DESC") == [["large"], ["medium"], ["small"]])
        // Against a string an ENUM compares its name, against a number its index.
        #expect(try session.scalar("SELECT id FROM t WHERE e = 'small'") == "2")
        #expect(try session.scalar("SELECT id FROM t WHERE e = 2") == "3")
        #expect(try session.scalar("SELECT id FROM t WHERE s = 'a,c'") == "1")
        #expect(try session.scalar("SELECT id FROM t WHERE b = b'1111'") == "2")
        #expect(try session.scalar("SELECT id FROM t WHERE b = 5") == "1")
        #expect(try session.scalar("SELECT COUNT(*) FROM t WHERE e > 1") == "2")
        // MIN and MAX compare names, as TiDB's maxMin4Enum does; ORDER BY compares indexes.
        #expect(try self.rows(session, "SELECT MIN(e), MAX(e) FROM t") == [["large", "small"]])
        // A bit literal is a number in numeric context and bytes elsewhere.
        #expect(try session.scalar("SELECT b'101' + 0") == "5")
        #expect(try session.scalar("SELECT CONCAT(b'1000001', 'b')") == "Ab")
        // BIT goes out as its bytes; a default is used when the column is left out.
        session.run("INSERT INTO t (id) VALUES (4)")
        let row = try session.query("SELECT e, s, b FROM t WHERE id = 4").rows[0]
        #expect(row[0].text == "medium" && row[1].isNull && row[2].textBytes == [0x05])
        #expect(try session.query("SELECT b FROM t WHERE id = 2").rows[0][0].textBytes == [0x0F])
    }

    @Test func resultColumnTypes() throws {
        let session = try self.session()
        let columns = try session.query("SELECT e, s, b FROM t").columns
        #expect(
            columns[0].type == .string && columns[0].flags.contains(.enumeration) && columns[0].flags.contains(.notNull)
        )
        #expect(columns[0].length == 24 && columns[0].characterSet == 46)
        #expect(columns[1].type == .string && columns[1].flags.contains(.set) && columns[1].length == 20)
        #expect(columns[2].type == .bit && columns[2].length == 4 && columns[2].flags.contains(.unsigned))
    }

    @Test func invalidValuesInStrictAndNonStrictMode() throws {
        let session = try self.session()
        let enumError = session.failure("INSERT INTO t (id, e) VALUES (9, 'huge')")
        #expect(enumError?.code == 1265 && enumError?.message == "Data truncated for column 'e' at row 1")
        #expect(enumError?.sqlState == "01000")
        // utf8mb4_bin (TiDB's default collation) matches element names case-sensitively.
        #expect(session.failure("INSERT INTO t (id, e) VALUES (9, 'LARGE')")?.code == 1265)
        #expect(session.failure("INSERT INTO t (id, e) VALUES (9, 4)")?.code == 1265)
        #expect(session.failure("INSERT INTO t (id, e) VALUES (9, 0)")?.code == 1265)
        #expect(
            session.failure("INSERT INTO t (id, s) VALUES (9, 'a,d')")?.message
                == "Data truncated for column 's' at row 1"
        )
        #expect(session.failure("INSERT INTO t (id, s) VALUES (9, 8)")?.code == 1265)
        let bitError = session.failure("INSERT INTO t (id, b) VALUES (9, 16)")
        #expect(bitError?.code == 1406 && bitError?.message == "Data too long for column 'b' at row 1")
        #expect(try session.scalar("SELECT COUNT(*) FROM t") == "3")

        session.run("SET sql_mode = ''")
        session.run("INSERT INTO t (id, e, s, b) VALUES (9, 'huge', 'a,d', 16)")
        #expect(
            try self.rows(session, "SHOW WARNINGS") == [
                ["Warning", "1265", "Data truncated for column 'e' at row 1"],
                ["Warning", "1265", "Data truncated for column 's' at row 1"],
                ["Warning", "1406", "Data too long for column 'b' at row 1"],
            ]
        )
        #expect(try self.rows(session, "SELECT e, e + 0, s, b + 0 FROM t WHERE id = 9") == [["", "0", "", "15"]])
        // The error value '' sorts before every element.
        #expect(try session.scalar("SELECT id FROM t ORDER BY e LIMIT 1") == "9")
    }

    @Test func updatesAndKeys() throws {
        let session = try self.session()
        session.run("UPDATE t SET e = 'small', s = 'b,b,a', b = b'0' WHERE id = 1")
        #expect(try self.rows(session, "SELECT e, s, b + 0 FROM t WHERE id = 1") == [["small", "a,b", "0"]])
        session.run("CREATE TABLE k (e ENUM('x','y') PRIMARY KEY, v INT)")
        session.run("INSERT INTO k VALUES ('y', 1), ('x', 2)")
        #expect(session.failure("INSERT INTO k VALUES (2, 3)")?.code == 1062)
        // Rows are keyed by the element's index: the table scan returns 'x' first.
        #expect(try self.rows(session, "SELECT e FROM k") == [["x"], ["y"]])
        #expect(try self.rows(session, "SELECT v FROM k WHERE e = 'y'") == [["1"]])
    }

    @Test func backupAndRestoreKeepEnumSetAndBitValues() async throws {
        let directory = BackupRestoreTests.TemporaryDirectory()
        let session = try self.session()
        let (runner, service) = try session.prepareBackup(
            .all,
            storage: LocalStorage(directory.url),
            snapshot: nil,
            rateLimit: nil,
            clock: ContinuousClock()
        )
        _ = try await runner.run()
        session.finishBackup(serviceSafePoint: service)

        let target = EngineFixture()
        let restoring = try target.session()
        let loaded = try await RestoreReader(storage: LocalStorage(directory.url)).load()
        _ = try restoring.applyRestore(loaded)
        #expect(
            try self.rows(restoring, "SELECT e, e + 0, s, b + 0 FROM test.t ORDER BY e") == [
                ["small", "1", "a,b", "15"], ["medium", "2", "", "0"], ["large", "3", "a,c", "5"],
            ]
        )
        #expect(
            try restoring.query("SHOW CREATE TABLE test.t").rows[0][1].text
                == session.query("SHOW CREATE TABLE t").rows[0][1].text
        )
    }
}
