"""Temporary tables through a real client (PyMySQL): a local one is its connection's own and
goes with it; a global one keeps rows for one transaction only."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


def connect(server):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", autocommit=True)
    cursor = connection.cursor()
    cursor.execute("CREATE DATABASE IF NOT EXISTS temp_db")
    cursor.execute("USE temp_db")
    return connection


def test_local_temporary_table_is_private_and_ends_with_the_connection(server):
    first = connect(server)
    second = connect(server)
    a, b = first.cursor(), second.cursor()
    a.execute("DROP TABLE IF EXISTS t")
    a.execute("CREATE TABLE t (a INT)")
    a.execute("INSERT INTO t VALUES (1)")
    a.execute("CREATE TEMPORARY TABLE t (a INT)")
    a.execute("INSERT INTO t VALUES (2)")
    a.execute("SELECT a FROM t")
    assert a.fetchall() == ((2,),)
    b.execute("SELECT a FROM t")
    assert b.fetchall() == ((1,),)
    with pytest.raises(pymysql.err.MySQLError) as raised:
        a.execute("ALTER TABLE t ADD COLUMN b INT")
    assert raised.value.args == (8200, "TiDB doesn't support ALTER TABLE for local temporary table")
    first.close()
    third = connect(server)
    c = third.cursor()
    c.execute("SELECT a FROM t")
    assert c.fetchall() == ((1,),)
    second.close()
    third.close()


def test_global_temporary_table_rows_last_one_transaction(server):
    connection = connect(server)
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS g")
    cursor.execute("CREATE GLOBAL TEMPORARY TABLE g (id INT PRIMARY KEY) ON COMMIT DELETE ROWS")
    cursor.execute("INSERT INTO g VALUES (1)")
    cursor.execute("SELECT id FROM g")
    assert cursor.fetchall() == ()
    cursor.execute("BEGIN")
    cursor.execute("INSERT INTO g VALUES (2)")
    cursor.execute("SELECT id FROM g")
    assert cursor.fetchall() == ((2,),)
    cursor.execute("COMMIT")
    cursor.execute("SELECT id FROM g")
    assert cursor.fetchall() == ()
    cursor.execute("SHOW CREATE TABLE g")
    assert cursor.fetchone()[1].endswith(" ON COMMIT DELETE ROWS")
    cursor.execute("DROP GLOBAL TEMPORARY TABLE g")
    connection.close()
