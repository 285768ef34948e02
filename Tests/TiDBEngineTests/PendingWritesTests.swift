import Testing

@testable import TiDBEngine

/// A statement inside a transaction sees the transaction's own writes, whichever way it reaches
/// the rows: by primary key (only those keys' pending rows are considered), by a key range, or
/// by a scan; and with LIMIT, which takes the general path.
@Suite struct PendingWritesTests {
    static func rows(_ session: Session, _ sql: String) throws -> [[String]] {
        try session.query(sql).rows.map { $0.map { $0.text ?? "NULL" } }
    }

    @Test func pointRangeAndScanStatementsSeeTheTransactionsOwnRows() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        session.run("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)")
        session.run("BEGIN")
        session.run("INSERT INTO t VALUES (4, 40), (5, 50)")
        session.run("UPDATE t SET v = v + 1 WHERE id = 5 LIMIT 1")  // a pending row, by key
        session.run("UPDATE t SET v = v + 1 WHERE id = 2 LIMIT 1")  // a stored row, by key
        session.run("DELETE FROM t WHERE id = 4 LIMIT 1")
        session.run("UPDATE t SET v = v * 2 WHERE id >= 3 AND id < 6 LIMIT 5")  // a range over both
        session.run("UPDATE t SET v = 0 WHERE v = 21 LIMIT 1")  // a scan
        #expect(
            try Self.rows(session, "SELECT id, v FROM t ORDER BY id") == [
                ["1", "10"], ["2", "0"], ["3", "60"], ["5", "102"],
            ]
        )
        #expect(try Self.rows(session, "SELECT COUNT(*) FROM t WHERE id IN (4, 5, 5)") == [["1"]])
        session.run("COMMIT")
        #expect(
            try Self.rows(session, "SELECT id, v FROM t ORDER BY id") == [
                ["1", "10"], ["2", "0"], ["3", "60"], ["5", "102"],
            ]
        )
    }
}
