import MySQLTypes
import Testing

@testable import TiDBEngine

/// `tidb_super_read_only` and `tidb_restricted_read_only` as TiDB v8.5 enforces them
/// (docs/tidb/read-only.md): which statements pass, open transactions, the flags' coupling, and
/// who is let through.
@Suite struct ReadOnlyModeTests {
    static func setUp(
        users: [UserAccount] = [UserAccount(name: "root", password: "")]
    ) throws -> (
        EngineFixture, Session
    ) {
        let fixture = EngineFixture(users: users)
        let session = try fixture.session(user: users[0].name, database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        session.run("INSERT INTO t VALUES (1, 10), (2, 20)")
        return (fixture, session)
    }

    @Test func theFlagsAreGlobalOnlyAndOffByDefault() throws {
        let (_, session) = try Self.setUp()
        #expect(try session.scalar("SELECT @@global.tidb_super_read_only") == "0")
        #expect(try session.scalar("SELECT @@tidb_restricted_read_only") == "0")
        #expect(session.failure("SET tidb_super_read_only = ON")?.code == 1229)
        #expect(session.failure("SET SESSION tidb_restricted_read_only = ON")?.code == 1229)
        #expect(session.failure("SELECT @@session.tidb_super_read_only")?.code == 1238)
        #expect(session.failure("SET GLOBAL tidb_super_read_only = 'maybe'")?.code == 1231)
    }

    @Test(arguments: [
        "INSERT INTO t VALUES (3, 30)", "UPDATE t SET v = 0", "DELETE FROM t WHERE id = 1",
        "REPLACE INTO t VALUES (1, 1)", "INSERT INTO t SELECT id + 10, v FROM t",
        "CREATE TABLE t2 (id INT PRIMARY KEY)", "DROP TABLE t", "TRUNCATE TABLE t", "ALTER TABLE t ADD COLUMN c INT",
        "CREATE INDEX i ON t (v)", "CREATE DATABASE d2", "DROP DATABASE test",
        "SELECT * FROM t FOR UPDATE", "SELECT * FROM t WHERE id = 1 LOCK IN SHARE MODE",
        "ADMIN CHECKSUM TABLE t", "BACKUP DATABASE test TO 'noop://'", "KILL 12345", "ADMIN SET BDR ROLE PRIMARY",
    ])
    func writesAndDDLAreRefusedForEveryone(sql: String) throws {
        let (fixture, session) = try Self.setUp()
        session.run("SET GLOBAL tidb_super_read_only = ON")
        // Another session, the root account (every privilege, SUPER included), is refused too.
        let other = try fixture.session(database: "test")
        let error = other.failure(sql)
        #expect(error == MySQLError(code: 1836, sqlState: "HY000", message: "Running in read-only mode"))
        session.run("SET GLOBAL tidb_super_read_only = OFF")
        #expect(try other.scalar("SELECT COUNT(*) FROM t") == "2")
    }

    @Test func readsSetShowAndReadOnlyTransactionsPass() throws {
        let (_, session) = try Self.setUp()
        session.run("SET GLOBAL tidb_super_read_only = ON")
        #expect(try session.scalar("SELECT v FROM t WHERE id = 2") == "20")
        #expect(try session.scalar("SELECT @@global.tidb_super_read_only") == "1")
        session.run("SET @x = 1; SET SESSION tidb_snapshot = ''; USE test")
        _ = try session.query("SHOW TABLES")
        _ = try session.query("SHOW MASTER STATUS")
        session.run("BEGIN; SELECT * FROM t; COMMIT")
        session.run("START TRANSACTION; SELECT * FROM t; ROLLBACK")
        session.run("PREPARE s FROM 'SELECT v FROM t WHERE id = ?'; SET @id = 1; EXECUTE s USING @id")
        session.run("PREPARE w FROM 'INSERT INTO t VALUES (?, 0)'")
        #expect(session.failure("SET @id = 5; EXECUTE w USING @id")?.code == 1836)
    }

    @Test func anOpenTransactionsWritesAndCommitAreRefused() throws {
        let (fixture, session) = try Self.setUp()
        session.run("BEGIN; UPDATE t SET v = 11 WHERE id = 1")
        let admin = try fixture.session(database: "test")
        admin.run("SET GLOBAL tidb_super_read_only = ON")
        #expect(session.failure("UPDATE t SET v = 21 WHERE id = 2")?.code == 1836)
        // COMMIT of a transaction with writes rolls it back and fails (TiDB's allowInReadOnlyMode).
        #expect(session.failure("COMMIT")?.code == 1836)
        #expect(session.transaction == nil)
        admin.run("SET GLOBAL tidb_super_read_only = OFF")
        #expect(try session.scalar("SELECT v FROM t WHERE id = 1") == "10")
    }

    @Test func anImplicitCommitOfWritesIsRefused() throws {
        let (fixture, session) = try Self.setUp()
        session.run("SET autocommit = 0; INSERT INTO t VALUES (3, 30)")
        let admin = try fixture.session(database: "test")
        admin.run("SET GLOBAL tidb_super_read_only = ON")
        // Turning autocommit back on commits; TiDB's doCommit refuses the writes.
        #expect(session.failure("SET autocommit = 1")?.code == 1836)
        admin.run("SET GLOBAL tidb_super_read_only = OFF")
        #expect(try session.scalar("SELECT COUNT(*) FROM t") == "2")
    }

    @Test func aWriteAdmittedBeforeTheFlagDoesNotCommitAfterIt() throws {
        let (fixture, session) = try Self.setUp()
        let holder = try fixture.session(database: "test")
        holder.run("BEGIN; SELECT * FROM t WHERE id = 1 FOR UPDATE")
        guard case .waiting = session.execute("UPDATE t SET v = 99 WHERE id = 1", multiStatementsAllowed: true) else {
            Issue.record("the update did not wait")
            return
        }
        holder.run("SET GLOBAL tidb_super_read_only = ON")
        holder.run("COMMIT")  // no writes: allowed
        guard case .finished(let outcomes) = session.resume() else {
            Issue.record("still waiting")
            return
        }
        #expect(outcomes.map(\.error?.code) == [1836])
        holder.run("SET GLOBAL tidb_super_read_only = OFF")
        #expect(try session.scalar("SELECT v FROM t WHERE id = 1") == "10")
    }

    @Test func restrictedReadOnlyTurnsSuperReadOnlyOnAndHoldsIt() throws {
        let (_, session) = try Self.setUp()
        session.run("SET GLOBAL tidb_restricted_read_only = ON")
        #expect(try session.scalar("SELECT @@global.tidb_super_read_only") == "1")
        #expect(session.failure("INSERT INTO t VALUES (3, 30)")?.code == 1836)
        let error = session.failure("SET GLOBAL tidb_super_read_only = OFF")
        #expect(
            error
                == MySQLError(
                    code: 1105,
                    sqlState: "HY000",
                    message: "can't turn off tidb_super_read_only when tidb_restricted_read_only is on"
                )
        )
        // Turning the restricted flag off leaves the super flag on.
        session.run("SET GLOBAL tidb_restricted_read_only = OFF")
        #expect(try session.scalar("SELECT @@global.tidb_super_read_only") == "1")
        #expect(session.failure("INSERT INTO t VALUES (3, 30)")?.code == 1836)
        session.run("SET GLOBAL tidb_super_read_only = OFF")
        #expect(session.failure("INSERT INTO t VALUES (3, 30)") == nil)
        #expect(try session.scalar("SELECT COUNT(*) FROM t") == "3")
    }

    @Test func onlyAnExplicitReplicaWriterGrantPassesNotAChangefeedsWriteSource() throws {
        let users = [
            UserAccount(name: "root", password: ""),
            UserAccount(name: "cdc", password: "", dynamicPrivileges: [restrictedReplicaWriterAdmin]),
        ]
        let (fixture, root) = try Self.setUp(users: users)
        root.run("SET GLOBAL tidb_super_read_only = ON")
        // TiCDC's sink session marks its writes with a source; TiDB does not let that through.
        root.run("SET SESSION tidb_cdc_write_source = 1")
        #expect(root.failure("INSERT INTO t VALUES (3, 30)")?.code == 1836)
        let writer = try fixture.session(user: "cdc", database: "test")
        writer.run("INSERT INTO t VALUES (3, 30); BEGIN; DELETE FROM t WHERE id = 1; COMMIT; ADMIN CHECKSUM TABLE t")
        #expect(try writer.scalar("SELECT COUNT(*) FROM t") == "2")
    }
}
