"""Bad input through real clients: each statement gets TiDB's error (code, SQLSTATE, text), changes
nothing (read back), and the connection stays usable. Messages are TiDB's
(docs/tidb/data-semantics.md §1); where MariaDB words them differently, its text is given too so
the test can be checked against it."""

import decimal

import MySQLdb
import mysql.connector
import pymysql
import pytest

SEED = [(1, 10, "a", 1, 1, decimal.Decimal("1.50")), (2, 20, "bb", 2, 2, decimal.Decimal("2.50"))]

# sql, code, SQLSTATE, TiDB message, MariaDB message (None: same as TiDB's)
CASES = [
    ("INSERT INTO t VALUES (3, 'abc', 'c', 3, 3, 3, NULL)", 1366, "HY000",
     "Incorrect int value: 'abc' for column 'n' at row 1",
     "Incorrect integer value: 'abc' for column `test`.`t`.`n` at row 1"),
    ("INSERT INTO t (id, n) VALUES (3, 3), (4, 'x')", 1366, "HY000",
     "Incorrect int value: 'x' for column 'n' at row 2",
     "Incorrect integer value: 'x' for column `test`.`t`.`n` at row 2"),
    ("INSERT INTO t (id, n, tiny) VALUES (3, 3, 300)", 1264, "22003", "Out of range value for column 'tiny' at row 1", None),
    ("INSERT INTO t (id, n, u) VALUES (3, 3, -1)", 1264, "22003", "Out of range value for column 'u' at row 1", None),
    ("INSERT INTO t (id, n, d) VALUES (3, 3, 12345.6)", 1264, "22003", "Out of range value for column 'd' at row 1", None),
    ("UPDATE t SET tiny = 1000 WHERE id = 1", 1264, "22003", "Out of range value for column 'tiny' at row 1", None),
    ("INSERT INTO t (id, n, s) VALUES (3, 3, 'toolong')", 1406, "22001", "Data too long for column 's' at row 1", None),
    ("UPDATE t SET s = 'abcdefgh' WHERE id = 2", 1406, "22001", "Data too long for column 's' at row 1", None),
    ("INSERT INTO t (id, n) VALUES (3, NULL)", 1048, "23000", "Column 'n' cannot be null", None),
    ("UPDATE t SET n = NULL WHERE id = 1", 1048, "23000", "Column 'n' cannot be null", None),
    ("INSERT INTO t (id, s) VALUES (3, 'x')", 1364, "HY000", "Field 'n' doesn't have a default value", None),
    ("INSERT INTO t (id, n) VALUES (1, 5)", 1062, "23000", "Duplicate entry '1' for key 't.PRIMARY'",
     "Duplicate entry '1' for key 'PRIMARY'"),
    ("INSERT INTO t (id, n) VALUES (3, 5), (2, 6)", 1062, "23000", "Duplicate entry '2' for key 't.PRIMARY'",
     "Duplicate entry '2' for key 'PRIMARY'"),
    ("UPDATE t SET id = 1 WHERE id = 2", 1062, "23000", "Duplicate entry '1' for key 't.PRIMARY'",
     "Duplicate entry '1' for key 'PRIMARY'"),
    ("INSERT INTO t (id, n, e) VALUES (3, 3, 'one@x')", 1062, "23000", "Duplicate entry 'one@x' for key 't.uk_e'",
     "Duplicate entry 'one@x' for key 'uk_e'"),
    ("SELECT nope FROM t", 1054, "42S22", "Unknown column 'nope' in 'field list'", "Unknown column 'nope' in 'SELECT'"),
    ("SELECT id FROM t WHERE nope = 1", 1054, "42S22", "Unknown column 'nope' in 'where clause'",
     "Unknown column 'nope' in 'WHERE'"),
    ("SELECT id FROM t ORDER BY nope", 1054, "42S22", "Unknown column 'nope' in 'order clause'",
     "Unknown column 'nope' in 'ORDER BY'"),
    ("INSERT INTO t (id, nope) VALUES (3, 1)", 1054, "42S22", "Unknown column 'nope' in 'field list'",
     "Unknown column 'nope' in 'INSERT INTO'"),
    ("UPDATE t SET nope = 1 WHERE id = 1", 1054, "42S22", "Unknown column 'nope' in 'field list'",
     "Unknown column 'nope' in 'SET'"),
    ("DELETE FROM t WHERE nope = 1", 1054, "42S22", "Unknown column 'nope' in 'where clause'",
     "Unknown column 'nope' in 'WHERE'"),
    ("SELECT * FROM missing", 1146, "42S02", "Table 'test.missing' doesn't exist", None),
    ("INSERT INTO missing VALUES (1)", 1146, "42S02", "Table 'test.missing' doesn't exist", None),
    ("DELETE FROM missing", 1146, "42S02", "Table 'test.missing' doesn't exist", None),
    ("SELECT * FROM nodb.t", 1146, "42S02", "Table 'nodb.t' doesn't exist", None),
    ("USE nodb", 1049, "42000", "Unknown database 'nodb'", None),
]

# MariaDB 10.11 gives 1366 the SQLSTATE 22007; TiDB (and MySQL) HY000.
MARIADB_SQLSTATE = {1366: "22007"}


class Client:
    """One connection through one driver, errors as (code, SQLSTATE or None, message)."""

    def __init__(self, kind, port, database="test"):
        self.kind = kind
        if kind == "pymysql":
            self.connection = pymysql.connect(host="127.0.0.1", port=port, user="root", password="", database=database,
                                              autocommit=True)
            self.errors = pymysql.MySQLError
        elif kind == "mysqlclient":
            self.connection = MySQLdb.connect(host="127.0.0.1", port=port, user="root", passwd="", db=database)
            self.connection.autocommit(True)
            self.errors = MySQLdb.MySQLError
        else:
            self.connection = mysql.connector.connect(host="127.0.0.1", port=port, user="root", password="",
                                                      database=database, use_pure=True, autocommit=True)
            self.errors = mysql.connector.Error

    def rows(self, sql):
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else cursor.rowcount
        finally:
            cursor.close()

    def error(self, sql):
        try:
            self.rows(sql)
        except self.errors as error:
            if self.kind == "connector":
                return error.errno, error.sqlstate, error.msg
            return error.args[0], None, error.args[1]
        return None

    def close(self):
        self.connection.close()


CLIENTS = ["pymysql", "mysqlclient", "connector"]


def seed(client):
    client.rows("CREATE TABLE t (id INT PRIMARY KEY, n INT NOT NULL, s VARCHAR(5), tiny TINYINT, u INT UNSIGNED,"
                " d DECIMAL(5,2), e VARCHAR(20), UNIQUE KEY uk_e (e))")
    client.rows("INSERT INTO t (id, n, s, tiny, u, d, e) VALUES (1, 10, 'a', 1, 1, 1.50, 'one@x'), (2, 20, 'bb', 2, 2, 2.50, NULL)")


def contents(client):
    return client.rows("SELECT id, n, s, tiny, u, d FROM t ORDER BY id")


@pytest.mark.parametrize("kind", CLIENTS)
def test_bad_input_changes_nothing(server, kind):
    client = Client(kind, server.port)
    try:
        seed(client)
        assert contents(client) == SEED
        mismatches = []
        for sql, code, sqlstate, tidb_message, mariadb_message in CASES:
            message = tidb_message if server.flavor == "tidb" or mariadb_message is None else mariadb_message
            if server.flavor == "mariadb":
                sqlstate = MARIADB_SQLSTATE.get(code, sqlstate)
            got = client.error(sql)
            expected = (code, sqlstate if kind == "connector" else None, message)
            if got != expected:
                mismatches.append(f"{sql}\n    expected {expected}\n    got      {got}")
            # Nothing changed, the connection is usable, still in `test`.
            after = contents(client)
            if after != SEED:
                mismatches.append(f"{sql}\n    changed the table: {after}")
            if client.rows("SELECT 1, DATABASE()") != [(1, "test")]:
                mismatches.append(f"{sql}\n    connection not usable afterwards")
        assert not mismatches, "\n".join(mismatches)
    finally:
        client.close()


@pytest.mark.parametrize("kind", CLIENTS)
def test_show_warnings_reports_the_error(server, kind):
    client = Client(kind, server.port)
    try:
        seed(client)
        assert client.error("INSERT INTO t (id, n) VALUES (1, 5)")[0] == 1062
        message = "Duplicate entry '1' for key 't.PRIMARY'" if server.flavor == "tidb" else "Duplicate entry '1' for key 'PRIMARY'"
        assert client.rows("SHOW WARNINGS") == [("Error", 1062, message)]
        assert client.rows("SHOW WARNINGS") == [("Error", 1062, message)]  # SHOW WARNINGS keeps the list
        assert client.rows("SELECT id FROM t WHERE id = 1") == [(1,)]  # a statement that uses a table clears them
        assert client.rows("SHOW WARNINGS") == []
    finally:
        client.close()


@pytest.mark.parametrize("kind", CLIENTS)
def test_failed_statement_inside_a_transaction_is_undone_alone(server, kind):
    client = Client(kind, server.port)
    try:
        seed(client)
        client.rows("BEGIN")
        assert client.rows("INSERT INTO t (id, n) VALUES (3, 30)") == 1
        assert client.error("INSERT INTO t (id, n) VALUES (4, 40), (1, 5)")[0] == 1062
        assert client.error("UPDATE t SET s = 'far too long' WHERE id = 3")[0] == 1406
        assert client.rows("UPDATE t SET n = n + 1 WHERE id = 3") == 1
        client.rows("COMMIT")
        assert client.rows("SELECT id, n, s FROM t ORDER BY id") == [(1, 10, "a"), (2, 20, "bb"), (3, 31, None)]
    finally:
        client.close()


def test_unknown_database_at_connect(server):
    with pytest.raises(pymysql.MySQLError) as failure:
        pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="", database="nodb")
    assert failure.value.args[:2] == (1049, "Unknown database 'nodb'")
    with pytest.raises(mysql.connector.Error) as connector_failure:
        mysql.connector.connect(host="127.0.0.1", port=server.port, user="root", password="", database="nodb", use_pure=True)
    assert (connector_failure.value.errno, connector_failure.value.sqlstate) == (1049, "42000")
    # The server is fine afterwards.
    client = Client("pymysql", server.port)
    try:
        assert client.rows("SELECT 1") == [(1,)]
    finally:
        client.close()
