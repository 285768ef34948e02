import MySQLTypes
import Testing

@testable import TiDBEngine

/// CREATE/ALTER/DROP/RENAME USER, SET PASSWORD, GRANT, REVOKE, SHOW GRANTS and the `mysql`
/// privilege tables, with TiDB v8.5's texts (docs/tidb/accounts-privileges.md).
@Suite struct AccountsTests {
    static func root() throws -> (EngineFixture, Session) {
        let fixture = EngineFixture()
        return (fixture, try fixture.session(database: "test"))
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    @Test func createAndDropUsersAllOrNothing() throws {
        let (_, session) = try Self.root()
        session.run("CREATE USER r2")
        #expect(
            session.failure("CREATE USER r1, r2, r3")
                == MySQLError(code: 1396, sqlState: "HY000", message: "Operation CREATE USER failed for 'r2'@'%'")
        )
        #expect(try self.rows(session, "SELECT user FROM mysql.User WHERE user IN ('r1', 'r2', 'r3')") == [["r2"]])
        #expect(
            session.failure("DROP USER r1, r2, r3")
                == MySQLError(code: 1396, sqlState: "HY000", message: "Operation DROP USER failed for r1@%")
        )
        #expect(try self.rows(session, "SELECT user FROM mysql.user WHERE user = 'r2'") == [["r2"]])
        session.run("CREATE USER IF NOT EXISTS r2")
        #expect(try self.rows(session, "SHOW WARNINGS") == [["Note", "3163", "User 'r2'@'%' already exists."]])
        session.run("DROP USER IF EXISTS r2, r9")
        #expect(try self.rows(session, "SHOW WARNINGS") == [["Note", "3162", "User r9@% does not exist."]])
        #expect(try self.rows(session, "SELECT user FROM mysql.user WHERE user = 'r2'").isEmpty)
    }

    @Test func passwordsAreStoredAsTiDBDoes() throws {
        let (_, session) = try Self.root()
        session.run("CREATE USER issue28534")
        session.run("SET PASSWORD FOR issue28534 = '43582eussi'")
        #expect(
            try self.rows(session, "SELECT authentication_string, plugin FROM mysql.user WHERE User = 'issue28534'")
                == [["*ED69FD0F45ED6D6D31345869E17860014701E007", "mysql_native_password"]]
        )
        session.run("ALTER USER issue28534 IDENTIFIED BY PASSWORD '*B50FBDB37F1256824274912F2A1CE648082C3F1F'")
        #expect(
            try session.scalar("SELECT authentication_string FROM mysql.user WHERE user = 'issue28534'")
                == "*B50FBDB37F1256824274912F2A1CE648082C3F1F"
        )
        session.run("CREATE USER 'bob'@'localhost' IDENTIFIED WITH authentication_ldap_simple AS 'uid=bob'")
        #expect(
            try self.rows(
                session,
                "SELECT Host, User, authentication_string, plugin FROM mysql.User WHERE User = 'bob'"
            )
                == [["localhost", "bob", "uid=bob", "authentication_ldap_simple"]]
        )
        #expect(
            session.failure("CREATE USER u5 IDENTIFIED WITH 'mysql_clear_password'")
                == MySQLError(code: 1524, sqlState: "HY000", message: "Plugin 'mysql_clear_password' is not loaded")
        )
        #expect(session.failure("SET PASSWORD FOR nobody = 'x'")?.code == 1133)
        #expect(
            session.failure("ALTER USER nobody IDENTIFIED BY 'x'")?.message
                == "Operation ALTER USER failed for nobody@%"
        )
        session.run("CREATE USER sha IDENTIFIED WITH caching_sha2_password BY 'secret'")
        let stored = try #require(try session.scalar("SELECT authentication_string FROM mysql.user WHERE user = 'sha'"))
        #expect(stored.hasPrefix("$A$005$") && stored.utf8.count == 7 + 20 + 43)
    }

    @Test func validatePasswordAppliesToClearTextPasswords() throws {
        let (_, session) = try Self.root()
        session.run("SET GLOBAL validate_password.enable = 1")
        session.run("CREATE USER u1 IDENTIFIED WITH 'tidb_auth_token'")
        let tooShort = MySQLError(
            code: 1819,
            sqlState: "HY000",
            message: "Your password does not satisfy the current policy requirements (Require Password Length: 8)"
        )
        #expect(session.failure("CREATE USER u5 IDENTIFIED WITH 'mysql_native_password'") == tooShort)
        #expect(session.failure("CREATE USER u5 IDENTIFIED BY 'short'") == tooShort)
        #expect(
            session.failure("CREATE USER u5 IDENTIFIED BY 'longenough'")?.message.hasSuffix(
                "(Require Password Uppercase Count: 1)"
            ) == true
        )
        session.run("CREATE USER u5 IDENTIFIED BY 'Long3nough!'")
        session.run("SET GLOBAL validate_password.enable = DEFAULT")
        session.run("CREATE USER u6 IDENTIFIED BY 'x'")
    }

    @Test func commentsAndAttributesAreUserAttributesMetadata() throws {
        let (_, session) = try Self.root()
        session.run("CREATE USER testuser COMMENT '1234'")
        session.run(#"CREATE USER testuser1 ATTRIBUTE '{"name": "Tom", "age": 19}'"#)
        #expect(
            session.failure(#"CREATE USER testuser2 ATTRIBUTE '{"name": "Tom", age: 19}'"#)?.message
                == "Invalid JSON text: The document root must not be followed by other values."
        )
        session.run("CREATE USER testuser2")
        #expect(
            try self.rows(session, "SELECT user_attributes FROM mysql.user WHERE user = 'testuser1'")
                == [[#"{"metadata": {"age": 19, "name": "Tom"}}"#]]
        )
        session.run(#"ALTER USER testuser1 ATTRIBUTE '{"age": 20, "sex": "male"}'"#)
        session.run(#"ALTER USER testuser1 ATTRIBUTE '{"sex": null}'"#)
        session.run("ALTER USER testuser1 COMMENT '5678'")
        #expect(
            try self.rows(
                session,
                "SELECT user, host, attribute FROM information_schema.user_attributes WHERE user LIKE 'testuser%' ORDER BY user"
            ) == [
                ["testuser", "%", #"{"comment": "1234"}"#],
                ["testuser1", "%", #"{"age": 20, "comment": "5678", "name": "Tom"}"#],
                ["testuser2", "%", nil],
            ]
        )
    }

    @Test func sha256CryptMatchesTheSpecificationsVector() {
        // What glibc's crypt() and `openssl passwd -5 -salt saltstring 'Hello world!'` give.
        let hash = CachingSHA2Password.crypt(Array("Hello world!".utf8), salt: Array("saltstring".utf8))
        #expect(hash == "5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")
    }

    @Test func showGrantsInTiDBsText() throws {
        let (_, session) = try Self.root()
        let own = try session.query("SHOW GRANTS")
        #expect(own.columns.map(\.name) == ["Grants for User"])
        #expect(own.rows.map { $0.map(\.text) } == [["GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION"]])
        session.run("CREATE TABLE t1 (id INT, v INT)")
        session.run("CREATE USER u1")
        #expect(try self.rows(session, "SHOW GRANTS FOR u1") == [["GRANT USAGE ON *.* TO 'u1'@'%'"]])
        session.run("GRANT CREATE ON test.* TO u1")
        session.run("GRANT UPDATE ON test.t1 TO u1")
        session.run("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO u1")
        session.run("GRANT BACKUP_ADMIN, RESTORE_ADMIN ON *.* TO u1 WITH GRANT OPTION")
        session.run("GRANT SELECT, INSERT, PROCESS ON *.* TO u1")
        let result = try session.query("SHOW GRANTS FOR 'u1'@'%'")
        #expect(result.columns.map(\.name) == ["Grants for u1@%"])
        #expect(
            result.rows.map { $0.map(\.text) } == [
                // WITH GRANT OPTION on the dynamic privileges set Grant_priv too, as TiDB's GrantExec does.
                ["GRANT SELECT,INSERT,PROCESS ON *.* TO 'u1'@'%' WITH GRANT OPTION"],
                ["GRANT CREATE ON `test`.* TO 'u1'@'%'"],
                ["GRANT UPDATE ON `test`.`t1` TO 'u1'@'%'"],
                ["GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO 'u1'@'%'"],
                ["GRANT BACKUP_ADMIN,RESTORE_ADMIN ON *.* TO 'u1'@'%' WITH GRANT OPTION"],
            ]
        )
        #expect(try session.scalar("SELECT COUNT(1) FROM mysql.global_grants WHERE USER='u1' AND HOST='%'") == "3")
        #expect(
            try self.rows(session, "SELECT Table_priv FROM mysql.tables_priv WHERE user = 'u1'") == [["Update"]]
        )
        #expect(
            try self.rows(session, "SELECT Select_priv, Create_priv FROM mysql.db WHERE user = 'u1'") == [["N", "Y"]]
        )
        #expect(
            try self.rows(session, "SELECT Select_priv, Process_priv, Super_priv FROM mysql.user WHERE user = 'u1'")
                == [["Y", "Y", "N"]]
        )
        session.run("GRANT ALL ON test.* TO u1")
        #expect(try self.rows(session, "SHOW GRANTS FOR u1")[1] == ["GRANT ALL PRIVILEGES ON `test`.* TO 'u1'@'%'"])
        session.run("REVOKE ALL PRIVILEGES ON test.* FROM u1")
        session.run("REVOKE SELECT, INSERT, PROCESS, SYSTEM_VARIABLES_ADMIN ON *.* FROM u1")
        #expect(
            try self.rows(session, "SHOW GRANTS FOR u1") == [
                ["GRANT USAGE ON *.* TO 'u1'@'%' WITH GRANT OPTION"],
                ["GRANT UPDATE ON `test`.`t1` TO 'u1'@'%'"],
                ["GRANT BACKUP_ADMIN,RESTORE_ADMIN ON *.* TO 'u1'@'%' WITH GRANT OPTION"],
            ]
        )
        session.run("DROP USER u1")
        #expect(
            session.failure("SHOW GRANTS FOR u1")
                == MySQLError(
                    code: 1141,
                    sqlState: "42000",
                    message: "There is no such grant defined for user 'u1' on host '%'"
                )
        )
    }

    @Test func columnPrivilegesAreKeptAndShown() throws {
        let (_, session) = try Self.root()
        session.run("CREATE TABLE t1 (id INT, v INT)")
        session.run("CREATE USER u1 REQUIRE SSL")
        session.run("GRANT CREATE ON test.* TO u1")
        session.run("GRANT UPDATE ON test.t1 TO u1")
        session.run("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO u1")
        session.run("GRANT SELECT(v), UPDATE(v) ON test.t1 TO u1")
        #expect(
            try self.rows(session, "SHOW GRANTS FOR u1") == [
                ["GRANT USAGE ON *.* TO 'u1'@'%'"],
                ["GRANT CREATE ON `test`.* TO 'u1'@'%'"],
                ["GRANT UPDATE ON `test`.`t1` TO 'u1'@'%'"],
                ["GRANT SELECT(v), UPDATE(v) ON `test`.`t1` TO 'u1'@'%'"],
                ["GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO 'u1'@'%'"],
            ]
        )
        for table in ["global_grants", "global_priv", "tables_priv", "columns_priv"] {
            #expect(try session.scalar("SELECT COUNT(1) FROM mysql.\(table) WHERE USER='u1' AND HOST='%'") == "1")
        }
        #expect(
            try self.rows(session, "SELECT Column_priv FROM mysql.columns_priv WHERE user = 'u1'") == [
                ["Select,Update"]
            ]
        )
        session.run("DROP USER u1")
        #expect(
            try session.query("SELECT * FROM mysql.columns_priv WHERE USER='u1'").columns.map(\.name) == [
                "Host", "DB", "User", "Table_name", "Column_name", "Timestamp", "Column_priv",
            ]
        )
    }

    @Test func grantAndRevokeErrors() throws {
        let (_, session) = try Self.root()
        #expect(
            session.failure("GRANT SELECT ON *.* TO nobody")
                == MySQLError(code: 1410, sqlState: "42000", message: "You are not allowed to create a user with GRANT")
        )
        session.run("CREATE USER u2")
        #expect(session.failure("GRANT SELECT ON test.missing TO u2")?.code == 1146)
        #expect(
            session.failure("GRANT BOGUS_ADMIN ON *.* TO u2")?.message
                == "Dynamic privilege 'BOGUS_ADMIN' is not registered with the server."
        )
        #expect(session.failure("GRANT BACKUP_ADMIN ON test.* TO u2")?.code == 3619)
        #expect(session.failure("GRANT SUPER ON test.* TO u2")?.code == 1221)
        #expect(session.failure("REVOKE SELECT ON *.* FROM nobody")?.code == 1141)
        #expect(
            session.failure("REVOKE SELECT ON test.* FROM u2")?.message
                == "There is no such grant defined for user 'u2' on host '%' on database test"
        )
        #expect(
            session.failure("GRANT bogusrole TO u2")
                == MySQLError(code: 3523, sqlState: "HY000", message: "Unknown authorization ID `bogusrole`@`%`")
        )
        session.run("CREATE ROLE r1")
        #expect(session.failure("GRANT r1 TO u2")?.code == 1235)
        #expect(session.failure("GRANT SELECT(id) ON *.* TO u2")?.code == 1144)
    }

    @Test func flushStatements() throws {
        let (_, session) = try Self.root()
        session.run("FLUSH TABLES; FLUSH PRIVILEGES; FLUSH TABLES t1, t2")
        #expect(
            session.failure("FLUSH TABLES WITH READ LOCK")
                == MySQLError(
                    code: 1105,
                    sqlState: "HY000",
                    message: "FLUSH TABLES WITH READ LOCK is not supported.  Please use @@tidb_snapshot"
                )
        )
    }

    @Test func accountStatementsCommitTheOpenTransaction() throws {
        let (_, session) = try Self.root()
        session.run("CREATE TABLE auto_new (id INT)")
        session.run("BEGIN; INSERT INTO auto_new VALUES (1); CREATE USER 'xxx'@'%'; ROLLBACK")
        #expect(try session.scalar("SELECT COUNT(*) FROM auto_new") == "1")
    }
}
