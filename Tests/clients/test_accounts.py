"""Accounts over the wire with PyMySQL (docs/tidb/accounts-privileges.md): accounts made with
CREATE USER log in with mysql_native_password at once, password changes and DROP USER apply to the
next login, caching_sha2_password accounts are refused until TLS exists, and the CLI's `--user`
accounts keep every privilege."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture
def server():
    tidb = MockTiDB("--user", "root", "--user", "dr:secret")
    yield tidb
    tidb.stop()


def connect(server, user, password=""):
    return pymysql.connect(host="127.0.0.1", port=server.port, user=user, password=password, autocommit=True)


def run(server, *statements, user="root", password=""):
    connection = connect(server, user, password)
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return cursor.fetchall()
    finally:
        connection.close()


def login_error(server, user, password):
    with pytest.raises(pymysql.err.OperationalError) as refused:
        connect(server, user, password).close()
    return refused.value.args


def test_created_accounts_log_in_and_follow_alter_and_drop(server):
    run(server, "CREATE USER 'app'@'%' IDENTIFIED BY 'first'")
    assert run(server, "SELECT CURRENT_USER()", user="app", password="first") == (("app@%",),)
    assert login_error(server, "app", "wrong") == (1045, "Access denied for user 'app'@'127.0.0.1' (using password: YES)")
    run(server, "ALTER USER app IDENTIFIED BY 'second'")
    assert login_error(server, "app", "first")[0] == 1045
    run(server, "SET PASSWORD = 'third'", user="app", password="second")
    assert run(server, "SELECT 1", user="app", password="third") == ((1,),)
    # mysql_native_password's stored form: `*` and the hex of SHA1(SHA1(password)).
    assert run(server, "SELECT authentication_string FROM mysql.user WHERE user = 'app'") == run(
        server, "SELECT CONCAT('*', UPPER(SHA1(UNHEX(SHA1('third')))))")
    run(server, "DROP USER app")
    assert login_error(server, "app", "third")[0] == 1045


def test_localhost_accounts_match_loopback_clients(server):
    run(server, "CREATE USER 'local'@'localhost'")
    assert run(server, "SELECT CURRENT_USER(), USER()", user="local") == (("local@localhost", "local@127.0.0.1"),)


def test_caching_sha2_accounts_are_refused_without_tls(server):
    run(server, "CREATE USER sha IDENTIFIED WITH caching_sha2_password BY 'pw'")
    stored = run(server, "SELECT plugin, authentication_string FROM mysql.user WHERE user = 'sha'")[0]
    assert stored[0] == "caching_sha2_password" and stored[1].startswith("$A$005$")
    assert login_error(server, "sha", "pw")[0] == 1045


def test_cli_accounts_keep_every_privilege(server):
    assert run(server, "SHOW GRANTS", user="dr", password="secret") == (
        ("GRANT ALL PRIVILEGES ON *.* TO 'dr'@'%' WITH GRANT OPTION",),)
    run(server, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY)", "INSERT INTO d.t VALUES (1)",
        "SET GLOBAL tidb_gc_enable = ON", user="dr", password="secret")
    run(server, "CREATE USER nobody")
    with pytest.raises(pymysql.err.OperationalError) as denied:
        run(server, "SELECT * FROM d.t", user="nobody")
    assert denied.value.args == (1142, "SELECT command denied to user 'nobody'@'%' for table 't'")
