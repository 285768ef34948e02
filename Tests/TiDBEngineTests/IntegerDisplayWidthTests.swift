import MySQLTypes
import Testing

@testable import TiDBEngine

/// TiDB's `deprecate-integer-display-length` config item: true (v8.5's default) prints integer
/// types without display widths; false prints them, defaults filled in, as TiDB's tests record.
@Suite struct IntegerDisplayWidthTests {
    static let table =
        "CREATE TABLE t (a INT, b BIGINT UNSIGNED, c TINYINT(1), d SMALLINT(3), e INT UNSIGNED, f MEDIUMINT ZEROFILL, g TINYINT)"

    func outputs(
        deprecated: Bool
    ) throws -> (create: String, describe: [String], columnType: [String], warnings: [String]) {
        let fixture = EngineFixture(instance: .init(deprecateIntegerDisplayLength: deprecated))
        let session = try fixture.session(database: "test")
        session.run(Self.table)
        let warnings = try session.query("SHOW WARNINGS").rows.map {
            $0.map { $0.text ?? "NULL" }.joined(separator: " ")
        }
        let create = try session.query("SHOW CREATE TABLE t").rows[0][1].text ?? ""
        let describe = try session.query("DESC t").rows.map { $0[1].text ?? "" }
        let columnType = try session.query(
            "SELECT column_type FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position"
        ).rows.map { $0[0].text ?? "" }
        return (create, describe, columnType, warnings)
    }

    @Test func deprecatedWidthsAreDroppedAndWarnedAbout() throws {
        let output = try self.outputs(deprecated: true)
        let types = [
            "int", "bigint unsigned", "tinyint(1)", "smallint", "int unsigned", "mediumint(8) unsigned zerofill",
            "tinyint",
        ]
        #expect(output.describe == types)
        #expect(output.columnType == types)
        #expect(output.create.contains("  `a` int DEFAULT NULL,\n  `b` bigint unsigned DEFAULT NULL,\n"))
        // One warning, for smallint(3): tinyint(1) is a BOOL to connectors.
        #expect(
            output.warnings == [
                "Warning 1681 Integer display width is deprecated and will be removed in a future release."
            ]
        )
    }

    @Test func widthsArePrintedWhenNotDeprecated() throws {
        let output = try self.outputs(deprecated: false)
        let types = [
            "int(11)", "bigint(20) unsigned", "tinyint(1)", "smallint(3)", "int(10) unsigned",
            "mediumint(8) unsigned zerofill", "tinyint(4)",
        ]
        #expect(output.describe == types)
        #expect(output.columnType == types)
        #expect(output.create.contains("  `a` int(11) DEFAULT NULL,\n  `b` bigint(20) unsigned DEFAULT NULL,\n"))
        #expect(output.warnings.isEmpty)
    }
}
