import MySQLTypes
import Testing

@testable import TiDBEngine

/// information_schema.PROCESSLIST: SHOW FULL PROCESSLIST's rows with TiDB v8.5's extra columns.
@Suite struct ProcessListTableTests {
    @Test func listsEveryConnectionWithTheOpenTransactionsStart() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        let other = try fixture.session(user: "root")
        other.run("BEGIN")
        let startTS = try #require(try other.scalar("SELECT @@tidb_current_ts"))
        let result = try session.query(
            "SELECT ID, USER, DB, COMMAND, STATE, INFO, TxnStart, RESOURCE_GROUP FROM information_schema.processlist ORDER BY ID"
        )
        let rows = result.rows.map { $0.map { $0.text } }
        #expect(rows.count == 2)
        #expect(rows[0][1...5] == ["root", "test", "Query", "autocommit", rows[0][5]])
        #expect(rows[0][5]?.hasPrefix("SELECT ID, USER") == true)
        #expect(rows[1][3] == "Sleep" && rows[1][4] == "in transaction" && rows[1][5] == nil)
        #expect(rows[1][6]?.hasSuffix("(\(startTS))") == true && rows[1][6]?.count == 18 + startTS.count + 2)
        #expect(rows[0][6] == "" && rows[1][7] == "default")
        other.run("COMMIT")
        let after = try session.query("SELECT TxnStart FROM information_schema.processlist WHERE COMMAND = 'Sleep'")
        #expect(after.rows.map { $0[0].text } == [""])
        #expect(try session.query("SELECT * FROM information_schema.processlist").columns.count == 17)
    }
}
