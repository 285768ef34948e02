import Foundation
import LoopbackPorts
import Testing
import TiDBClient

/// The library against mock-tidb and against a real MariaDB: the same expectations where the two
/// servers agree.
@Suite("TiDBClient against mock-tidb and MariaDB", .serialized)
struct ClientTests {
    static let createTypes = """
        CREATE TABLE ty (id INT PRIMARY KEY, ti TINYINT, si SMALLINT, i INT, bi BIGINT, bu BIGINT UNSIGNED,
        de DECIMAL(10,2), f FLOAT, d DOUBLE, c CHAR(5), vc VARCHAR(20), tx TEXT, bl BLOB, vb VARBINARY(8),
        dt DATE, dtt DATETIME(6), ts TIMESTAMP NULL, tm TIME(3), y YEAR, j JSON)
        """
    static let insertTypes = """
        INSERT INTO ty VALUES (1, -128, -32768, -2147483648, -9223372036854775808, 18446744073709551615,
        -12345678.91, 1.5, 2.25, 'ab', 'héllo', 'text', x'00ff', x'0102', '2026-11-21',
        '2026-11-21 15:04:05.123456', '2026-11-21 15:04:05', '-838:59:59.500', 2026, '{"a": 1}')
        """

    @Test(arguments: TestServer.allCases)
    func connectsAndIdentifiesTheServer(server: TestServer) async throws {
        try await server.run { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            let info = try await connection.serverInfo()
            #expect(info.isTiDB == (server == .mockTiDB))
            #expect(info.flavor == (server == .mockTiDB ? .tidb : .mariadb))
            #expect(try await connection.connectionID > 0)
            try await connection.ping()
            await connection.close()
            await #expect(throws: TiDBClientError.self) { try await connection.query("SELECT 1") }
        }
    }

    @Test(arguments: TestServer.allCases)
    func wrongPasswordIs1045(server: TestServer) async throws {
        try await server.run { configuration in
            var wrong = configuration
            (wrong.user, wrong.password) = ("dr", "not-the-password")
            await #expect {
                try await TiDBConnection.connect(wrong)
            } throws: { error in
                let error = error as! TiDBClientError
                return error.errno == 1045 && error.sqlState == "28000" && error.kind == .server
                    && error.message.contains("Access denied for user 'dr'")
            }
            var right = configuration
            (right.user, right.password) = ("dr", "secret")
            let connection = try await TiDBConnection.connect(right)
            #expect(try await connection.query("SELECT CURRENT_USER()").scalar(String.self).hasPrefix("dr@"))
            await connection.close()
        }
    }

    @Test func unreachableServerIsAConnectionError() async throws {
        try await withRefusingLoopbackPort { port in
            await #expect {
                try await TiDBConnection.connect(ConnectionConfiguration(port: port, connectTimeout: .seconds(2)))
            } throws: { error in
                let error = error as! TiDBClientError
                return error.kind == .connection && (error.errno == 2002 || error.errno == 2003)
            }
        }
    }

    @Test(arguments: TestServer.allCases)
    func everyColumnTypeAndNULL(server: TestServer) async throws {
        try await server.run { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            try await connection.query(Self.createTypes)
            try await connection.query(Self.insertTypes)
            try await connection.query("INSERT INTO ty (id) VALUES (2)")
            let text = try await connection.query("SELECT * FROM ty ORDER BY id")
            let statement = try await connection.prepare("SELECT * FROM ty WHERE id >= ? ORDER BY id")
            let binary = try await connection.execute(statement, [.int(1)])
            await connection.close(statement)
            for result in [text, binary] {
                #expect(result.rows.count == 2)
                try Self.checkTypedRow(result.rows[0])
                #expect(result.rows[1].values.dropFirst().allSatisfy { $0 == .null })
                #expect(try result.rows[1].decode(Int64?.self, column: "bi") == nil)
                #expect(result.columns.first { $0.name == "bu" }?.isUnsigned == true)
                #expect(result.columns.first { $0.name == "bl" }?.isBinary == true)
                #expect(result.columns.first { $0.name == "vc" }?.isBinary == false)
            }
            await connection.close()
        }
    }

    static func checkTypedRow(_ row: Row) throws {
        #expect(try row.decode(Int.self, column: "ti") == -128)
        #expect(try row.decode(Int32.self, column: "si") == -32768)
        #expect(try row.decode(Int64.self, column: "i") == -2_147_483_648)
        #expect(try row.decode(Int64.self, column: "bi") == .min)
        #expect(try row.decode(UInt64.self, column: "bu") == .max)
        #expect(row[column: "bu"] == .uint(.max))
        #expect(try row.decode(Decimal.self, column: "de") == Decimal(string: "-12345678.91"))
        #expect(try row.decode(Double.self, column: "f") == 1.5)
        #expect(try row.decode(Double.self, column: "d") == 2.25)
        #expect(try row.decode(String.self, column: "c") == "ab")
        #expect(try row.decode(String.self, column: "vc") == "héllo")
        #expect(try row.decode(String.self, column: "tx") == "text")
        #expect(try row.decode(Data.self, column: "bl") == Data([0x00, 0xFF]))
        #expect(try row.decode([UInt8].self, column: "vb") == [0x01, 0x02])
        let date = try row.decode(SQLTimestamp.self, column: "dt")
        #expect(date.description == "2026-11-21" && date.isDateOnly)
        let datetime = try row.decode(SQLTimestamp.self, column: "dtt")
        #expect(
            datetime
                == SQLTimestamp(year: 2026, month: 11, day: 21, hour: 15, minute: 4, second: 5, microsecond: 123_456)
        )
        #expect(try row.decode(Date.self, column: "dtt").timeIntervalSince1970 == 1_795_273_445.123456)
        #expect(try row.decode(SQLTimestamp.self, column: "ts").description == "2026-11-21 15:04:05")
        let time = try row.decode(SQLTime.self, column: "tm")
        #expect(time.isNegative && time.hours == 838 && time.minutes == 59 && time.microseconds == 500_000)
        #expect(try row.decode(Int.self, column: "y") == 2026)
        #expect(try row.decode(String.self, column: "j").replacingOccurrences(of: " ", with: "") == #"{"a":1}"#)
        #expect(throws: TiDBClientError.self) { try row.decode(Int.self, column: "vc") }
        #expect(throws: TiDBClientError.self) { try row.decode(Int.self, column: "no_such_column") }
    }

    @Test(arguments: TestServer.allCases)
    func preparedStatementsBindEveryType(server: TestServer) async throws {
        try await server.run { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            try await connection.query(Self.createTypes)
            let insert = try await connection.prepare(
                "INSERT INTO ty (id, bi, bu, de, d, vc, bl, dtt, tm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            #expect(insert.parameterCount == 9)
            let inserted = try await connection.execute(
                insert,
                [
                    .int(7), .int(-5), .uint(.max), .decimal(Decimal(string: "3.14")!), .double(0.5), .string("it's"),
                    .bytes([0, 1, 2]),
                    .timestamp(
                        SQLTimestamp(year: 2030, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 6)
                    ),
                    .time(SQLTime(isNegative: true, hours: 25, minutes: 0, seconds: 1)),
                ]
            )
            #expect(inserted.affectedRows == 1)
            try await connection.execute(insert, [.int(8), nil, nil, nil, nil, nil, nil, nil, nil])
            await #expect(throws: TiDBClientError.self) { try await connection.execute(insert, [.int(9)]) }
            let row = try #require(
                try await connection.execute("SELECT bi, bu, de, d, vc, bl, dtt, tm FROM ty WHERE id = ?", [.int(7)])
                    .rows.first
            )
            #expect(row.values[0] == .int(-5) && row.values[1] == .uint(.max))
            #expect(try row.decode(Decimal.self, at: 2) == Decimal(string: "3.14"))
            #expect(try row.decode(String.self, at: 4) == "it's")
            #expect(try row.decode([UInt8].self, at: 5) == [0, 1, 2])
            #expect(try row.decode(SQLTimestamp.self, at: 6).description == "2030-01-02 03:04:05.000006")
            #expect(try row.decode(SQLTime.self, at: 7).description == "-25:00:01")
            let nulls = try await connection.execute("SELECT bi, vc FROM ty WHERE id = ?", [.int(8)])
            #expect(nulls.rows.first?.values == [.null, .null])
            await connection.close()
        }
    }

    @Test(arguments: TestServer.allCases)
    func errorsCarryErrnoAndSQLState(server: TestServer) async throws {
        try await server.run { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            await #expect {
                try await connection.query("SELEC 1")
            } throws: { error in
                let error = error as! TiDBClientError
                return error.errno == 1064 && error.sqlState == "42000" && error.statement == "SELEC 1"
            }
            await #expect {
                try await connection.query("SELECT * FROM no_such_table")
            } throws: { error in
                let error = error as! TiDBClientError
                return error.errno == 1146 && error.sqlState == "42S02"
            }
            await #expect {
                try await connection.prepare("SELECT * FROM no_such_table WHERE a = ?")
            } throws: { error in (error as! TiDBClientError).errno == 1146 }
            // The connection still works after each.
            #expect(try await connection.query("SELECT 1 + 1").scalar(Int.self) == 2)
            await connection.close()
        }
    }

    @Test(arguments: TestServer.allCases)
    func transactionsCommitAndRollBack(server: TestServer) async throws {
        try await server.run { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            try await connection.query("CREATE TABLE account (id INT PRIMARY KEY, balance INT)")
            try await connection.withTransaction { connection in
                try connection.query("INSERT INTO account VALUES (1, 100)")
                #expect(try connection.isInTransaction)
            }
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await connection.withTransaction { connection in
                    try connection.query("UPDATE account SET balance = 0 WHERE id = 1")
                    throw Abort()
                }
            }
            #expect(try await !connection.isInTransaction)
            #expect(try await connection.query("SELECT balance FROM account WHERE id = 1").scalar(Int.self) == 100)
            let other = try await TiDBConnection.connect(configuration)
            #expect(try await other.query("SELECT COUNT(*) FROM account").scalar(Int.self) == 1)
            await other.close()
            await connection.close()
        }
    }

    @Test(arguments: TestServer.allCases)
    func multiResultQueries(server: TestServer) async throws {
        try await server.run { configuration in
            let connection = try await TiDBConnection.connect(configuration)
            let results = try await connection.queryAll(
                "SELECT 1 AS a; CREATE TABLE m (x INT); SELECT 'two' AS b, 3 AS c"
            )
            #expect(results.count == 3)
            #expect(try results[0].scalar(Int.self) == 1)
            #expect(results[1].columns.isEmpty)
            #expect(results[2].columns.map(\.name) == ["b", "c"])
            await #expect(throws: TiDBClientError.self) { try await connection.query("SELECT 1; SELECT 2") }
            await #expect {
                try await connection.queryAll("SELECT 1; SELECT * FROM nowhere; SELECT 3")
            } throws: { error in
                (error as! TiDBClientError).errno == 1146 && (error as! TiDBClientError).message.contains("statement 2")
            }
            #expect(try await connection.query("SELECT 4").scalar(Int.self) == 4)
            await connection.close()
        }
    }

    /// A connection the server kills while it waits reports an error and does not hang.
    @Test(arguments: TestServer.allCases)
    func killedMidQueryReportsAnError(server: TestServer) async throws {
        try await server.run { configuration in
            let holder = try await TiDBConnection.connect(configuration)
            let waiter = try await TiDBConnection.connect(configuration)
            let killer = try await TiDBConnection.connect(configuration)
            try await holder.query("CREATE TABLE k (id INT PRIMARY KEY)")
            try await holder.query("INSERT INTO k VALUES (1)")
            try await holder.query("BEGIN")
            try await holder.query("SELECT * FROM k WHERE id = 1 FOR UPDATE")
            let waiterID = try await waiter.connectionID
            let waited = Task {
                try await waiter.withTransaction { connection in
                    try connection.query("SELECT * FROM k WHERE id = 1 FOR UPDATE")
                }
            }
            // Wait until the server shows the statement waiting, then kill its connection.
            for _ in 0..<200 {
                let list = try await killer.query("SHOW FULL PROCESSLIST")
                let waiting = list.rows.contains { row in
                    (try? row.decode(UInt64.self, column: "Id")) == waiterID
                        && ((try? row.decode(String?.self, column: "Info")) ?? nil)?.contains("FOR UPDATE") == true
                }
                if waiting { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await killer.query("KILL \(waiterID)")
            await #expect {
                _ = try await waited.value
            } throws: { error in
                guard let error = error as? TiDBClientError else { return false }
                return error.kind == .connection || error.errno == 1317 || error.errno == 1927
            }
            try await holder.query("ROLLBACK")
            for connection in [holder, waiter, killer] { await connection.close() }
        }
    }

    @Test func tlsRequiredAgainstAPlaintextServerFails() async throws {
        try await withMockTiDB { configuration in
            var required = configuration
            required.tls = .required
            await #expect {
                try await TiDBConnection.connect(required)
            } throws: { error in
                (error as! TiDBClientError).kind == .connection
            }
            var preferred = configuration
            preferred.tls = .preferred
            let connection = try await TiDBConnection.connect(preferred)
            #expect(try await connection.query("SELECT 1").scalar(Int.self) == 1)
            await connection.close()
        }
    }
}
