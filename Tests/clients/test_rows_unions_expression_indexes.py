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
