"""The seed runbook's TiCDC steps (`../shared/seeds/002_*`) with three processes: two mock-tidb
clusters and mock-ticdc, driven by the `mariadb` CLI, sysbench and `mock-ticdc cli` (the seed's
commands with `tiup cdc` replaced by `mock-ticdc`)."""

import subprocess
import tempfile
import time

import pytest

from conftest import MariaDB, MockTiDB
from ticdc_support import MockTiCDC, TCPProxy, connect, mariadb, master_position, table_rows

TABLES = 2
TABLE_SIZE = 500
SQL = __import__("pathlib").Path(__file__).resolve().parents[2] / "sql"


def sysbench(port, command, *options):
    return subprocess.run(
        ["sysbench", "oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={port}",
         "--mysql-user=root", "--mysql-db=sbtest", f"--tables={TABLES}", f"--table-size={TABLE_SIZE}", *options,
         command],
        capture_output=True, text=True, timeout=300,
    )


def start_sysbench(port, seconds, threads=4):
    return subprocess.Popen(
        ["sysbench", "oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={port}",
         "--mysql-user=root", "--mysql-db=sbtest", f"--tables={TABLES}", f"--table-size={TABLE_SIZE}",
         f"--threads={threads}", f"--time={seconds}", "run"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.fixture
def clusters():
    primary = MockTiDB("--user", "root")
    secondary = MockTiDB("--user", "root")
    yield primary, secondary
    primary.stop()
    secondary.stop()


def backup_and_restore(primary, secondary, directory):
    """The seed's step 2: GC off, BACKUP on the primary, RESTORE on the secondary; BackupTS."""
    assert mariadb(primary.port, (SQL / "01-disable-gc.sql").read_text()).strip() == "0"
    backup = mariadb(primary.port, f"BACKUP DATABASE * TO 'local://{directory}/backup'")
    backup_ts = int(backup.split("\t")[2])
    mariadb(secondary.port, f"RESTORE DATABASE * FROM 'local://{directory}/backup'")
    return backup_ts


def test_seed_runbook_replicates_sysbench_and_ddl(clusters, tmp_path):
    primary, secondary = clusters
    mariadb(primary.port, "CREATE DATABASE sbtest")
    prepared = sysbench(primary.port, "prepare")
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    backup_ts = backup_and_restore(primary, secondary, tmp_path)

    ticdc = MockTiCDC(primary.pd_port)
    try:
        # The seed's changefeed.toml with its [consistent] part names an S3 server that is not
        # there: refused as TiCDC's storage check refuses it. Without that part it is empty.
        empty = tmp_path / "changefeed.toml"
        empty.write_text("# The seed's changefeed.toml without [consistent]\n")
        seed = tmp_path / "seed.toml"
        seed.write_text('[consistent]\nlevel = "eventual"\nmax-log-size = 64\nflush-interval = 2000\n'
                        'storage = "s3://redo?access-key=minio&secret-access-key=miniostorage&endpoint=http://127.0.0.1:9&force-path-style=true"\n')
        refused = ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{secondary.port}",
                            "--changefeed-id=dr-primary-to-secondary", f"--start-ts={backup_ts}", f"--config={seed}",
                            check=False)
        assert refused.returncode == 1
        assert "[CDC:ErrStorageInitialize]fail to open storage for redo log" in refused.stderr, refused.stderr

        created = ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{secondary.port}",
                            "--changefeed-id=dr-primary-to-secondary", f"--start-ts={backup_ts}", f"--config={empty}")
        lines = created.stdout.splitlines()
        assert lines[0] == "Create changefeed successfully!" and lines[1] == "ID: dr-primary-to-secondary"
        assert f'"start_ts":{backup_ts}' in lines[2]
        # GC back on, as the seed says once the changefeed holds the safe point.
        mariadb(primary.port, (SQL / "02-enable-gc.sql").read_text())

        load = start_sysbench(primary.port, seconds=4)
        mariadb(primary.port, "CREATE TABLE sbtest.extra (id INT PRIMARY KEY, note VARCHAR(20));"
                              "INSERT INTO sbtest.extra VALUES (1, 'new table'), (2, 'two');"
                              "ALTER TABLE sbtest.sbtest1 ADD COLUMN added INT;"
                              "UPDATE sbtest.sbtest1 SET added = id WHERE id <= 10")
        assert load.wait(timeout=120) == 0, load.stdout.read()

        # Planned switchover: no more writes, Position, then the checkpoint must pass it.
        position = master_position(primary.port)
        summary = ticdc.wait_past("dr-primary-to-secondary", position)
        assert summary["error"] is None
        assert table_rows(primary.port, "sbtest") == table_rows(secondary.port, "sbtest")
        columns = mariadb(secondary.port, "SHOW COLUMNS FROM sbtest.sbtest1")
        assert "added" in columns
    finally:
        ticdc.stop()


def test_a_killed_ticdc_resumes_without_loss_or_duplicates(clusters, tmp_path):
    primary, secondary = clusters
    mariadb(primary.port, "CREATE DATABASE sbtest")
    assert sysbench(primary.port, "prepare").returncode == 0
    backup_ts = backup_and_restore(primary, secondary, tmp_path)
    ticdc = MockTiCDC(primary.pd_port)
    ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{secondary.port}",
              "--changefeed-id=cf", f"--start-ts={backup_ts}")
    load = start_sysbench(primary.port, seconds=5)
    time.sleep(1.5)
    ticdc.kill()
    # A log table without a key would show duplicates: every insert is one row.
    mariadb(primary.port, "CREATE TABLE sbtest.events (id INT PRIMARY KEY AUTO_INCREMENT, at INT)")
    for index in range(20):
        mariadb(primary.port, f"INSERT INTO sbtest.events (at) VALUES ({index})")
    restarted = MockTiCDC(primary.pd_port)
    try:
        assert load.wait(timeout=120) == 0
        position = master_position(primary.port)
        restarted.wait_past("cf", position)
        assert table_rows(primary.port, "sbtest") == table_rows(secondary.port, "sbtest")
        assert mariadb(secondary.port, "SELECT COUNT(*), COUNT(DISTINCT at) FROM sbtest.events").split() == ["20", "20"]
    finally:
        restarted.stop()


def test_a_downstream_that_goes_away_gives_warning_then_normal(clusters):
    primary, secondary = clusters
    for port in (primary.port, secondary.port):
        mariadb(port, "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, v INT)")
    proxy = TCPProxy(secondary.port)
    ticdc = MockTiCDC(primary.pd_port)
    try:
        ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{proxy.port}/", "-c", "cf")
        mariadb(primary.port, "INSERT INTO app.t VALUES (1, 1)")
        ticdc.wait_past("cf", master_position(primary.port))
        proxy.down()
        mariadb(primary.port, "INSERT INTO app.t VALUES (2, 2)")
        warned = ticdc.wait_for("cf", lambda s: s["state"] == "warning", what="warning")
        assert warned["error"]["code"] in ("CDC:ErrMySQLConnectionError", "CDC:ErrMySQLTxnError")
        proxy.up()
        position = master_position(primary.port)
        ticdc.wait_past("cf", position)
        assert table_rows(primary.port, "app") == table_rows(secondary.port, "app")
    finally:
        ticdc.stop()
        proxy.close()


def test_a_mariadb_downstream_gets_the_same_rows(tidb):
    """The sink is a real MySQL client: MariaDB from Debian as the secondary."""
    downstream = MariaDB()
    try:
        downstream.reset()
        mariadb(tidb.port, "CREATE DATABASE sbtest")
        mariadb(downstream.port, "CREATE DATABASE sbtest")
        ticdc = MockTiCDC(tidb.pd_port)
        try:
            ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{downstream.port}/", "-c", "to-mariadb")
            # sysbench's CREATE TABLE and CREATE INDEX replicate first, then its rows.
            assert sysbench(tidb.port, "prepare").returncode == 0
            load = start_sysbench(tidb.port, seconds=3)
            assert load.wait(timeout=120) == 0
            ticdc.wait_past("to-mariadb", master_position(tidb.port))
            assert table_rows(tidb.port, "sbtest") == table_rows(downstream.port, "sbtest")
        finally:
            ticdc.stop()
    finally:
        downstream.stop()
