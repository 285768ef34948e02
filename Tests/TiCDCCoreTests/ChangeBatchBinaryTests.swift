import ChangeStream
import Testing

/// The change stream's binary form carries exactly what the JSON form does, and anything
/// malformed is an error, never a crash or a wrong batch.
@Suite struct ChangeBatchBinaryTests {
    static let batch = ChangeBatch(
        events: [
            ChangeEvent(
                commitTS: 10,
                kind: .ddl,
                database: "app",
                table: "t",
                query: "CREATE TABLE t (id INT PRIMARY KEY)"
            ),
            ChangeEvent(commitTS: 11, kind: .insert, database: "app", table: "t", tableKey: "104@1", after: Self.cells),
            ChangeEvent(
                commitTS: 12,
                kind: .update,
                database: "app",
                table: "t",
                tableKey: "104@1",
                before: Self.cells,
                after: Array(Self.cells.reversed())
            ),
            ChangeEvent(
                commitTS: 12,
                kind: .delete,
                database: "汉字",
                table: "t",
                tableKey: "104@1",
                before: [.int(1)],
                writeSource: 1
            ),
            ChangeEvent(commitTS: 13, kind: .ddl, database: "app", query: "DROP DATABASE x"),
        ],
        tables: [
            "104@1": TableInfo(database: "app", name: "t", tableID: 104, columns: ["id", "v", "b"], handle: [0]),
            "106@3": TableInfo(database: "app", name: "u", tableID: 106, columns: ["a"], handle: []),
        ],
        resolvedTS: 455_170_235_408_941_071
    )

    static let cells: [CellValue] = [
        .null, .int(.min), .uint(.max), .decimal("-12.50"), .double(-0.1), .string("quote ' and 汉字"), .string(""),
        .bytes([0x00, 0xFF, 0x80]), .bytes([]), .datetime("2024-01-02 03:04:05.123456"), .date("2024-01-02"),
    ]

    @Test func roundTripsExactly() throws {
        let bytes = Self.batch.binary
        #expect(Array(bytes.prefix(5)) == Array("MTCS".utf8) + [2])
        #expect(try ChangeBatch(binary: bytes) == Self.batch)
        let empty = ChangeBatch(events: [], tables: [:], resolvedTS: 7)
        #expect(try ChangeBatch(binary: empty.binary) == empty)
    }

    @Test func everyTruncationIsAnError() {
        let bytes = Self.batch.binary
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: BinaryChangeError.self) { try ChangeBatch(binary: Array(bytes.prefix(length))) }
        }
    }

    @Test func corruptionIsAnError() {
        var bytes = Self.batch.binary
        #expect(throws: BinaryChangeError.self) { try ChangeBatch(binary: bytes + [0]) }  // trailing bytes
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: BinaryChangeError.self) { try ChangeBatch(binary: bytes) }  // not a batch
        // A huge table count must fail at once, not allocate.
        var huge = ChangeBatch(events: [], tables: [:], resolvedTS: 1).binary
        huge.replaceSubrange(13..<17, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: BinaryChangeError.self) { try ChangeBatch(binary: huge) }
        // An unknown event kind.
        let one = ChangeBatch(
            events: [ChangeEvent(commitTS: 1, kind: .insert, database: "d")],
            tables: [:],
            resolvedTS: 2
        )
        var kind = one.binary
        kind[5 + 8 + 4 + 4 + 8] = 9
        #expect(throws: BinaryChangeError.self) { try ChangeBatch(binary: kind) }
    }
}
