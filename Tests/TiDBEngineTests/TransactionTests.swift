import MySQLTypes
import Synchronization
import Testing

@testable import TiDBEngine

/// Snapshot isolation, pessimistic locks and waits, deadlocks, optimistic conflicts and stale
/// reads, driven through sessions without a network.
@Suite struct TransactionTests {
    func pair() throws -> (EngineFixture, Session, Session) {
        let fixture = EngineFixture()
        let a = try fixture.session(database: "test")
        let b = try fixture.session(database: "test")
        a.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        a.run("INSERT INTO t VALUES (1, 10), (2, 20)")
        return (fixture, a, b)
    }

    func value(_ session: Session, _ id: Int) throws -> String? {
        try session.scalar("SELECT v FROM t WHERE id = \(id)")
    }

    /// Runs `sql` expecting it to wait for a lock; returns the wait and a flag set on release.
    func blocked(
        _ session: Session,
        _ sql: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (LockWait, ReleaseFlag)? {
        guard case .waiting(let outcomes, let wait) = session.execute(sql, multiStatementsAllowed: true) else {
            Issue.record("\(sql) did not wait", sourceLocation: sourceLocation)
            return nil
        }
        #expect(outcomes.allSatisfy { $0.error == nil }, sourceLocation: sourceLocation)
        #expect(session.isWaiting, sourceLocation: sourceLocation)
        let released = ReleaseFlag()
        wait.onRelease { released.set() }
        return (wait, released)
    }

    @Test func readsSeeTheStartSnapshotWritesSeeTheNewest() throws {
        let (_, a, b) = try self.pair()
        a.run("BEGIN")
        #expect(try self.value(a, 1) == "10")
        b.run("UPDATE t SET v = 11 WHERE id = 1")
        #expect(try self.value(a, 1) == "10")
        // A pessimistic UPDATE reads the newest committed row (TiDB's current read).
        let update = a.execute("UPDATE t SET v = 11 WHERE id = 1", multiStatementsAllowed: true).outcomes[0]
        #expect(
            update.result == .ok(affectedRows: 0, lastInsertID: 0, info: "Rows matched: 1  Changed: 0  Warnings: 0")
        )
        #expect(try self.value(a, 1) == "10")
        #expect(try a.scalar("SELECT v FROM t WHERE id = 1 FOR UPDATE") == "11")
        a.run("UPDATE t SET v = v + 1 WHERE id = 2")
        #expect(try self.value(a, 2) == "21")
        #expect(try self.value(b, 2) == "20")
        a.run("ROLLBACK")
        #expect(try self.value(a, 2) == "20")
    }

    @Test func aConflictingWriterWaitsForTheCommit() throws {
        let (_, a, b) = try self.pair()
        a.run("BEGIN; UPDATE t SET v = v + 1 WHERE id = 1")
        guard let (_, released) = self.blocked(b, "SELECT 1; UPDATE t SET v = v + 1 WHERE id = 1") else { return }
        #expect(!released.isSet)
        a.run("COMMIT")
        #expect(released.isSet)
        guard case .finished(let outcomes) = b.resume() else {
            Issue.record("still waiting")
            return
        }
        #expect(outcomes.map(\.error) == [nil])
        #expect(try self.value(b, 1) == "12")
    }

    @Test func waitsEndWithTimeoutOrKill() throws {
        let (_, a, b) = try self.pair()
        a.run("BEGIN; DELETE FROM t WHERE id = 2")
        b.run("BEGIN; UPDATE t SET v = 0 WHERE id = 1")
        guard self.blocked(b, "UPDATE t SET v = 0 WHERE id = 2") != nil else { return }
        #expect(b.abandonWait(.timedOut).outcomes.map(\.error?.code) == [1205])
        // After 1205 the transaction goes on with what it had.
        #expect(b.isWaiting == false)
        guard self.blocked(b, "INSERT INTO t VALUES (2, 0)") != nil else { return }
        #expect(b.abandonWait(.interrupted).outcomes.map(\.error?.code) == [1317])
        b.run("COMMIT")
        a.run("COMMIT")
        #expect(try a.query("SELECT id, v FROM t").rows == [[.int(1), .int(0)]])
    }

    @Test func deadlocksFailOneSide() throws {
        let (_, a, b) = try self.pair()
        a.run("BEGIN; UPDATE t SET v = 1 WHERE id = 1")
        b.run("BEGIN; UPDATE t SET v = 2 WHERE id = 2")
        guard let (_, released) = self.blocked(a, "UPDATE t SET v = 1 WHERE id = 2") else { return }
        let failure = b.execute("UPDATE t SET v = 2 WHERE id = 1", multiStatementsAllowed: true).outcomes
        #expect(failure.map(\.error) == [.deadlock])
        // The victim is rolled back, so the other side goes on.
        #expect(released.isSet)
        #expect(a.resume().outcomes.map(\.error) == [nil])
        a.run("COMMIT")
        #expect(try a.query("SELECT v FROM t ORDER BY id").rows == [[.int(1)], [.int(1)]])
    }

    @Test func aClosedConnectionReleasesItsLocks() throws {
        let (fixture, a, b) = try self.pair()
        a.run("BEGIN; SELECT * FROM t WHERE id = 1 FOR UPDATE")
        guard let (_, released) = self.blocked(b, "DELETE FROM t WHERE id = 1") else { return }
        a.close()
        #expect(released.isSet)
        #expect(b.resume().outcomes[0].result == .ok(affectedRows: 1, lastInsertID: 0, info: ""))
        #expect(try fixture.session(database: "test").scalar("SELECT COUNT(*) FROM t") == "1")
    }

    @Test func optimisticConflictsFailAtCommitInTiDBsFormat() throws {
        let (fixture, a, b) = try self.pair()
        a.run("BEGIN OPTIMISTIC; UPDATE t SET v = 100 WHERE id = 1")
        b.run("SET tidb_txn_mode = 'optimistic'; BEGIN; UPDATE t SET v = 200 WHERE id = 1; COMMIT")
        let start = try #require(UInt64(try a.scalar("SELECT TIDB_CURRENT_TSO()") ?? ""))
        let error = try #require(a.failure("COMMIT"))
        let table = try #require(fixture.cluster.storage.table("test", "t"))
        #expect(error.code == 9007)
        let key = "{tableID=\(table.id), tableName=test.t, handle=1}"
        let raw = "74" + String(format16(UInt64(table.id) ^ (1 << 63))) + "5f72" + format16(1 ^ (1 << 63))
        #expect(error.message.hasPrefix("Write conflict, txnStartTS=\(start), conflictStartTS="))
        #expect(
            error.message.hasSuffix(
                ", key=\(key), originalKey=\(raw), primary=\(key), originalPrimaryKey=\(raw), reason=Optimistic [try again later]"
            )
        )
        #expect(a.status.contains(.inTransaction) == false)
        #expect(try self.value(a, 1) == "200")
    }

    @Test func statementsAreAtomicAndRollbackDiscards() throws {
        let (_, a, b) = try self.pair()
        a.run("BEGIN; INSERT INTO t VALUES (3, 30)")
        #expect(a.failure("INSERT INTO t VALUES (4, 40), (1, 0)")?.code == 1062)
        a.run("COMMIT")
        #expect(try b.query("SELECT id FROM t ORDER BY id").rows == [[.int(1)], [.int(2)], [.int(3)]])
        a.run("SET autocommit = 0; DELETE FROM t")
        #expect(try b.scalar("SELECT COUNT(*) FROM t") == "3")
        a.run("ROLLBACK")
        #expect(try a.scalar("SELECT COUNT(*) FROM t") == "3")
    }

    @Test func staleReadsSeeThePastAndRefuseWrites() throws {
        let (fixture, a, b) = try self.pair()
        let before = fixture.cluster.pd.oracle.next()
        b.run("UPDATE t SET v = 99 WHERE id = 1")
        a.run("SET tidb_snapshot = '\(before.rawValue)'")
        #expect(try self.value(a, 1) == "10")
        #expect(
            a.failure("UPDATE t SET v = 0")?.message == "can not execute write statement when 'tidb_snapshot' is set"
        )
        #expect(
            a.failure("SELECT * FROM t FOR UPDATE")?.message
                == "can not execute write statement when 'tidb_snapshot' is set"
        )
        a.run("SET tidb_snapshot = ''")
        #expect(try self.value(a, 1) == "99")
        a.run("SET GLOBAL tidb_external_ts = \(before.rawValue)")
        a.run("SET tidb_enable_external_ts_read = ON")
        #expect(try self.value(a, 1) == "10")
        #expect(
            a.failure("INSERT INTO t VALUES (5, 5)")?.message
                == "only support read-only statement during read-only staleness transactions"
        )
        #expect(try b.scalar("SELECT COUNT(*) FROM t") == "2")
    }
}

private func format16(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}

final class ReleaseFlag: Sendable {
    private let value = Atomic(false)
    func set() { self.value.store(true, ordering: .relaxed) }
    var isSet: Bool { self.value.load(ordering: .relaxed) }
}
