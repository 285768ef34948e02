import MySQLTypes
import Testing

@testable import TiDBEngine

/// FOREIGN KEY constraints as TiDB v8.5 has them: names, the implicit index, SHOW CREATE TABLE,
/// the DDL errors, enforcement under `foreign_key_checks`, the ON DELETE / ON UPDATE actions and
/// information_schema (tidb `tests/integrationtest/r/ddl/foreign_key.result`, `foreign-key.md`).
@Suite struct ForeignKeyTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE parent (id INT PRIMARY KEY, b INT, KEY idx_b (b))")
        return session
    }

    func column(_ session: Session, _ sql: String) throws -> [String?] {
        try session.query(sql).rows.map { $0[0].text }
    }

    func createTable(_ session: Session, _ name: String) throws -> String? {
        try session.query("SHOW CREATE TABLE \(name)").rows.first?[1].text
    }

    static func childError(_ constraint: String) -> MySQLError {
        MySQLError(
            code: 1452,
            sqlState: "23000",
            message: "Cannot add or update a child row: a foreign key constraint fails (\(constraint))"
        )
    }

    static func parentError(_ constraint: String) -> MySQLError {
        MySQLError(
            code: 1451,
            sqlState: "23000",
            message: "Cannot delete or update a parent row: a foreign key constraint fails (\(constraint))"
        )
    }

    @Test func namesIndexAndShowCreateTable() throws {
        let session = try self.session()
        session.run(
            "CREATE TABLE child (id INT PRIMARY KEY, pid INT, qid INT, "
                + "FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE, "
                + "CONSTRAINT named FOREIGN KEY idx_ignored (qid) REFERENCES parent (id))"
        )
        #expect(
            try self.createTable(session, "child")
                == """
                CREATE TABLE `child` (
                  `id` int NOT NULL,
                  `pid` int DEFAULT NULL,
                  `qid` int DEFAULT NULL,
                  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */,
                  KEY `fk_1` (`pid`),
                  KEY `named` (`qid`),
                  CONSTRAINT `fk_1` FOREIGN KEY (`pid`) REFERENCES `test`.`parent` (`id`) ON DELETE CASCADE,
                  CONSTRAINT `named` FOREIGN KEY (`qid`) REFERENCES `test`.`parent` (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """
        )
        // The FOREIGN KEY identifier names the constraint when CONSTRAINT gives none; an index
        // already covering the columns is used.
        session.run("CREATE TABLE c2 (a INT, KEY ia (a), FOREIGN KEY fkx (a) REFERENCES parent (b))")
        #expect(
            try self.createTable(session, "c2")
                == """
                CREATE TABLE `c2` (
                  `a` int DEFAULT NULL,
                  KEY `ia` (`a`),
                  CONSTRAINT `fkx` FOREIGN KEY (`a`) REFERENCES `test`.`parent` (`b`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """
        )
        // Column-level REFERENCES is parsed and ignored.
        session.run("CREATE TABLE c3 (a INT REFERENCES parent (id))")
        #expect(try self.createTable(session, "c3")?.contains("FOREIGN KEY") == false)
    }

    @Test func alterTableAddAndDropForeignKey() throws {
        let session = try self.session()
        session.run("CREATE TABLE t2 (a INT, b INT)")
        // What Django issues.
        session.run("ALTER TABLE t2 ADD CONSTRAINT t2_a_fk_parent_id FOREIGN KEY (a) REFERENCES parent (id)")
        session.run("ALTER TABLE t2 ADD FOREIGN KEY (b) REFERENCES parent (id)")
        // MaxForeignKeyID counts the named one too.
        #expect(
            try self.column(
                session,
                "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_NAME = 't2'"
            )
                == ["t2_a_fk_parent_id", "fk_2"]
        )
        #expect(try self.createTable(session, "t2")?.contains("KEY `fk_2` (`b`)") == true)
        #expect(
            session.failure("ALTER TABLE t2 ADD CONSTRAINT fk_2 FOREIGN KEY (b) REFERENCES parent (id)")
                == MySQLError(code: 1826, sqlState: "HY000", message: "Duplicate foreign key constraint name 'fk_2'")
        )
        #expect(
            session.failure("ALTER TABLE t2 DROP INDEX fk_2")
                == MySQLError(
                    code: 1553,
                    sqlState: "HY000",
                    message: "Cannot drop index 'fk_2': needed in a foreign key constraint"
                )
        )
        #expect(
            session.failure("ALTER TABLE t2 DROP COLUMN b")
                == MySQLError(
                    code: 1828,
                    sqlState: "HY000",
                    message: "Cannot drop column 'b': needed in a foreign key constraint 'fk_2'"
                )
        )
        session.run("ALTER TABLE t2 DROP FOREIGN KEY fk_2")
        session.run("ALTER TABLE t2 DROP INDEX fk_2")
        #expect(
            session.failure("ALTER TABLE t2 DROP FOREIGN KEY fk_2")
                == MySQLError(code: 1091, sqlState: "42000", message: "Can't DROP 'fk_2'; check that column/key exists")
        )
        // Existing rows must have their parent.
        session.run("INSERT INTO t2 VALUES (NULL, 7)")
        #expect(
            session.failure("ALTER TABLE t2 ADD CONSTRAINT f7 FOREIGN KEY (b) REFERENCES parent (id)")
                == Self.childError("`test`.`t2`, CONSTRAINT `f7` FOREIGN KEY (`b`) REFERENCES `parent` (`id`)")
        )
    }

    @Test func definitionErrors() throws {
        let session = try self.session()
        #expect(
            session.failure("CREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES nope (id))")
                == MySQLError(code: 1824, sqlState: "HY000", message: "Failed to open the referenced table 'nope'")
        )
        #expect(
            session.failure("CREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES parent (zz))")
                == MySQLError(
                    code: 3734,
                    sqlState: "HY000",
                    message:
                        "Failed to add the foreign key constraint. Missing column 'zz' for constraint 'fk_1' in the referenced table 'parent'"
                )
        )
        session.run("ALTER TABLE parent ADD COLUMN c INT")
        #expect(
            session.failure("CREATE TABLE c (a INT, CONSTRAINT fk FOREIGN KEY (a) REFERENCES parent (c))")
                == MySQLError(
                    code: 1822,
                    sqlState: "HY000",
                    message:
                        "Failed to add the foreign key constraint. Missing index for constraint 'fk' in the referenced table 'parent'"
                )
        )
        #expect(
            session.failure("CREATE TABLE c (a BIGINT, CONSTRAINT fk FOREIGN KEY (a) REFERENCES parent (id))")
                == MySQLError(
                    code: 3780,
                    sqlState: "HY000",
                    message:
                        "Referencing column 'a' and referenced column 'id' in foreign key constraint 'fk' are incompatible."
                )
        )
        #expect(
            session.failure("CREATE TABLE c (a INT, FOREIGN KEY (zz) REFERENCES parent (id))")
                == MySQLError(code: 1072, sqlState: "42000", message: "Key column 'zz' doesn't exist in table")
        )
        #expect(
            session.failure(
                "CREATE TABLE c (a INT NOT NULL, CONSTRAINT fk FOREIGN KEY (a) REFERENCES parent (id) ON DELETE SET NULL)"
            )
                == MySQLError(
                    code: 1830,
                    sqlState: "HY000",
                    message: "Column 'a' cannot be NOT NULL: needed in a foreign key constraint 'fk' SET NULL"
                )
        )
        #expect(
            session.failure("CREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES c (a))")
                == MySQLError(code: 1215, sqlState: "HY000", message: "Cannot add foreign key constraint")
        )
        #expect(
            session.failure(
                "CREATE TABLE c (a INT, CONSTRAINT x FOREIGN KEY (a) REFERENCES parent (id), "
                    + "CONSTRAINT X FOREIGN KEY (a) REFERENCES parent (id))"
            ) == MySQLError(code: 1826, sqlState: "HY000", message: "Duplicate foreign key constraint name 'X'")
        )
        // With the checks off the parent may come later.
        session.run("SET foreign_key_checks = 0")
        session.run("CREATE TABLE later_child (a INT, FOREIGN KEY (a) REFERENCES Later (id))")
        session.run("INSERT INTO later_child VALUES (5)")
        session.run("SET foreign_key_checks = 1")
        #expect(
            session.failure("INSERT INTO later_child VALUES (6)")
                == Self.childError(
                    "`test`.`later_child`, CONSTRAINT `fk_1` FOREIGN KEY (`a`) REFERENCES `later` (`id`)"
                )
        )
    }

    @Test func childWritesNeedTheirParent() throws {
        let session = try self.session()
        session.run("INSERT INTO parent VALUES (1, 10), (2, 20)")
        session.run(
            "CREATE TABLE child (id INT PRIMARY KEY, pid INT, CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent (id))"
        )
        session.run("INSERT INTO child VALUES (1, 1), (2, NULL)")
        let constraint = "`test`.`child`, CONSTRAINT `fk` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`)"
        #expect(session.failure("INSERT INTO child VALUES (3, 3)") == Self.childError(constraint))
        #expect(session.failure("UPDATE child SET pid = 9 WHERE id = 1") == Self.childError(constraint))
        // IGNORE skips the row with the error as a warning.
        let ignored = session.execute("INSERT IGNORE INTO child VALUES (5, 1), (6, 6)", multiStatementsAllowed: false)
        guard case .ok(let inserted, _, _) = ignored.outcomes.last?.result else { throw TestFailure() }
        #expect(inserted == 1)
        #expect(try session.query("SHOW WARNINGS").rows.map { $0[1] } == [.int(1452)])
        session.run("DELETE FROM child WHERE id = 5")
        // A parent written earlier in the same transaction counts.
        session.run("BEGIN; INSERT INTO parent VALUES (3, 30); INSERT INTO child VALUES (3, 3); COMMIT")
        #expect(session.failure("DELETE FROM parent WHERE id = 1") == Self.parentError(constraint))
        #expect(session.failure("UPDATE parent SET id = 5 WHERE id = 1") == Self.parentError(constraint))
        // A change that leaves the key alone is fine, and so is a parent nobody references.
        session.run("UPDATE parent SET b = 11 WHERE id = 1")
        session.run("DELETE FROM parent WHERE id = 2")
        session.run("SET foreign_key_checks = OFF")
        session.run("INSERT INTO child VALUES (4, 42)")
        session.run("DELETE FROM parent WHERE id = 1")
        #expect(try self.column(session, "SELECT id FROM child ORDER BY id") == ["1", "2", "3", "4"])
    }

    @Test func cascadeAndSetNull() throws {
        let session = try self.session()
        session.run("INSERT INTO parent VALUES (1, 10), (2, 20)")
        session.run(
            "CREATE TABLE child (id INT PRIMARY KEY, pid INT, "
                + "FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE CASCADE)"
        )
        session.run(
            "CREATE TABLE grandchild (id INT PRIMARY KEY, cid INT, "
                + "FOREIGN KEY (cid) REFERENCES child (id) ON DELETE SET NULL)"
        )
        session.run("INSERT INTO child VALUES (1, 1), (2, 1), (3, 2)")
        session.run("INSERT INTO grandchild VALUES (1, 1), (2, 3)")
        session.run("UPDATE parent SET id = 11 WHERE id = 1")
        #expect(
            try session.query("SELECT id, pid FROM child ORDER BY id").rows.map { $0.map(\.text) } == [
                ["1", "11"], ["2", "11"], ["3", "2"],
            ]
        )
        // Two levels: the parent's delete removes child 1 and 2, which sets grandchild 1's cid NULL.
        let result = session.execute("DELETE FROM parent WHERE id = 11", multiStatementsAllowed: false).outcomes
        guard case .ok(let affected, _, _) = result.last?.result else { throw TestFailure() }
        #expect(affected == 1)
        #expect(try self.column(session, "SELECT id FROM child ORDER BY id") == ["3"])
        #expect(
            try session.query("SELECT id, cid FROM grandchild ORDER BY id").rows.map { $0.map(\.text) } == [
                ["1", nil], ["2", "3"],
            ]
        )
    }

    @Test(arguments: ["PESSIMISTIC", "OPTIMISTIC"])
    func cascadesRollBackWithTheTransaction(mode: String) throws {
        let session = try self.session()
        session.run("INSERT INTO parent VALUES (1, 10)")
        session.run(
            "CREATE TABLE child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE)"
        )
        session.run("INSERT INTO child VALUES (1, 1)")
        session.run("BEGIN \(mode); DELETE FROM parent")
        #expect(try session.scalar("SELECT COUNT(*) FROM child") == "0")
        session.run("ROLLBACK")
        #expect(try session.scalar("SELECT COUNT(*) FROM child") == "1")
        session.run("BEGIN \(mode); DELETE FROM parent; COMMIT")
        #expect(try session.scalar("SELECT COUNT(*) FROM child") == "0")
    }

    @Test func restrictAndSetDefaultRefuse() throws {
        let session = try self.session()
        session.run("INSERT INTO parent VALUES (1, 10)")
        session.run(
            "CREATE TABLE child (pid INT, CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE SET DEFAULT ON UPDATE RESTRICT)"
        )
        session.run("INSERT INTO child VALUES (1)")
        let constraint =
            "`test`.`child`, CONSTRAINT `fk` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`) ON DELETE SET DEFAULT ON UPDATE RESTRICT"
        #expect(session.failure("DELETE FROM parent") == Self.parentError(constraint))
        #expect(session.failure("UPDATE parent SET id = 2") == Self.parentError(constraint))
        // REPLACE deletes the parent row first.
        #expect(session.failure("REPLACE INTO parent VALUES (1, 11)") == Self.parentError(constraint))
    }

    @Test func dropAndTruncateReferencedTables() throws {
        let session = try self.session()
        session.run("CREATE TABLE child (pid INT, CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent (id))")
        #expect(
            session.failure("DROP TABLE parent")
                == MySQLError(
                    code: 3730,
                    sqlState: "HY000",
                    message: "Cannot drop table 'parent' referenced by a foreign key constraint 'fk' on table 'child'."
                )
        )
        #expect(
            session.failure("TRUNCATE TABLE parent")
                == MySQLError(
                    code: 1701,
                    sqlState: "42000",
                    message:
                        "Cannot truncate a table referenced in a foreign key constraint (`test`.`child` CONSTRAINT `fk`)"
                )
        )
        session.run("CREATE DATABASE other")
        session.run("CREATE TABLE other.c (pid INT, CONSTRAINT ofk FOREIGN KEY (pid) REFERENCES test.parent (id))")
        #expect(session.failure("DROP DATABASE test")?.code == 3730)
        session.run("DROP TABLE other.c")
        // Dropping the child with its parent in one statement is fine.
        session.run("DROP TABLE parent, child")
        #expect(try self.column(session, "SHOW TABLES") == [])
    }

    @Test func informationSchemaAsDjangoReadsIt() throws {
        let session = try self.session()
        session.run(
            "CREATE TABLE child (id INT PRIMARY KEY, pid INT, UNIQUE KEY u (pid, id), "
                + "CONSTRAINT child_pid_fk FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE)"
        )
        // Django's get_relations.
        let relations = try session.query(
            """
            SELECT column_name, referenced_column_name, referenced_table_name
            FROM information_schema.key_column_usage
            WHERE table_name = 'child'
                AND table_schema = DATABASE()
                AND referenced_table_schema = DATABASE()
                AND referenced_table_name IS NOT NULL
                AND referenced_column_name IS NOT NULL
            """
        )
        #expect(relations.rows.map { $0.map(\.text) } == [["pid", "id", "parent"]])
        // Django's get_constraints.
        let constraints = try session.query(
            """
            SELECT kc.`constraint_name`, kc.`column_name`,
                kc.`referenced_table_name`, kc.`referenced_column_name`,
                c.`constraint_type`
            FROM
                information_schema.key_column_usage AS kc,
                information_schema.table_constraints AS c
            WHERE
                kc.table_schema = DATABASE() AND
                (
                    kc.referenced_table_schema = DATABASE() OR
                    kc.referenced_table_schema IS NULL
                ) AND
                c.table_schema = kc.table_schema AND
                c.constraint_name = kc.constraint_name AND
                c.constraint_type != 'CHECK' AND
                kc.table_name = 'child'
            ORDER BY kc.`ordinal_position`
            """
        )
        // The join's order among equal ORDINAL_POSITIONs is the planner's: compare as a set.
        #expect(
            Set(constraints.rows.map { $0.map(\.text) }) == [
                ["PRIMARY", "id", nil, nil, "PRIMARY KEY"],
                ["u", "pid", nil, nil, "UNIQUE"],
                ["child_pid_fk", "pid", "parent", "id", "FOREIGN KEY"],
                ["u", "id", nil, nil, "UNIQUE"],
            ]
        )
        #expect(constraints.rows.last?[1].text == "id")
        let referential = try session.query("SELECT * FROM information_schema.REFERENTIAL_CONSTRAINTS")
        #expect(
            referential.columns.map(\.name) == [
                "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "UNIQUE_CONSTRAINT_CATALOG",
                "UNIQUE_CONSTRAINT_SCHEMA", "UNIQUE_CONSTRAINT_NAME", "MATCH_OPTION", "UPDATE_RULE", "DELETE_RULE",
                "TABLE_NAME", "REFERENCED_TABLE_NAME",
            ]
        )
        #expect(
            referential.rows.map { $0.map(\.text) } == [
                [
                    "def", "test", "child_pid_fk", "def", "test", "PRIMARY", "NONE", "NO ACTION", "CASCADE", "child",
                    "parent",
                ]
            ]
        )
        let usage = try session.query(
            "SELECT POSITION_IN_UNIQUE_CONSTRAINT, REFERENCED_TABLE_SCHEMA FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE CONSTRAINT_NAME = 'child_pid_fk'"
        )
        #expect(usage.rows.map { $0.map(\.text) } == [["1", "test"]])
    }

    /// tidb `foreign_key.result`: MODIFY COLUMN on either side of a foreign key.
    @Test func modifyColumnsOfAForeignKey() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t1 (id INT KEY, b VARCHAR(10), INDEX (b))")
        session.run("CREATE TABLE t2 (a VARCHAR(10), CONSTRAINT fk FOREIGN KEY (a) REFERENCES t1 (b))")
        let parentSide = MySQLError(
            code: 1833,
            sqlState: "HY000",
            message: "Cannot change column 'b': used in a foreign key constraint 'fk' of table 'test.t2'"
        )
        let incompatible = MySQLError(
            code: 3780,
            sqlState: "HY000",
            message: "Referencing column 'a' and referenced column 'b' in foreign key constraint 'fk' are incompatible."
        )
        #expect(session.failure("ALTER TABLE t1 MODIFY COLUMN b VARCHAR(5)") == parentSide)
        #expect(session.failure("ALTER TABLE t1 MODIFY COLUMN b BIGINT") == incompatible)
        session.run("ALTER TABLE t1 MODIFY COLUMN b VARCHAR(20)")
        #expect(session.failure("ALTER TABLE t1 MODIFY COLUMN b VARCHAR(10)") == parentSide)
        session.run("ALTER TABLE t2 MODIFY COLUMN a VARCHAR(21)")
        #expect(
            session.failure("ALTER TABLE t2 MODIFY COLUMN a VARCHAR(5)")
                == MySQLError(
                    code: 1832,
                    sqlState: "HY000",
                    message: "Cannot change column 'a': used in a foreign key constraint 'fk'"
                )
        )
        #expect(session.failure("ALTER TABLE t2 MODIFY COLUMN a BIGINT") == incompatible)
        session.run("CREATE TABLE i1 (a BIGINT KEY)")
        session.run("CREATE TABLE i2 (a BIGINT, CONSTRAINT fk FOREIGN KEY (a) REFERENCES i1 (a))")
        session.run("ALTER TABLE i2 MODIFY COLUMN a BIGINT(5)")
        session.run("ALTER TABLE i1 MODIFY COLUMN a BIGINT(1)")
    }

    /// The design doc's example: a renamed parent keeps its children.
    @Test func renamingTheParentMovesItsChildren() throws {
        let session = try self.session()
        session.run("INSERT INTO parent VALUES (1, 10)")
        session.run("CREATE TABLE child (pid INT, CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent (id))")
        session.run("RENAME TABLE parent TO p2")
        #expect(
            try self.createTable(session, "child")?.contains("REFERENCES `test`.`p2` (`id`)") == true
        )
        session.run("INSERT INTO child VALUES (1)")
        #expect(
            session.failure("INSERT INTO child VALUES (2)")
                == Self.childError("`test`.`child`, CONSTRAINT `fk` FOREIGN KEY (`pid`) REFERENCES `p2` (`id`)")
        )
    }
}
