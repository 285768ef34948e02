import MySQLTypes
import Testing

@testable import TiDBEngine

/// What TiDB refuses in a CHECK clause besides its functions and variables: a non-boolean
/// expression (3812), a name over 64 characters (1059), DEFAULT() (3814), a column a foreign
/// key's referential action changes (3823), a missing column in ALTER TABLE (1054).
@Suite struct CheckConstraintRuleTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("SET GLOBAL tidb_enable_check_constraint = ON")
        return session
    }

    @Test func nonBooleanExpressionsAreRefused() throws {
        let session = try self.session()
        for check in ["a", "1", "'1'", "1+1", "a + 1/2", "abs(1)", "length(a)", "'true'"] {
            let error = session.failure("CREATE TABLE t (a INT, CHECK (\(check)))")
            #expect(error?.code == 3812, "\(check)")
            #expect(error?.message == "An expression of non-boolean type specified to a check constraint 't_chk_1'.")
        }
        session.run("CREATE TABLE t (a INT, b VARCHAR(20), CHECK (true))")
        session.run("ALTER TABLE t ADD CHECK (b REGEXP '@'); ALTER TABLE t ADD CHECK (a IS NOT NULL OR NOT a < 0)")
        #expect(session.failure("ALTER TABLE t ADD CHECK (a)")?.message.contains("'t_chk_4'") == true)
    }

    @Test func namesDefaultAndMissingColumns() throws {
        let session = try self.session()
        let long = String(repeating: "a", count: 64)
        #expect(
            session.failure("CREATE TABLE \(long) (a INT CHECK (a > 0))")?.message
                == "Identifier name '\(long)_chk_1' is too long"
        )
        #expect(
            session.failure("CREATE TABLE t (f1 INT CHECK (f1 = default(f1)))")?.message
                == "An expression of a check constraint 't_chk_1' contains disallowed function: default."
        )
        session.run("CREATE TABLE t (a INT)")
        let missing = session.failure("ALTER TABLE t ADD CHECK (b > 0)")
        #expect(missing?.code == 1054)
        #expect(missing?.message == "Unknown column 'b' in 'check constraint t_chk_1 expression'")
    }

    @Test func columnsChangedByReferentialActionsAreRefused() throws {
        let session = try self.session()
        session.run("CREATE TABLE p (a INT, b INT, INDEX (a), INDEX (a, b))")
        let message =
            "Column 'a' cannot be used in a check constraint 's_chk_1': needed in a foreign key constraint referential action."
        let create = session.failure(
            "CREATE TABLE s (a INT, b INT, CHECK (a > 0), FOREIGN KEY (a, b) REFERENCES p (a, b) ON UPDATE CASCADE)"
        )
        #expect(create?.code == 3823)
        #expect(create?.message == message)
        session.run("CREATE TABLE s (a INT, FOREIGN KEY (a) REFERENCES p (a) ON UPDATE CASCADE)")
        #expect(session.failure("ALTER TABLE s ADD CHECK (a > 0)")?.message == message)
        // ON DELETE CASCADE deletes the row: the column may be checked.
        session.run("CREATE TABLE u (a INT, CHECK (a > 0), FOREIGN KEY (a) REFERENCES p (a) ON DELETE CASCADE)")
    }

    @Test func likeRenamesChecksAndLiteralsKeepLowercaseIntroducers() throws {
        let session = try self.session()
        session.run(
            "CREATE TABLE t (a INT CHECK (a > 10), b INT CONSTRAINT bbb CHECK (b > 5), c VARCHAR(9), CHECK (c < 'x'))"
        )
        session.run("CREATE TABLE s LIKE t")
        let create = try session.query("SHOW CREATE TABLE s").rows[0][1].text ?? ""
        #expect(
            create.contains(
                "CONSTRAINT `s_chk_1` CHECK ((`c` < _utf8mb4'x')),\nCONSTRAINT `s_chk_2` CHECK ((`a` > 10)),\nCONSTRAINT `s_chk_3` CHECK ((`b` > 5))"
            )
        )
    }
}
