import MySQLTypes
import Testing

@testable import TiDBEngine

/// AUTO_RANDOM columns: CREATE TABLE's checks, SHOW CREATE TABLE's comments, INSERT's ids.
@Suite struct AutoRandomTests {
    private func showCreate(_ session: Session, _ table: String) throws -> String {
        try #require(try session.query("SHOW CREATE TABLE \(table)").rows.first?[1].text)
    }

    @Test func showCreateTableComments() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create table t1 (a bigint primary key auto_random(3), b varchar(255))")
        let t1 = try self.showCreate(session, "t1")
        // The integer display width is SHOW CREATE TABLE's own business; the column's clause ends so.
        #expect(t1.contains(" NOT NULL /*T![auto_rand] AUTO_RANDOM(3) */,\n  `b` varchar(255) DEFAULT NULL,"))
        #expect(t1.hasSuffix(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"))
        session.run("create table t2 (a bigint /*T![auto_rand] auto_random */ primary key) auto_random_base 200")
        let t2 = try self.showCreate(session, "t2")
        #expect(t2.contains(" NOT NULL /*T![auto_rand] AUTO_RANDOM(5) */,"))
        #expect(
            t2.hasSuffix(
                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /*T![auto_rand_base] AUTO_RANDOM_BASE=200 */"
            )
        )
        session.run("create table t3 (a bigint primary key auto_random(4, 32), b int)")
        #expect(try self.showCreate(session, "t3").contains(" NOT NULL /*T![auto_rand] AUTO_RANDOM(4, 32) */"))
    }

    @Test func createTableChecks() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(
            session.failure("create table e1 (a int primary key auto_random)")
                == MySQLError(
                    code: 8216,
                    sqlState: "HY000",
                    message:
                        "Invalid auto random: auto_random option must be defined on `bigint` column, but not on `int` column"
                )
        )
        #expect(
            session.failure("create table e2 (a bigint auto_random, b int primary key)")?.message
                == "Invalid auto random: column a is not the integer primary key, or the primary key is nonclustered"
        )
        #expect(
            session.failure("create table e3 (a bigint primary key auto_random(16))")?.message
                == "Invalid auto random: max allowed auto_random shard bits is 15, but got 16 on column `a`"
        )
        #expect(
            session.failure("create table e4 (a bigint primary key auto_random(5, 31))")?.message
                == "Invalid auto random: auto_random range bits must be between 32 and 64, but got 31"
        )
        #expect(
            session.failure("create table e5 (a bigint primary key auto_random auto_increment)")?.message
                == "Invalid auto random: auto_random is incompatible with auto_increment"
        )
    }

    @Test func insertAllocatesShardedIDs() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create table t (a bigint primary key auto_random(3), b int)")
        session.run("insert into t (b) values (1), (2)")
        let ids = try session.query("select a from t order by b").rows.compactMap { $0[0].int64(warn: { _ in }) }
        #expect(ids.count == 2)
        // One statement: one shard, consecutive incremental ids, in the low 60 bits.
        let mask: Int64 = (1 << 60) - 1
        #expect(ids.map { $0 & mask } == [1, 2])
        #expect(ids[0] >> 60 == ids[1] >> 60)
        #expect(ids.allSatisfy { $0 > 0 })
        #expect(try session.scalar("select last_insert_id()") == String(ids[0]))
    }

    @Test func explicitValuesNeedTheVariable() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create table ar (id bigint key clustered auto_random, name char(10))")
        #expect(
            session.failure("insert into ar(id) values (1)")?.message
                == "Invalid auto random: Explicit insertion on auto_random column is disabled. Try to set @@allow_auto_random_explicit_insert = true."
        )
        session.run("set @@allow_auto_random_explicit_insert = true")
        session.run("insert into ar(id) values (1), (2)")
        #expect(try session.query("select id from ar order by id").rows == [[.int(1)], [.int(2)]])
        #expect(try session.scalar("select last_insert_id()") == "0")
        // The allocator moves past explicit ids.
        session.run("insert into ar(name) values ('x')")
        let text = try #require(try session.scalar("select id from ar where name = 'x'"))
        let generated = try #require(Int64(text))
        #expect(generated & ((1 << 58) - 1) > 2)
    }
}
