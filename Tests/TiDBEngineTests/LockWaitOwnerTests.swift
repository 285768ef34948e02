import MySQLTypes
import Testing

@testable import TiDBEngine

/// The session owns a lock wait: a host's callback names the wait it was registered for, and
/// one that is no longer current (a release after a timeout, a timeout after a release) does
/// nothing. `information_schema.DATA_LOCK_WAITS` shows the waits in progress.
@Suite struct LockWaitOwnerTests {
    let transactions = TransactionTests()

    @Test func aCallbackForAWaitThatEndedFindsNothing() throws {
        let (_, a, b) = try self.transactions.pair()
        a.run("BEGIN; UPDATE t SET v = v + 1 WHERE id = 1")
        b.run("BEGIN")
        guard let (first, _) = self.transactions.blocked(b, "UPDATE t SET v = 0 WHERE id = 1") else { return }
        #expect(b.currentWait === first)
        #expect(b.abandonWait(first, .timedOut)?.outcomes.map(\.error?.code) == [1205])
        #expect(b.currentWait == nil)
        // The timeout won: the release and a second timeout for the same wait are stale.
        #expect(b.resume(after: first) == nil)
        #expect(b.abandonWait(first, .interrupted) == nil)

        guard let (second, _) = self.transactions.blocked(b, "UPDATE t SET v = 0 WHERE id = 1") else { return }
        #expect(second !== first)
        #expect(b.resume(after: first) == nil)
        #expect(b.currentWait === second)
        a.run("COMMIT")
        #expect(b.resume(after: second)?.outcomes.map(\.error) == [nil])
        #expect(b.resume(after: second) == nil)
        b.run("COMMIT")
        #expect(try self.transactions.value(a, 1) == "0")
    }

    @Test func dataLockWaitsListsTheWaiterUntilItsWaitEnds() throws {
        let (_, a, b) = try self.transactions.pair()
        let empty = try a.query("SELECT * FROM information_schema.DATA_LOCK_WAITS")
        #expect(
            empty.columns.map(\.name) == [
                "KEY", "KEY_INFO", "TRX_ID", "CURRENT_HOLDING_TRX_ID", "SQL_DIGEST", "SQL_DIGEST_TEXT",
            ]
        )
        #expect(empty.rows.isEmpty)
        a.run("BEGIN; UPDATE t SET v = v + 1 WHERE id = 1")
        let holder = try #require(a.transaction?.id)
        b.run("BEGIN")
        let waiter = try #require(b.transaction?.id)
        guard let (wait, _) = self.transactions.blocked(b, "UPDATE t SET v = 0 WHERE id = 1") else { return }
        let rows = try a.query("SELECT `KEY`, TRX_ID, CURRENT_HOLDING_TRX_ID FROM information_schema.data_lock_waits")
            .rows
        // TiKV's key of row 1: t, the sign-flipped table id, _r, the sign-flipped handle.
        let tableID = try a.scalar("SELECT TIDB_TABLE_ID FROM information_schema.TABLES")
        let table = try #require(tableID.flatMap { Int64($0) })
        let key =
            "74" + String(UInt64(bitPattern: table) ^ (1 << 63), radix: 16, uppercase: true) + "5F728000000000000001"
        #expect(rows == [[.string(key), .int(Int64(waiter)), .int(Int64(holder))]])
        a.run("COMMIT")
        _ = b.resume(after: wait)
        #expect(try a.query("SELECT * FROM information_schema.DATA_LOCK_WAITS").rows.isEmpty)
        b.run("ROLLBACK")
    }
}
