import MySQLTypes
import Synchronization
import Testing

@testable import TiDBEngine

@Suite struct SessionTests {
    @Test func selectWithoutFromNamesAndTypesColumnsAsTiDB() throws {
        let session = try EngineFixture().session()
        let result = try session.query(
            "SELECT 1, -1, 18446744073709551615, 1.5, 1e3, 'abc', NULL, 1+1, 5/2, 1=1, 'a' AS x,  1 + 1 "
        )
        #expect(
            result.columns.map(\.name) == [
                "1", "-1", "18446744073709551615", "1.5", "1e3", "abc", "NULL", "1+1", "5/2", "1=1", "x", "1 + 1",
            ]
        )
        #expect(
            result.rows[0].map(\.text) == [
                "1", "-1", "18446744073709551615", "1.5", "1000", "abc", nil, "2", "2.5000", "1", "a", "2",
            ]
        )
        let types = result.columns.map { ($0.type, $0.length, $0.decimals, $0.flags.rawValue, $0.characterSet) }
        #expect(types[0] == (.longLong, 1, 0, 129, 63))
        #expect(types[1] == (.longLong, 2, 0, 129, 63))
        #expect(types[2] == (.longLong, 20, 0, 161, 63))
        #expect(types[3] == (.newDecimal, 5, 1, 129, 63))
        #expect(types[4] == (.double, 4, 31, 129, 63))
        #expect(types[5] == (.varString, 12, 31, 1, 46))
        #expect(types[6] == (.null, 0, 0, 128, 63))
        #expect(types[7] == (.longLong, 20, 0, 129, 63))
        #expect(types[8] == (.newDecimal, 7, 4, 129, 63))
        #expect(types[9] == (.longLong, 1, 0, 129, 63))
    }

    @Test func informationFunctions() throws {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        let result = try session.query(
            "SELECT VERSION(), DATABASE(), USER(), CURRENT_USER(), CONNECTION_ID(), UNIX_TIMESTAMP(), NOW(), NOW(3)"
        )
        let row = result.rows[0].map(\.text)
        #expect(row[0] == "8.0.11-TiDB-v8.5.8")
        #expect(row[1] == "test")
        #expect(row[2] == "root@127.0.0.1")
        #expect(row[3] == "root@%")
        #expect(row[4] == String(session.connectionID))
        #expect(row[5] == "1726740646")
        #expect(row[6] == "2024-09-19 10:10:46")
        #expect(row[7] == "2024-09-19 10:10:46.963")
        #expect(result.columns[4].flags.contains(.unsigned))
        #expect(result.columns[6].type == .datetime)
        #expect(result.columns[7].decimals == 3)
        #expect(session.connectionID == 2_097_154)  // TiDB's first 32-bit global connection id
        #expect(
            try session.scalar("SELECT TIDB_VERSION()")?.hasPrefix(
                "Release Version: v8.5.8\nEdition: Community\nGit Commit Hash: "
            ) == true
        )
    }

    @Test func tsoFunctions() throws {
        let session = try EngineFixture().session()
        #expect(try session.scalar("SELECT TIDB_PARSE_TSO(452654700157468673)") == "2024-09-19 10:10:46.963000")
        #expect(try session.scalar("SELECT TIDB_PARSE_TSO_LOGICAL(452654700157468673)") == "1")
        #expect(try session.scalar("SELECT TIDB_PARSE_TSO(0)") == nil)
        session.run("SET time_zone = '+08:00'")
        #expect(try session.scalar("SELECT TIDB_PARSE_TSO(452654700157468673)") == "2024-09-19 18:10:46.963000")
        #expect(
            session.failure("SELECT TIDB_CURRENT_TSO(1)")
                == MySQLError(
                    code: 1582,
                    sqlState: "42000",
                    message: "Incorrect parameter count in the call to native function 'tidb_current_tso'"
                )
        )
    }

    @Test func userVariables() throws {
        let session = try EngineFixture().session()
        session.run("SET @a = 5, @b := 'x'")
        #expect(try session.query("SELECT @a, @b, @c").rows == [[.int(5), .string("x"), .null]])
        #expect(try session.scalar("SELECT @a := @a + 1") == "6")
        #expect(try session.scalar("SELECT @A") == "6")
    }

    @Test func errorsForUnknownNames() throws {
        let session = try EngineFixture().session()
        #expect(session.failure("SELECT foo()")?.code == 1046)
        session.run("USE test")
        #expect(
            session.failure("SELECT foo()")
                == MySQLError(code: 1305, sqlState: "42000", message: "FUNCTION test.foo does not exist")
        )
        #expect(
            session.failure("SELECT x")
                == MySQLError(code: 1054, sqlState: "42S22", message: "Unknown column 'x' in 'field list'")
        )
        #expect(session.failure("SELECT UUID_SHORT()")?.code == 1235)
        #expect(
            session.failure("CREATE PLACEMENT POLICY p")
                == MySQLError(
                    code: 1235,
                    sqlState: "42000",
                    message: "This version of TiDB doesn't yet support 'CREATE PLACEMENT'"
                )
        )
        #expect(
            session.failure("CREATE TABLE c (id INT, p INT, CONSTRAINT fk FOREIGN KEY (p) REFERENCES x (id))")
                == MySQLError(code: 1824, sqlState: "HY000", message: "Failed to open the referenced table 'x'")
        )
        #expect(session.failure("SELECT * FROM c")?.message == "Table 'test.c' doesn't exist")
        #expect(session.failure("SELECT * FROM t")?.message == "Table 'test.t' doesn't exist")
        #expect(
            session.failure("USE nope") == MySQLError(code: 1049, sqlState: "42000", message: "Unknown database 'nope'")
        )
        #expect(session.failure("SELEC 1")?.code == 1064)
        // The session works on after every error.
        #expect(try session.scalar("SELECT 1") == "1")
    }

    @Test func transactionsAndMasterStatus() throws {
        let session = try EngineFixture().session()
        #expect(session.status == .autocommit)
        let first = try session.query("SHOW MASTER STATUS")
        #expect(
            first.columns.map(\.name) == ["File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set"]
        )
        #expect(first.rows[0][0] == .string("tidb-binlog"))
        guard case .int(let position) = first.rows[0][1] else { throw TestFailure() }
        guard case .int(let second) = try session.query("SHOW BINARY LOG STATUS").rows[0][1] else {
            throw TestFailure()
        }
        #expect(second > position)  // a fresh TSO per autocommit statement

        session.run("BEGIN")
        #expect(session.status == [.autocommit, .inTransaction])
        let start = try session.query("SHOW MASTER STATUS").rows[0][1]
        #expect(try session.query("SHOW MASTER STATUS").rows[0][1] == start)
        #expect(try session.query("SELECT TIDB_CURRENT_TSO()").rows[0][0] == start)
        session.run("COMMIT")
        #expect(session.status == .autocommit)
    }

    @Test func autocommitOffStartsTransactionsLazily() throws {
        let session = try EngineFixture().session()
        session.run("SET autocommit = 0")
        #expect(session.status == [])
        #expect(try session.scalar("SELECT @@tidb_current_ts") == "0")  // SELECT without a table: no txn
        let position = try session.query("SHOW MASTER STATUS").rows[0][1]
        #expect(session.status == .inTransaction)
        #expect(try session.query("SELECT TIDB_CURRENT_TSO()").rows[0][0] == position)
        session.run("SET autocommit = 1")  // commits
        #expect(session.status == .autocommit)
        #expect(try session.scalar("SELECT @@autocommit") == "1")
    }

    @Test func readOnlyTransactionsNeedNoopFunctions() throws {
        let session = try EngineFixture().session()
        #expect(
            session.failure("START TRANSACTION READ ONLY")?.message
                == "function READ ONLY has only noop implementation in tidb now, use tidb_enable_noop_functions to enable these functions"
        )
        session.run("SET tidb_enable_noop_functions = ON; START TRANSACTION READ ONLY")
        #expect(session.status.contains(.inTransaction))
        session.run("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE; ROLLBACK")
    }

    @Test func mysqlTiDBTableHoldsGCRows() throws {
        let session = try EngineFixture().session()
        let result = try session.query(
            "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME LIKE 'tikv_gc%' ORDER BY VARIABLE_NAME"
        )
        let names = result.rows.compactMap { $0[0].text }
        #expect(names.contains("tikv_gc_safe_point"))
        #expect(names == names.sorted())
        #expect(
            try session.scalar("SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME = 'tikv_gc_life_time'")
                == "10m0s"
        )
        // The safe point is life time before the first GC run (at start), in TiDB's format.
        #expect(
            try session.scalar("SELECT variable_value FROM mysql.tidb WHERE variable_name = 'tikv_gc_safe_point'")
                == "20240919-10:00:46.963 +0000"
        )
        let star = try session.query("SELECT * FROM mysql.tidb LIMIT 1")
        #expect(star.columns.map(\.name) == ["VARIABLE_NAME", "VARIABLE_VALUE", "COMMENT"])
        #expect(star.rows == [[.string("bootstrapped"), .string("True"), .string("Bootstrap flag. Do not delete.")]])
        #expect(star.columns[0].table == "tidb")
        #expect(star.columns[0].schema == "mysql")
    }

    @Test func snapshotBelowTheSafePointIsRefused() throws {
        let fixture = EngineFixture()
        let session = try fixture.session()
        let old = TSO(physicalMilliseconds: fixture.clock.millisecondsSinceEpoch() - 3_600_000).rawValue
        #expect(session.failure("SET tidb_snapshot = '\(old)'")?.code == 8055)
        let recent = TSO(physicalMilliseconds: fixture.clock.millisecondsSinceEpoch() - 60_000).rawValue
        session.run("SET tidb_snapshot = '\(recent)'")
        #expect(try session.scalar("SELECT @@tidb_snapshot") == String(recent))
        let future = TSO(physicalMilliseconds: fixture.clock.millisecondsSinceEpoch() + 3_600_000).rawValue
        #expect(
            session.failure("SET tidb_snapshot = '\(future)'")?.message.hasPrefix(
                "cannot set read timestamp to a future time"
            ) == true
        )
    }

    @Test func gcRunsOnlyWhenEnabledAndRespectsServiceSafePoints() throws {
        let fixture = EngineFixture()
        let worker = GCWorker(cluster: fixture.cluster, hostName: "test")
        let start = fixture.cluster.pd.gcSafePoint
        fixture.clock.advance(byMilliseconds: 5 * 60_000)
        // The interval has not elapsed.
        #expect(worker.runIfDue(nowMicroseconds: fixture.clock.microsecondsSinceEpoch()) == nil)
        fixture.clock.advance(byMilliseconds: 6 * 60_000)
        let session = try fixture.session()
        session.run("SET GLOBAL tidb_gc_enable = OFF")
        #expect(worker.runIfDue(nowMicroseconds: fixture.clock.microsecondsSinceEpoch()) == nil)
        #expect(fixture.cluster.pd.gcSafePoint == start)
        session.run("SET GLOBAL tidb_gc_enable = ON")
        let held = TSO(physicalMilliseconds: start.physical + 30_000)
        fixture.cluster.pd.updateServiceSafePoint(service: "br-test", safePoint: held, expiresAtMicroseconds: .max)
        #expect(worker.runIfDue(nowMicroseconds: fixture.clock.microsecondsSinceEpoch()) == held)
        fixture.cluster.pd.removeServiceSafePoint(service: "br-test")
        fixture.clock.advance(byMilliseconds: 11 * 60_000)
        let moved = try #require(worker.runIfDue(nowMicroseconds: fixture.clock.microsecondsSinceEpoch()))
        #expect(moved.physical == fixture.clock.millisecondsSinceEpoch() - 10 * 60_000)
    }

    @Test func showVariablesDatabasesStatusWarnings() throws {
        let session = try EngineFixture().session()
        let gc = try session.query("SHOW VARIABLES LIKE 'TIDB_GC%'")
        #expect(
            gc.rows.map { $0[0].text } == [
                "tidb_gc_concurrency", "tidb_gc_enable", "tidb_gc_life_time", "tidb_gc_max_wait_time",
                "tidb_gc_run_interval", "tidb_gc_scan_lock_mode",
            ]
        )
        #expect(gc.rows[1][1] == .string("ON"))
        #expect(
            try session.query("SHOW VARIABLES WHERE Variable_name = 'autocommit'").rows == [
                [.string("autocommit"), .string("ON")]
            ]
        )
        #expect(try session.query("SHOW GLOBAL VARIABLES LIKE 'tidb_current_ts'").rows.isEmpty)
        #expect(try session.query("SHOW SESSION VARIABLES LIKE 'tidb_current_ts'").rows.count == 1)

        let databases = try session.query("SHOW DATABASES")
        #expect(
            databases.rows.map { $0[0].text } == [
                "INFORMATION_SCHEMA", "METRICS_SCHEMA", "PERFORMANCE_SCHEMA", "mysql", "sys", "test",
            ]
        )
        let like = try session.query("SHOW DATABASES LIKE 'T%'")
        #expect(like.columns[0].name == "Database (T%)")
        #expect(like.rows == [[.string("test")]])

        let status = try session.query("SHOW STATUS LIKE 'tidb_gc%'")
        #expect(
            status.rows.map { $0[0].text } == [
                "tidb_gc_last_run_time", "tidb_gc_leader_desc", "tidb_gc_leader_lease", "tidb_gc_leader_uuid",
                "tidb_gc_safe_point",
            ]
        )
        #expect(try session.query("SHOW GLOBAL STATUS LIKE 'Compression'").rows.isEmpty)
        #expect(try session.query("SHOW STATUS LIKE 'Uptime'").rows.count == 1)

        session.run("SET GLOBAL tidb_gc_life_time = '1m'")
        let warnings = try session.query("SHOW WARNINGS")
        #expect(warnings.columns.map(\.name) == ["Level", "Code", "Message"])
        #expect(
            warnings.rows == [
                [.string("Warning"), .int(1292), .string("Truncated incorrect tidb_gc_life_time value: '1m'")]
            ]
        )
        #expect(try session.query("SHOW WARNINGS").rows.count == 1)  // SHOW WARNINGS keeps the list
        #expect(try session.scalar("SELECT @@warning_count") == "1")
        #expect(try session.scalar("SELECT @@warning_count") == "0")
        _ = session.failure("SELECT @@nope")
        #expect(
            try session.query("SHOW ERRORS").rows == [
                [.string("Error"), .int(1193), .string("Unknown system variable 'nope'")]
            ]
        )
        _ = session.failure("SELECT @@nope")
        #expect(try session.query("SHOW COUNT(*) ERRORS").rows == [[.int(1)]])
    }

    @Test func multiStatementsNeedTheCapability() throws {
        let session = try EngineFixture().session()
        let refused = session.execute("SELECT 1; SELECT 2", multiStatementsAllowed: false).outcomes
        #expect(refused.count == 1)
        #expect(refused[0].error?.code == 8130)
        let ran = session.execute("SELECT 1; SELECT @@nope; SELECT 3", multiStatementsAllowed: true).outcomes
        #expect(ran.count == 2)
        #expect(ran[1].error?.code == 1193)
        session.run("SET GLOBAL tidb_multi_statement_mode = 'ON'")
        #expect(
            try EngineFixture().session().execute("SELECT 1; SELECT 2", multiStatementsAllowed: false).outcomes.count
                == 1
        )
        #expect(session.execute("SELECT 1; SELECT 2", multiStatementsAllowed: false).outcomes.count == 2)
        let empty = session.execute("  ;  ", multiStatementsAllowed: false).outcomes
        #expect(
            empty == [
                StatementOutcome(
                    result: .ok(affectedRows: 0, lastInsertID: 0, info: ""),
                    status: .autocommit,
                    warningCount: 0
                )
            ]
        )
    }

    @Test func killClosesOrInterruptsTheTarget() throws {
        let fixture = EngineFixture()
        let killed = Mutex(false)
        let victim = try fixture.session(onKill: { killed.withLock { $0 = true } })
        let killer = try fixture.session()
        killer.run("KILL QUERY \(victim.connectionID)")
        #expect(!killed.withLock { $0 })
        killer.run("KILL TIDB \(victim.connectionID)")
        #expect(killed.withLock { $0 })
        killer.run("KILL 999999")  // unknown ids are not an error in TiDB
        let processes = try killer.query("SHOW PROCESSLIST")
        #expect(processes.rows.count == 2)
        #expect(processes.columns.map(\.name) == ["Id", "User", "Host", "db", "Command", "Time", "State", "Info"])
    }

    @Test func resetAndChangeUser() throws {
        let fixture = EngineFixture(users: [
            UserAccount(name: "root", password: ""), UserAccount(name: "dr", password: "secret"),
        ])
        let session = try fixture.session(database: "test")
        session.run("SET @a = 1; SET autocommit = 0; BEGIN")
        session.resetState()
        #expect(try session.scalar("SELECT @a") == nil)
        #expect(session.status == .autocommit)
        #expect(session.currentDatabase == "test")
        let account = try #require(fixture.cluster.users.match(user: "dr", host: "127.0.0.1"))
        try session.changeUser(to: account, user: "dr", database: nil)
        #expect(try session.scalar("SELECT CURRENT_USER()") == "dr@%")
    }
}

@Suite struct SQLModeParsingTests {
    @Test func ansiQuotesChangesHowARepeatedTextParses() throws {
        let session = try EngineFixture().session()
        #expect(try session.scalar(#"SELECT "autocommit""#) == "autocommit")
        session.run("SET sql_mode = 'ANSI_QUOTES'")
        // Now "autocommit" is an identifier: a column that does not exist.
        #expect(session.failure(#"SELECT "autocommit""#)?.code == 1054)
        session.run("SET sql_mode = ''")
        #expect(try session.scalar(#"SELECT 'a\nb'"#) == "a\nb")
        session.run("SET sql_mode = 'NO_BACKSLASH_ESCAPES'")
        #expect(try session.scalar(#"SELECT 'a\nb'"#) == #"a\nb"#)
        #expect(session.status.contains(.noBackslashEscapes))
    }
}
