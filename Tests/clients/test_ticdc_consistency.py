"""Syncpoint, faults and BDR through real processes: two mock-tidb clusters, mock-ticdc, sysbench
and PyMySQL (issue 17)."""

import json
import subprocess
import threading
import time

import pytest

from conftest import MockTiDB
from ticdc_support import MockTiCDC, connect, mariadb, master_position
from test_ticdc import sysbench, start_sysbench

INTERVAL_MS = 2000


@pytest.fixture
def clusters():
    primary = MockTiDB("--user", "root")
    secondary = MockTiDB("--user", "root")
    yield primary, secondary
    primary.stop()
    secondary.stop()


def create(ticdc, changefeed, sink_port, start_ts=0, **replica):
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {
        "changefeed_id": changefeed, "sink_uri": f"mysql://root@127.0.0.1:{sink_port}/", "start_ts": start_ts,
        "replica_config": replica,
    })
    assert status == 200, body
    return body


def info(ticdc, changefeed):
    status, body = ticdc.api("GET", f"/api/v2/changefeeds/{changefeed}")
    assert status == 200, body
    return body


def wait(what, condition, timeout=60, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached in {timeout} s")
        time.sleep(interval)


def syncpoints(port):
    with connect(port) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'tidb_cdc'")
        if cursor.fetchone()[0] == 0:
            return []
        cursor.execute("SELECT ticdc_cluster_id, changefeed, primary_ts, secondary_ts FROM tidb_cdc.syncpoint_v1 "
                       "ORDER BY primary_ts")
        return cursor.fetchall()


def snapshot(port, database, settings):
    """Every table of `database` read after `settings` (tidb_snapshot or external-ts reads)."""
    with connect(port, database) as connection, connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(setting)
        cursor.execute("SHOW TABLES")
        content = {}
        for (table,) in sorted(cursor.fetchall()):
            cursor.execute(f"SELECT * FROM `{table}` ORDER BY id")
            content[table] = cursor.fetchall()
        return content


def test_syncpoint_secondary_reads_equal_the_primary_at_primary_ts(clusters):
    primary, secondary = clusters
    start = master_position(primary.port)
    ticdc = MockTiCDC(primary.pd_port, "--min-sync-point-interval", "1s")
    try:
        # TiCDC's own minimum unless the server lowers it.
        status, body = ticdc.api("POST", "/api/v2/changefeeds", {
            "changefeed_id": "too-often", "sink_uri": f"mysql://root@127.0.0.1:{secondary.port}/",
            "replica_config": {"enable_sync_point": True, "sync_point_interval": "500ms"}})
        # Classic TiCDC answers ErrInvalidReplicaConfig with 500 (not in its bad-request list).
        assert status == 500 and body["error_code"] == "CDC:ErrInvalidReplicaConfig", body
        assert "The SyncPointInterval:500ms must be larger than 1s" in body["error_msg"]

        create(ticdc, "sp", secondary.port, start, enable_sync_point=True, sync_point_interval="2s",
               sync_point_retention="1h")
        mariadb(primary.port, "CREATE DATABASE sbtest")
        assert sysbench(primary.port, "prepare").returncode == 0
        workload = start_sysbench(primary.port, 10)
        # While sysbench writes: each syncpoint's secondary TS shows the primary at its primary TS.
        rows = wait("two syncpoints under load", lambda: len(syncpoints(secondary.port)) >= 2 and syncpoints(secondary.port))
        for cluster_id, changefeed, primary_ts, secondary_ts in rows[-2:]:
            assert (cluster_id, changefeed) == ("default", "sp")
            assert int(primary_ts) & 0x3FFFF == 0 and (int(primary_ts) >> 18) % INTERVAL_MS == 0
            assert snapshot(secondary.port, "sbtest", [f"SET tidb_snapshot = {secondary_ts}"]) == \
                snapshot(primary.port, "sbtest", [f"SET tidb_snapshot = {primary_ts}"])
        output, _ = workload.communicate(timeout=120)
        assert workload.returncode == 0, output

        # The sink held: the external ts and the syncpoints stop; the resolved TS goes on.
        status, fault = ticdc.api("PUT", "/mock/v1/changefeeds/sp/fault", {"hold_sink": True})
        assert status == 200 and fault["hold_sink"] is True, fault
        time.sleep(0.5)
        held = info(ticdc, "sp")
        external = int(mariadb(secondary.port, "SELECT @@global.tidb_external_ts"))
        count = len(syncpoints(secondary.port))
        mariadb(primary.port, "UPDATE sbtest.sbtest1 SET k = k + 1 WHERE id <= 10")
        time.sleep(2.5 * INTERVAL_MS / 1000)
        later = info(ticdc, "sp")
        assert later["checkpoint_ts"] == held["checkpoint_ts"]
        assert later["resolved_ts"] > held["resolved_ts"] + (2 * INTERVAL_MS << 18)
        assert int(mariadb(secondary.port, "SELECT @@global.tidb_external_ts")) == external
        assert len(syncpoints(secondary.port)) == count

        # External-ts reads on the secondary equal the primary at the last syncpoint's primary TS.
        _, _, primary_ts, secondary_ts = syncpoints(secondary.port)[-1]
        assert external == int(secondary_ts)
        assert snapshot(secondary.port, "sbtest", ["SET tidb_enable_external_ts_read = ON"]) == \
            snapshot(primary.port, "sbtest", [f"SET tidb_snapshot = {primary_ts}"])

        # Cleared: the checkpoint catches up and syncpoints resume.
        assert ticdc.api("DELETE", "/mock/v1/changefeeds/sp/fault")[0] == 200
        position = master_position(primary.port)
        ticdc.wait_past("sp", position)
        wait("a new syncpoint", lambda: len(syncpoints(secondary.port)) > count)
        assert int(mariadb(secondary.port, "SELECT @@global.tidb_external_ts")) > external
        # tidb_cdc is never replicated back, and the sink's session kept external-ts reads off.
        assert "tidb_cdc" not in mariadb(primary.port, "SHOW DATABASES")
    finally:
        ticdc.stop()


def lag_ms(ticdc, changefeed):
    return time.time() * 1000 - (info(ticdc, changefeed)["checkpoint_ts"] >> 18)


def test_faults_delay_errors_and_clearing(clusters, tmp_path):
    primary, secondary = clusters
    mariadb(primary.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, v INT)")
    mariadb(secondary.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, v INT)")
    ticdc = MockTiCDC(primary.pd_port)
    try:
        create(ticdc, "cf", secondary.port)
        mariadb(primary.port, "INSERT INTO d.t VALUES (1, 1)")
        ticdc.wait_past("cf", master_position(primary.port))

        # Bad input: TiCDC's error body, nothing set.
        status, body = ticdc.api("PUT", "/mock/v1/changefeeds/cf/fault", {"delay": "soon"})
        assert status == 400 and body["error_code"] == "CDC:ErrAPIInvalidParam", body
        status, body = ticdc.api("PUT", "/mock/v1/changefeeds/cf/fault", {"error": {"code": "oops", "message": "x"}})
        assert status == 400 and body["error_code"] == "CDC:ErrAPIInvalidParam", body
        status, body = ticdc.api("PUT", "/mock/v1/changefeeds/nope/fault", {"hold_sink": True})
        assert status == 400 and body["error_code"] == "CDC:ErrChangeFeedNotExists", body
        assert ticdc.api("GET", "/mock/v1/changefeeds/cf/fault")[1] == {"hold_sink": False, "delay": "0s"}

        # A fixed delay: the checkpoint lags by it, rows arrive after it.
        assert ticdc.api("PUT", "/mock/v1/changefeeds/cf/fault", {"delay": "3s"})[0] == 200
        time.sleep(1)
        written = time.monotonic()
        mariadb(primary.port, "INSERT INTO d.t VALUES (2, 2)")
        wait("the delayed row", lambda: mariadb(secondary.port, "SELECT COUNT(*) FROM d.t").strip() == "2", 30, 0.05)
        assert time.monotonic() - written >= 2.8
        assert 2500 <= lag_ms(ticdc, "cf") <= 4500
        assert ticdc.api("DELETE", "/mock/v1/changefeeds/cf/fault")[0] == 200
        wait("lag back under a second", lambda: lag_ms(ticdc, "cf") < 1000)

        # A retryable error: warning with the given error, retried; cleared, normal again.
        assert ticdc.api("PUT", "/mock/v1/changefeeds/cf/fault",
                         {"error": {"code": "CDC:ErrMySQLTxnError", "message": "injected by the test"}})[0] == 200
        warned = ticdc.wait_for("cf", lambda s: s["state"] == "warning", 30, "warning")
        assert "[CDC:ErrMySQLTxnError]injected by the test" in warned["error"]["message"]
        mariadb(primary.port, "INSERT INTO d.t VALUES (3, 3)")
        assert mariadb(secondary.port, "SELECT COUNT(*) FROM d.t").strip() == "2"
        assert ticdc.api("DELETE", "/mock/v1/changefeeds/cf/fault")[0] == 200
        ticdc.wait_past("cf", master_position(primary.port))
        assert mariadb(secondary.port, "SELECT COUNT(*) FROM d.t").strip() == "3"

        # An unretryable code fails the changefeed.
        assert ticdc.api("PUT", "/mock/v1/changefeeds/*/fault",
                         {"error": {"code": "CDC:ErrChangefeedUnretryable", "message": "fatal by the test"}})[0] == 200
        failed = ticdc.wait_for("cf", lambda s: s["state"] == "failed", 30, "failed")
        assert "fatal by the test" in failed["error"]["message"]
        assert ticdc.api("DELETE", "/mock/v1/changefeeds/*/fault")[0] == 200
        ticdc.cli("changefeed", "resume", "-c", "cf")
        mariadb(primary.port, "INSERT INTO d.t VALUES (4, 4)")
        ticdc.wait_past("cf", master_position(primary.port))
        assert mariadb(secondary.port, "SELECT COUNT(*) FROM d.t").strip() == "4"
    finally:
        ticdc.stop()

    # Faults from a file at start: every changefeed's sink held until cleared.
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"*": {"hold_sink": True}}))
    ticdc = MockTiCDC(primary.pd_port, "--faults", str(faults))
    try:
        held = ticdc.query("cf")["checkpoint_tso"]
        mariadb(primary.port, "INSERT INTO d.t VALUES (5, 5)")
        time.sleep(1)
        assert ticdc.query("cf")["checkpoint_tso"] == held
        assert info(ticdc, "cf")["resolved_ts"] > held
        assert ticdc.api("DELETE", "/mock/v1/changefeeds/*/fault")[0] == 200
        ticdc.wait_past("cf", master_position(primary.port))
        assert mariadb(secondary.port, "SELECT COUNT(*) FROM d.t").strip() == "5"
    finally:
        ticdc.stop()


def test_bdr_two_changefeeds_converge_without_loops(clusters):
    east, west = clusters
    for cluster in clusters:
        mariadb(cluster.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, origin VARCHAR(8), n INT)")
    east_start, west_start = master_position(east.port), master_position(west.port)
    to_west = MockTiCDC(east.pd_port)
    to_east = MockTiCDC(west.pd_port)
    try:
        create(to_west, "east-to-west", west.port, east_start, bdr_mode=True)
        create(to_east, "west-to-east", east.port, west_start, bdr_mode=True)

        def write(cluster, origin, first):
            with connect(cluster.port, "d") as connection, connection.cursor() as cursor:
                for key in range(first, first + 200):
                    cursor.execute("INSERT INTO t VALUES (%s, %s, 0)", (key, origin))
                for key in range(first, first + 200, 2):
                    cursor.execute("UPDATE t SET n = n + 1 WHERE id = %s", (key,))

        writers = [threading.Thread(target=write, args=(east, "east", 0)),
                   threading.Thread(target=write, args=(west, "west", 1000))]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        to_west.wait_past("east-to-west", master_position(east.port))
        to_east.wait_past("west-to-east", master_position(west.port))
        # Each side's own writes and the other's rows, nothing written back.
        time.sleep(1)
        to_west.wait_past("east-to-west", master_position(east.port))
        to_east.wait_past("west-to-east", master_position(west.port))
        content = [mariadb(cluster.port, "SELECT * FROM d.t ORDER BY id") for cluster in clusters]
        assert content[0] == content[1] and len(content[0].splitlines()) == 400

        # Each changefeed wrote exactly the other side's 300 row changes: none of its own came back.
        def rows_written(ticdc, changefeed):
            for line in urllib_get(ticdc.server + "/metrics").splitlines():
                if line.startswith("ticdc_sink_table_sink_total_rows_count") and f'changefeed="{changefeed}"' in line:
                    return float(line.rsplit(" ", 1)[1])
            return 0.0
        assert rows_written(to_west, "east-to-west") == 300
        assert rows_written(to_east, "west-to-east") == 300

        # DDL under BDR roles: the PRIMARY's safe DDL replicates (and its echo back is ignored as
        # already applied); the SECONDARY refuses its clients' DDL with 8263.
        mariadb(east.port, "ADMIN SET BDR ROLE PRIMARY")
        mariadb(west.port, "ADMIN SET BDR ROLE SECONDARY")
        assert mariadb(west.port, "ADMIN SHOW BDR ROLE").strip() == "secondary"
        refused = subprocess.run(["mariadb", "-h127.0.0.1", f"-P{west.port}", "-uroot", "-e",
                                  "ALTER TABLE d.t ADD COLUMN note VARCHAR(10)"], capture_output=True, text=True)
        assert "ERROR 8263" in refused.stderr and "set to secondary" in refused.stderr, refused.stderr
        mariadb(east.port, "ALTER TABLE d.t ADD COLUMN note VARCHAR(10)")
        mariadb(east.port, "UPDATE d.t SET note = 'east' WHERE id = 0")
        to_west.wait_past("east-to-west", master_position(east.port))
        assert mariadb(west.port, "SELECT note FROM d.t WHERE id = 0").strip() == "east"
        to_east.wait_past("west-to-east", master_position(west.port))
        assert to_east.query("west-to-east")["state"] == "normal"
        assert rows_written(to_east, "west-to-east") == 300
    finally:
        to_west.stop()
        to_east.stop()


def urllib_get(url):
    import urllib.request
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()
