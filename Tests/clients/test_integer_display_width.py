"""TiDB's `deprecate-integer-display-length` config item through a real client (PyMySQL): true,
v8.5's default, prints `int` and warns about declared widths; false prints `int(11)`, as TiDB's
integration tests record."""

import pymysql
import pytest

from conftest import MockTiDB

TABLE = "CREATE TABLE t (a INT, b BIGINT UNSIGNED, c TINYINT(1), d SMALLINT(3), e INT UNSIGNED)"
WARNING = (
    "Warning", 1681, "Integer display width is deprecated and will be removed in a future release.")


@pytest.fixture(params=[None, "true", "false"], ids=["default", "true", "false"])
def configured(request):
    arguments = ["--user", "root"]
    if request.param is not None:
        arguments += ["--deprecate-integer-display-length", request.param]
    server = MockTiDB(*arguments)
    yield server, request.param != "false"
    server.stop()


def test_integer_types_follow_the_config_item(configured):
    server, deprecated = configured
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", autocommit=True)
    cursor = connection.cursor()
    cursor.execute("CREATE DATABASE IF NOT EXISTS widths")
    cursor.execute("USE widths")
    cursor.execute(TABLE)
    cursor.execute("SHOW WARNINGS")
    assert cursor.fetchall() == ((WARNING,) if deprecated else ())
    if deprecated:
        types = ["int", "bigint unsigned", "tinyint(1)", "smallint", "int unsigned"]
    else:
        types = ["int(11)", "bigint(20) unsigned", "tinyint(1)", "smallint(3)", "int(10) unsigned"]
    cursor.execute("SHOW COLUMNS FROM t")
    assert [row[1] for row in cursor.fetchall()] == types
    cursor.execute(
        "SELECT column_type FROM information_schema.columns"
        " WHERE table_schema = 'widths' AND table_name = 't' ORDER BY ordinal_position")
    assert [row[0] for row in cursor.fetchall()] == types
    cursor.execute("SHOW CREATE TABLE t")
    assert f"  `a` {types[0]} DEFAULT NULL,\n" in cursor.fetchone()[1]
    connection.close()
