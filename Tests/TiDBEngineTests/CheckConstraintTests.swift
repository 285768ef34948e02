import MySQLTypes
import Testing

@testable import TiDBEngine

/// CHECK constraints as TiDB v8.5 has them: ignored with a warning while
/// `tidb_enable_check_constraint` is OFF (its default), enforced when ON (tidb
/// `tests/integrationtest/r/ddl/constraint.result`).
@Suite struct CheckConstraintTests {
    func session(enabled: Bool = true) throws -> Session {
        let session = try EngineFixture().session(database: "test")
        if enabled { session.run("SET GLOBAL tidb_enable_check_constraint = ON") }
        return session
    }

    static func violated(_ name: String) -> MySQLError {
        MySQLError(code: 3819, sqlState: "HY000", message: "Check constraint '\(name)' is violated.")
    }

    @Test func offByDefaultWarnsAndIgnores() throws {
        let session = try self.session(enabled: false)
        #expect(try session.scalar("SELECT @@global.tidb_enable_check_constraint") == "0")
        session.run("CREATE TABLE t (a INT CHECK (a > 0), b INT, CONSTRAINT c1 CHECK (b < 10))")
        #expect(
            try session.query("SHOW WARNINGS").rows == [
                [.string("Warning"), .int(1105), .string("tidb_enable_check_constraint is off")],
                [.string("Warning"), .int(1105), .string("tidb_enable_check_constraint is off")],
            ]
        )
        session.run("INSERT INTO t VALUES (-1, 20)")
        #expect(try session.query("SHOW CREATE TABLE t").rows[0][1].text?.contains("CHECK") == false)
        session.run("ALTER TABLE t ADD CHECK (a < 5)")
        #expect(try session.query("SHOW WARNINGS").rows.count == 1)
        session.run("ALTER TABLE t DROP CHECK c1")
        #expect(try session.query("SHOW WARNINGS").rows.count == 1)
    }

    @Test func enforcedNamesAndShowCreateTable() throws {
        let session = try self.session()
        session.run("CREATE TABLE t (a INT CHECK (a > 0), b INT, c INT, CHECK (c > 0), CHECK (b > c))")
        #expect(
            try session.query("SHOW CREATE TABLE t").rows[0][1].text
                == """
                CREATE TABLE `t` (
                  `a` int DEFAULT NULL,
                  `b` int DEFAULT NULL,
                  `c` int DEFAULT NULL,
                CONSTRAINT `t_chk_1` CHECK ((`c` > 0)),
                CONSTRAINT `t_chk_2` CHECK ((`b` > `c`)),
                CONSTRAINT `t_chk_3` CHECK ((`a` > 0))
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """
        )
        session.run("INSERT INTO t VALUES (1, 3, 2), (NULL, NULL, NULL)")
        #expect(session.failure("INSERT INTO t VALUES (0, 3, 2)") == Self.violated("t_chk_3"))
        #expect(session.failure("INSERT INTO t VALUES (1, 1, 2)") == Self.violated("t_chk_2"))
        #expect(session.failure("UPDATE t SET c = 5 WHERE a = 1") == Self.violated("t_chk_2"))
        #expect(
            session.failure("ALTER TABLE t DROP COLUMN b")
                == MySQLError(
                    code: 3959,
                    sqlState: "HY000",
                    message: "Check constraint 't_chk_2' uses column 'b', hence column cannot be dropped or renamed."
                )
        )
    }

    @Test func alterAddDropAndEnforcement() throws {
        let session = try self.session()
        session.run("CREATE TABLE t (a INT CHECK (a > 0), b INT CHECK (b < 10) NOT ENFORCED, c INT)")
        #expect(
            try session.query("SHOW CREATE TABLE t").rows[0][1].text?.contains(
                "CONSTRAINT `t_chk_2` CHECK ((`b` < 10)) /*!80016 NOT ENFORCED */"
            ) == true
        )
        session.run("ALTER TABLE t ALTER CONSTRAINT t_chk_1 NOT ENFORCED")
        session.run("INSERT INTO t VALUES (-1, 1, 0)")
        session.run("ALTER TABLE t ALTER CHECK t_chk_2 ENFORCED")
        #expect(session.failure("INSERT INTO t VALUES (-1, 11, 0)") == Self.violated("t_chk_2"))
        session.run("ALTER TABLE t ADD CHECK (c = 0)")
        #expect(session.failure("INSERT INTO t VALUES (-1, 1, 1)") == Self.violated("t_chk_3"))
        // Existing rows must satisfy a new constraint.
        #expect(session.failure("ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0)") == Self.violated("pos"))
        session.run("ALTER TABLE t DROP CHECK t_chk_3")
        session.run("INSERT INTO t VALUES (-1, 1, 1)")
        #expect(
            session.failure("ALTER TABLE t DROP CHECK t_chk_3")
                == MySQLError(code: 3940, sqlState: "HY000", message: "Constraint 't_chk_3' does not exist.")
        )
        #expect(
            session.failure("ALTER TABLE t ADD CONSTRAINT t_chk_1 CHECK (c < 9)")
                == MySQLError(code: 3822, sqlState: "HY000", message: "Duplicate check constraint name 't_chk_1'.")
        )
        let rows = try session.query(
            "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS ORDER BY CONSTRAINT_NAME"
        )
        #expect(rows.rows.map { $0.map(\.text) } == [["t_chk_1", "(`a` > 0)"], ["t_chk_2", "(`b` < 10)"]])
    }

    @Test func invalidExpressions() throws {
        let session = try self.session()
        #expect(
            session.failure("CREATE TABLE t1 (f1 TIMESTAMP CHECK (f1 + NOW() > '2011-11-21'))")
                == MySQLError(
                    code: 3814,
                    sqlState: "HY000",
                    message: "An expression of a check constraint 't1_chk_1' contains disallowed function: now."
                )
        )
        #expect(
            session.failure("CREATE TABLE t1 (f1 INT CHECK (f1 > @a))")
                == MySQLError(
                    code: 3816,
                    sqlState: "HY000",
                    message: "An expression of a check constraint 't1_chk_1' cannot refer to a user or system variable."
                )
        )
        #expect(
            session.failure("CREATE TABLE t1 (f1 INT PRIMARY KEY AUTO_INCREMENT, f2 INT, CHECK (f1 != f2))")
                == MySQLError(
                    code: 3818,
                    sqlState: "HY000",
                    message: "Check constraint 't1_chk_1' cannot refer to an auto-increment column."
                )
        )
        #expect(
            session.failure("CREATE TABLE t1 (a INT CHECK (b > 0), b INT)")
                == MySQLError(
                    code: 3813,
                    sqlState: "HY000",
                    message: "Column check constraint 't1_chk_1' references other column."
                )
        )
        // Django's PositiveIntegerField.
        session.run("CREATE TABLE dj (n INT UNSIGNED NOT NULL CHECK (`n` >= 0))")
        session.run("INSERT INTO dj VALUES (0)")
    }
}
