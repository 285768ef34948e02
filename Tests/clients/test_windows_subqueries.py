"""Window functions, correlated subqueries and WITH RECURSIVE through a real client (PyMySQL),
with TiDB's values, column types and errors."""

import decimal

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
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS pay")
    cursor.execute("CREATE TABLE pay (id INT PRIMARY KEY, dept VARCHAR(10), amount INT)")
    cursor.execute("INSERT INTO pay VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 5), (4, 'b', 7)")
    yield cursor
    connection.close()


def test_window_functions(cursor):
    cursor.execute("SELECT id, ROW_NUMBER() OVER w AS rn, SUM(amount) OVER w AS running,"
                   " LAG(amount, 1, 0) OVER w AS previous, CUME_DIST() OVER (ORDER BY amount) AS cd"
                   " FROM pay WINDOW w AS (PARTITION BY dept ORDER BY id) ORDER BY id")
    assert cursor.fetchall() == (
        (1, 1, decimal.Decimal("10"), 0, 0.75),
        (2, 2, decimal.Decimal("30"), 10, 1.0),
        (3, 1, decimal.Decimal("5"), 0, 0.25),
        (4, 2, decimal.Decimal("12"), 5, 0.5),
    )
    types = [column[1] for column in cursor.description]
    assert types == [pymysql.constants.FIELD_TYPE.LONG, pymysql.constants.FIELD_TYPE.LONGLONG,
                     pymysql.constants.FIELD_TYPE.NEWDECIMAL, pymysql.constants.FIELD_TYPE.LONGLONG,
                     pymysql.constants.FIELD_TYPE.DOUBLE]


def test_window_function_in_where_is_refused(cursor):
    with pytest.raises(pymysql.err.OperationalError) as raised:
        cursor.execute("SELECT id FROM pay WHERE RANK() OVER (ORDER BY id) > 1")
    assert raised.value.args == (3593, "You cannot use the window function 'rank' in this context.'")


def test_correlated_subqueries(cursor):
    cursor.execute("SELECT id, (SELECT MAX(p2.amount) FROM pay p2 WHERE p2.dept = pay.dept) AS top FROM pay"
                   " WHERE amount < ALL (SELECT p3.amount FROM pay p3 WHERE p3.dept = pay.dept AND p3.id > pay.id)"
                   " ORDER BY id")
    assert cursor.fetchall() == ((1, 20), (2, 20), (3, 7), (4, 7))
    cursor.execute("SELECT id FROM pay WHERE EXISTS (SELECT 1 FROM pay p2 WHERE p2.dept = pay.dept"
                   " AND p2.amount > pay.amount) ORDER BY id")
    assert cursor.fetchall() == ((1,), (3,))


def test_recursive_cte_and_its_depth_limit(cursor):
    cursor.execute("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4) SELECT i FROM n")
    assert cursor.fetchall() == ((1,), (2,), (3,), (4,))
    with pytest.raises(pymysql.err.OperationalError) as raised:
        cursor.execute("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n")
    assert raised.value.args == (3636, "Recursive query aborted after 1001 iterations."
                                       " Try increasing @@cte_max_recursion_depth to a larger value.")
