import CMariaDB
import Foundation
import MockTiDBServer
import Synchronization
import Testing
import TiDBEngine

/// The server against libmariadb (MariaDB Connector/C), the C client most tools embed.
@Suite struct LibMariaDBTests {
    @Test func seedStatementsThroughLibMariaDB() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (version, gc, tso, master, external, now) = try await blocking {
                let client = try MariaDBTestClient(port: port)
                let off = try client.query("SET GLOBAL tidb_gc_enable=FALSE; SELECT @@global.tidb_gc_enable;")
                let tso = try client.query("BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK;")
                let master = try client.query("show master status;")
                let external = try client.query(
                    "BEGIN; SET GLOBAL tidb_external_ts = @@tidb_current_ts; SELECT @@global.tidb_external_ts, @@tidb_current_ts; ROLLBACK"
                )
                return (client.serverVersion, off, tso, master, external, Date())
            }
            #expect(version == "8.0.11-TiDB-v8.5.8")
            #expect(gc.count == 2)
            #expect(gc[1].rows == [["0"]])
            #expect(gc[1].columns[0].name == "@@global.tidb_gc_enable")
            #expect(gc[1].columns[0].type == MYSQL_TYPE_LONG.rawValue)

            #expect(tso.count == 3)
            #expect(tso[1].columns[0].name == "TIDB_CURRENT_TSO()")
            #expect(tso[1].columns[0].type == MYSQL_TYPE_LONGLONG.rawValue)
            let value = try #require(tso[1].rows.first?.first.flatMap { $0 }.flatMap(UInt64.init))
            let physicalSeconds = Double(value >> 18) / 1000
            #expect(abs(physicalSeconds - now.timeIntervalSince1970) < 2)

            #expect(
                master[0].columns.map(\.name) == [
                    "File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set",
                ]
            )
            #expect(master[0].rows.first?.first == "tidb-binlog")
            #expect(UInt64(master[0].rows.first?[1] ?? "") ?? 0 > value)

            let row = try #require(external[2].rows.first)
            #expect(row[0] == row[1])
            #expect(row[0] != "0")
        }
    }

    @Test func columnMetadataAndTypes() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let result = try await blocking {
                try MariaDBTestClient(port: port).query(
                    "SELECT 1, 'abc', NULL, 1.5, @@version, @@max_allowed_packet, NOW()"
                )[0]
            }
            #expect(result.rows == [["1", "abc", nil, "1.5", "8.0.11-TiDB-v8.5.8", "67108864", result.rows[0][6]]])
            #expect(
                result.columns.map(\.type)
                    == [
                        MYSQL_TYPE_LONGLONG, MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_NULL, MYSQL_TYPE_NEWDECIMAL,
                        MYSQL_TYPE_VAR_STRING,
                        MYSQL_TYPE_LONGLONG, MYSQL_TYPE_DATETIME,
                    ].map(\.rawValue)
            )
            #expect(result.columns[1].charset == 46)
            #expect(result.columns[0].charset == 63)
            #expect(result.columns[5].flags & UInt32(UNSIGNED_FLAG) != 0)
        }
    }

    @Test func wrongPasswordIs1045() async throws {
        try await withServer(users: [UserAccount(name: "dr", password: "secret")]) { endpoints in
            let port = endpoints.sqlPort
            let failure = try await blocking { () -> MariaDBTestClient.Failure? in
                do {
                    _ = try MariaDBTestClient(port: port, user: "dr", password: "wrong")
                    return nil
                } catch let error as MariaDBTestClient.Failure {
                    return error
                }
            }
            #expect(
                failure
                    == .init(
                        code: 1045,
                        sqlState: "28000",
                        message: "Access denied for user 'dr'@'127.0.0.1' (using password: YES)"
                    )
            )
            let user = try await blocking {
                try MariaDBTestClient(port: port, user: "dr", password: "secret").scalar("SELECT CURRENT_USER()")
            }
            #expect(user == "dr@%")
        }
    }

    @Test func errorsKeepTheConnectionUsable() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let outcomes = try await blocking { () -> [String] in
                let client = try MariaDBTestClient(port: port)
                var seen: [String] = []
                for sql in [
                    "SELECT @@nonexistent", "SET tidb_gc_enable=0", "SELECT @@session.tidb_gc_enable", "SELEC 1",
                    "CREATE TABLE t (a int)", "CREATE PLACEMENT POLICY p",
                ] {
                    do {
                        _ = try client.query(sql)
                        seen.append("ok")
                    } catch let error as MariaDBTestClient.Failure {
                        seen.append("\(error.code) \(error.sqlState) \(error.message)")
                    }
                    seen.append(try client.scalar("SELECT 1") ?? "")
                }
                return seen
            }
            #expect(
                outcomes == [
                    "1193 HY000 Unknown system variable 'nonexistent'", "1",
                    "1229 HY000 Variable 'tidb_gc_enable' is a GLOBAL variable and should be set with SET GLOBAL", "1",
                    "1238 HY000 Variable 'tidb_gc_enable' is a GLOBAL variable", "1",
                    "1064 42000 You have an error in your SQL syntax; check the manual that corresponds to your TiDB version for the right syntax to use line 1 column 5 near \"SELEC 1\" ",
                    "1",
                    "1046 3D000 No database selected", "1",
                    "1235 42000 This version of TiDB doesn't yet support 'CREATE PLACEMENT'", "1",
                ]
            )
        }
    }

    @Test func commandsThatPoolsAndToolsSend() async throws {
        try await withServer(users: [
            UserAccount(name: "root", password: ""), UserAccount(name: "dr", password: "secret"),
        ]) { endpoints in
            let port = endpoints.sqlPort
            let (database, stats, afterReset, user, multiOff, unknownDB) = try await blocking {
                let client = try MariaDBTestClient(port: port)
                try client.ping()
                try client.selectDatabase("test")
                let database = try client.scalar("SELECT DATABASE()")
                let stats = client.statistics()
                _ = try client.query("SET @x = 1")
                try client.resetConnection()
                let afterReset = try client.scalar("SELECT @x")
                try client.changeUser("dr", password: "secret", database: "test")
                let user = try client.scalar("SELECT CONCAT(CURRENT_USER(), ' ', DATABASE())")
                try client.setMultiStatements(false)
                var multiOff = ""
                do { _ = try client.query("SELECT 1; SELECT 2") } catch let error as MariaDBTestClient.Failure {
                    multiOff = "\(error.code)"
                }
                try client.setMultiStatements(true)
                var unknownDB = ""
                do { try client.selectDatabase("nope") } catch let error as MariaDBTestClient.Failure {
                    unknownDB = "\(error.code) \(error.message)"
                }
                return (database, stats, afterReset, user, multiOff, unknownDB)
            }
            #expect(database == "test")
            #expect(stats.hasPrefix("Uptime: "))
            #expect(
                stats.contains(
                    "  Threads: 0  Questions: 0  Slow queries: 0  Opens: 0  Flush tables: 0  Open tables: 0  Queries per second avg: 0.000"
                )
            )
            #expect(afterReset == nil)
            #expect(user == "dr@% test")
            #expect(multiOff == "8130")
            #expect(unknownDB == "1049 Unknown database 'nope'")
        }
    }

    @Test func unknownDatabaseAtLoginIs1049() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let failure = try await blocking { () -> UInt32 in
                do {
                    _ = try MariaDBTestClient(port: port, database: "sbtest")
                    return 0
                } catch let error as MariaDBTestClient.Failure {
                    return error.code
                }
            }
            #expect(failure == 1049)
        }
    }

    /// 8 connections × 2,000 `BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK`: strictly increasing per
    /// connection, all distinct.
    @Test func concurrentTransactionsSeeDistinctIncreasingTSOs() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let perConnection = 2000
            let results = try await withThrowingTaskGroup(of: [UInt64].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await blocking {
                            let client = try MariaDBTestClient(port: port)
                            var values: [UInt64] = []
                            values.reserveCapacity(perConnection)
                            for _ in 0..<perConnection {
                                let results = try client.query("BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK")
                                values.append(UInt64(results[1].rows[0][0] ?? "") ?? 0)
                            }
                            return values
                        }
                    }
                }
                var all: [[UInt64]] = []
                for try await values in group { all.append(values) }
                return all
            }
            #expect(results.count == 8)
            for values in results {
                #expect(values.count == perConnection)
                #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
                #expect(values.allSatisfy { $0 > 0 })
            }
            #expect(Set(results.joined()).count == 8 * perConnection)
        }
    }

    @Test func largeQueryAndResultRoundTrip() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let size = 20 << 20
            let length = try await blocking { () -> Int in
                let client = try MariaDBTestClient(port: port)
                return (try client.scalar("SELECT '" + String(repeating: "x", count: size) + "'"))?.count ?? 0
            }
            #expect(length == size)
        }
    }
}
