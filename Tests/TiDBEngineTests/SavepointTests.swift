import MySQLTypes
import Testing

@testable import TiDBEngine

/// SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT as TiDB v8.5 runs them.
@Suite struct SavepointTests {
    func session(mode: String) throws -> (EngineFixture, Session) {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        session.run("SET tidb_txn_mode = '\(mode)'")
        return (fixture, session)
    }

    func ids(_ session: Session) throws -> [String] {
        try session.query("SELECT id FROM t ORDER BY id").rows.map { $0[0].text ?? "NULL" }
    }

    @Test(arguments: ["pessimistic", "optimistic"])
    func rollbackToUndoesLaterWritesAndKeepsTheTransaction(mode: String) throws {
        let (_, session) = try self.session(mode: mode)
        session.run("BEGIN")
        session.run("INSERT INTO t VALUES (1, 1)")
        session.run("SAVEPOINT sp1")
        session.run("INSERT INTO t VALUES (2, 2)")
        session.run("UPDATE t SET v = 10 WHERE id = 1")
        session.run("SAVEPOINT sp2")
        session.run("DELETE FROM t WHERE id = 1")
        #expect(try self.ids(session) == ["2"])
        session.run("ROLLBACK TO sp2")
        #expect(try self.ids(session) == ["1", "2"])
        session.run("ROLLBACK WORK TO SAVEPOINT SP1")
        #expect(try self.ids(session) == ["1"])
        #expect(try session.scalar("SELECT v FROM t WHERE id = 1") == "1")
        // sp2 went with the rollback to sp1; sp1 stays.
        #expect(session.failure("ROLLBACK TO sp2") == .savepointDoesNotExist("sp2"))
        session.run("ROLLBACK TO sp1")
        session.run("COMMIT")
        #expect(try self.ids(session) == ["1"])
    }

    @Test func releaseDropsItAndLaterOnesButKeepsTheWrites() throws {
        let (_, session) = try self.session(mode: "pessimistic")
        session.run("BEGIN")
        session.run("SAVEPOINT a")
        session.run("INSERT INTO t VALUES (1, 1)")
        session.run("SAVEPOINT b")
        session.run("INSERT INTO t VALUES (2, 2)")
        session.run("RELEASE SAVEPOINT a")
        #expect(session.failure("ROLLBACK TO b")?.code == 1305)
        #expect(session.failure("RELEASE SAVEPOINT a") == .savepointDoesNotExist("a"))
        session.run("COMMIT")
        #expect(try self.ids(session) == ["1", "2"])
    }

    @Test func aSavepointOfTheSameNameMovesAndCommitEndsThemAll() throws {
        let (_, session) = try self.session(mode: "pessimistic")
        session.run("BEGIN; SAVEPOINT s; INSERT INTO t VALUES (1, 1); SAVEPOINT S; INSERT INTO t VALUES (2, 2)")
        session.run("ROLLBACK TO s")
        #expect(try self.ids(session) == ["1"])
        session.run("COMMIT")
        #expect(session.failure("ROLLBACK TO s") == .savepointDoesNotExist("s"))
    }

    @Test func outsideATransactionUnderAutocommitSavepointIsAcceptedAndRemembersNothing() throws {
        let (_, session) = try self.session(mode: "pessimistic")
        session.run("SAVEPOINT x")
        let error = try #require(session.failure("ROLLBACK TO SAVEPOINT x"))
        #expect(error.code == 1305 && error.sqlState == "42000" && error.message == "SAVEPOINT x does not exist")
        #expect(session.failure("RELEASE SAVEPOINT x") == .savepointDoesNotExist("x"))
    }

    @Test func withAutocommitOffSavepointStartsTheTransaction() throws {
        let (_, session) = try self.session(mode: "optimistic")
        session.run("SET autocommit = 0")
        session.run("SAVEPOINT x")
        session.run("INSERT INTO t VALUES (1, 1)")
        session.run("ROLLBACK TO x")
        session.run("COMMIT")
        #expect(try self.ids(session) == [])
    }

    @Test func pessimisticLocksStayAfterRollbackTo() throws {
        let (fixture, session) = try self.session(mode: "pessimistic")
        session.run("INSERT INTO t VALUES (1, 1)")
        session.run("BEGIN; SAVEPOINT s; UPDATE t SET v = 2 WHERE id = 1; ROLLBACK TO s")
        let other = try fixture.session(database: "test")
        other.run("SET innodb_lock_wait_timeout = 1")
        guard case .waiting = other.execute("UPDATE t SET v = 3 WHERE id = 1", multiStatementsAllowed: false) else {
            Issue.record("the row lock taken after the savepoint was released by ROLLBACK TO")
            return
        }
        session.run("COMMIT")
        #expect(try session.scalar("SELECT v FROM t WHERE id = 1") == "1")
    }

    /// TiDB's read-only check admits ROLLBACK (TO SAVEPOINT too) but not SAVEPOINT or RELEASE.
    @Test func readOnlyModeRefusesSavepointButNotRollbackTo() throws {
        let (fixture, session) = try self.session(mode: "pessimistic")
        session.run("BEGIN; SAVEPOINT s")
        let admin = try fixture.session()
        admin.run("SET GLOBAL tidb_super_read_only = ON")
        #expect(session.failure("SAVEPOINT t")?.code == 1836)
        #expect(session.failure("RELEASE SAVEPOINT s")?.code == 1836)
        session.run("ROLLBACK TO s")
        admin.run("SET GLOBAL tidb_super_read_only = OFF")
    }
}
