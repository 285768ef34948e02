"""The runbook's SQL, verbatim, through the `mariadb` command-line client."""

import subprocess

from conftest import ROOT, assert_tso_near_now


def mariadb(tidb, *arguments, sql_file=None, user="root", password=None):
    command = ["mariadb", "-h127.0.0.1", f"-P{tidb.port}", f"-u{user}", *arguments]
    if password is not None:
        command.append(f"-p{password}")
    stdin = open(ROOT / "sql" / sql_file) if sql_file else subprocess.DEVNULL
    with stdin if sql_file else open("/dev/null") as source:
        return subprocess.run(command, stdin=source, capture_output=True, text=True, timeout=30)


def test_disable_and_enable_gc(tidb):
    off = mariadb(tidb, "--table", sql_file="01-disable-gc.sql")
    assert off.returncode == 0, off.stderr
    # The runbook's expected output.
    assert "| @@global.tidb_gc_enable |" in off.stdout
    assert "|                       0 |" in off.stdout
    on = mariadb(tidb, "--table", sql_file="02-enable-gc.sql")
    assert on.returncode == 0, on.stderr
    assert "|                       1 |" in on.stdout


def test_current_tso_in_a_transaction(tidb):
    result = mariadb(tidb, "--batch", sql_file="03-current-tso.sql")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "TIDB_CURRENT_TSO()"
    assert_tso_near_now(lines[1])


def test_show_master_status(tidb):
    result = mariadb(tidb, "--batch", sql_file="04-master-status.sql")
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.splitlines()
    assert header.split("\t") == ["File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set"]
    fields = row.split("\t")
    assert fields[0] == "tidb-binlog"
    assert_tso_near_now(fields[1])


def test_syncpoint_sets_external_ts_to_the_transaction_start(tidb):
    result = mariadb(tidb, "--batch", "--skip-column-names", sql_file="05-syncpoint.sql")
    assert result.returncode == 0, result.stderr
    start, external = result.stdout.split()
    assert start == external
    assert_tso_near_now(start)


def test_errors_as_tidb_reports_them(tidb):
    wrong = mariadb(tidb, "-e", "SELECT 1", user="dr", password="wrong")
    assert wrong.returncode == 1
    assert "ERROR 1045 (28000): Access denied for user 'dr'@'127.0.0.1' (using password: YES)" in wrong.stderr
    scope = mariadb(tidb, "-e", "SET tidb_gc_enable=0")
    assert "ERROR 1229 (HY000)" in scope.stderr
    syntax = mariadb(tidb, "-e", "SELEC 1")
    assert 'ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your TiDB version for the right syntax to use line 1 column 5 near "SELEC 1"' in syntax.stderr
    no_database = mariadb(tidb, "-e", "CREATE TABLE t (a INT)")
    assert "ERROR 1046 (3D000) at line 1: No database selected" in no_database.stderr
    unsupported = mariadb(tidb, "-D", "test", "-e", "CREATE PLACEMENT POLICY p")
    assert "ERROR 1235 (42000) at line 1: This version of TiDB doesn't yet support 'CREATE PLACEMENT'" in unsupported.stderr


def test_status_command_and_admin_tool(tidb):
    status = mariadb(tidb, "-e", "status")
    assert status.returncode == 0, status.stderr
    assert "8.0.11-TiDB-v8.5.8" in status.stdout
    assert "Uptime:" in status.stdout
    ping = subprocess.run(["mariadb-admin", "-h127.0.0.1", f"-P{tidb.port}", "-uroot", "ping"], capture_output=True, text=True, timeout=30)
    assert ping.stdout.strip() == "mysqld is alive"
    admin = subprocess.run(["mariadb-admin", "-h127.0.0.1", f"-P{tidb.port}", "-uroot", "status"], capture_output=True, text=True, timeout=30)
    assert admin.stdout.startswith("Uptime: ")


def test_interactive_session_helpers(tidb):
    # What the CLI sends for `use` and on connect with a database: SHOW DATABASES, SHOW TABLES,
    # SELECT DATABASE(), @@version_comment.
    result = mariadb(tidb, "-D", "test", "--batch", "-e", "select @@version_comment limit 1; show tables; select DATABASE(), USER() limit 1")
    assert result.returncode == 0, result.stderr
    assert "TiDB Server (Apache License 2.0) Community Edition, MySQL 8.0 compatible" in result.stdout
    assert "test\troot@127.0.0.1" in result.stdout
