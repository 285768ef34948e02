"""TIME arguments and columns, more string functions, compound INTERVAL units and binary
literals in arithmetic through a real client (PyMySQL), with TiDB's values and column types
(docs/tidb/more-functions.md)."""

import datetime

import pymysql
import pytest
from pymysql.constants import FIELD_TYPE

from conftest import MockTiDB


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


@pytest.fixture
def connection(server):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                 autocommit=True)
    yield connection
    connection.close()


def test_time_columns_are_normalised_and_typed(connection):
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS shifts")
    cursor.execute("CREATE TABLE shifts (id INT PRIMARY KEY, starts TIME(6), ends TIME)")
    cursor.execute("INSERT INTO shifts VALUES (1, '21:30', 123456), (2, NULL, '1 12:00')")
    cursor.execute("SELECT starts, ends, HOUR(ends), COALESCE(starts, ends) FROM shifts ORDER BY id")
    rows = cursor.fetchall()
    assert rows[0] == (datetime.timedelta(hours=21, minutes=30), datetime.timedelta(hours=12, minutes=34, seconds=56),
                       12, datetime.timedelta(hours=21, minutes=30))
    assert rows[1] == (None, datetime.timedelta(hours=36), 36, datetime.timedelta(hours=36))
    assert cursor.description[3][1] == FIELD_TYPE.TIME
    cursor.execute("SELECT CAST(starts AS CHAR) FROM shifts WHERE id = 1")
    assert cursor.fetchone() == ("21:30:00.000000",)
    # Exception: Tests/conformance/mysqltest.py swaps PyMySQL's error class when collected alongside.
    with pytest.raises(Exception) as failure:
        cursor.execute("INSERT INTO shifts VALUES (3, '900:00:00', NULL)")
    assert failure.value.args == (1292, "Incorrect time value: '900:00:00' for column 'starts' at row 1")


def test_time_functions(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT HOUR('838:59:59'), TIME_TO_SEC('22:23:00'), SEC_TO_TIME(2378), "
                   "TIMEDIFF('10:00:00', '12:30:00'), MAKEDATE(2011, 32), "
                   "TIME_FORMAT('100:00:00', '%H %k %h %I %l')")
    assert cursor.fetchone() == (838, 80580, datetime.timedelta(seconds=2378), -datetime.timedelta(hours=2, minutes=30),
                                 datetime.date(2011, 2, 1), "100 100 04 04 4")


def test_string_functions_and_binary_literals(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT X'41' + 0, 0x41 + 0, b'1000001' + 0, ORD('2'), BIN(12), FIELD('b', 'a', 'b'), "
                   "FIND_IN_SET('b', 'a,b,c'), QUOTE('Don''t!'), FORMAT(12332.123456, 4), "
                   "INET_ATON('10.0.5.9'), SHA2('abc', 224)")
    assert cursor.fetchone() == (65, 65, 65, 50, "1100", 2, 2, "'Don\\'t!'", "12,332.1235", 167773449,
                                 "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
    assert cursor.description[0][1] == FIELD_TYPE.LONGLONG


def test_compound_interval_units(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT DATE_ADD('2100-12-31 23:59:59', INTERVAL '1:1' MINUTE_SECOND), "
                   "'2024-01-31' + INTERVAL '1-1' YEAR_MONTH, EXTRACT(DAY_MINUTE FROM '2019-07-02 01:02:03')")
    assert cursor.fetchone() == (datetime.datetime(2101, 1, 1, 0, 1), datetime.date(2025, 2, 28), 20102)


def test_str_to_date_types_values_and_warnings(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT STR_TO_DATE('May 1, 2013', '%M %d,%Y'), STR_TO_DATE('10:11 PM', '%h:%i %p'), "
                   "STR_TO_DATE('2019-01-02 10:11:12.5', '%Y-%m-%d %H:%i:%s.%f')")
    assert cursor.fetchone() == (datetime.date(2013, 5, 1), datetime.timedelta(hours=22, minutes=11),
                                 datetime.datetime(2019, 1, 2, 10, 11, 12, 500000))
    assert [column[1] for column in cursor.description] == [FIELD_TYPE.DATE, FIELD_TYPE.TIME, FIELD_TYPE.DATETIME]
    cursor.execute("SELECT STR_TO_DATE('01,2019', '%d,%Y')")
    assert cursor.fetchone() == (None,)
    cursor.execute("SHOW WARNINGS")
    assert cursor.fetchall() == (("Warning", 1411, "Incorrect datetime value: '01,2019' for function str_to_date"),)
    cursor.execute("SET sql_mode = 'NO_ZERO_IN_DATE'")
    cursor.execute("SELECT STR_TO_DATE('01,2019', '%d,%Y')")
    assert cursor.fetchone() == ("2019-00-01",)
    cursor.execute("SET sql_mode = DEFAULT")


def test_approx_count_distinct(connection):
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS visits")
    cursor.execute("CREATE TABLE visits (page VARCHAR(10) COLLATE utf8mb4_general_ci, user INT)")
    cursor.execute("INSERT INTO visits VALUES ('home', 1), ('HOME', 1), ('about', 2), (NULL, 3)")
    cursor.execute("SELECT APPROX_COUNT_DISTINCT(page), APPROX_COUNT_DISTINCT(page COLLATE utf8mb4_bin), "
                   "APPROX_COUNT_DISTINCT(page, user) FROM visits")
    assert cursor.fetchone() == (2, 3, 2)
