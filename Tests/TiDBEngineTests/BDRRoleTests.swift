import MySQLTypes
import Testing

@testable import TiDBEngine

/// `ADMIN SET|UNSET|SHOW BDR ROLE` and TiDB's `DeniedByBDR`: what DDL a client may run on a
/// PRIMARY and a SECONDARY, and that a changefeed's DDL (write source ≠ 0) is never refused.
@Suite struct BDRRoleTests {
    static func setUp() throws -> (EngineFixture, Session) {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        return (fixture, session)
    }

    @Test func theRoleIsClusterWideAndShown() throws {
        let (fixture, session) = try Self.setUp()
        #expect(try session.scalar("ADMIN SHOW BDR ROLE") == "local_only")
        session.run("ADMIN SET BDR ROLE PRIMARY")
        let other = try fixture.session(database: "test")
        #expect(try other.scalar("admin show bdr role") == "primary")
        session.run("ADMIN UNSET BDR ROLE")
        #expect(try other.scalar("ADMIN SHOW BDR ROLE") == "local_only")
        #expect(session.failure("ADMIN SET BDR ROLE TERTIARY")?.code == 1064)
    }

    @Test(arguments: [
        ("CREATE DATABASE d2", true), ("CREATE TABLE t2 (id INT PRIMARY KEY)", true),
        ("ALTER TABLE t ADD COLUMN c INT", true), ("ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 0", true),
        ("ALTER TABLE t ADD COLUMN c INT NOT NULL", false), ("ALTER TABLE t ADD COLUMN c INT UNIQUE", false),
        ("CREATE INDEX i ON t (v)", true), ("CREATE UNIQUE INDEX i ON t (v)", false),
        ("ALTER TABLE t ADD INDEX i (v), COMMENT 'x'", true), ("ALTER TABLE t ADD INDEX i (v), DROP COLUMN v", false),
        ("DROP TABLE t", false), ("TRUNCATE TABLE t", false), ("DROP DATABASE test", false),
        ("ALTER TABLE t DROP COLUMN v", false),
    ])
    func aPrimaryRunsOnlySafeDDL(sql: String, allowed: Bool) throws {
        let (_, session) = try Self.setUp()
        session.run("ADMIN SET BDR ROLE PRIMARY")
        let error = session.failure(sql)
        if allowed {
            #expect(error == nil)
        } else {
            #expect(error?.code == 8263)
            #expect(
                error?.message == "The operation is not allowed while the bdr role of this cluster is set to primary."
            )
        }
    }

    @Test func aSecondaryRefusesEveryClientDDLButNotAChangefeeds() throws {
        let (_, session) = try Self.setUp()
        session.run("ADMIN SET BDR ROLE SECONDARY")
        #expect(session.failure("CREATE TABLE t2 (id INT PRIMARY KEY)")?.code == 8263)
        #expect(session.failure("CREATE INDEX i ON t (v)")?.code == 8263)
        // Rows are not DDL.
        #expect(session.failure("INSERT INTO t VALUES (1, 1)") == nil)
        session.run("SET SESSION tidb_cdc_write_source = 1")
        #expect(session.failure("CREATE TABLE t2 (id INT PRIMARY KEY)") == nil)
        #expect(session.failure("DROP TABLE t2") == nil)
    }

    @Test func aChangefeedsDDLIsRecordedWithItsWriteSource() throws {
        let (fixture, session) = try Self.setUp()
        let start = fixture.cluster.pd.oracle.next()
        session.run("SET SESSION tidb_cdc_write_source = 1")
        session.run("CREATE TABLE t3 (id INT PRIMARY KEY)")
        #expect(fixture.cluster.storage.changes(after: start).map(\.writeSource) == [1])
    }
}
