import CMariaDB
import Foundation
import Testing
import TiDBEngine

/// Pessimistic lock waits between real connections: the waiting connection's event loop stays
/// free, and the wait ends by commit, timeout (1205), KILL QUERY (1317), deadlock (1213) or the
/// holder's disconnect.
@Suite struct LibMariaDBLockWaitTests {
    typealias Failure = MariaDBTestClient.Failure

    /// A table `t` (id 1 → v 10, id 2 → v 20) and a client that holds the lock on row 1.
    static func holder(port: Int) throws -> MariaDBTestClient {
        let client = try MariaDBTestClient(port: port, database: "test")
        _ = try client.query("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        _ = try client.query("INSERT INTO t VALUES (1, 10), (2, 20)")
        _ = try client.query("BEGIN")
        _ = try client.query("UPDATE t SET v = v + 1 WHERE id = 1")
        return client
    }

    /// Waits until `count` transactions wait for a lock, as `information_schema.DATA_LOCK_WAITS`
    /// shows them: a wait that never starts fails the test here, instead of letting it pass
    /// without testing the wait.
    static func waitersAppear(port: Int, count: Int = 1) async throws {
        let observer = try await blocking { try MariaDBTestClient(port: port) }
        let deadline = ContinuousClock.now + .seconds(30)
        while try await blocking({ try observer.scalar("SELECT COUNT(*) FROM information_schema.DATA_LOCK_WAITS") })
            != "\(count)"
        {
            guard ContinuousClock.now < deadline else {
                throw Failure(code: 0, sqlState: "", message: "no \(count) lock waiter(s) after 30 s")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Runs `body` and returns its failure, if any.
    static func failure(_ body: () throws -> Void) -> Failure? {
        do {
            try body()
            return nil
        } catch let error as Failure {
            return error
        } catch {
            return Failure(code: 0, sqlState: "", message: "\(error)")
        }
    }

    @Test func blockedUpdateProceedsAfterCommitAndSeesTheNewValue() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let holder = try await blocking { try Self.holder(port: port) }
            let waiter = try await blocking { try MariaDBTestClient(port: port, database: "test") }
            async let update = blocking { try waiter.query("UPDATE t SET v = v + 1 WHERE id = 1")[0].affectedRows }
            try await Self.waitersAppear(port: port)
            // The server answers other connections meanwhile.
            #expect(try await blocking { try MariaDBTestClient(port: port).scalar("SELECT 1") } == "1")
            _ = try await blocking { try holder.query("COMMIT") }
            #expect(try await update == 1)
            #expect(try await blocking { try waiter.scalar("SELECT v FROM t WHERE id = 1") } == "12")
        }
    }

    @Test func preparedUpdateWaitsToo() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let holder = try await blocking { try Self.holder(port: port) }
            let waiter = try await blocking { try MariaDBTestClient(port: port, database: "test") }
            async let update = blocking {
                let statement = try MariaDBPreparedStatement(client: waiter, sql: "UPDATE t SET v = v * ? WHERE id = ?")
                return try statement.execute([.int(2), .int(1)]).affectedRows
            }
            try await Self.waitersAppear(port: port)
            _ = try await blocking { try holder.query("COMMIT") }
            #expect(try await update == 1)
            #expect(try await blocking { try waiter.scalar("SELECT v FROM t WHERE id = 1") } == "22")
        }
    }

    @Test func lockWaitTimeoutIs1205AfterTheSessionTimeout() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let holder = try await blocking { try Self.holder(port: port) }
            let (failure, elapsed, after) = try await blocking { () -> (Failure?, Duration, String?) in
                let waiter = try MariaDBTestClient(port: port, database: "test")
                _ = try waiter.query("SET innodb_lock_wait_timeout = 1")
                let start = ContinuousClock.now
                let failure = Self.failure { _ = try waiter.query("UPDATE t SET v = 0 WHERE id = 1") }
                let elapsed = ContinuousClock.now - start
                return (failure, elapsed, try waiter.scalar("SELECT v FROM t WHERE id = 2"))
            }
            #expect(failure?.code == 1205)
            #expect(failure?.message == "Lock wait timeout exceeded; try restarting transaction")
            #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(5))
            #expect(after == "20")
            _ = try await blocking { try holder.query("ROLLBACK") }
        }
    }

    @Test func killQueryInterruptsTheWaitWith1317() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let holder = try await blocking { try Self.holder(port: port) }
            let waiter = try await blocking { try MariaDBTestClient(port: port, database: "test") }
            let waiterID = waiter.connectionID
            async let failure = blocking { Self.failure { _ = try waiter.query("UPDATE t SET v = 0 WHERE id = 1") } }
            try await Self.waitersAppear(port: port)
            _ = try await blocking { try MariaDBTestClient(port: port).query("KILL QUERY \(waiterID)") }
            let failed = try await failure
            #expect(failed?.code == 1317)
            #expect(failed?.message == "Query execution was interrupted")
            // The connection itself survives.
            #expect(try await blocking { try waiter.scalar("SELECT 'alive'") } == "alive")
            _ = try await blocking { try holder.query("ROLLBACK") }
        }
    }

    @Test func deadlockFailsOneSideWith1213AndTheOtherProceeds() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let first = try await blocking { try Self.holder(port: port) }  // locks row 1
            let second = try await blocking {
                let client = try MariaDBTestClient(port: port, database: "test")
                _ = try client.query("BEGIN")
                _ = try client.query("UPDATE t SET v = v + 100 WHERE id = 2")
                return client
            }
            async let firstWaits = blocking {
                Self.failure { _ = try first.query("UPDATE t SET v = v + 1 WHERE id = 2") }
            }
            try await Self.waitersAppear(port: port)
            let secondOutcome = try await blocking {
                Self.failure { _ = try second.query("UPDATE t SET v = v + 100 WHERE id = 1") }
            }
            let firstOutcome = try await firstWaits
            let outcomes = [firstOutcome, secondOutcome]
            #expect(outcomes.compactMap { $0?.code } == [1213])
            #expect(outcomes.compactMap { $0 }.first?.sqlState == "40001")
            // The survivor commits both of its updates.
            let survivor = firstOutcome == nil ? first : second
            _ = try await blocking { try survivor.query("COMMIT") }
            let values = try await blocking {
                try MariaDBTestClient(port: port, database: "test").query("SELECT v FROM t ORDER BY id")[0].rows
            }
            #expect(values == (firstOutcome == nil ? [["11"], ["21"]] : [["110"], ["120"]]))
        }
    }

    @Test func closingTheHolderReleasesItsLocks() async throws {
        try await withServer { endpoints in
            let port = endpoints.sqlPort
            let holder = try await blocking { try Self.holder(port: port) }
            let waiter = try await blocking { try MariaDBTestClient(port: port, database: "test") }
            async let update = blocking { try waiter.query("UPDATE t SET v = v + 5 WHERE id = 1")[0].affectedRows }
            try await Self.waitersAppear(port: port)
            try await blocking { holder.close() }  // the server rolls the transaction back
            #expect(try await update == 1)
            #expect(try await blocking { try waiter.scalar("SELECT v FROM t WHERE id = 1") } == "15")
        }
    }
}
