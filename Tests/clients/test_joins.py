"""RIGHT JOIN, JOIN ... USING and NATURAL JOIN through PyMySQL (issue 20)."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def cursor():
    server = MockTiDB("--user", "root")
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                 autocommit=True)
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE l (id INT PRIMARY KEY, k INT)")
    cursor.execute("CREATE TABLE r (rid INT PRIMARY KEY, k INT)")
    cursor.execute("INSERT INTO l VALUES (1, 10), (2, 20)")
    cursor.execute("INSERT INTO r VALUES (7, 20), (8, 30)")
    yield cursor
    connection.close()
    server.stop()


def test_right_join(cursor):
    cursor.execute("SELECT l.id, r.rid FROM l RIGHT JOIN r ON l.k = r.k ORDER BY r.rid")
    assert cursor.fetchall() == ((2, 7), (None, 8))


def test_using_and_natural_show_the_common_column_once(cursor):
    cursor.execute("SELECT * FROM l JOIN r USING (k)")
    assert [column[0] for column in cursor.description] == ["k", "id", "rid"]
    assert cursor.fetchall() == ((20, 2, 7),)
    cursor.execute("SELECT k, id, rid FROM l NATURAL RIGHT JOIN r ORDER BY rid")
    assert cursor.fetchall() == ((20, 2, 7), (30, None, 8))


def test_only_full_group_by_as_tidb(cursor):
    # TiDB's default sql_mode has ONLY_FULL_GROUP_BY: a bare column the GROUP BY does not
    # determine is 1055; the primary key determines its row; ANY_VALUE exempts a column.
    with pytest.raises(pymysql.err.OperationalError) as refused:
        cursor.execute("SELECT k, rid FROM r GROUP BY k")
    assert refused.value.args == (
        1055,
        "Expression #2 of SELECT list is not in GROUP BY clause and contains nonaggregated column "
        "'test.r.rid' which is not functionally dependent on columns in GROUP BY clause; this is "
        "incompatible with sql_mode=only_full_group_by",
    )
    cursor.execute("SELECT rid, k FROM r GROUP BY rid ORDER BY rid")
    assert cursor.fetchall() == ((7, 20), (8, 30))
    cursor.execute("SELECT l.k, ANY_VALUE(r.rid), COUNT(*) FROM l JOIN r USING (k) GROUP BY l.k")
    assert cursor.fetchall() == ((20, 7, 1),)
