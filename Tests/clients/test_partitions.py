"""Partitioned tables through PyMySQL (issue 20): routing, PARTITION (p) selection, 1526."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def cursor():
    server = MockTiDB("--user", "root")
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                 autocommit=True)
    yield connection.cursor()
    connection.close()
    server.stop()


def test_range_partitions(cursor):
    cursor.execute("CREATE TABLE pr (a INT, b INT) PARTITION BY RANGE (a) ("
                   "PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN (MAXVALUE))")
    cursor.execute("INSERT INTO pr VALUES (1, 1), (10, 2), (99, 3)")
    cursor.execute("SELECT b FROM pr PARTITION (p1) ORDER BY b")
    assert cursor.fetchall() == ((2,), (3,))
    cursor.execute("CREATE TABLE pl (a INT) PARTITION BY LIST (a) (PARTITION p0 VALUES IN (1, 2))")
    with pytest.raises(pymysql.err.OperationalError) as error:
        cursor.execute("INSERT INTO pl VALUES (3)")
    assert error.value.args == (1526, "Table has no partition for value 3")
