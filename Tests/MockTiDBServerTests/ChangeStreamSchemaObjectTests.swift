import ChangeStream
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// What the change stream sends for the newer column kinds: generated columns are left out (the
/// downstream computes them, as TiCDC's MySQL sink does), ENUM/SET go as names, BIT as numbers.
@Suite struct ChangeStreamSchemaObjectTests {
    @Test func generatedColumnsAreLeftOutAndHandlesRenumbered() {
        var generated = ColumnSchema(name: "g", type: SQLType(.int))
        generated.generated = GeneratedColumn(expression: .column(ColumnName(name: "a")), text: "`a`", isStored: true)
        let schema = TableSchema(
            id: 7,
            database: "test",
            name: "t",
            columns: [
                ColumnSchema(name: "a", type: SQLType(.int)), generated,
                ColumnSchema(name: "id", type: SQLType(.int), isNullable: false),
            ],
            indexes: [IndexSchema(name: "PRIMARY", columns: [2], isUnique: true, isPrimary: true)]
        )
        let info = ChangeStreamEncoding.tableInfo(schema)
        #expect(info.columns == ["a", "id"])
        #expect(info.handle == [1])
        let cells = ChangeStreamEncoding.cells(
            [.int(1), .int(1), .enumSet(EnumSetValue(name: "x", number: 2))],
            of: schema
        )
        #expect(cells == [.int(1), .string("x")])
        #expect(ChangeStreamEncoding.cell(.bit(BitValue(number: 5, width: 1))) == .uint(5))
    }
}
