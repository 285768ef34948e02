import CMariaDB
import Testing
import TiDBEngine

/// Binary data through every protocol path libmariadb has, as C clients send it: escaped in the
/// COM_QUERY text, string-typed parameters inline, and COM_STMT_SEND_LONG_DATA.
@Suite struct BinaryDataTests {
    typealias Cell = MariaDBPreparedStatement.Cell

    static let allBytes = (0...255).map { UInt8($0) }

    /// 1 MiB from a seeded xorshift: the same bytes every run.
    static let megabyte: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<(1 << 20)).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 32)
        }
    }()

    static let schema = "CREATE TABLE bin (id INT PRIMARY KEY, vb VARBINARY(300), lb LONGBLOB)"

    @Test func escapedInTheQueryText() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let rows = try await blocking { () -> [[[UInt8]?]] in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query(Self.schema)
                let insert =
                    Array("INSERT INTO bin VALUES (1, '".utf8) + client.escaped(Self.allBytes) + Array("', '".utf8)
                    + client.escaped(Self.megabyte) + Array("')".utf8)
                _ = try client.queryBytes(insert)
                return try client.queryBytes(Array("SELECT vb, lb, LENGTH(lb) FROM bin".utf8))
            }
            #expect(rows.count == 1)
            #expect(rows[0][0] == Self.allBytes)
            #expect(rows[0][1] == Self.megabyte)
            #expect(rows[0][2] == Array("1048576".utf8))
        }
    }

    @Test func stringTypedParametersInlineAndAsLongData() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let rows = try await blocking { () -> [[Cell]] in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query(Self.schema)
                let insert = try MariaDBPreparedStatement(client: client, sql: "INSERT INTO bin VALUES (?, ?, ?)")
                // Inline, typed as the string types clients bind byte arrays with.
                _ = try insert.execute([
                    .int(1), .bytes(Self.allBytes, type: MYSQL_TYPE_STRING),
                    .bytes(Self.megabyte, type: MYSQL_TYPE_VAR_STRING),
                ])
                // Long data in chunks, typed VAR_STRING (Connector/J's setBytes does this).
                try insert.bind([.int(2), .longData(MYSQL_TYPE_VAR_STRING), .longData(MYSQL_TYPE_STRING)])
                try insert.sendLongData(parameter: 1, Array(Self.allBytes[..<100]))
                try insert.sendLongData(parameter: 1, Array(Self.allBytes[100...]))
                for start in stride(from: 0, to: Self.megabyte.count, by: 300_000) {
                    try insert.sendLongData(
                        parameter: 2,
                        Array(Self.megabyte[start..<min(start + 300_000, Self.megabyte.count)])
                    )
                }
                _ = try insert.execute()
                let select = try MariaDBPreparedStatement(client: client, sql: "SELECT vb, lb FROM bin ORDER BY id")
                return try select.execute([]).rows
            }
            #expect(rows.count == 2)
            for row in rows {
                #expect(row[0] == .bytes(Self.allBytes))
                #expect(row[1] == .bytes(Self.megabyte))
            }
        }
    }

    @Test func invalidUTF8ParameterIntoATextColumnIs1366() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let failure = try await blocking { () -> MariaDBTestClient.Failure? in
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query("CREATE TABLE txt (id INT PRIMARY KEY, a VARCHAR(10))")
                let insert = try MariaDBPreparedStatement(client: client, sql: "INSERT INTO txt VALUES (?, ?)")
                do throws(MariaDBTestClient.Failure) {
                    _ = try insert.execute([.int(1), .bytes([0x61, 0xFF], type: MYSQL_TYPE_STRING)])
                    return nil
                } catch {
                    return error
                }
            }
            #expect(
                failure
                    == .init(code: 1366, sqlState: "HY000", message: "Incorrect string value '\\xFF' for column 'a'")
            )
        }
    }
}

/// The collation a client names in its handshake sets its connection's charsets, as in TiDB.
@Suite struct HandshakeCharsetTests {
    @Test func aLatin1ClientGetsLatin1ColumnsAndTheStoredBytes() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (variables, result) = try await blocking { () -> (MariaDBTestClient.Result, MariaDBTestClient.Result) in
                let setup = try MariaDBTestClient(port: port, database: "test")
                _ = try setup.query("CREATE TABLE names (n VARCHAR(10)); INSERT INTO names VALUES ('é')")
                let client = try MariaDBTestClient(port: port, database: "test", charset: "latin1")
                let variables = try client.query(
                    "SELECT @@character_set_client, @@character_set_connection, @@character_set_results, @@collation_connection"
                )[0]
                return (variables, try client.query("SELECT n FROM names")[0])
            }
            #expect(variables.rows == [["latin1", "utf8mb4", "latin1", "utf8mb4_bin"]])
            // TiDB names latin1 (47) and sends the bytes as it keeps them: its latin1 is a no-op.
            #expect(result.columns.map(\.charset) == [47])
            #expect(result.rows == [["é"]])
        }
    }

    @Test func aGBKClientTalksGBKAndAGeneralCIClientComparesWithoutCase() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let (gbk, comparison) = try await blocking { () -> ([[[UInt8]?]], String?) in
                let client = try MariaDBTestClient(port: port, charset: "gbk")
                let gbk = try client.queryBytes([0x53, 0x45, 0x4C, 0x45, 0x43, 0x54, 0x20, 0x27, 0xD6, 0xD0, 0x27])
                let general = try MariaDBTestClient(port: port, charset: "utf8mb4")
                return (gbk, try general.scalar("SELECT CONCAT(@@collation_connection, ' ', 'a' = 'A')"))
            }
            // `SELECT '中'` in GBK: decoded on the way in, encoded on the way out.
            #expect(gbk == [[[0xD6, 0xD0]]])
            #expect(comparison == "utf8mb4_general_ci 1")
        }
    }
}
