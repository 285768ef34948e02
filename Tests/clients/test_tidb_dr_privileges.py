"""`tidb-dr migrate` run by a least-privilege DR operator account between two mock-tidb processes:
with exactly what the runbook grants it succeeds; without BACKUP_ADMIN it stops at the BACKUP step
with TiDB's 1227 and nothing is changed (docs/tidb/accounts-privileges.md)."""

import json
import subprocess

import pytest
import pymysql

from conftest import MockTiDB
from test_tidb_dr import TIDB_DR, gc_enabled, mariadb

PASSWORD = "op-s3cret"

# What the runbook grants the operator: GC switch and BACKUP on the primary, RESTORE on the
# secondary, and reading the migrated database on both for the checksums.
PRIMARY_GRANTS = [
    "GRANT SYSTEM_VARIABLES_ADMIN, BACKUP_ADMIN ON *.* TO 'dr_operator'@'%'",
    "GRANT SELECT ON app.* TO 'dr_operator'@'%'",
]
SECONDARY_GRANTS = [
    "GRANT RESTORE_ADMIN ON *.* TO 'dr_operator'@'%'",
    "GRANT SELECT ON app.* TO 'dr_operator'@'%'",
]


def operator_dsn(server):
    return f"mysql://dr_operator:{PASSWORD}@127.0.0.1:{server.port}"


def create_operator(server, grants):
    mariadb(server, f"CREATE USER 'dr_operator'@'%' IDENTIFIED BY '{PASSWORD}'; " + "; ".join(grants))


@pytest.fixture
def clusters():
    primary, secondary = MockTiDB("--user", "root"), MockTiDB("--user", "root")
    try:
        mariadb(primary, "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(10)); "
                         "INSERT INTO app.t VALUES (1, 'a'), (2, 'b'), (3, 'c')")
        create_operator(secondary, SECONDARY_GRANTS)
        yield primary, secondary
    finally:
        for server in (primary, secondary):
            if server.alive():
                server.stop()


def migrate(primary, secondary, storage):
    return subprocess.run(
        [TIDB_DR, "migrate", "--primary", operator_dsn(primary), "--secondary", operator_dsn(secondary),
         "--storage", storage, "--json"],
        capture_output=True, text=True, timeout=300,
    )


def test_operator_with_the_runbooks_grants_migrates(clusters, tmp_path):
    primary, secondary = clusters
    create_operator(primary, PRIMARY_GRANTS)
    result = migrate(primary, secondary, f"local://{tmp_path}/ok")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["outcome"] == "succeeded"
    assert [t["table"] for t in report["tables"]] == ["t"]
    assert all(t["primary"]["crc64xor"] == t["secondary"]["crc64xor"] for t in report["tables"])
    assert mariadb(secondary, "SELECT COUNT(*) FROM app.t").strip() == "3"


def test_operator_without_backup_admin_stops_at_backup_and_changes_nothing(clusters, tmp_path):
    primary, secondary = clusters
    create_operator(primary, PRIMARY_GRANTS)
    mariadb(primary, "REVOKE BACKUP_ADMIN ON *.* FROM 'dr_operator'@'%'")
    result = migrate(primary, secondary, f"local://{tmp_path}/denied")
    assert result.returncode == 1, result.stdout + result.stderr
    failure = json.loads(result.stdout)["failure"]
    assert failure["step"] == "backup" and failure["errno"] == 1227 and failure["sqlState"] == "42000"
    assert failure["message"] == (
        "Access denied; you need (at least one of) the SUPER or BACKUP_ADMIN privilege(s) for this operation")
    # Nothing changed: GC is back on, no backup was written, the secondary has no app database.
    assert gc_enabled(primary) == "1"
    assert not (tmp_path / "denied").exists() or not any((tmp_path / "denied").iterdir())
    assert "app" not in mariadb(secondary, "SHOW DATABASES").split()


def test_pymysql_sees_tidbs_privilege_errors(clusters):
    primary, _ = clusters
    mariadb(primary, "CREATE USER reader IDENTIFIED BY 'pw'; GRANT SELECT ON app.t TO reader")
    connection = pymysql.connect(host="127.0.0.1", port=primary.port, user="reader", password="pw")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM app.t")
            assert cursor.fetchone() == (3,)
            cursor.execute("SHOW GRANTS")
            assert cursor.fetchall() == (("GRANT USAGE ON *.* TO 'reader'@'%'",),
                                         ("GRANT SELECT ON `app`.`t` TO 'reader'@'%'",))
            cursor.execute("SELECT CURRENT_USER(), USER()")
            assert cursor.fetchone() == ("reader@%", "reader@127.0.0.1")
            with pytest.raises(pymysql.err.OperationalError) as denied:
                cursor.execute("INSERT INTO app.t VALUES (4, 'd')")
            assert denied.value.args == (1142, "INSERT command denied to user 'reader'@'%' for table 't'")
            with pytest.raises(pymysql.err.OperationalError) as denied:
                cursor.execute("SET GLOBAL tidb_gc_enable = OFF")
            assert denied.value.args[0] == 1227
    finally:
        connection.close()
    with pytest.raises(pymysql.err.OperationalError) as refused:
        pymysql.connect(host="127.0.0.1", port=primary.port, user="reader", password="wrong")
    assert refused.value.args[0] == 1045
