"""`tidb-dr migrate` and `tidb-dr tso` between real `mock-tidb` processes loaded by sysbench:
success end to end, failures at each step with GC put back, `--dry-run` changing nothing, usage
errors, and passwords never printed."""

import json
import os
import pathlib
import subprocess
import time

import pytest

from conftest import ROOT, MockTiDB, assert_tso_near_now, refusing_port

TIDB_DR = os.environ.get("TIDB_DR_BIN", str(ROOT / ".build" / "debug" / "tidb-dr"))
TABLES = 4
TABLE_SIZE = 5000
PASSWORD = "s3cret-pw"


def mariadb(server, sql):
    result = subprocess.run(
        ["mariadb", "-h127.0.0.1", f"-P{server.port}", "-uroot", "--batch", "--skip-column-names", "-e", sql],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def dsn(server):
    return f"mysql://dr:{PASSWORD}@127.0.0.1:{server.port}"


def tidb_dr(*arguments, timeout=300):
    return subprocess.run([TIDB_DR, *arguments], capture_output=True, text=True, timeout=timeout)


def migrate(primary_dsn, secondary_dsn, storage, *extra):
    return tidb_dr("migrate", "--primary", primary_dsn, "--secondary", secondary_dsn, "--storage", storage, *extra)


def load(server, tables=TABLES, size=TABLE_SIZE):
    mariadb(server, "CREATE DATABASE sbtest")
    prepare = subprocess.run(
        ["sysbench", "oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={server.port}",
         "--mysql-user=root", "--mysql-db=sbtest", f"--tables={tables}", f"--table-size={size}", "prepare"],
        capture_output=True, text=True, timeout=300,
    )
    assert prepare.returncode == 0, prepare.stdout + prepare.stderr


def gc_enabled(server):
    return mariadb(server, "SELECT @@global.tidb_gc_enable").strip()


@pytest.fixture
def clusters():
    primary = MockTiDB("--user", "root", "--user", f"dr:{PASSWORD}")
    secondary = MockTiDB("--user", "root", "--user", f"dr:{PASSWORD}")
    try:
        load(primary)
        yield primary, secondary
    finally:
        for server in (primary, secondary):
            if server.alive():
                server.stop()


def test_migrate_end_to_end(clusters, tmp_path):
    primary, secondary = clusters
    storage = f"local://{tmp_path}/full"
    result = migrate(dsn(primary), dsn(secondary), storage, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["outcome"] == "succeeded"
    assert [step["name"] for step in report["steps"]] == [
        "connect", "record-gc", "disable-gc", "backup", "restore", "verify-checksums"]

    # BackupTS: what BACKUP wrote into the backup's metadata, SHOW BACKUPS lists the task.
    meta = json.loads((tmp_path / "full" / "backupmeta").read_text())
    assert report["backupTS"] == meta["backupTS"] == report["changefeedStartTS"]
    assert_tso_near_now(report["backupTS"], tolerance_ms=60_000)
    task = mariadb(primary, "SHOW BACKUPS").splitlines()[-1].split("\t")
    assert task[1] == storage and task[3] == "100" and task[6] != "NULL"  # destination, progress, finish time

    # Every table's checksum on the secondary equals the primary's at BackupTS, checked here too.
    tables = ", ".join(f"sbtest.sbtest{n}" for n in range(1, TABLES + 1))
    at_backup = mariadb(primary, f"SET tidb_snapshot = '{report['backupTS']}'; ADMIN CHECKSUM TABLE {tables}")
    assert sorted(mariadb(secondary, f"ADMIN CHECKSUM TABLE {tables}").splitlines()) == sorted(at_backup.splitlines())
    assert len(report["tables"]) == TABLES and all(
        t["primary"]["crc64xor"] == t["secondary"]["crc64xor"] for t in report["tables"])

    # GC stays off on success, and the output says what turns it back on.
    assert report["primaryGCWasEnabled"] is True and report["primaryGCEnabledAtEnd"] is False
    assert gc_enabled(primary) == "0"
    assert any("re-enables" in line for line in report["nextSteps"])

    # Progress: one line per step with its elapsed time on stderr; no password anywhere.
    finished = [line for line in result.stderr.splitlines() if line.startswith("  ok ")]
    assert len(finished) == 6 and all(line.split("(")[1].split("s)")[0].replace(".", "").isdigit() for line in finished)
    assert PASSWORD not in result.stdout + result.stderr
    assert "dr:xxxxx@" in report["primary"]


def test_migrate_text_output_and_tso(clusters, tmp_path):
    primary, secondary = clusters
    result = migrate(dsn(primary), dsn(secondary), f"local://{tmp_path}/text", "--databases", "sbtest", "--rate-limit", "200")
    assert result.returncode == 0, result.stdout + result.stderr
    start_ts = [line.split(": ")[1] for line in result.stdout.splitlines() if line.startswith("changefeed start-ts: ")]
    assert len(start_ts) == 1 and start_ts[0].isdigit()
    assert "GC stays disabled on the primary" in result.stdout and PASSWORD not in result.stdout + result.stderr

    tso = tidb_dr("tso", "--dsn", dsn(primary), "--json")
    assert tso.returncode == 0, tso.stderr
    value = json.loads(tso.stdout)
    assert_tso_near_now(value["tso"])
    assert value["tso"] > int(start_ts[0])
    assert value["physicalMilliseconds"] == value["tso"] >> 18 and value["logical"] == value["tso"] & (2**18 - 1)
    text = tidb_dr("tso", "--dsn", dsn(primary))
    assert text.returncode == 0 and text.stdout.startswith("TSO: ") and "logical: " in text.stdout


def failed_report(result):
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["outcome"] == "failed"
    assert PASSWORD not in result.stdout + result.stderr
    return report


def test_secondary_unreachable(clusters, tmp_path):
    primary, _ = clusters
    with refusing_port() as port:
        closed = f"mysql://root@127.0.0.1:{port}?connect-timeout=2s"
        report = failed_report(migrate(dsn(primary), closed, f"local://{tmp_path}/x", "--json"))
    assert report["failure"]["step"] == "connect" and report["failure"]["errno"] in (2002, 2003)
    assert "secondary" in report["failure"]["message"]
    assert gc_enabled(primary) == "1"
    assert not (tmp_path / "x").exists()


def test_destination_already_holds_a_backup(clusters, tmp_path):
    primary, secondary = clusters
    storage = f"local://{tmp_path}/used"
    mariadb(primary, f"BACKUP DATABASE sbtest TO '{storage}'")
    result = migrate(dsn(primary), dsn(secondary), storage, "--json")
    report = failed_report(result)
    assert report["failure"]["step"] == "backup" and report["failure"]["errno"] == 8124
    assert "BACKUP DATABASE * TO" in report["failure"]["statement"]
    assert report["primaryGCEnabledAtEnd"] is True and gc_enabled(primary) == "1"
    assert "FAILED backup" in result.stderr and "back to ON" in result.stderr


def test_restore_over_existing_tables(clusters, tmp_path):
    primary, secondary = clusters
    load(secondary, tables=1, size=10)
    report = failed_report(migrate(dsn(primary), dsn(secondary), f"local://{tmp_path}/existing", "--json"))
    assert report["failure"]["step"] == "restore" and report["failure"]["errno"] == 8125
    assert gc_enabled(primary) == "1" and report["primaryGCEnabledAtEnd"] is True


def test_gc_already_off_stays_off_after_a_failure(clusters, tmp_path):
    primary, secondary = clusters
    mariadb(primary, "SET GLOBAL tidb_gc_enable = OFF")
    load(secondary, tables=1, size=10)
    report = failed_report(migrate(dsn(primary), dsn(secondary), f"local://{tmp_path}/off", "--json"))
    assert report["primaryGCWasEnabled"] is False and gc_enabled(primary) == "0"


def test_primary_killed_mid_backup(clusters, tmp_path):
    primary, secondary = clusters
    process = subprocess.Popen(
        [TIDB_DR, "migrate", "--primary", dsn(primary), "--secondary", dsn(secondary),
         "--storage", f"local://{tmp_path}/crash", "--rate-limit", "1", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while "Backup" not in mariadb(primary, "SHOW BACKUPS"):  # the task is queued or running
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.1)
    primary.process.kill()
    primary.process.wait(timeout=30)
    stdout, stderr = process.communicate(timeout=60)
    report = failed_report(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    assert report["failure"]["step"] == "backup" and report["failure"]["errno"] in (2013, 2006)
    assert "could not reach the primary" in stderr
    assert not (tmp_path / "crash" / "backupmeta").exists()


def test_dry_run_changes_nothing(clusters, tmp_path):
    primary, secondary = clusters
    before = mariadb(primary, "ADMIN CHECKSUM TABLE sbtest.sbtest1")
    result = migrate(dsn(primary), dsn(secondary), f"local://{tmp_path}/dry", "--dry-run", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["outcome"] == "dry-run" and [s["name"] for s in report["steps"]] == ["connect", "record-gc"]
    assert "BACKUP DATABASE * TO" in result.stderr and "nothing was changed" in result.stderr
    assert gc_enabled(primary) == "1"
    assert mariadb(primary, "ADMIN CHECKSUM TABLE sbtest.sbtest1") == before
    assert "sbtest" not in mariadb(secondary, "SHOW DATABASES").split()
    assert not (tmp_path / "dry").exists()
    assert mariadb(primary, "SHOW BACKUPS") == ""


@pytest.mark.parametrize("arguments", [
    ["migrate", "--primary", "mysql://root@127.0.0.1:1"],
    ["migrate", "--primary", "postgres://x", "--secondary", "mysql://y", "--storage", "local:///tmp/z"],
    ["migrate", "--primary", "mysql://a:pw@x", "--secondary", "mysql://y", "--storage", "local:///tmp/z", "--rate-limit", "0"],
    ["tso"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(arguments):
    result = tidb_dr(*arguments)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip()
    assert "pw" not in result.stderr.replace("--", "")


def test_help_exits_0():
    result = tidb_dr("migrate", "--help")
    assert result.returncode == 0 and "--primary" in result.stdout
