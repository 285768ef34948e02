import MySQLTypes
import Testing

@testable import TiDBEngine

/// `INSERT ... ON DUPLICATE KEY UPDATE c = DEFAULT`: the column's default, as UPDATE gives it.
@Suite struct InsertOnDuplicateDefaultTests {
    @Test func duplicateKeyUpdateToDefault() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create table t1 (a int primary key, b int default 20, c int default 30)")
        session.run("insert into t1 values (1, 2, 3)")
        session.run("insert into t1 values (1, default, default) on duplicate key update c = default, b = default")
        #expect(try session.query("select * from t1").rows == [[.int(1), .int(20), .int(30)]])
    }

    @Test func defaultFunction() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create table t1 (a int default 10, b int default 20)")
        session.run("insert into t1 set a=default(b), b=default(a)")
        session.run("insert into t1 values (default(b)+default(a), 1)")
        #expect(try session.query("select * from t1").rows == [[.int(20), .int(10)], [.int(30), .int(1)]])
        session.run("update t1 set b = default(b) where a = 30")
        #expect(try session.scalar("select b from t1 where a = 30") == "20")
        session.run(
            "create table t2 (a int default 10 primary key, b int generated always as (-a) virtual)"
        )
        session.run("insert into t2 set a=3, b=default(b)")
        #expect(
            session.failure("insert into t2 set b=default(a)")?.message
                == "The value specified for generated column 'b' in table 't2' is not allowed."
        )
        #expect(
            session.failure("insert into t2 set a=default(b), b=default(b)")?.message
                == "The value specified for generated column 'a' in table 't2' is not allowed."
        )
        session.run("insert into t2 values (3, default) on duplicate key update a=default(a)")
        #expect(try session.query("select a, b from t2").rows == [[.int(10), .int(-10)]])
    }
}

/// Index key length: 1071 over 3072 bytes, 1170 for BLOB/TEXT without a prefix.
@Suite struct IndexKeyLengthTests {
    @Test func keyLengthLimit() throws {
        let session = try EngineFixture().session(database: "test")
        #expect(
            session.failure("create table t (c1 varchar(3073), index(c1)) charset = ascii")
                == MySQLError(
                    code: 1071,
                    sqlState: "42000",
                    message: "Specified key was too long (3073 bytes); max key length is 3072 bytes"
                )
        )
        #expect(
            session.failure("create table t (c1 varchar(3072), c2 date, index(c1, c2)) charset = ascii")?.message
                == "Specified key was too long (3075 bytes); max key length is 3072 bytes"
        )
        #expect(
            session.failure("create table t (a varchar(769) primary key) charset=utf8mb4")?.message
                == "Specified key was too long (3076 bytes); max key length is 3072 bytes"
        )
        session.run("create table t (a blob(10000), b decimal(10), index idx(a(3067), b))")
        #expect(session.failure("create index i2 on t (a(3068), b)")?.code == 1071)
        #expect(session.failure("create index i3 on t (a)")?.code == 1170)
    }
}

/// AUTO_INCREMENT past the column's range: 1690, as TiDB's allocator reports it.
@Suite struct AutoIncrementOverflowTests {
    @Test func overflowIsConstantOverflows() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create table t0 (a tinyint signed key auto_increment)")
        session.run("insert into t0 values (127)")
        #expect(
            session.failure("insert into t0 values ()")
                == MySQLError(code: 1690, sqlState: "22003", message: "constant 128 overflows tinyint")
        )
        session.run("create table t1 (a smallint unsigned key auto_increment) auto_id_cache 1")
        session.run("insert into t1 values (65535)")
        #expect(session.failure("insert into t1 values ()")?.message == "constant 65536 overflows smallint")
        // Near Int64.max the allocator saturates instead of trapping.
        session.run("create table t8 (a bigint key auto_increment)")
        session.run("insert into t8 values (9223372036854775806)")
        _ = session.failure("insert into t8 values (), ()")
    }
}
