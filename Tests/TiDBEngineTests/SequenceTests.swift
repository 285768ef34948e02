import MySQLTypes
import Testing

@testable import TiDBEngine

/// CREATE/DROP SEQUENCE, SHOW CREATE SEQUENCE and the DML TiDB refuses on sequences.
@Suite struct SequenceTests {
    @Test func createShowDrop() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create sequence seq")
        let shown = try session.query("show create table seq")
        #expect(shown.columns.map(\.name) == ["Sequence", "Create Sequence"])
        #expect(
            shown.rows == [
                [
                    .string("seq"),
                    .string(
                        "CREATE SEQUENCE `seq` start with 1 minvalue 1 maxvalue 9223372036854775806 increment by 1 cache 1000 nocycle ENGINE=InnoDB"
                    ),
                ]
            ]
        )
        session.run("create sequence down increment by -2 nocache cycle comment 'x'")
        #expect(
            try session.query("show create sequence down").rows.first?[1]
                == .string(
                    "CREATE SEQUENCE `down` start with -1 minvalue -9223372036854775807 maxvalue -1 increment by -2 nocache cycle ENGINE=InnoDB COMMENT='x'"
                )
        )
        #expect(session.failure("create table seq (a int)")?.code == 1050)
        #expect(session.failure("create sequence bad start with 10 maxvalue 5")?.code == 4136)
        session.run("drop sequence seq, down")
        #expect(session.failure("show create sequence seq")?.message == "Table 'test.seq' doesn't exist")
        #expect(session.failure("drop sequence seq")?.message == "Unknown SEQUENCE: 'test.seq'")
        session.run("drop sequence if exists seq")
        #expect(try session.query("show warnings").rows.first?[1] == .int(4139))
    }

    @Test func dmlOnASequenceIsRefused() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("create sequence seq")
        #expect(session.failure("insert into seq values()")?.message == "insert into sequence seq is not supported now")
        #expect(
            session.failure("replace into seq values()")?.message == "replace into sequence seq is not supported now"
        )
        #expect(session.failure("delete from seq")?.message == "delete sequence seq is not supported now")
        #expect(session.failure("update seq set minvalue=1")?.message == "Unknown column 'minvalue' in 'field list'")
    }

    @Test func showBuiltinsOpenTablesHistograms() throws {
        let session = try EngineFixture().session(database: "test")
        let builtins = try session.query("show builtins")
        #expect(builtins.columns.map(\.name) == ["Supported_builtin_functions"])
        #expect(builtins.rows.count == 291)
        #expect(builtins.rows.first == [.string("abs")])
        #expect(try session.query("show open tables in test").rows.isEmpty)
        #expect(try session.query("show histograms_in_flight").rows == [[.int(0)]])
    }

    @Test func variablesInfoAndTiDBCheckConstraints() throws {
        let fixture = EngineFixture()
        try fixture.session().run("set global tidb_enable_check_constraint = ON")
        let session = try fixture.session(database: "test")
        #expect(
            try session.query(
                "select * from information_schema.variables_info where variable_name = 'max_connections'"
            ).rows == [
                [
                    .string("max_connections"), .string("INSTANCE"), .string("0"), .string("0"), .int(0),
                    .uint(100000), .null, .string("NO"),
                ]
            ]
        )
        session.run("create table t (id int primary key, check (id < 20))")
        let rows = try session.query(
            "select constraint_name, check_clause, table_name from information_schema.tidb_check_constraints"
        ).rows
        #expect(rows == [[.string("t_chk_1"), .string("(`id` < 20)"), .string("t")]])
    }
}
