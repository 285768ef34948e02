import MySQLTypes
import Testing

@testable import TiDBEngine

/// What the engine remembers between runs of the same statement (the constant-row shortcut, the
/// reused column array, the last prepared statement, the statement time read on first use) must
/// never leak into a different statement.
@Suite struct RepeatedStatementTests {
    @Test func onlySelectsThatAlwaysReturnOneRowTakeTheConstantRowPath() throws {
        func fields(_ sql: String) throws -> Int? {
            try Parser.parse(sql, options: .init()).first?.constantRowFields?.count
        }
        #expect(try fields("SELECT 1, TIDB_CURRENT_TSO() AS t") == 2)
        #expect(try fields("SELECT 1 FROM DUAL") == 1)
        #expect(try fields("SELECT 1 LIMIT 0") == nil)
        #expect(try fields("SELECT 1 WHERE 1 = 0") == nil)
        #expect(try fields("SELECT COUNT(*)") == nil)
        #expect(try fields("SELECT 1 + MAX(2)") == nil)
        #expect(try fields("SELECT id FROM t") == nil)

        let session = try EngineFixture().session()
        #expect(try session.query("SELECT 1 LIMIT 0").rows.isEmpty)
        #expect(try session.query("SELECT 1 WHERE 1 = 0").rows.isEmpty)
        #expect(try session.query("SELECT COUNT(*)").rows == [[.int(1)]])
    }

    @Test func columnsFollowEachStatementAndEachValue() throws {
        let session = try EngineFixture().session()
        let first = try session.query("SELECT 1, 2")
        #expect(first.columns.map(\.name) == ["1", "2"])
        let same = try session.query("SELECT 1, 2")
        #expect(same.columns == first.columns)
        // The second column differs: the first is kept, the rest rebuilt.
        let second = try session.query("SELECT 1, 'b'")
        #expect(second.columns.map(\.name) == ["1", "b"])
        #expect(second.columns.map(\.type) == [.longLong, .varString])
        #expect(try session.query("SELECT 1, 2").columns == first.columns)
        #expect(try session.query("SELECT 1 AS x").columns.map(\.name) == ["x"])
        // The same text, another value type: the column follows the value.
        session.run("SET @v = 1")
        #expect(try session.query("SELECT @v").columns.map(\.type) == [.longLong])
        session.run("SET @v = 'text'")
        let fresh = try EngineFixture().session()
        fresh.run("SET @v = 'text'")
        let expected = try fresh.query("SELECT @v").columns
        #expect(expected.map(\.type) != [.longLong])
        #expect(try session.query("SELECT @v").columns == expected)
        #expect(try session.query("SELECT @v").rows == [[.string("text")]])
    }

    /// A session keeps its own copy of the function it called last (the shared one's reference
    /// count would be written by every CPU), and a different name gets a different function.
    @Test func aSessionCallsItsOwnCopyOfABuiltin() throws {
        let session = try EngineFixture().session()
        let now = try #require(session.builtin(named: "now"))
        #expect(now !== Builtins.functions["now"])
        #expect(session.builtin(named: "now") === now)
        let version = try #require(session.builtin(named: "version"))
        #expect(version !== now)
        #expect(version.arity == Builtins.functions["version"]?.arity)
        #expect(session.builtin(named: "no_such_function") == nil)
        #expect(try session.query("SELECT VERSION()").rows.count == 1)
    }

    /// A repeat of the same statement gets the very same column array while its types hold.
    @Test func aRepeatReusesItsColumnArrayUntilATypeChanges() throws {
        func address(_ columns: [ColumnDefinition]) -> UnsafeRawPointer? {
            columns.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        let session = try EngineFixture().session()
        session.run("SET @v = 1")
        let sql = "SELECT @v, TIDB_CURRENT_TSO() AS ts"
        let first = try session.query(sql).columns
        #expect(address(try session.query(sql).columns) == address(first))
        session.run("SET @v = 'text'")
        let changed = try session.query(sql).columns
        #expect(address(changed) != address(first))
        #expect(changed[0].type != first[0].type)
        #expect(changed[1] == first[1])
        #expect(address(try session.query(sql).columns) == address(changed))
        // Another statement with the same types has its own names.
        #expect(try session.query("SELECT @v, TIDB_CURRENT_TSO() AS other").columns[1].name == "other")
    }

    @Test func aClosedOrResetStatementIsNotFoundAgain() throws {
        let session = try EngineFixture().session()
        let first = try session.prepare("SELECT 1")
        #expect(session.executePrepared(first.id, parameters: []).outcomes.map(\.error) == [nil])
        session.closePrepared(first.id)
        #expect(session.parameterCount(ofStatement: first.id) == nil)
        #expect(session.executePrepared(first.id, parameters: []).outcomes.map(\.error?.code) == [1243])

        let second = try session.prepare("SELECT ?")
        #expect(session.parameterCount(ofStatement: second.id) == 1)
        session.resetState()
        #expect(session.executePrepared(second.id, parameters: [.int(1)]).outcomes.map(\.error?.code) == [1243])
    }

    @Test func eachStatementReadsTheClockAgain() throws {
        let fixture = EngineFixture()
        let session = try fixture.session()
        let before = try session.query("SELECT NOW(6), NOW(6)").rows
        #expect(before[0][0] == before[0][1])
        fixture.clock.advance(byMilliseconds: 1500)
        let after = try session.query("SELECT NOW(6)").rows
        #expect(after[0][0] != before[0][0])
        let seconds = try session.query("SELECT UNIX_TIMESTAMP()").rows
        #expect(seconds == [[.int(fixture.clock.microsecondsSinceEpoch() / 1_000_000)]])
    }

    @Test func eachCallFindsItsOwnFunction() throws {
        let session = try EngineFixture().session(database: "test")
        let expected: [Value] = [.string("test"), .uint(session.connectionID), .string("test")]
        #expect(try session.query("SELECT DATABASE(), CONNECTION_ID(), DATABASE()").rows == [expected])
        #expect(try session.query("SELECT DATABASE(), CONNECTION_ID(), DATABASE()").rows == [expected])
        #expect(try session.query("SELECT LENGTH('abc'), UPPER('abc')").rows == [[.int(3), .string("ABC")]])
        session.run("SELECT UPPER('x')")
        #expect(session.failure("SELECT NO_SUCH_FUNCTION('x')")?.code == 1305)
    }
}
