import ChangeStream
import FoundationEssentials
import Testing

/// The change stream's values: every cell exact through JSON as a tagged string, batches
/// round-tripping with their snake_case keys, and RFC 4648 base64.
@Suite struct ChangeStreamValueTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let cells: [CellValue] = [
        .null, .int(-5), .int(.min), .uint(.max), .decimal("12.50"), .decimal("-0.0001"), .double(0.1), .double(-1e300),
        .string("text with 'quotes', \"double\", \\ and 汉字"), .string(""), .string("i:not an int"),
        .bytes([0x00, 0xFF, 0x10]), .bytes([]), .datetime("2024-01-02 03:04:05.123456"), .date("2024-01-02"),
    ]

    @Test func cellsAreTaggedStrings() throws {
        #expect(
            try Self.json([
                CellValue.null, .int(-5), .uint(.max), .decimal("12.50"), .double(0.1), .string("x"),
                .bytes([0, 255, 16]),
            ])
                == #"[null,"i:-5","u:18446744073709551615","n:12.50","f:0.1","s:x","b:AP8Q"]"#
        )
        #expect(CellValue.datetime("2024-01-02 03:04:05").tagged == "t:2024-01-02 03:04:05")
        #expect(CellValue.date("2024-01-02").tagged == "d:2024-01-02")
    }

    @Test func everyCellRoundTripsExactly() throws {
        let data = try JSONEncoder().encode(Self.cells)
        #expect(try JSONDecoder().decode([CellValue].self, from: data) == Self.cells)
        for cell in Self.cells where cell != .null {
            #expect(CellValue(tagged: cell.tagged) == cell)
        }
    }

    @Test func badTagsAreRefused() throws {
        for text in ["", "i", "i5", "x:1", "i:1.5", "i:9223372036854775808", "u:-1", "f:abc", "b:!!"] {
            #expect(CellValue(tagged: text) == nil, "\(text)")
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CellValue].self, from: Data(#"["q:1"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CellValue].self, from: Data("[5]".utf8)) }
    }

    @Test func batchesRoundTripWithSnakeCaseKeys() throws {
        let table = TableInfo(database: "app", name: "orders", tableID: 101, columns: ["id", "note"], handle: [0])
        let key = TableInfo.key(tableID: 101, version: 7)
        #expect(key == "101@7")
        let batch = ChangeBatch(
            events: [
                ChangeEvent(
                    commitTS: 10,
                    kind: .insert,
                    database: "app",
                    table: "orders",
                    tableKey: key,
                    after: [.int(1), .string("a")]
                ),
                ChangeEvent(
                    commitTS: 11,
                    kind: .update,
                    database: "app",
                    table: "orders",
                    tableKey: key,
                    before: [.int(1), .string("a")],
                    after: [.int(1), .null]
                ),
                ChangeEvent(
                    commitTS: 12,
                    kind: .delete,
                    database: "app",
                    table: "orders",
                    tableKey: key,
                    before: [.int(1), .null]
                ),
                ChangeEvent(commitTS: 13, kind: .ddl, database: "app", query: "CREATE DATABASE app"),
            ],
            tables: [key: table],
            resolvedTS: 13
        )
        let text = try Self.json(batch)
        #expect(text.hasPrefix(#"{"events":[{"after":["i:1","s:a"],"commit_ts":10,"database":"app","kind":"insert","#))
        #expect(
            text.contains(
                #"{"commit_ts":13,"database":"app","kind":"ddl","query":"CREATE DATABASE app","write_source":0}"#
            )
        )
        #expect(text.contains(#"],"resolved_ts":13,"tables":"#))
        #expect(
            text.hasSuffix(
                #""tables":{"101@7":{"columns":["id","note"],"database":"app","handle":[0],"name":"orders","table_id":101}}}"#
            )
        )
        #expect(try JSONDecoder().decode(ChangeBatch.self, from: Data(text.utf8)) == batch)
    }

    @Test func base64IsRFC4648() {
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode(Array("a".utf8)) == "YQ==")
        #expect(Base64.encode(Array("ab".utf8)) == "YWI=")
        #expect(Base64.encode(Array("abc".utf8)) == "YWJj")
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
        #expect(Base64.encode((0...15).map { UInt8($0) }) == "AAECAwQFBgcICQoLDA0O" + "Dw==")
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
        #expect(Base64.decode("YWI=") == Array("ab".utf8))
        #expect(Base64.decode("YWI") == Array("ab".utf8))  // padding optional
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("YW I=") == nil)
        #expect(Base64.decode("YW-_") == nil)  // base64url is not base64
    }
}
