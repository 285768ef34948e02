import MySQLTypes
import Testing

@testable import TiDBEngine

@Suite struct ParserTests {
    func message(_ sql: String) -> String? {
        do {
            _ = try Parser.parse(sql)
            return nil
        } catch {
            return MySQLError.syntaxError(in: sql, error).message
        }
    }

    func suffix(_ sql: String) -> String? {
        self.message(sql).map { String($0.dropFirst(MySQLError.syntaxPrefix.count + 1)) }
    }

    @Test func syntaxErrorsUseTiDBsFormat() {
        // Expected texts from TiDB's parser tests (docs/tidb/sql-semantics.md §1).
        #expect(self.suffix("select1 1") == "line 1 column 7 near \"select1 1\" ")
        #expect(self.suffix("select 1 from1 dual") == "line 1 column 19 near \"dual\" ")
        #expect(
            self.message("SELECT 1 +")
                == "You have an error in your SQL syntax; check the manual that corresponds to your TiDB version for the right syntax to use line 1 column 10 near \"\" "
        )
        #expect(self.suffix("SET GLOBAL = 1") == "line 1 column 12 near \"= 1\" ")
        #expect(self.suffix("SELECT 1;\nSELEC 2") == "line 2 column 6 near \"SELEC 2\" ")
        #expect(self.suffix("SELECT 'unterminated") == "line 1 column 20 near \"'unterminated\" ")
    }

    @Test func longRemaindersAreCut() throws {
        // The first `x` is an alias; the second one fails, 11 bytes in.
        let sql = "SELECT 1 " + String(repeating: "x ", count: 2000)
        let text = try #require(self.suffix(sql))
        #expect(text.hasPrefix("line 1 column 12 near \"x x "))
        #expect(text.hasSuffix("\" (total length \(sql.utf8.count - 11))"))
        #expect(text.utf8.count < 2100)
    }

    @Test func seedStatementsParse() throws {
        let statements = try Parser.parse(
            "SET GLOBAL tidb_gc_enable=FALSE; SELECT @@global.tidb_gc_enable; BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK; show master status;"
        )
        #expect(statements.count == 6)
        #expect(
            statements[0].statement
                == .set([.systemVariable(name: "tidb_gc_enable", scope: .global, value: .literal(.boolean(false)))])
        )
        #expect(
            statements[1].statement
                == .select(
                    SelectStatement(fields: [
                        .expression(
                            .systemVariable(name: "tidb_gc_enable", scope: .global),
                            alias: nil,
                            text: "@@global.tidb_gc_enable"
                        )
                    ])
                )
        )
        #expect(statements[2].statement == .begin(BeginStatement()))
        #expect(statements[4].statement == .rollback)
        #expect(statements[5].statement == .show(ShowStatement(kind: .masterStatus)))
    }

    @Test func operatorPrecedence() throws {
        let parsed = try Parser.parse("SELECT 1 + 2 * 3 = 7 AND NOT 0 OR 1")
        guard case .select(let select) = parsed[0].statement, case .expression(let expression, _, _) = select.fields[0]
        else {
            Issue.record("expected a select field")
            return
        }
        let product = Expression.binary(.multiply, .literal(.integer(2)), .literal(.integer(3)))
        let sum = Expression.binary(.add, .literal(.integer(1)), product)
        let comparison = Expression.binary(.equal, sum, .literal(.integer(7)))
        let conjunction = Expression.binary(.and, comparison, .unary(.not, .literal(.integer(0))))
        #expect(expression == .binary(.or, conjunction, .literal(.integer(1))))
    }

    /// The walk executions use to find aggregates: every kind of child is visited, and a
    /// matching node is reported wherever it sits.
    @Test(arguments: [
        ("SELECT COUNT(*)", true),
        ("SELECT 1 + SUM(2)", true),
        ("SELECT CASE WHEN 1 THEN 2 ELSE MAX(3) END", true),
        ("SELECT CASE MIN(1) WHEN 1 THEN 2 END", true),
        ("SELECT 1 IN (2, AVG(3))", true),
        ("SELECT CAST(COUNT(1) AS CHAR)", true),
        ("SELECT 1 BETWEEN 0 AND MAX(2)", true),
        ("SELECT 'a' LIKE 'b' ESCAPE MIN('c')", true),
        ("SELECT ABS(COUNT(1)) IS NULL", true),
        ("SELECT TIDB_CURRENT_TSO()", false),
        ("SELECT CASE WHEN 1 THEN ABS(-1) END, 1 IN (2, 3), NOT 1", false),
    ])
    func containsFindsNestedNodes(sql: String, hasAggregate: Bool) throws {
        let parsed = try Parser.parse(sql)
        guard case .select(let select) = parsed[0].statement else {
            Issue.record("expected a select")
            return
        }
        #expect(select.hasAggregates == hasAggregate, "\(sql)")
    }

    @Test func setForms() throws {
        let parsed = try Parser.parse(
            "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_0900_ai_ci', @a := 1, @@session.autocommit = OFF, SESSION sql_mode = DEFAULT, tidb_txn_mode = pessimistic"
        )
        #expect(
            parsed[0].statement
                == .set([
                    .names(charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci"),
                    .userVariable(name: "a", value: .literal(.integer(1))),
                    .systemVariable(
                        name: "autocommit",
                        scope: .session,
                        value: .literal(.string(Array("OFF".utf8), introducer: nil))
                    ),
                    .systemVariable(name: "sql_mode", scope: .session, value: .defaultValue),
                    .systemVariable(
                        name: "tidb_txn_mode",
                        scope: nil,
                        value: .literal(.string(Array("pessimistic".utf8), introducer: nil))
                    ),
                ])
        )
    }

    @Test func executableCommentsAreSQL() throws {
        let parsed = try Parser.parse("/*!40101 SET NAMES utf8 */; /*T![x] SELECT 1 */ -- trailing\n# more")
        #expect(parsed.count == 2)
        #expect(parsed[0].statement == .set([.names(charset: "utf8", collation: nil)]))
    }

    @Test func emptyTextsHaveNoStatements() throws {
        #expect(try Parser.parse("").isEmpty)
        #expect(try Parser.parse(" ; ;").isEmpty)
        #expect(try Parser.parse("/* only a comment */").isEmpty)
    }

    @Test func unsupportedStatementsAreNamed() throws {
        #expect(try Parser.parse("CREATE PLACEMENT POLICY p")[0].statement == .unsupported("CREATE PLACEMENT"))
        #expect(try Parser.parse("BACKUP LOGS TO 'local:///tmp/b'")[0].statement == .unsupported("BACKUP LOGS"))
        #expect(
            try Parser.parse("ALTER TABLE t CONVERT TO CHARACTER SET utf8")[0].statement
                == .unsupported("ALTER TABLE CONVERT")
        )
    }

    @Test func literalsAndStrings() throws {
        let parsed = try Parser.parse(
            #"SELECT 'it''s', "a\nb", X'4142', 0x41, 18446744073709551615, -9223372036854775808, 1.50, 1e3, _binary'x'"#
        )
        guard case .select(let select) = parsed[0].statement else { return }
        let expressions = select.fields.compactMap { field -> Expression? in
            if case .expression(let expression, _, _) = field { return expression }
            return nil
        }
        #expect(expressions[0] == .literal(.string(Array("it's".utf8), introducer: nil)))
        #expect(expressions[1] == .literal(.string(Array("a\nb".utf8), introducer: nil)))
        #expect(expressions[2] == .literal(.hex([0x41, 0x42])))
        #expect(expressions[3] == .literal(.hex([0x41])))
        #expect(expressions[4] == .literal(.unsigned(18_446_744_073_709_551_615)))
        #expect(expressions[5] == .literal(.integer(.min)))
        #expect(expressions[6] == .literal(.decimal("1.50")))
        #expect(expressions[7] == .literal(.double(1000)))
        #expect(expressions[8] == .literal(.string([0x78], introducer: "binary")))
    }
}
