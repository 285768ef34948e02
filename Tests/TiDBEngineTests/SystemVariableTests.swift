import MySQLTypes
import Testing

@testable import TiDBEngine

@Suite struct SystemVariableTests {
    @Test func seedGCStatements() throws {
        let fixture = EngineFixture()
        let session = try fixture.session()
        session.run("SET GLOBAL tidb_gc_enable=FALSE")
        let off = try session.query("SELECT @@global.tidb_gc_enable")
        #expect(off.rows == [[.int(0)]])
        #expect(off.columns[0].name == "@@global.tidb_gc_enable")
        #expect(off.columns[0].type == .long)
        #expect(fixture.cluster.mysqlTiDB.value("tikv_gc_enable") == "false")
        session.run("SET GLOBAL tidb_gc_enable=TRUE")
        #expect(try session.query("SELECT @@global.tidb_gc_enable").rows == [[.int(1)]])
        #expect(fixture.cluster.mysqlTiDB.value("tikv_gc_enable") == "true")
        // ON/OFF and 1/0 work too; another session sees the cluster-wide value.
        session.run("SET GLOBAL tidb_gc_enable = OFF")
        #expect(try fixture.session().scalar("SELECT @@tidb_gc_enable") == "0")
        session.run("SET GLOBAL tidb_gc_enable = 1")
        #expect(try session.scalar("SHOW GLOBAL VARIABLES LIKE 'tidb_gc_enable'") == "tidb_gc_enable")
        #expect(
            try session.query("SHOW GLOBAL VARIABLES LIKE 'tidb_gc_enable'").rows == [
                [.string("tidb_gc_enable"), .string("ON")]
            ]
        )
    }

    @Test func scopeAndTypeErrors() throws {
        let session = try EngineFixture().session()
        #expect(session.failure("SELECT @@nonexistent")?.code == 1193)
        #expect(session.failure("SELECT @@nonexistent")?.message == "Unknown system variable 'nonexistent'")
        #expect(
            session.failure("SET tidb_gc_enable=0")
                == MySQLError(
                    code: 1229,
                    sqlState: "HY000",
                    message: "Variable 'tidb_gc_enable' is a GLOBAL variable and should be set with SET GLOBAL"
                )
        )
        #expect(
            session.failure("SELECT @@session.tidb_gc_enable")
                == MySQLError(code: 1238, sqlState: "HY000", message: "Variable 'tidb_gc_enable' is a GLOBAL variable")
        )
        #expect(
            session.failure("SELECT @@global.tidb_current_ts")?.message
                == "Variable 'tidb_current_ts' is a SESSION variable"
        )
        #expect(
            session.failure("SET GLOBAL tidb_current_ts = 1")?.message
                == "Variable 'tidb_current_ts' is a read only variable"
        )
        #expect(session.failure("SET GLOBAL tidb_snapshot = ''")?.code == 1228)
        #expect(
            session.failure("SET GLOBAL tidb_gc_enable = 'maybe'")
                == MySQLError(
                    code: 1231,
                    sqlState: "42000",
                    message: "Variable 'tidb_gc_enable' can't be set to the value of 'maybe'"
                )
        )
        #expect(session.failure("SET GLOBAL tidb_gc_enable = 'true'")?.code == 1231)
        #expect(
            session.failure("SET GLOBAL tidb_gc_life_time = 'abc'")
                == MySQLError(
                    code: 1232,
                    sqlState: "42000",
                    message: "Incorrect argument type to variable 'tidb_gc_life_time'"
                )
        )
        #expect(session.failure("SET GLOBAL version = 'x'")?.code == 1238)
        #expect(session.failure("SET SESSION max_allowed_packet = 1024")?.code == 1621)
    }

    @Test func durationsAreClampedWithAWarning() throws {
        let fixture = EngineFixture()
        let session = try fixture.session()
        session.run("SET GLOBAL tidb_gc_life_time = '1m'")
        #expect(
            session.warnings.map(\.error) == [
                MySQLError(code: 1292, sqlState: "22007", message: "Truncated incorrect tidb_gc_life_time value: '1m'")
            ]
        )
        #expect(try session.scalar("SELECT @@global.tidb_gc_life_time") == "10m0s")
        session.run("SET GLOBAL tidb_gc_life_time = '90m'")
        #expect(try session.scalar("SELECT @@global.tidb_gc_life_time") == "1h30m0s")
        #expect(fixture.cluster.mysqlTiDB.value("tikv_gc_life_time") == "1h30m0s")
        let column = try session.query("SELECT @@global.tidb_gc_life_time").columns[0]
        #expect(column.type == .varString)
    }

    @Test func currentTSIsZeroOutsideAndTheStartTSInsideATransaction() throws {
        let session = try EngineFixture().session()
        #expect(try session.scalar("SELECT @@tidb_current_ts") == "0")
        #expect(try session.scalar("SELECT TIDB_CURRENT_TSO()") == "0")
        session.run("BEGIN")
        let start = try #require(try session.scalar("SELECT @@tidb_current_ts"))
        #expect(start != "0")
        #expect(try session.scalar("SELECT TIDB_CURRENT_TSO()") == start)
        #expect(try session.query("SELECT @@tidb_current_ts").columns[0].type == .varString)
        session.run("ROLLBACK")
        #expect(try session.scalar("SELECT TIDB_CURRENT_TSO()") == "0")
    }

    @Test func externalTimestampFollowsPDRules() throws {
        let fixture = EngineFixture()
        let session = try fixture.session()
        #expect(try session.scalar("SELECT @@global.tidb_external_ts") == "0")
        session.run("BEGIN; SET GLOBAL tidb_external_ts = @@tidb_current_ts")
        let start = try #require(try session.scalar("SELECT @@tidb_current_ts"))
        #expect(try session.scalar("SELECT @@global.tidb_external_ts") == start)
        #expect(try session.scalar("SELECT @@tidb_external_ts") == start)
        session.run("ROLLBACK")
        // Not larger than the current external ts.
        #expect(
            session.failure("SET GLOBAL tidb_external_ts = \(start)")
                == MySQLError(
                    code: 1105,
                    sqlState: "HY000",
                    message: "[pd]the external timestamp should be larger than current external timestamp"
                )
        )
        // Not larger than the global TSO.
        let future = TSO(physicalMilliseconds: fixture.clock.millisecondsSinceEpoch() + 60_000).rawValue
        #expect(
            session.failure("SET GLOBAL tidb_external_ts = \(future)")?.message
                == "[pd]the external timestamp should not be larger than global ts"
        )
        #expect(session.failure("SET GLOBAL tidb_external_ts = 'abc'")?.code == 1292)
        #expect(session.failure("SET tidb_external_ts = 1")?.code == 1229)
    }

    @Test func boolsAreIntegersOthersStrings() throws {
        let session = try EngineFixture().session()
        let result = try session.query("SELECT @@autocommit, @@max_allowed_packet, @@version, @@transaction_isolation")
        #expect(
            result.rows == [[.int(1), .uint(67_108_864), .string("8.0.11-TiDB-v8.5.8"), .string("REPEATABLE-READ")]]
        )
        #expect(result.columns.map(\.type) == [.long, .longLong, .varString, .varString])
        #expect(result.columns[1].flags.contains(.unsigned))
    }

    @Test func sessionValuesStartFromGlobalsAndStayTheirOwn() throws {
        let fixture = EngineFixture()
        let first = try fixture.session()
        first.run("SET GLOBAL tidb_txn_mode = 'optimistic'")
        let second = try fixture.session()
        #expect(try second.scalar("SELECT @@tidb_txn_mode") == "optimistic")
        #expect(try first.scalar("SELECT @@tidb_txn_mode") == "pessimistic")
        second.run("SET tidb_txn_mode = pessimistic")
        #expect(try second.scalar("SELECT @@session.tidb_txn_mode") == "pessimistic")
        #expect(try second.scalar("SELECT @@global.tidb_txn_mode") == "optimistic")
    }

    @Test func namesAndCollations() throws {
        let session = try EngineFixture().session()
        session.run("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_0900_ai_ci'")
        #expect(try session.scalar("SELECT @@collation_connection") == "utf8mb4_0900_ai_ci")
        #expect(session.failure("SET NAMES nosuch")?.code == 1115)
        #expect(session.failure("SET NAMES utf8mb4 COLLATE latin1_bin")?.code == 1253)
        #expect(session.failure("SET time_zone = 'Mars/Olympus'")?.code == 1298)
        session.run("SET time_zone = '+08:00'")
        #expect(try session.scalar("SELECT @@time_zone") == "+08:00")
    }

    @Test func sqlModeIsNormalised() throws {
        let session = try EngineFixture().session()
        session.run("SET sql_mode = 'ansi_quotes,,strict_trans_tables'")
        #expect(try session.scalar("SELECT @@sql_mode") == "ANSI_QUOTES,STRICT_TRANS_TABLES")
        #expect(
            session.failure("SET sql_mode = 'NOT_A_MODE'")?.message
                == "Variable 'sql_mode' can't be set to the value of 'NOT_A_MODE'"
        )
    }

    @Test func isolationLevelsTiDBRefuses() throws {
        let session = try EngineFixture().session()
        session.run("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        #expect(session.failure("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE")?.code == 8048)
        #expect(session.failure("SET TRANSACTION READ ONLY")?.code == 1235)
        session.run("SET tidb_enable_noop_functions = ON; SET TRANSACTION READ ONLY")
    }

    @Test func catalogMatchesTiDBsVariableCount() {
        // 457 declared variables and 447 MySQL-compatibility no-ops (docs/tidb/system-variables.md).
        #expect(SystemVariableDefinition.catalog.count == 904)
        #expect(Set(SystemVariableDefinition.catalog.map(\.name)).count == 904)
    }
}
