"""A database created as Django creates its test database (utf8mb4_general_ci) gives its
collation to the connection after USE and to new tables, so `=` ignores case."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture
def server():
    server = MockTiDB()
    yield server
    server.stop()


def test_database_collation_reaches_connection_and_tables(server):
    connection = pymysql.connect(host=server.host, port=server.port, user="root", autocommit=True)
    cursor = connection.cursor()
    cursor.execute("CREATE DATABASE `test_dj` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
    connection.select_db("test_dj")
    cursor.execute("SELECT @@character_set_database, @@collation_database")
    assert cursor.fetchall() == (("utf8mb4", "utf8mb4_general_ci"),)
    cursor.execute("CREATE TABLE person (name varchar(20) NOT NULL)")
    cursor.execute("INSERT INTO person VALUES ('Alice')")
    cursor.execute("SELECT name FROM person WHERE name = 'ALICE'")
    assert cursor.fetchall() == (("Alice",),)
    cursor.execute("SHOW CREATE DATABASE test_dj")
    assert cursor.fetchall() == (
        ("test_dj", "CREATE DATABASE `test_dj` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */"),
    )
    connection.close()
