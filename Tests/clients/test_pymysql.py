"""PyMySQL: column names, types and values as TiDB sends them."""

import pymysql
import pytest
from pymysql.constants import FIELD_TYPE

from conftest import assert_tso_near_now


def connect(tidb, **options):
    return pymysql.connect(host="127.0.0.1", port=tidb.port, user="root", password="", **options)


def test_gc_variable_is_an_integer(tidb):
    with connect(tidb) as connection, connection.cursor() as cursor:
        cursor.execute("SET GLOBAL tidb_gc_enable=FALSE")
        cursor.execute("SELECT @@global.tidb_gc_enable")
        assert cursor.fetchall() == ((0,),)
        assert cursor.description[0][0] == "@@global.tidb_gc_enable"
        assert cursor.description[0][1] == FIELD_TYPE.LONG
        cursor.execute("SELECT @@global.tidb_gc_life_time, @@tidb_current_ts")
        assert cursor.fetchone() == ("10m0s", "0")
        assert [column[1] for column in cursor.description] == [FIELD_TYPE.VAR_STRING, FIELD_TYPE.VAR_STRING]


def test_current_tso_in_an_explicit_transaction(tidb):
    with connect(tidb, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT TIDB_CURRENT_TSO()")
        assert cursor.fetchone() == (0,)
        connection.begin()
        cursor.execute("SELECT TIDB_CURRENT_TSO()")
        (tso,) = cursor.fetchone()
        assert cursor.description[0][1] == FIELD_TYPE.LONGLONG
        assert isinstance(tso, int)
        assert_tso_near_now(tso)
        cursor.execute("SELECT @@tidb_current_ts")
        assert cursor.fetchone() == (str(tso),)
        connection.rollback()


def test_master_status_columns(tidb):
    with connect(tidb) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW MASTER STATUS")
        row = cursor.fetchone()
        names = [column[0] for column in cursor.description]
        assert names == ["File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set"]
        assert cursor.description[1][1] == FIELD_TYPE.LONGLONG
        assert row[0] == "tidb-binlog" and row[2:] == ("", "", "")
        assert_tso_near_now(row[1])


def test_errors_keep_the_connection(tidb):
    with connect(tidb) as connection, connection.cursor() as cursor:
        for sql, code in [
            ("SELECT @@nonexistent", 1193),
            ("SET tidb_gc_enable=0", 1229),
            ("SELECT @@session.tidb_gc_enable", 1238),
            ("SELECT 1 +", 1064),
        ]:
            with pytest.raises(pymysql.MySQLError) as failure:
                cursor.execute(sql)
            assert failure.value.args[0] == code
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


def test_autocommit_and_ping(tidb):
    connection = connect(tidb)  # PyMySQL sends SET AUTOCOMMIT = 0 when the server reports ON
    try:
        assert connection.get_autocommit() is False
        with connection.cursor() as cursor:
            cursor.execute("SELECT @@autocommit")
            assert cursor.fetchone() == (0,)
        connection.ping()
        connection.select_db("test")
        with connection.cursor() as cursor:
            cursor.execute("SELECT DATABASE()")
            assert cursor.fetchone() == ("test",)
        connection.autocommit(True)
        assert connection.get_autocommit() is True
    finally:
        connection.close()


def test_wrong_password(tidb):
    with pytest.raises(pymysql.err.OperationalError) as failure:
        pymysql.connect(host="127.0.0.1", port=tidb.port, user="dr", password="nope")
    assert failure.value.args[0] == 1045
    with pymysql.connect(host="127.0.0.1", port=tidb.port, user="dr", password="secret") as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT CURRENT_USER()")
            assert cursor.fetchone() == ("dr@%",)
