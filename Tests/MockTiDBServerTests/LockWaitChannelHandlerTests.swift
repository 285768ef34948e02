import MySQLTypes
import MySQLWire
import NIOCore
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// Lock waits through the real handler on embedded channels: two connections of one instance,
/// time advanced by hand.
@Suite struct LockWaitChannelHandlerTests {
    /// Connection A holds the lock on row 1 of `t`; B is ready to ask for it.
    func twoConnections(capabilities: CapabilityFlags = EmbeddedPeer.classic) throws -> (EmbeddedPeer, EmbeddedPeer) {
        let instance = EmbeddedPeer.instance()
        var a = try EmbeddedPeer(instance: instance, connectionID: 2_097_154, capabilities: capabilities)
        let b = try EmbeddedPeer(instance: instance, connectionID: 2_097_156, capabilities: capabilities)
        _ = try a.query("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        _ = try a.query("INSERT INTO t VALUES (1, 10), (2, 20)")
        _ = try a.query("BEGIN")
        _ = try a.query("UPDATE t SET v = v + 1 WHERE id = 1")
        return (a, b)
    }

    @Test func blockedUpdateAnswersAfterTheHolderCommits() throws {
        var (a, b) = try self.twoConnections()
        try b.command(0x03, Array("UPDATE t SET v = v + 1 WHERE id = 1".utf8))
        try b.command(0x0E)  // queued behind the blocked update
        b.runLoop()
        #expect(try b.receiveAll().isEmpty)

        #expect(EmbeddedPeer.ok(try a.query("COMMIT")[0]) != nil)
        b.runLoop()
        let replies = try b.receiveAll()
        try #require(replies.count == 2)
        #expect(replies[0].sequenceID == 1)
        #expect(EmbeddedPeer.ok(replies[0].payload)?.affectedRows == 1)
        #expect(EmbeddedPeer.ok(replies[1].payload) != nil)  // the ping, after the update
        let value = try b.query("SELECT v FROM t WHERE id = 1")
        #expect(value[3] == [0x02] + Array("12".utf8))  // count, definition, EOF, row
    }

    @Test func waitTimesOutAfterInnodbLockWaitTimeout() throws {
        var (a, b) = try self.twoConnections()
        _ = try b.query("SET innodb_lock_wait_timeout = 1")
        try b.command(0x03, Array("UPDATE t SET v = 0 WHERE id = 1".utf8))
        b.channel.embeddedEventLoop.advanceTime(by: .milliseconds(999))
        #expect(try b.receiveAll().isEmpty)
        b.channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        let replies = try b.receiveAll()
        try #require(replies.count == 1)
        #expect(
            EmbeddedPeer.error(replies[0].payload)
                == MySQLError(
                    code: 1205,
                    sqlState: "HY000",
                    message: "Lock wait timeout exceeded; try restarting transaction"
                )
        )
        // A later release of the lock is stale: nothing more is written.
        _ = try a.query("COMMIT")
        b.runLoop()
        #expect(try b.receiveAll().isEmpty)
        #expect(try b.query("SELECT 1").count == 5)
    }

    @Test func killQueryInterruptsTheWait() throws {
        var (a, b) = try self.twoConnections()
        try b.command(0x03, Array("UPDATE t SET v = 0 WHERE id = 1".utf8))
        #expect(EmbeddedPeer.ok(try a.query("KILL QUERY 2097156")[0]) != nil)
        b.runLoop()
        let replies = try b.receiveAll()
        try #require(replies.count == 1)
        #expect(EmbeddedPeer.error(replies[0].payload)?.code == 1317)
        _ = try a.query("COMMIT")
    }

    /// The results before the blocked statement go out at once, flagged MORE_RESULTS_EXISTS; the
    /// rest follow with the sequence ids continuing.
    @Test func multiStatementQueryResumesWhereItStopped() throws {
        var (a, b) = try self.twoConnections(capabilities: EmbeddedPeer.deprecateEOF)
        try b.command(0x03, Array("SELECT 1; UPDATE t SET v = 5 WHERE id = 1; SELECT 2".utf8))
        let before = try b.receiveAll()
        #expect(before.map(\.sequenceID) == [1, 2, 3, 4])
        #expect(EmbeddedPeer.ok(before[3].payload)?.status.contains(.moreResultsExist) == true)
        _ = try a.query("COMMIT")
        b.runLoop()
        let after = try b.receiveAll()
        #expect(after.map(\.sequenceID) == [5, 6, 7, 8, 9])
        #expect(EmbeddedPeer.ok(after[0].payload)?.status.contains(.moreResultsExist) == true)
        #expect(EmbeddedPeer.ok(after[4].payload)?.status.contains(.moreResultsExist) == false)
    }

    @Test func blockedPreparedExecuteAnswersInBinary() throws {
        var (a, b) = try self.twoConnections(capabilities: EmbeddedPeer.deprecateEOF)
        let select = try b.prepare("SELECT v FROM t WHERE id = ? FOR UPDATE")
        _ = try b.query("BEGIN")
        try b.execute(select, [.int(1)])
        #expect(try b.receiveAll().isEmpty)
        _ = try a.query("COMMIT")
        b.runLoop()
        let replies = try b.receiveAll()
        try #require(replies.count == 4)
        #expect(replies[2].payload == [0x00, 0x00, 11, 0, 0, 0])
    }

    @Test func closingTheHolderReleasesItsLocks() throws {
        var (a, b) = try self.twoConnections()
        try b.command(0x03, Array("UPDATE t SET v = 7 WHERE id = 1".utf8))
        _ = try a.channel.close().wait()
        b.runLoop()
        let replies = try b.receiveAll()
        try #require(replies.count == 1)
        #expect(EmbeddedPeer.ok(replies[0].payload)?.affectedRows == 1)
        // A's change was rolled back: B updated the original row.
        #expect(try b.query("SELECT v FROM t WHERE id = 1")[3] == [0x01] + Array("7".utf8))
    }

    @Test func closingTheWaiterCancelsItsWait() throws {
        var (a, b) = try self.twoConnections()
        try b.command(0x03, Array("UPDATE t SET v = 7 WHERE id = 1".utf8))
        _ = try b.channel.close().wait()
        #expect(EmbeddedPeer.ok(try a.query("COMMIT")[0]) != nil)
        b.runLoop()
        #expect(try a.query("SELECT v FROM t WHERE id = 1")[3] == [0x02] + Array("11".utf8))
    }
}
