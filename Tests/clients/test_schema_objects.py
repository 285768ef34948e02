"""ENUM, SET and BIT columns through real clients: PyMySQL on the text protocol and
mysql-connector's prepared cursor on the binary protocol, with TiDB's types, flags and errors."""

import mysql.connector
import pymysql
import pytest

from conftest import MockTiDB
from ticdc_support import MockTiCDC, mariadb, master_position, table_rows

MYSQL_TYPE_BIT = 16
MYSQL_TYPE_STRING = 254
ENUM_FLAG = 256
SET_FLAG = 2048


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def table(server):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                 autocommit=True)
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE objects (id INT PRIMARY KEY, e ENUM('small','medium','large'),"
                   " s SET('a','b','c'), b BIT(12))")
    cursor.execute("INSERT INTO objects VALUES (1, 'large', 'c,a', b'101'), (2, 1, 6, 4095)")
    connection.close()
    return "objects"


@pytest.fixture
def cursor(server, table):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                 autocommit=True)
    yield connection.cursor()
    connection.close()


def test_text_protocol_values_and_metadata(cursor):
    cursor.execute("SELECT e, s, b, e + 0, b + 0 FROM objects ORDER BY e")
    assert cursor.fetchall() == (
        ("small", "b,c", b"\x0f\xff", 1, 4095),
        ("large", "a,c", b"\x00\x05", 3, 5),
    )
    # PyMySQL's description: (name, type_code, display_size, internal_size, ...).
    types = [column[1] for column in cursor.description[:3]]
    assert types == [MYSQL_TYPE_STRING, MYSQL_TYPE_STRING, MYSQL_TYPE_BIT]
    flags = [field.flags for field in cursor._result.fields[:3]]
    assert flags[0] & ENUM_FLAG and flags[1] & SET_FLAG and not flags[2] & (ENUM_FLAG | SET_FLAG)


def test_invalid_values_and_show_create_table(cursor):
    with pytest.raises(pymysql.err.MySQLError) as error:
        cursor.execute("INSERT INTO objects (id, e) VALUES (3, 'huge')")
    assert error.value.args == (1265, "Data truncated for column 'e' at row 1")
    with pytest.raises(pymysql.err.MySQLError) as error:
        cursor.execute("INSERT INTO objects (id, b) VALUES (3, 4096)")
    assert error.value.args == (1406, "Data too long for column 'b' at row 1")
    cursor.execute("SHOW CREATE TABLE objects")
    assert cursor.fetchone()[1] == (
        "CREATE TABLE `objects` (\n"
        "  `id` int NOT NULL,\n"
        "  `e` enum('small','medium','large') DEFAULT NULL,\n"
        "  `s` set('a','b','c') DEFAULT NULL,\n"
        "  `b` bit(12) DEFAULT NULL,\n"
        "  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")


def test_binary_protocol_through_a_prepared_statement(server, table):
    connection = mysql.connector.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                         use_pure=True)
    try:
        cursor = connection.cursor(prepared=True)
        cursor.execute("SELECT e, s, b FROM objects WHERE id = ?", (1,))
        row = cursor.fetchone()
        # ENUM/SET arrive as strings; BIT as its (M+7)/8 big-endian bytes, as TiDB's
        # dumpBinaryRow sends them.
        assert row[0] in ("large", b"large") and row[1] in ("a,c", b"a,c")
        assert row[2] == b"\x00\x05"
        assert [column[1] for column in cursor.description] == [MYSQL_TYPE_STRING, MYSQL_TYPE_STRING,
                                                                 MYSQL_TYPE_BIT]
    finally:
        connection.close()


def test_generated_columns(cursor):
    cursor.execute("CREATE TABLE gen (a INT, b INT AS (a * 2) VIRTUAL, c INT AS (b + 1) STORED)")
    cursor.execute("INSERT INTO gen (a) VALUES (3)")
    cursor.execute("SELECT a, b, c FROM gen")
    assert cursor.fetchall() == ((3, 6, 7),)
    with pytest.raises(pymysql.err.MySQLError) as error:
        cursor.execute("INSERT INTO gen VALUES (1, 2, 3)")
    assert error.value.args == (3105, "The value specified for generated column 'b' in table 'gen' is not allowed.")
    with pytest.raises(pymysql.err.MySQLError) as error:
        cursor.execute("CREATE TABLE bad (a INT AS (rand()))")
    assert error.value.args == (3102, "Expression of generated column 'a' contains a disallowed function.")
    cursor.execute("SHOW CREATE TABLE gen")
    assert "`b` int GENERATED ALWAYS AS (`a` * 2) VIRTUAL" in cursor.fetchone()[1]


def test_ticdc_replicates_the_new_columns_and_their_ddl():
    primary = MockTiDB("--user", "root")
    secondary = MockTiDB("--user", "root")
    ticdc = MockTiCDC(primary.pd_port)
    try:
        ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{secondary.port}/", "-c", "objects")
        mariadb(primary.port, "CREATE DATABASE app;"
                              "CREATE TABLE app.kinds (id INT PRIMARY KEY, e ENUM('x','y','z'), s SET('a','b'),"
                              " b BIT(10), g INT AS (id * 10) STORED, v VARCHAR(10) AS (concat(e, '!')));"
                              "INSERT INTO app.kinds (id, e, s, b) VALUES (1, 'y', 'b,a', 513), (2, 3, '', b'1');"
                              "UPDATE app.kinds SET e = 'x', b = 7 WHERE id = 2")
        ticdc.wait_past("objects", master_position(primary.port))
        assert table_rows(primary.port, "app") == table_rows(secondary.port, "app")
        assert mariadb(secondary.port, "SELECT id, e, s, b + 0, g, v FROM app.kinds ORDER BY id").splitlines() == [
            "1\ty\ta,b\t513\t10\ty!", "2\tx\t\t7\t20\tx!"]
    finally:
        ticdc.stop()
        primary.stop()
        secondary.stop()
