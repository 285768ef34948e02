import MySQLTypes
import Testing

@testable import TiDBEngine

/// What an account without every privilege may do, with TiDB's errors
/// (docs/tidb/accounts-privileges.md).
@Suite struct PrivilegeEnforcementTests {
    static func setUp(_ grants: [String]) throws -> (EngineFixture, root: Session, operator: Session) {
        let fixture = EngineFixture()
        let root = try fixture.session(database: "test")
        root.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
        root.run("CREATE TABLE secret (id INT PRIMARY KEY)")
        root.run("INSERT INTO t VALUES (1, 10)")
        root.run("CREATE USER op IDENTIFIED BY 'pw'")
        for grant in grants { root.run(grant) }
        return (fixture, root, try fixture.session(user: "op"))
    }

    static func denied(_ command: String, _ table: String) -> MySQLError {
        MySQLError(
            code: 1142,
            sqlState: "42000",
            message: "\(command) command denied to user 'op'@'%' for table '\(table)'"
        )
    }

    @Test func tablePrivilegesAtTableAndDatabaseLevel() throws {
        let (_, root, op) = try Self.setUp(["GRANT SELECT ON test.t TO op"])
        #expect(try op.scalar("SELECT v FROM test.t WHERE id = 1") == "10")
        #expect(op.failure("SELECT * FROM test.secret") == Self.denied("SELECT", "secret"))
        #expect(
            op.failure("SELECT * FROM test.t WHERE id IN (SELECT id FROM test.secret)")
                == Self.denied("SELECT", "secret")
        )
        #expect(op.failure("SELECT * FROM test.t JOIN test.secret USING (id)") == Self.denied("SELECT", "secret"))
        #expect(op.failure("INSERT INTO test.t VALUES (2, 20)") == Self.denied("INSERT", "t"))
        #expect(op.failure("UPDATE test.t SET v = 0") == Self.denied("UPDATE", "t"))
        #expect(op.failure("DELETE FROM test.t") == Self.denied("DELETE", "t"))
        #expect(op.failure("DROP TABLE test.t") == Self.denied("DROP", "t"))
        #expect(op.failure("CREATE TABLE test.n (id INT)") == Self.denied("CREATE", "n"))
        #expect(
            op.failure("CREATE DATABASE d2")
                == MySQLError(
                    code: 1044,
                    sqlState: "42000",
                    message: "Access denied for user 'op'@'%' to database 'd2'"
                )
        )
        #expect(op.failure("SELECT user FROM mysql.user") == Self.denied("SELECT", "user"))
        // A grant applies to the open session's next statement.
        root.run("GRANT INSERT, UPDATE, DELETE ON test.* TO op")
        op.run("INSERT INTO test.t VALUES (2, 20)")
        op.run("UPDATE test.t SET v = 21 WHERE id = 2")
        op.run("DELETE FROM test.t WHERE id = 2")
        root.run("REVOKE INSERT ON test.* FROM op")
        #expect(op.failure("INSERT INTO test.t VALUES (3, 30)") == Self.denied("INSERT", "t"))
        #expect(try root.scalar("SELECT COUNT(*) FROM t") == "1")
    }

    @Test func useNeedsSomePrivilegeInTheDatabase() throws {
        let (fixture, root, op) = try Self.setUp([])
        root.run("CREATE DATABASE other")
        #expect(
            op.failure("USE other")
                == MySQLError(
                    code: 1044,
                    sqlState: "42000",
                    message: "Access denied for user 'op'@'%' to database 'other'"
                )
        )
        root.run("GRANT SELECT ON other.* TO op")
        op.run("USE other")
        _ = fixture
    }

    @Test func backupAndRestoreNeedTheirAdminPrivilegeOrSuper() throws {
        let (_, root, op) = try Self.setUp([])
        let backupDenied = MySQLError.specificAccessDenied("SUPER or BACKUP_ADMIN")
        #expect(op.failure("BACKUP DATABASE test TO 'noop://'") == backupDenied)
        #expect(
            backupDenied.message
                == "Access denied; you need (at least one of) the SUPER or BACKUP_ADMIN privilege(s) for this operation"
        )
        #expect(op.failure("RESTORE DATABASE test FROM 'noop://'") == .specificAccessDenied("SUPER or RESTORE_ADMIN"))
        #expect(op.failure("SHOW BACKUPS") == backupDenied)
        root.run("GRANT BACKUP_ADMIN ON *.* TO op")
        #expect(op.failure("SHOW BACKUPS") == nil)
        if case .finished(let outcomes) = op.execute("BACKUP DATABASE test TO 'noop://'", multiStatementsAllowed: false)
        {
            #expect(outcomes.last?.error?.code != 1227)
        }
        root.run("CREATE USER boss")
        root.run("GRANT SUPER ON *.* TO boss")
        root.run("REVOKE BACKUP_ADMIN ON *.* FROM op")
        #expect(op.failure("BACKUP DATABASE test TO 'noop://'") == backupDenied)
    }

    @Test func setGlobalNeedsSystemVariablesAdminOrSuper() throws {
        let (_, root, op) = try Self.setUp([])
        #expect(
            op.failure("SET GLOBAL tidb_gc_enable = OFF") == .specificAccessDenied("SUPER or SYSTEM_VARIABLES_ADMIN")
        )
        op.run("SET SESSION sql_mode = ''")
        #expect(try op.scalar("SELECT @@global.tidb_gc_enable") == "1")
        root.run("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO op")
        op.run("SET GLOBAL tidb_gc_enable = OFF")
        #expect(try root.scalar("SELECT @@global.tidb_gc_enable") == "0")
    }

    @Test func otherUsersConnectionsNeedProcessAndConnectionAdmin() throws {
        let (_, root, op) = try Self.setUp([])
        let users = try op.query("SHOW PROCESSLIST").rows.map { $0[1].text }
        #expect(users == ["op"])
        let rootID = try #require(try root.scalar("SELECT CONNECTION_ID()"))
        #expect(op.failure("KILL \(rootID)") == .specificAccessDenied("SUPER or CONNECTION_ADMIN"))
        root.run("GRANT PROCESS ON *.* TO op")
        #expect(try op.query("SELECT USER FROM information_schema.PROCESSLIST").rows.count == 2)
    }

    @Test func newAccountsLogInWithTheirPassword() throws {
        let (fixture, _, _) = try Self.setUp([])
        let salt = Array(repeating: UInt8(7), count: 20)
        let good = NativePassword.scramble(password: "pw", salt: salt)
        let bad = NativePassword.scramble(password: "nope", salt: salt)
        let users = fixture.cluster.users
        guard
            case .accepted(let account) = users.authenticate(
                user: "op",
                host: "10.0.0.1",
                plugin: "mysql_native_password",
                response: good,
                salt: salt
            )
        else {
            Issue.record("op was not accepted")
            return
        }
        #expect(account.name == "op")
        #expect(
            users.authenticate(user: "op", host: "10.0.0.1", plugin: "mysql_native_password", response: bad, salt: salt)
                == .rejected(.accessDenied(user: "op", host: "10.0.0.1", usingPassword: true))
        )
    }
}
