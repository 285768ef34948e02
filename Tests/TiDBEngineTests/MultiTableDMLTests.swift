import MySQLTypes
import Testing

@testable import TiDBEngine

/// Multi-table UPDATE and DELETE with MySQL's and TiDB's rules: each target row changes once,
/// affected rows count rows changed in every table, unknown targets and columns fail.
@Suite struct MultiTableDMLTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(10), total INT)")
        session.run("CREATE TABLE c (id INT PRIMARY KEY, p_id INT, amount INT)")
        session.run("INSERT INTO p VALUES (1, 'a', 0), (2, 'b', 0), (3, 'c', 0)")
        session.run("INSERT INTO c VALUES (10, 1, 5), (11, 1, 7), (12, 2, 9), (13, 9, 1)")
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    func outcome(_ session: Session, _ sql: String) -> StatementOutcome.Result? {
        session.execute(sql, multiStatementsAllowed: true).outcomes.last?.result
    }

    @Test func updateJoinChangesEachTargetRowOnce() throws {
        let session = try self.session()
        // p 1 joins two c rows: it is matched and changed once, from the first joined row.
        #expect(
            self.outcome(session, "UPDATE p JOIN c ON c.p_id = p.id SET p.total = p.total + 1")
                == .ok(affectedRows: 2, lastInsertID: 0, info: "Rows matched: 2  Changed: 2  Warnings: 0")
        )
        #expect(
            try self.rows(session, "SELECT id, total FROM p ORDER BY id") == [["1", "1"], ["2", "1"], ["3", "0"]]
        )
        #expect(
            self.outcome(session, "UPDATE p JOIN c ON c.p_id = p.id SET p.total = 1 WHERE c.amount > 6")
                == .ok(affectedRows: 0, lastInsertID: 0, info: "Rows matched: 2  Changed: 0  Warnings: 0")
        )
    }

    @Test func updateBothTablesFromTheJoinedRow() throws {
        let session = try self.session()
        // Every assignment reads the row as joined: c.amount gets p's total before its change.
        #expect(
            self.outcome(
                session,
                "UPDATE p, c SET p.total = c.amount, c.amount = p.total + 100 WHERE p.id = c.p_id AND c.id = 12"
            )
                == .ok(affectedRows: 2, lastInsertID: 0, info: "Rows matched: 2  Changed: 2  Warnings: 0")
        )
        #expect(try self.rows(session, "SELECT total FROM p WHERE id = 2") == [["9"]])
        #expect(try self.rows(session, "SELECT amount FROM c WHERE id = 12") == [["100"]])
        // Aliases, and a LEFT JOIN's unmatched rows.
        session.run("UPDATE p AS x LEFT JOIN c AS y ON y.p_id = x.id SET x.name = 'none' WHERE y.id IS NULL")
        #expect(try self.rows(session, "SELECT id FROM p WHERE name = 'none'") == [["3"]])
    }

    @Test func oneTableUnderTwoAliasesGetsBothChanges() throws {
        // tidb#11911: both aliases' assignments land on the one row.
        let session = try self.session()
        session.run("CREATE TABLE s (id INT PRIMARY KEY, x INT, y INT)")
        session.run("INSERT INTO s VALUES (1, 0, 0)")
        session.run("UPDATE s a, s b SET b.y = 1, a.x = 2")
        #expect(try self.rows(session, "SELECT x, y FROM s") == [["2", "1"]])
    }

    @Test func updateErrors() throws {
        let session = try self.session()
        let ambiguous = session.failure("UPDATE p JOIN c ON c.p_id = p.id SET id = 1")
        #expect(ambiguous?.code == 1052 && ambiguous?.message == "Column 'id' in field list is ambiguous")
        let unknown = session.failure("UPDATE p JOIN c ON c.p_id = p.id SET p.nope = 1")
        #expect(unknown?.code == 1054 && unknown?.message == "Unknown column 'p.nope' in 'field list'")
        #expect(session.failure("UPDATE p JOIN c ON c.p_id = p.id SET p.total = 1 ORDER BY p.id")?.code == 1064)
        #expect(session.failure("UPDATE p JOIN c ON c.p_id = p.id SET p.total = 1 LIMIT 1")?.code == 1064)
        let duplicate = session.failure("UPDATE p JOIN c ON c.p_id = p.id SET p.id = 3 WHERE p.id = 2")
        #expect(duplicate?.code == 1062)
    }

    @Test func deleteForms() throws {
        let session = try self.session()
        #expect(
            self.outcome(session, "DELETE c FROM c JOIN p ON c.p_id = p.id WHERE p.name = 'a'")
                == .ok(affectedRows: 2, lastInsertID: 0, info: "")
        )
        #expect(try self.rows(session, "SELECT id FROM c ORDER BY id") == [["12"], ["13"]])
        // Rows without a parent, through a LEFT JOIN.
        #expect(
            self.outcome(session, "DELETE FROM c USING c LEFT JOIN p ON p.id = c.p_id WHERE p.id IS NULL")
                == .ok(affectedRows: 1, lastInsertID: 0, info: "")
        )
        #expect(
            self.outcome(session, "DELETE x, y FROM p AS x JOIN c AS y ON y.p_id = x.id")
                == .ok(affectedRows: 2, lastInsertID: 0, info: "")
        )
        #expect(try self.rows(session, "SELECT id FROM p ORDER BY id") == [["1"], ["3"]])
        #expect(try self.rows(session, "SELECT COUNT(*) FROM c") == [["0"]])
        #expect(self.outcome(session, "DELETE p.* FROM p, c") == .ok(affectedRows: 0, lastInsertID: 0, info: ""))
        // A parent joined to several children goes once.
        session.run("INSERT INTO c VALUES (20, 1, 1), (21, 1, 2)")
        #expect(
            self.outcome(session, "DELETE p FROM p JOIN c ON c.p_id = p.id")
                == .ok(affectedRows: 1, lastInsertID: 0, info: "")
        )
    }

    @Test func deleteErrors() throws {
        let session = try self.session()
        let unknown = session.failure("DELETE q FROM p JOIN c ON c.p_id = p.id")
        #expect(unknown?.code == 1109 && unknown?.sqlState == "42S02")
        #expect(unknown?.message == "Unknown table 'q' in MULTI DELETE")
        // An aliased table is named by its alias.
        #expect(session.failure("DELETE p FROM p AS x JOIN c ON c.p_id = x.id")?.code == 1109)
        #expect(session.failure("DELETE c FROM c JOIN p ON c.p_id = p.id LIMIT 1")?.code == 1064)
        #expect(session.failure("DELETE FROM p, c")?.code == 1064)
    }

    @Test func multiTableWritesInATransaction() throws {
        let session = try self.session()
        session.run("BEGIN")
        session.run("UPDATE p JOIN c ON c.p_id = p.id SET c.amount = 0 WHERE p.id = 1")
        #expect(try self.rows(session, "SELECT SUM(amount) FROM c WHERE p_id = 1") == [["0"]])
        session.run("ROLLBACK")
        #expect(try self.rows(session, "SELECT SUM(amount) FROM c WHERE p_id = 1") == [["12"]])
    }
}
