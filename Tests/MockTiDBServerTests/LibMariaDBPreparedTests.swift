import CMariaDB
import Testing
import TiDBEngine

/// Server-side prepared statements through libmariadb's `mysql_stmt_*` API.
@Suite struct LibMariaDBPreparedTests {
    typealias Cell = MariaDBPreparedStatement.Cell

    @Test func everyParameterTypeRoundTripsThroughATable() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (insert, result) = try await blocking {
                () -> (MariaDBPreparedStatement.Result, MariaDBPreparedStatement.Result) in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query(
                    """
                    CREATE TABLE rt (id INT PRIMARY KEY, big BIGINT UNSIGNED, d DOUBLE, amount DECIMAL(10,3),
                    s VARCHAR(20), b BLOB, day DATE, ts DATETIME(6), n INT)
                    """
                )
                let insert = try MariaDBPreparedStatement(
                    client: client,
                    sql: "INSERT INTO rt VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                )
                #expect(insert.parameterCount == 9)
                #expect(insert.fieldCount == 0)
                let inserted = try insert.execute([
                    .int(-7), .unsigned(UInt64.max), .double(2.5), .text("123.456", type: MYSQL_TYPE_NEWDECIMAL),
                    .text("héllo"), .blob([0, 1, 2, 255]), .date(year: 2024, month: 2, day: 29),
                    .datetime(year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 58, microsecond: 123_456),
                    .null,
                ])
                // Executed again with other values (libmariadb sends the types only once).
                _ = try insert.execute([
                    .int(8), .unsigned(0), .double(-0.125), .text("-1", type: MYSQL_TYPE_NEWDECIMAL), .text(""),
                    .blob([]), .date(year: 1999, month: 1, day: 1),
                    .datetime(year: 2000, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 0), .int(42),
                ])
                let select = try MariaDBPreparedStatement(
                    client: client,
                    sql: "SELECT id, big, d, amount, s, b, day, ts, n FROM rt WHERE id >= ? ORDER BY id"
                )
                #expect(select.fieldCount == 9)
                return (inserted, try select.execute([.int(-100)]))
            }
            #expect(insert.affectedRows == 1)
            #expect(
                result.columns.map(\.type)
                    == [
                        MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_DOUBLE, MYSQL_TYPE_NEWDECIMAL,
                        MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_BLOB, MYSQL_TYPE_DATE, MYSQL_TYPE_DATETIME, MYSQL_TYPE_LONG,
                    ].map(\.rawValue)
            )
            #expect(result.columns[1].flags & UInt32(UNSIGNED_FLAG) != 0)
            #expect(
                result.rows == [
                    [
                        .int(-7), .unsigned(UInt64.max), .double(2.5), .text("123.456"), .text("héllo"),
                        .bytes([0, 1, 2, 255]),
                        .time(year: 2024, month: 2, day: 29, hour: 0, minute: 0, second: 0, microsecond: 0),
                        .time(year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 58, microsecond: 123_456),
                        .null,
                    ],
                    [
                        .int(8), .unsigned(0), .double(-0.125), .text("-1.000"), .text(""), .bytes([]),
                        .time(year: 1999, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0),
                        .time(year: 2000, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 0), .int(42),
                    ],
                ]
            )
        }
    }

    @Test func expressionsOverParameters() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let row = try await blocking {
                let client = try MariaDBTestClient(port: port)
                let statement = try MariaDBPreparedStatement(client: client, sql: "SELECT ? + 1, CONCAT(?, 'x'), ?")
                return try statement.execute([.int(41), .text("a"), .null]).rows.first
            }
            #expect(row == [.int(42), .text("ax"), .null])
        }
    }

    @Test func badPrepareKeepsTheConnection() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (failures, value) = try await blocking { () -> ([MariaDBTestClient.Failure], [[Cell]]) in
                let client = try MariaDBTestClient(port: port)
                var failures: [MariaDBTestClient.Failure] = []
                for sql in ["SELEC 1", "SELECT 1; SELECT 2"] {
                    do throws(MariaDBTestClient.Failure) {
                        _ = try MariaDBPreparedStatement(client: client, sql: sql)
                    } catch {
                        failures.append(error)
                    }
                }
                let statement = try MariaDBPreparedStatement(client: client, sql: "SELECT 1")
                return (failures, try statement.execute([]).rows)
            }
            #expect(failures.map(\.code) == [1064, 8123])
            #expect(value == [[.int(1)]])
        }
    }

    @Test func unknownStatementIDIs1243() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (failure, after) = try await blocking { () -> (MariaDBTestClient.Failure?, String?) in
                let client = try MariaDBTestClient(port: port)
                let statement = try MariaDBPreparedStatement(client: client, sql: "SELECT 1")
                statement.useStatementID(4242)
                var failure: MariaDBTestClient.Failure?
                do throws(MariaDBTestClient.Failure) {
                    _ = try statement.execute([])
                } catch {
                    failure = error
                }
                return (failure, try client.scalar("SELECT 'still here'"))
            }
            #expect(
                failure
                    == .init(
                        code: 1243,
                        sqlState: "HY000",
                        message: "Unknown prepared statement handler (4242) given to stmt_execute"
                    )
            )
            #expect(after == "still here")
        }
    }

    @Test func longDataIsGatheredAndResetClearsIt() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let chunk = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let rows = try await blocking { () -> [[Cell]] in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query("CREATE TABLE docs (id INT PRIMARY KEY, body LONGBLOB, title VARCHAR(100))")
                let insert = try MariaDBPreparedStatement(client: client, sql: "INSERT INTO docs VALUES (?, ?, ?)")
                try insert.bind([.int(1), .longData(MYSQL_TYPE_BLOB), .longData(MYSQL_TYPE_STRING)])
                try insert.sendLongData(parameter: 1, chunk)
                try insert.sendLongData(parameter: 1, chunk)
                try insert.sendLongData(parameter: 2, Array("long ".utf8))
                try insert.sendLongData(parameter: 2, Array("title".utf8))
                _ = try insert.execute()

                try insert.bind([.int(2), .longData(MYSQL_TYPE_BLOB), .text("second")])
                try insert.sendLongData(parameter: 1, Array("discarded".utf8))
                try insert.reset()
                try insert.sendLongData(parameter: 1, Array("kept".utf8))
                _ = try insert.execute()

                let select = try MariaDBPreparedStatement(
                    client: client,
                    sql: "SELECT body, title FROM docs ORDER BY id"
                )
                return try select.execute([]).rows
            }
            #expect(rows.count == 2)
            #expect(rows.first == [.bytes(chunk + chunk), .text("long title")])
            #expect(rows.last == [.text("kept"), .text("second")])
        }
    }

    @Test func cursorFetchesInBatches() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let rows = try await blocking { () -> [[Cell]] in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query("CREATE TABLE c (id INT PRIMARY KEY)")
                _ = try client.query("INSERT INTO c VALUES (1), (2), (3), (4), (5)")
                let select = try MariaDBPreparedStatement(
                    client: client,
                    sql: "SELECT id FROM c WHERE id > ? ORDER BY id",
                    cursor: true,
                    prefetchRows: 2
                )
                return try select.execute([.int(0)]).rows
            }
            #expect(rows == [[.int(1)], [.int(2)], [.int(3)], [.int(4)], [.int(5)]])
        }
    }

    /// sysbench's shape with `--db-ps-mode=auto`: BEGIN and COMMIT are prepared too.
    @Test func preparedTransactionStatements() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (status, value) = try await blocking { () -> (UInt32, [[Cell]]) in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query("CREATE TABLE sb (id INT PRIMARY KEY, k INT, c CHAR(120))")
                _ = try client.query("INSERT INTO sb VALUES (1, 1, 'x')")
                let begin = try MariaDBPreparedStatement(client: client, sql: "BEGIN")
                let update = try MariaDBPreparedStatement(client: client, sql: "UPDATE sb SET k=k+1 WHERE id=?")
                let set = try MariaDBPreparedStatement(client: client, sql: "UPDATE sb SET c=? WHERE id=?")
                let commit = try MariaDBPreparedStatement(client: client, sql: "COMMIT")
                _ = try begin.execute([])
                let inTransaction = client.serverStatus
                #expect(try update.execute([.int(1)]).affectedRows == 1)
                #expect(try set.execute([.text("y"), .int(1)]).affectedRows == 1)
                _ = try commit.execute([])
                let select = try MariaDBPreparedStatement(client: client, sql: "SELECT k, c FROM sb WHERE id=?")
                return (inTransaction, try select.execute([.int(1)]).rows)
            }
            #expect(status & UInt32(SERVER_STATUS_IN_TRANS) != 0)
            #expect(value == [[.int(2), .text("y")]])
        }
    }

    /// CLIENT_FOUND_ROWS: an UPDATE that changes nothing reports the rows it matched.
    @Test func foundRowsFlagCountsMatchedRows() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let counts = try await blocking { () -> [UInt64] in
                let setup = try MariaDBTestClient(port: port, database: "test")
                _ = try setup.query("CREATE TABLE f (id INT PRIMARY KEY, v INT)")
                _ = try setup.query("INSERT INTO f VALUES (1, 5)")
                var counts: [UInt64] = []
                for foundRows in [false, true] {
                    let client = try MariaDBTestClient(port: port, database: "test", foundRows: foundRows)
                    counts.append(try client.query("UPDATE f SET v = 5 WHERE id = 1")[0].affectedRows)
                    let statement = try MariaDBPreparedStatement(client: client, sql: "UPDATE f SET v = ? WHERE id = 1")
                    counts.append(try statement.execute([.int(5)]).affectedRows)
                }
                return counts
            }
            #expect(counts == [0, 0, 1, 1])
        }
    }
}
