import MySQLTypes
import Testing

@testable import TiDBEngine

/// `/*+ SET_VAR(name = value) */`: the value for one statement, then the old one again.
@Suite struct SetVarHintTests {
    @Test func hintAppliesForOneStatement() throws {
        let session = try EngineFixture().session()
        #expect(try session.scalar("SELECT /*+ SET_VAR(tmp_table_size=1024) */ @@tmp_table_size") == "1024")
        #expect(try session.scalar("SELECT @@tmp_table_size") == "16777216")
        #expect(try session.scalar("SELECT /*+ SET_VAR(time_zone='+12:00') */ @@time_zone") == "+12:00")
        #expect(try session.scalar("SELECT @@time_zone") == "SYSTEM")
        #expect(
            try session.scalar("SELECT /*+ SET_VAR(sql_mode=ALLOW_INVALID_DATES) */ @@sql_mode")
                == "ALLOW_INVALID_DATES"
        )
        #expect(try session.scalar("SELECT @@sql_mode")?.hasPrefix("ONLY_FULL_GROUP_BY") == true)
    }

    @Test func sessionValueComesBack() throws {
        let session = try EngineFixture().session()
        session.run("SET @@tikv_client_read_timeout = 5")
        #expect(
            try session.scalar("SELECT /*+ set_var(tikv_client_read_timeout=1) */ @@tikv_client_read_timeout") == "1"
        )
        #expect(try session.scalar("SELECT @@tikv_client_read_timeout") == "5")
        // A value the variable refuses leaves it as it was.
        #expect(
            try session.scalar("SELECT /*+ set_var(tikv_client_read_timeout=xyz) */ @@tikv_client_read_timeout") == "5"
        )
        session.run(
            "prepare stmt01 from 'select /*+ set_var(tikv_client_read_timeout=1) */ @@tikv_client_read_timeout'"
        )
        #expect(try session.scalar("execute stmt01") == "1")
        #expect(try session.scalar("SELECT @@tikv_client_read_timeout") == "5")
    }

    @Test func hintWarnings() throws {
        let session = try EngineFixture().session()
        _ = try session.query(
            "SELECT /*+ SET_VAR(group_concat_max_len = 1024) SET_VAR(group_concat_max_len = 2048) */ 1"
        )
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [
                    .string("Warning"), .int(3126),
                    .string("Hint SET_VAR(group_concat_max_len=2048) is ignored as conflicting/duplicated."),
                ]
            ]
        )
        _ = try session.query("SELECT /*+ SET_VAR(max_size = 1G) */ 1")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(3128), .string("Unresolved name 'max_size' for SET_VAR hint")]
            ]
        )
        _ = try session.query("SELECT /*+ SET_VAR(collation_server = 'utf8') */ 1")
        #expect(
            try session.query("SHOW WARNINGS").rows.first == [
                .string("Warning"), .int(3637),
                .string("Variable 'collation_server' cannot be set using SET_VAR hint."),
            ]
        )
    }

    @Test func onlyTheHintAfterTheFirstKeywordCounts() {
        #expect(Session.setVarHints(in: "select 1 /*+ SET_VAR(a=1) */").isEmpty)
        #expect(Session.setVarHints(in: "set /*+ SET_VAR(a=1) */ @a = 1").isEmpty)
        let hints = Session.setVarHints(in: "  UPDATE /*+ NO_INDEX_MERGE() SET_VAR(a = 'x)y') */ t set a = 1")
        #expect(hints.map(\.name) == ["a"])
        #expect(hints.map(\.value) == ["x)y"])
    }
}
