"""Row constructors, parenthesised unions and expression indexes through a real client
(PyMySQL): the composite lookups Django writes and TiDB's errors."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


@pytest.fixture
def connection(server):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", autocommit=True)
    cursor = connection.cursor()
    cursor.execute("DROP DATABASE IF EXISTS rows_db")
    cursor.execute("CREATE DATABASE rows_db")
    cursor.execute("USE rows_db")
    yield connection
    connection.close()


def error_of(cursor, sql):
    with pytest.raises(pymysql.err.MySQLError) as raised:
        cursor.execute(sql)
    return raised.value.args


def test_django_composite_lookups(connection):
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE t (a INT, b INT)")
    cursor.execute("INSERT INTO t VALUES (1, 1), (2, 1), (2, 2), (3, 1)")
    cursor.execute("SELECT `t`.`a`, `t`.`b` FROM `t` WHERE (`t`.`a`, `t`.`b`) IN ((3, 1), (2, 1)) ORDER BY 1")
    assert cursor.fetchall() == ((2, 1), (3, 1))
    cursor.execute("SELECT a, b FROM t WHERE (a, b) > (%s, %s) ORDER BY a, b", (2, 1))
    assert cursor.fetchall() == ((2, 2), (3, 1))
    cursor.execute("SELECT (1, NULL) <=> (1, NULL), (NULL, 1) < (1, 2), ROW(1, 2) = (1, 2)")
    assert cursor.fetchall() == ((1, None, 1),)


def test_row_operand_errors(connection):
    cursor = connection.cursor()
    assert error_of(cursor, "SELECT (1, 2) = 1") == (1241, "Operand should contain 2 column(s)")
    assert error_of(cursor, "SELECT (1, 2)") == (1241, "Operand should contain 1 column(s)")


def test_parenthesised_unions(connection):
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE t (a INT, b INT)")
    cursor.execute("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)")
    cursor.execute("SELECT * FROM ((SELECT a FROM t WHERE a = 1) UNION (SELECT a FROM t WHERE a = 2)) AS x ORDER BY a")
    assert cursor.fetchall() == ((1,), (2,))
    cursor.execute("(SELECT a FROM t ORDER BY a DESC LIMIT 1) UNION ALL (SELECT a FROM t ORDER BY a LIMIT 1)")
    assert cursor.fetchall() == ((3,), (1,))
    cursor.execute("SELECT a FROM t WHERE a IN ((SELECT 1) UNION (SELECT 3)) ORDER BY a")
    assert cursor.fetchall() == ((1,), (3,))
    cursor.execute("SELECT a FROM t UNION SELECT b FROM t ORDER BY a + 0 DESC LIMIT 2")
    assert cursor.fetchall() == ((30,), (20,))
    assert error_of(cursor, "SELECT a FROM t UNION SELECT b FROM t ORDER BY t.a") == (
        1250, "Table 't' from one of the SELECTs cannot be used in global ORDER clause")


def test_expression_indexes_are_kept_and_shown(connection):
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE e (id INT PRIMARY KEY, c VARCHAR(10))")
    cursor.execute("CREATE INDEX i ON e ((LOWER(c)))")
    cursor.execute("SHOW CREATE TABLE e")
    assert "  KEY `i` ((lower(`c`)))\n" in cursor.fetchone()[1]
    cursor.execute("SHOW INDEX FROM e WHERE Key_name = 'i'")
    row = cursor.fetchone()
    assert (row[4], row[14]) == ("NULL", "lower(`c`)")
    assert error_of(cursor, "CREATE UNIQUE INDEX u ON e ((UPPER(c)))") == (
        1235, "This version of TiDB doesn't yet support 'UNIQUE expression index'")
    assert error_of(cursor, "CREATE INDEX i2 ON e ((c))") == (
        3762, "Expression index on a column is not supported. Consider using a regular index instead")
