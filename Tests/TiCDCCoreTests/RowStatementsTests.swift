import ChangeStream
import Testing

@testable import TiCDCCore

/// The MySQL sink's statements (ticdc-sink-redo-metrics.md §5): INSERT, or REPLACE in safe mode;
/// UPDATE/DELETE by the handle key with LIMIT 1; safe-mode updates as DELETE + REPLACE; values
/// interpolated as go-sql-driver does.
@Suite struct RowStatementsTests {
    static let orders = TableInfo(
        database: "app",
        name: "orders",
        tableID: 101,
        columns: ["id", "note", "total"],
        handle: [0]
    )
    static let noKey = TableInfo(database: "app", name: "log", tableID: 102, columns: ["at", "line"], handle: [])

    static func row(
        _ kind: ChangeEvent.Kind,
        _ table: TableInfo = Self.orders,
        before: [CellValue]? = nil,
        after: [CellValue]? = nil,
        safeMode: Bool = false
    ) -> RowStatements.Row {
        RowStatements.Row(kind: kind, table: table, before: before, after: after, safeMode: safeMode)
    }

    @Test func insertOutsideSafeModeReplaceInside() {
        let values: [CellValue] = [.int(1), .string("first"), .decimal("12.50")]
        #expect(
            RowStatements.statements(for: [Self.row(.insert, after: values)])
                == ["INSERT INTO `app`.`orders` (`id`,`note`,`total`) VALUES (1,'first',12.50)"]
        )
        #expect(
            RowStatements.statements(for: [Self.row(.insert, after: values, safeMode: true)])
                == ["REPLACE INTO `app`.`orders` (`id`,`note`,`total`) VALUES (1,'first',12.50)"]
        )
    }

    @Test func updateAndDeleteGoByTheHandleKey() {
        let before: [CellValue] = [.int(1), .string("first"), .decimal("12.50")]
        let after: [CellValue] = [.int(1), .string("second"), .null]
        #expect(
            RowStatements.statements(for: [Self.row(.update, before: before, after: after)])
                == ["UPDATE `app`.`orders` SET `id` = 1, `note` = 'second', `total` = NULL WHERE `id` = 1 LIMIT 1"]
        )
        #expect(
            RowStatements.statements(for: [Self.row(.delete, before: before)])
                == ["DELETE FROM `app`.`orders` WHERE `id` = 1 LIMIT 1"]
        )
    }

    @Test func safeModeSplitsAnUpdateIntoDeleteAndReplace() {
        let before: [CellValue] = [.int(1), .string("a"), .null]
        let after: [CellValue] = [.int(2), .string("a"), .null]
        #expect(
            RowStatements.statements(for: [Self.row(.update, before: before, after: after, safeMode: true)]) == [
                "DELETE FROM `app`.`orders` WHERE `id` = 1 LIMIT 1",
                "REPLACE INTO `app`.`orders` (`id`,`note`,`total`) VALUES (2,'a',NULL)",
            ]
        )
    }

    @Test func aTableWithoutHandleIsMatchedOnEveryColumnWithIsNull() {
        let before: [CellValue] = [.datetime("2024-09-19 10:10:46.963000"), .null]
        #expect(
            RowStatements.statements(for: [Self.row(.delete, Self.noKey, before: before)])
                == ["DELETE FROM `app`.`log` WHERE `at` = '2024-09-19 10:10:46.963000' AND `line` IS NULL LIMIT 1"]
        )
        let composite = TableInfo(database: "d", name: "t", tableID: 1, columns: ["a", "b", "c"], handle: [2, 0])
        #expect(
            RowStatements.statements(for: [Self.row(.delete, composite, before: [.int(1), .int(2), .string("k")])])
                == ["DELETE FROM `d`.`t` WHERE `c` = 'k' AND `a` = 1 LIMIT 1"]
        )
    }

    @Test func consecutiveInsertsIntoOneTableBatchUpToTheLimit() {
        let rows =
            (1...5).map { Self.row(.insert, after: [.int(Int64($0)), .null, .null]) }
            + [Self.row(.insert, Self.noKey, after: [.date("2024-01-02"), .string("x")])]
            + [Self.row(.delete, before: [.int(9), .null, .null])]
            + [Self.row(.insert, after: [.int(6), .null, .null])]
        #expect(
            RowStatements.statements(for: rows, maximumBatch: 3) == [
                "INSERT INTO `app`.`orders` (`id`,`note`,`total`) VALUES (1,NULL,NULL),(2,NULL,NULL),(3,NULL,NULL)",
                "INSERT INTO `app`.`orders` (`id`,`note`,`total`) VALUES (4,NULL,NULL),(5,NULL,NULL)",
                "INSERT INTO `app`.`log` (`at`,`line`) VALUES ('2024-01-02','x')",
                "DELETE FROM `app`.`orders` WHERE `id` = 9 LIMIT 1",
                "INSERT INTO `app`.`orders` (`id`,`note`,`total`) VALUES (6,NULL,NULL)",
            ]
        )
        // Safe and unsafe inserts never share a statement.
        let mixed = [
            Self.row(.insert, after: [.int(1), .null, .null]),
            Self.row(.insert, after: [.int(2), .null, .null], safeMode: true),
        ]
        #expect(RowStatements.statements(for: mixed).count == 2)
    }

    @Test func rowsWithoutTheirImagesAndDDLsWriteNothing() {
        let rows = [
            Self.row(.insert), Self.row(.update, before: [.int(1), .null, .null]), Self.row(.delete),
            Self.row(.ddl),
        ]
        #expect(RowStatements.statements(for: rows) == [])
    }

    @Test func identifiersDoubleBackquotes() {
        #expect(SQLText.identifier("we`ird") == "`we``ird`")
        #expect(SQLText.identifier("") == "``")
        let table = TableInfo(database: "d`b", name: "t", tableID: 1, columns: ["c`1"], handle: [0])
        #expect(
            RowStatements.statements(for: [Self.row(.delete, table, before: [.int(1)])])
                == ["DELETE FROM `d``b`.`t` WHERE `c``1` = 1 LIMIT 1"]
        )
    }

    /// go-sql-driver's `escapeStringBackslash`: NUL, newline, CR, ^Z, quote and backslash.
    @Test func stringsAreQuotedWithMySQLEscapes() {
        #expect(SQLText.quoted("it's") == "'it\\'s'")
        #expect(SQLText.quoted("a\\b") == "'a\\\\b'")
        #expect(SQLText.quoted("l1\nl2\r\0\u{1A}") == "'l1\\nl2\\r\\0\\Z'")
        #expect(SQLText.quoted("汉字 ✓") == "'汉字 ✓'")
        #expect(SQLText.quoted("") == "''")
    }

    @Test func valuesAsLiterals() {
        #expect(SQLText.literal(.null) == "NULL")
        #expect(SQLText.literal(.int(-9_223_372_036_854_775_808)) == "-9223372036854775808")
        #expect(SQLText.literal(.uint(18_446_744_073_709_551_615)) == "18446744073709551615")
        #expect(SQLText.literal(.decimal("-0.001")) == "-0.001")
        #expect(SQLText.literal(.double(0.1)) == "0.1")
        #expect(SQLText.literal(.string("x")) == "'x'")
        #expect(SQLText.literal(.datetime("2024-01-02 03:04:05.123456")) == "'2024-01-02 03:04:05.123456'")
        #expect(SQLText.literal(.date("2024-01-02")) == "'2024-01-02'")
    }

    /// Bytes go as hex, whatever they hold: no charset conversion can touch them.
    @Test func binaryValuesAsHex() {
        #expect(SQLText.literal(.bytes([0x00, 0xFF, 0x27, 0x5C, 0x0A])) == "X'00FF275C0A'")
        #expect(SQLText.literal(.bytes([])) == "X''")
        #expect(
            RowStatements.statements(for: [Self.row(.insert, Self.noKey, after: [.bytes([0xDE, 0xAD]), .string("b")])])
                == ["INSERT INTO `app`.`log` (`at`,`line`) VALUES (X'DEAD','b')"]
        )
    }
}
