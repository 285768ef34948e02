"""Views through PyMySQL, as TiDB v8.5 answers them: SHOW CREATE VIEW's columns and restored text,
SHOW FULL TABLES, information_schema.VIEWS, reads through views, and the errors of writes to them;
sequences (CREATE/DROP/SHOW CREATE), AUTO_RANDOM columns and SET_VAR hints (docs/tidb/schema-objects.md,
docs/tidb/system-variables.md)."""

import pymysql
import pytest


def connect(tidb):
    return pymysql.connect(host=tidb.host, port=tidb.port, user="root", password="", database="test", autocommit=True)


def test_view_definition_catalog_and_reads(tidb):
    connection = connect(tidb)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (a INT PRIMARY KEY, b VARCHAR(10))")
        cursor.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y')")
        cursor.execute("CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1")
        cursor.execute("SELECT * FROM v")
        assert cursor.fetchall() == ((2, "y"),)
        assert [d[0] for d in cursor.description] == ["a", "b"]

        cursor.execute("SHOW CREATE VIEW v")
        assert [d[0] for d in cursor.description] == [
            "View", "Create View", "character_set_client", "collation_connection"]
        view, text, charset, collation = cursor.fetchone()
        assert view == "v"
        assert text == ("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW `v` (`a`, `b`) AS "
                        "SELECT `a` AS `a`,`b` AS `b` FROM `test`.`t` WHERE `a`>1")
        # The session's character_set_client and collation_connection when the view was made.
        cursor.execute("SELECT @@character_set_client, @@collation_connection")
        assert (charset, collation) == cursor.fetchone()

        cursor.execute("SHOW FULL TABLES")
        assert cursor.fetchall() == (("t", "BASE TABLE"), ("v", "VIEW"))
        cursor.execute("SELECT TABLE_NAME, CHECK_OPTION, IS_UPDATABLE, DEFINER, SECURITY_TYPE "
                       "FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'test'")
        assert cursor.fetchall() == (("v", "CASCADED", "NO", "root@%", "DEFINER"),)
        cursor.execute("SELECT TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_NAME = 'v'")
        assert cursor.fetchall() == (("VIEW", "VIEW"),)

        cursor.execute("DROP VIEW v")
        cursor.execute("SHOW TABLES")
        assert cursor.fetchall() == (("t",),)
    connection.close()


@pytest.mark.parametrize("statement, code, message", [
    ("INSERT INTO v VALUES (3, 'z')", 1105, "insert into view v is not supported now"),
    ("UPDATE v SET b = 'q'", 1105, "update view v is not supported now."),
    ("DELETE FROM v", 1105, "delete view v is not supported now."),
    ("DROP TABLE v", 1051, "Unknown table 'test.v'"),
    ("DROP VIEW t", 1347, "'test.t' is not VIEW"),
    ("CREATE VIEW m AS SELECT * FROM missing", 1146, "Table 'test.missing' doesn't exist"),
    ("CREATE VIEW m AS SELECT a, a FROM t", 1060, "Duplicate column name 'a'"),
    ("CREATE VIEW m (x) AS SELECT a, b FROM t", 1353,
     "In definition of view, derived table or common table expression, SELECT list and column names list have "
     "different column counts"),
])
def test_view_errors(tidb, statement, code, message):
    connection = connect(tidb)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (a INT PRIMARY KEY, b VARCHAR(10))")
        cursor.execute("CREATE VIEW v AS SELECT a, b FROM t")
        # Tests/conformance's runner swaps PyMySQL's error class when run in the same session.
        with pytest.raises(Exception) as raised:
            cursor.execute(statement)
        assert raised.value.args == (code, message)
    connection.close()


def test_sequences(tidb):
    connection = connect(tidb)
    with connection.cursor() as cursor:
        cursor.execute("CREATE SEQUENCE seq")
        cursor.execute("SHOW CREATE SEQUENCE seq")
        assert [d[0] for d in cursor.description] == ["Sequence", "Create Sequence"]
        assert cursor.fetchall() == (("seq", "CREATE SEQUENCE `seq` start with 1 minvalue 1 maxvalue "
                                             "9223372036854775806 increment by 1 cache 1000 nocycle ENGINE=InnoDB"),)
        with pytest.raises(pymysql.MySQLError) as failure:
            cursor.execute("INSERT INTO seq VALUES ()")
        assert failure.value.args == (1105, "insert into sequence seq is not supported now")
        cursor.execute("DROP SEQUENCE seq")
        with pytest.raises(pymysql.MySQLError) as failure:
            cursor.execute("DROP SEQUENCE seq")
        assert failure.value.args == (4139, "Unknown SEQUENCE: 'test.seq'")
    connection.close()


def test_auto_random(tidb):
    connection = connect(tidb)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE ar (id BIGINT PRIMARY KEY AUTO_RANDOM(3), b INT)")
        cursor.execute("SHOW CREATE TABLE ar")
        assert " NOT NULL /*T![auto_rand] AUTO_RANDOM(3) */,\n  `b` int" in cursor.fetchone()[1]
        cursor.execute("INSERT INTO ar (b) VALUES (1)")
        generated = cursor.lastrowid
        cursor.execute("SELECT id FROM ar")
        assert cursor.fetchone() == (generated,)
        assert generated & ((1 << 60) - 1) == 1
        with pytest.raises(pymysql.MySQLError) as failure:
            cursor.execute("INSERT INTO ar VALUES (5, 5)")
        assert failure.value.args[0] == 8216
    connection.close()


def test_set_var_hint(tidb):
    connection = connect(tidb)
    with connection.cursor() as cursor:
        cursor.execute("SELECT /*+ SET_VAR(sort_buffer_size=32768) */ @@sort_buffer_size")
        assert cursor.fetchone() == ("32768",)
        cursor.execute("SELECT @@sort_buffer_size")
        assert cursor.fetchone() == ("262144",)
    connection.close()
