"""JSON functions, REGEXP, week functions and multi-table UPDATE/DELETE through a real client
(PyMySQL), with TiDB's values, column types and errors (docs/tidb/json-regexp-multitable.md)."""

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


def test_json_column_functions_and_arrows(connection):
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS docs")
    cursor.execute("CREATE TABLE docs (id INT PRIMARY KEY, doc JSON)")
    cursor.execute("INSERT INTO docs VALUES (1, %s)", ('{"name": "x", "tags": ["a", "b"], "aa": 1}',))
    cursor.execute("SELECT doc, doc->'$.tags', doc->>'$.name', JSON_OBJECT('b', 1, 'aa', 2) FROM docs")
    row = cursor.fetchone()
    assert row == ('{"aa": 1, "name": "x", "tags": ["a", "b"]}', '["a", "b"]', "x", '{"aa": 2, "b": 1}')
    assert cursor.description[1][1] == FIELD_TYPE.JSON
    cursor.execute("UPDATE docs SET doc = JSON_SET(doc, '$.n', 2.0) WHERE 'b' MEMBER OF (doc->'$.tags')")
    cursor.execute("SELECT doc->'$.n', JSON_LENGTH(doc), JSON_CONTAINS(doc, '\"a\"', '$.tags') FROM docs")
    assert cursor.fetchone() == ("2", 4, 1)


def test_json_errors(connection):
    cursor = connection.cursor()
    with pytest.raises(pymysql.err.MySQLError) as invalid:
        cursor.execute("SELECT JSON_EXTRACT('{oops', '$')")
    assert invalid.value.args == (3140, "Invalid JSON text: The document root must not be followed by other values.")
    with pytest.raises(pymysql.err.MySQLError) as path:
        cursor.execute("SELECT JSON_EXTRACT('{}', '$.')")
    assert path.value.args == (3143, "Invalid JSON path expression. The error is around character position 2.")


def test_regexp(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT 'abc' REGEXP '^a', REGEXP_LIKE('ABC', 'abc'), REGEXP_LIKE('ABC', 'abc', 'i'),"
                   " REGEXP_INSTR('dog cat dog', 'dog', 2), REGEXP_SUBSTR('abc def', '[a-z]+', 1, 2),"
                   " REGEXP_REPLACE('a b c', ' ', '-')")
    assert cursor.fetchone() == (1, 0, 1, 9, "def", "a-b-c")
    with pytest.raises(pymysql.err.MySQLError) as bad:
        cursor.execute("SELECT 'a' REGEXP '('")
    assert bad.value.args == (1139, "Got error 'error parsing regexp: missing closing ): `(`' from regexp")


def test_weeks_and_pi(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT WEEK('2008-02-20', 1), YEARWEEK('1987-01-01'), WEEKOFYEAR('2008-02-20'),"
                   " DATE_FORMAT('2008-12-31', '%x-%v'), PI()")
    assert cursor.fetchone() == (8, 198652, 8, "2009-01", 3.141593)


def test_multi_table_update_and_delete(connection):
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS orders, customers")
    cursor.execute("CREATE TABLE customers (id INT PRIMARY KEY, spent INT)")
    cursor.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount INT)")
    cursor.execute("INSERT INTO customers VALUES (1, 0), (2, 0), (3, 0)")
    cursor.execute("INSERT INTO orders VALUES (10, 1, 5), (11, 1, 7), (12, 2, 9)")
    affected = cursor.execute("UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.spent = o.amount")
    assert affected == 2
    cursor.execute("SELECT id, spent FROM customers ORDER BY id")
    assert cursor.fetchall() == ((1, 5), (2, 9), (3, 0))
    assert cursor.execute("DELETE o FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.id = 1") == 2
    assert cursor.execute("DELETE FROM customers USING customers LEFT JOIN orders ON orders.customer_id = customers.id"
                          " WHERE orders.id IS NULL") == 2
    with pytest.raises(pymysql.err.MySQLError) as unknown:
        cursor.execute("DELETE x FROM customers JOIN orders")
    assert unknown.value.args == (1109, "Unknown table 'x' in MULTI DELETE")
