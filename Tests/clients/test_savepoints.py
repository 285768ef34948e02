"""Savepoints through PyMySQL as Django's transaction.atomic() sends them (quoted names, nested
atomic blocks), in both transaction modes (issue 20)."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


def connect(server):
    return pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test", autocommit=True)


@pytest.mark.parametrize("mode", ["pessimistic", "optimistic"])
def test_nested_atomic_blocks(server, mode):
    connection = connect(server)
    cursor = connection.cursor()
    table = f"sp_{mode}"
    cursor.execute(f"CREATE TABLE {table} (id INT PRIMARY KEY, name VARCHAR(20))")
    cursor.execute(f"SET tidb_txn_mode = '{mode}'")
    cursor.execute("SET autocommit = 0")
    cursor.execute(f"INSERT INTO {table} VALUES (1, 'outer')")
    cursor.execute("SAVEPOINT `s140_x1`")
    cursor.execute(f"INSERT INTO {table} VALUES (2, 'inner')")
    cursor.execute("SAVEPOINT `s140_x2`")
    with pytest.raises(pymysql.err.IntegrityError) as duplicate:
        cursor.execute(f"INSERT INTO {table} VALUES (1, 'duplicate')")
    assert duplicate.value.args[0] == 1062
    cursor.execute("ROLLBACK TO SAVEPOINT `s140_x2`")
    cursor.execute("RELEASE SAVEPOINT `s140_x2`")
    cursor.execute("ROLLBACK TO SAVEPOINT `s140_x1`")
    cursor.execute("RELEASE SAVEPOINT `s140_x1`")
    connection.commit()
    cursor.execute(f"SELECT id, name FROM {table} ORDER BY id")
    assert cursor.fetchall() == ((1, "outer"),)
    connection.close()


def test_unknown_savepoint_is_1305(server):
    connection = connect(server)
    cursor = connection.cursor()
    cursor.execute("BEGIN")
    for statement in ("ROLLBACK TO SAVEPOINT nope", "RELEASE SAVEPOINT nope"):
        with pytest.raises(pymysql.err.OperationalError) as error:
            cursor.execute(statement)
        assert error.value.args == (1305, "SAVEPOINT nope does not exist")
    cursor.execute("ROLLBACK")
    connection.close()
