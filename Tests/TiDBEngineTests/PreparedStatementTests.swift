import MySQLTypes
import Testing

@testable import TiDBEngine

/// Prepared statements in the engine: COM_STMT_* entry points and SQL PREPARE/EXECUTE.
@Suite struct PreparedStatementTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, c CHAR(10) NOT NULL, d DECIMAL(6,2))")
        session.run("INSERT INTO t VALUES (1, 'one', 1.50), (2, 'two', NULL)")
        return session
    }

    @Test func preparedSelectsDescribeTheirColumnsAndTakeParameters() throws {
        let session = try self.session()
        let info = try session.prepare("SELECT c, d, ? AS p FROM t WHERE id = ?")
        #expect(info.parameterCount == 2)
        #expect(info.columns.map(\.name) == ["c", "d", "p"])
        #expect(info.columns.map(\.type) == [.string, .newDecimal, .varString])
        #expect(info.columns[0].originalTable == "t")
        let rows = session.executePrepared(info.id, parameters: [.string("x"), .int(1)]).outcomes
        #expect(
            rows.map(\.result) == [
                .rows(
                    ResultSet(
                        columns: rows.first.flatMap { outcome in
                            if case .rows(let set) = outcome.result { return set.columns }
                            return nil
                        } ?? [],
                        rows: [[.string("one"), .decimal(SQLDecimal(unscaled: 150, scale: 2)), .string("x")]]
                    )
                )
            ]
        )
        #expect(
            session.executePrepared(info.id, parameters: [.int(1)]).outcomes.map(\.error) == [
                .incorrectExecuteArguments
            ]
        )
        session.closePrepared(info.id)
        #expect(session.executePrepared(info.id, parameters: [.int(1), .int(1)]).outcomes.map(\.error?.code) == [1243])
    }

    @Test func preparedWritesAndRangesUseParameters() throws {
        let session = try self.session()
        let insert = try session.prepare("INSERT INTO t (id, c, d) VALUES (?, ?, ?)")
        #expect(
            session.executePrepared(insert.id, parameters: [.int(3), .string("three"), .string("3.333")]).outcomes.map(
                \.error
            ) == [nil]
        )
        #expect(
            session.executePrepared(insert.id, parameters: [.int(3), .string("dup"), .null]).outcomes.map(\.error?.code)
                == [1062]
        )
        let update = try session.prepare("UPDATE t SET d = d + ? WHERE id BETWEEN ? AND ?")
        #expect(
            session.executePrepared(update.id, parameters: [.int(1), .int(1), .int(3)]).outcomes[0].result
                == .ok(affectedRows: 2, lastInsertID: 0, info: "Rows matched: 3  Changed: 2  Warnings: 0")
        )
        let limit = try session.prepare("SELECT id FROM t ORDER BY id LIMIT ?")
        guard case .rows(let set) = session.executePrepared(limit.id, parameters: [.int(2)]).outcomes[0].result else {
            Issue.record("no rows")
            return
        }
        #expect(set.rows == [[.int(1)], [.int(2)]])
        #expect(try session.scalar("SELECT d FROM t WHERE id = 3") == "4.33")
    }

    @Test func badPreparesFailWithoutSideEffects() throws {
        let session = try self.session()
        #expect(throws: MySQLError.self) { try session.prepare("SELEC 1") }
        #expect(
            performing: { try session.prepare("SELECT 1; SELECT 2") },
            throws: { ($0 as? MySQLError)?.code == 8123 }
        )
        #expect(
            performing: { try session.prepare("SELECT nope FROM t WHERE id = ?") },
            throws: { ($0 as? MySQLError)?.code == 1054 }
        )
        #expect(
            performing: { try session.prepare("SELECT c FROM t WHERE nope = ?") },
            throws: { ($0 as? MySQLError)?.code == 1054 }
        )
        #expect(
            performing: { try session.prepare("UPDATE nope SET a = ?") },
            throws: { ($0 as? MySQLError)?.code == 1146 }
        )
        let good = try session.prepare("SELECT 1")
        #expect(good.parameterCount == 0)
    }

    @Test func sqlPrepareExecuteDeallocate() throws {
        let session = try self.session()
        session.run("PREPARE s FROM 'SELECT c FROM t WHERE id = ?'")
        session.run("SET @id = 2")
        #expect(try session.query("EXECUTE s USING @id").rows == [[.string("two")]])
        session.run("SET @text = 'SELECT COUNT(*) FROM t'")
        session.run("PREPARE s FROM @text")
        #expect(try session.query("EXECUTE s").rows == [[.int(2)]])
        #expect(session.failure("EXECUTE s USING @id")?.code == 1210)
        session.run("DEALLOCATE PREPARE s")
        #expect(session.failure("EXECUTE s")?.message == "Unknown prepared statement handler (s) given to EXECUTE")
        #expect(
            session.failure("DEALLOCATE PREPARE s")?.message
                == "Unknown prepared statement handler (s) given to DEALLOCATE PREPARE"
        )
    }
}
