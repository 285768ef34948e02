"""Read-only mode (`tidb_super_read_only`, ERROR 1836) through the mariadb CLI, and `tidb-dr
verify` between real mock-tidb processes: equal, a row changed behind the changefeed's back, a
table missing, and syncpoint pairs while writes go on (issue 18)."""

import json
import subprocess
import threading
import time

import pytest

from conftest import MockTiDB
from test_tidb_dr import tidb_dr
from ticdc_support import MockTiCDC, connect, mariadb, master_position

ROWS = 200


@pytest.fixture
def clusters():
    primary = MockTiDB("--user", "root")
    secondary = MockTiDB("--user", "root")
    yield primary, secondary
    primary.stop()
    secondary.stop()


def cli(port, sql):
    return subprocess.run(["mariadb", "-h127.0.0.1", f"-P{port}", "-uroot", "--batch", "-e", sql],
                          capture_output=True, text=True, timeout=60)


def test_a_write_gets_1836_while_super_read_only_is_on(clusters):
    primary, _ = clusters
    mariadb(primary.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, v INT)")
    mariadb(primary.port, "SET GLOBAL tidb_super_read_only = ON")
    refused = cli(primary.port, "INSERT INTO d.t VALUES (1, 1)")
    assert refused.returncode == 1
    assert "ERROR 1836 (HY000)" in refused.stderr and "Running in read-only mode" in refused.stderr, refused.stderr
    # Reads and SET still work; the flag is cluster-wide and GLOBAL only.
    assert mariadb(primary.port, "SELECT COUNT(*) FROM d.t").strip() == "0"
    assert "ERROR 1229" in cli(primary.port, "SET tidb_super_read_only = OFF").stderr
    mariadb(primary.port, "SET GLOBAL tidb_super_read_only = OFF")
    mariadb(primary.port, "INSERT INTO d.t VALUES (1, 1)")
    assert mariadb(primary.port, "SELECT v FROM d.t WHERE id = 1").strip() == "1"


def load(port):
    values = ", ".join(f"({i}, 'row {i}', {i * 7})" for i in range(1, ROWS + 1))
    mariadb(port, "CREATE DATABASE IF NOT EXISTS app; "
                  "CREATE TABLE app.accounts (id INT PRIMARY KEY, name VARCHAR(32), balance INT); "
                  f"INSERT INTO app.accounts VALUES {values}; "
                  "CREATE TABLE app.events (a INT, b INT, note VARCHAR(16), PRIMARY KEY (a, b)); "
                  "INSERT INTO app.events VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z')")


def verify(primary, secondary, *extra):
    result = tidb_dr("verify", "--primary", f"mysql://root@127.0.0.1:{primary.port}",
                     "--secondary", f"mysql://root@127.0.0.1:{secondary.port}", "--json", *extra, timeout=60)
    return result, json.loads(result.stdout) if result.stdout.strip() else None


def test_verify_finds_changed_rows_and_missing_tables(clusters):
    primary, secondary = clusters
    load(primary.port)
    load(secondary.port)
    result, report = verify(primary, secondary)
    assert result.returncode == 0, result.stdout + result.stderr
    assert report["outcome"] == "equal" and report["snapshots"]["source"] == "current"
    assert [(t["database"], t["table"], t["result"]) for t in report["tables"]] == [
        ("app", "accounts", "equal"), ("app", "events", "equal")]
    assert "[4/4] compare-tables" in result.stderr

    # A row changed on the secondary behind the changefeed's back: exit 1, the table and the key.
    mariadb(secondary.port, "UPDATE app.accounts SET balance = balance + 1 WHERE id = 42")
    mariadb(secondary.port, "DELETE FROM app.events WHERE a = 2 AND b = 1")
    result, report = verify(primary, secondary)
    assert result.returncode == 1, result.stdout + result.stderr
    assert report["outcome"] == "different"
    differing = {t["table"]: t for t in report["tables"] if t["result"] != "equal"}
    assert differing["accounts"]["result"] == "differs" and differing["accounts"]["differingKeys"] == ["id=42"]
    events = differing["events"]
    assert events["differingKeys"] == ["a=2, b=1"]
    assert (events["primaryRows"], events["secondaryRows"]) == (3, 2)
    text = tidb_dr("verify", "--primary", f"mysql://root@127.0.0.1:{primary.port}",
                   "--secondary", f"mysql://root@127.0.0.1:{secondary.port}")
    assert text.returncode == 1 and "app.accounts: differs" in text.stdout and "id=42" in text.stdout, text.stdout

    # A table on one side only is a difference too.
    mariadb(secondary.port, "UPDATE app.accounts SET balance = balance - 1 WHERE id = 42; "
                            "INSERT INTO app.events VALUES (2, 1, 'z'); DROP TABLE app.events")
    result, report = verify(primary, secondary)
    assert result.returncode == 1
    assert [(t["table"], t["result"]) for t in report["tables"]] == [
        ("accounts", "equal"), ("events", "missing-on-secondary")]
    assert "app.events missing-on-secondary" in report["failure"]["message"]


def test_verify_at_syncpoints_while_writes_continue(clusters):
    primary, secondary = clusters
    start = master_position(primary.port)
    ticdc = MockTiCDC(primary.pd_port, "--min-sync-point-interval", "1s")
    stop = threading.Event()
    try:
        status, body = ticdc.api("POST", "/api/v2/changefeeds", {
            "changefeed_id": "dr", "sink_uri": f"mysql://root@127.0.0.1:{secondary.port}/", "start_ts": start,
            "replica_config": {"enable_sync_point": True, "sync_point_interval": "1s",
                               "sync_point_retention": "1h"}})
        assert status == 200, body
        load(primary.port)
        ticdc.wait_past("dr", master_position(primary.port))

        def write():
            with connect(primary.port, "app") as connection, connection.cursor() as cursor:
                n = 0
                while not stop.is_set():
                    n += 1
                    cursor.execute(f"UPDATE accounts SET balance = balance + 1 WHERE id = {n % ROWS + 1}")
                    cursor.execute(f"INSERT INTO events VALUES (1000, {n}, 'w')")

        writer = threading.Thread(target=write)
        writer.start()
        # Two syncpoints taken while the writer runs. The sink creates the syncpoint table with
        # its first syncpoint, which on a loaded machine may come after the writer starts.
        def syncpoints():
            exists = mariadb(secondary.port, "SELECT COUNT(*) FROM information_schema.tables"
                             " WHERE table_schema = 'tidb_cdc' AND table_name = 'syncpoint_v1'")
            if int(exists) == 0:
                return 0
            return int(mariadb(secondary.port, "SELECT COUNT(*) FROM tidb_cdc.syncpoint_v1"))

        time.sleep(0.5)
        first = syncpoints()
        deadline = time.monotonic() + 20
        while syncpoints() < first + 2:
            assert time.monotonic() < deadline, ticdc.stderr_text()
            time.sleep(0.2)
        result, report = verify(primary, secondary, "-c", "dr")
        assert result.returncode == 0, result.stdout + result.stderr
        assert report["snapshots"]["source"] == "syncpoint" and report["snapshots"]["changefeed"] == "dr"
        assert report["snapshots"]["primaryTS"] != report["snapshots"]["secondaryTS"]
        assert [t["result"] for t in report["tables"]] == ["equal", "equal"]
        stop.set()
        writer.join(timeout=30)

        # The same pair of snapshots sees a row changed on the secondary before its secondary_ts.
        mariadb(secondary.port, "UPDATE app.accounts SET name = 'tampered' WHERE id = 7")
        deadline = time.monotonic() + 20
        while True:
            result, report = verify(primary, secondary, "-c", "dr")
            if result.returncode == 1 or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert result.returncode == 1, result.stdout
        assert "app.accounts differs (keys id=7)" in report["failure"]["message"]
    finally:
        stop.set()
        ticdc.stop()
