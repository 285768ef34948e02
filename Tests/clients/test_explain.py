"""EXPLAIN, EXPLAIN ANALYZE, ANALYZE TABLE, ADMIN CHECK TABLE and index hints through PyMySQL,
with TiDB's columns, plan shapes for simple statements and errors (issue 20)."""

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
    cursor.execute("DROP TABLE IF EXISTS e")
    cursor.execute("CREATE TABLE e (id INT PRIMARY KEY, a INT, KEY ia (a))")
    cursor.execute("INSERT INTO e VALUES (1, 10), (2, 20), (3, 20)")
    yield cursor
    connection.close()


def test_explain_columns_and_a_point_get(cursor):
    cursor.execute("EXPLAIN SELECT * FROM e WHERE id = 1")
    assert [column[0] for column in cursor.description] == ["id", "estRows", "task", "access object",
                                                            "operator info"]
    assert cursor.fetchall() == (("Point_Get_1", "1.00", "root", "table:e", "handle:1"),)


def test_analyze_table_then_index_lookup_estimates_from_counts(cursor):
    cursor.execute("ANALYZE TABLE e")
    cursor.execute("SHOW WARNINGS")
    assert cursor.fetchall()[0][:2] == ("Note", 1105)
    cursor.execute("EXPLAIN FORMAT = 'brief' SELECT * FROM e WHERE a = 20")
    assert cursor.fetchall() == (
        ("IndexLookUp", "2.00", "root", "", ""),
        ("├─IndexRangeScan(Build)", "2.00", "cop[tikv]", "table:e, index:ia(a)", "range:[20,20], keep order:false"),
        ("└─TableRowIDScan(Probe)", "2.00", "cop[tikv]", "table:e", "keep order:false"),
    )


def test_explain_analyze_reports_actual_rows(cursor):
    cursor.execute("EXPLAIN ANALYZE SELECT * FROM e WHERE a = 20")
    rows = cursor.fetchall()
    assert [column[0] for column in cursor.description][:3] == ["id", "estRows", "actRows"]
    assert [row[2] for row in rows] == ["2", "2", "2"]


def test_index_hints_and_admin_check(cursor):
    cursor.execute("SELECT id FROM e FORCE INDEX (ia) WHERE a = 20 ORDER BY id")
    assert cursor.fetchall() == ((2,), (3,))
    with pytest.raises(pymysql.err.OperationalError) as error:
        cursor.execute("SELECT * FROM e USE INDEX (nope)")
    assert error.value.args == (1176, "Key 'nope' doesn't exist in table 'e'")
    # An OK packet, no result set.
    assert cursor.execute("ADMIN CHECK TABLE e") == 0
    assert cursor.description is None
