"""Decimal literals and strings far longer than a DECIMAL holds: the statement gets TiDB's answer
and the server keeps serving this and new connections (an Int128 overflow trap used to take the
whole server down)."""

import decimal

import pymysql
import pytest

from conftest import MockTiDB

ZEROS = "0" * 90
HUNDRED_DIGITS = "1" + "0" * 99


@pytest.fixture
def server():
    server = MockTiDB()
    yield server
    server.stop()


def connect(server):
    return pymysql.connect(host=server.host, port=server.port, user="root", database="test",
                           read_timeout=20, autocommit=True)


def test_long_decimal_literals_keep_the_server_answering(server):
    connection = connect(server)
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE t (a decimal)")
    cursor.execute(f"INSERT INTO t VALUES (0.{ZEROS})")
    cursor.execute(f"INSERT INTO t VALUES ('0.{ZEROS}1')")
    for value in (HUNDRED_DIGITS, f"'{HUNDRED_DIGITS}'", "1e300"):
        with pytest.raises(pymysql.err.DataError) as raised:
            cursor.execute(f"INSERT INTO t VALUES ({value})")
        assert raised.value.args == (1264, "Out of range value for column 'a' at row 1")
    cursor.execute(f"SELECT CAST('0.{ZEROS}1' AS DECIMAL(65, 30)), ROUND(0.{ZEROS}1, -30)")
    assert cursor.fetchall() == ((decimal.Decimal("0E-30"), decimal.Decimal("0")),)
    cursor.execute("SELECT a FROM t")
    assert cursor.fetchall() == ((decimal.Decimal("0"),), (decimal.Decimal("0"),))
    assert server.alive()
    other = connect(server)
    other_cursor = other.cursor()
    other_cursor.execute("SELECT 1")
    assert other_cursor.fetchall() == ((1,),)
    other.close()
    connection.close()
