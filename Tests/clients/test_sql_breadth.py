"""Issue 20 through a real client (PyMySQL): ALTER TABLE and RENAME TABLE, the function
families, UPDATE reading the original row, and Django's connection probe, with TiDB's values
and errors."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


@pytest.fixture
def cursor(server):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                 autocommit=True)
    yield connection.cursor()
    connection.close()


def test_django_connection_probe(cursor):
    cursor.execute("SELECT 1 FROM DUAL WHERE CONVERT_TZ('2001-01-01 01:00:00', 'UTC', 'UTC') IS NOT NULL")
    assert cursor.fetchall() == ((1,),)


def test_functions_and_their_types(cursor):
    cursor.execute("SELECT ROUND(25E-1), ROUND(1.2345, 2), MOD(10, 3), SQRT(16), MD5('testing'),"
                   " SUBSTRING('Sakila', -3), LPAD('hi', 4, '??'), LOCATE('bar', 'foobarbar'),"
                   " CONVERT_TZ('2004-01-01 12:00:00', '+00:00', '+10:00')")
    row = cursor.fetchone()
    import datetime
    import decimal
    assert row == (2.0, decimal.Decimal("1.23"), 1, 4.0, "ae2b1fca515949e5d54fb22b8ed95575", "ila", "??hi", 4,
                   datetime.datetime(2004, 1, 1, 22, 0))


def test_alter_and_rename(cursor):
    cursor.execute("CREATE TABLE breadth (id INT PRIMARY KEY, v INT, s VARCHAR(10))")
    cursor.execute("INSERT INTO breadth VALUES (1, 300, 'one')")
    with pytest.raises(pymysql.err.MySQLError) as error:
        cursor.execute("ALTER TABLE breadth MODIFY v TINYINT")
    assert error.value.args == (1264, "Out of range value for column 'v', the value is '300'")
    cursor.execute("ALTER TABLE breadth CHANGE s name VARCHAR(20) FIRST, ALTER COLUMN v SET DEFAULT 5")
    cursor.execute("INSERT INTO breadth (name, id) VALUES ('two', 2)")
    cursor.execute("SELECT * FROM breadth ORDER BY id")
    assert [column[0] for column in cursor.description] == ["name", "id", "v"]
    assert cursor.fetchall() == (("one", 1, 300), ("two", 2, 5))
    cursor.execute("RENAME TABLE breadth TO breadth2")
    cursor.execute("UPDATE breadth2 SET v = id, id = v WHERE id = 2")
    cursor.execute("SELECT id, v FROM breadth2 ORDER BY id")
    assert cursor.fetchall() == ((1, 300), (5, 2))
    with pytest.raises(pymysql.err.MySQLError) as error:
        cursor.execute("SELECT * FROM breadth")
    assert error.value.args[0] == 1146


def test_subqueries_as_django_writes_them(cursor):
    cursor.execute("CREATE TABLE sq (id INT PRIMARY KEY, v INT)")
    cursor.execute("INSERT INTO sq VALUES (1, 10), (2, 20), (3, 20)")
    cursor.execute("SELECT COUNT(*) FROM (SELECT DISTINCT `sq`.`v` AS `col1` FROM `sq`) subquery")
    assert cursor.fetchall() == ((2,),)
    cursor.execute("SELECT id FROM sq WHERE id IN (SELECT U0.id FROM sq U0 WHERE U0.v = 20) ORDER BY id")
    assert cursor.fetchall() == ((2,), (3,))
    cursor.execute("SELECT EXISTS(SELECT 1 AS a FROM sq WHERE v = 10 LIMIT 1)")
    assert cursor.fetchall() == ((1,),)
    with pytest.raises(pymysql.err.MySQLError) as error:
        cursor.execute("SELECT (SELECT v FROM sq)")
    assert error.value.args == (1242, "Subquery returns more than 1 row")


def test_union(cursor):
    cursor.execute("SELECT 1 AS n UNION SELECT 2 UNION ALL SELECT 1 ORDER BY n DESC")
    assert [d[0] for d in cursor.description] == ["n"] and cursor.fetchall() == ((2,), (1,), (1,))
    import decimal
    cursor.execute("SELECT 1 UNION ALL SELECT 2.5")
    assert cursor.fetchall() == ((decimal.Decimal("1.0"),), (decimal.Decimal("2.5"),))
