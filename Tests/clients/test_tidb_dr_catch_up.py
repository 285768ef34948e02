"""`tidb-dr wait-checkpoint` and `tidb-dr status` between real processes: two mock-tidb clusters and
mock-ticdc, the sink delayed, held and failing through mock-ticdc's fault controls (issue 18)."""

import json
import os
import re
import subprocess
import time

import pytest

from conftest import ROOT, MockTiDB, refusing_port
from ticdc_support import MockTiCDC, mariadb

TIDB_DR = os.environ.get("TIDB_DR_BIN", str(ROOT / ".build" / "debug" / "tidb-dr"))
PASSWORD = "s3cret-pw"
CHANGEFEED = "dr-catch-up"


def tidb_dr(*arguments, timeout=60):
    result = subprocess.run([TIDB_DR, *arguments], capture_output=True, text=True, timeout=timeout)
    assert PASSWORD not in result.stdout + result.stderr
    return result


def dsn(server):
    return f"mysql://dr:{PASSWORD}@127.0.0.1:{server.port}"


@pytest.fixture(scope="module")
def topology():
    primary = MockTiDB("--user", "root", "--user", f"dr:{PASSWORD}")
    secondary = MockTiDB("--user", "root", "--user", f"dr:{PASSWORD}")
    ticdc = MockTiCDC(primary.pd_port, "--min-sync-point-interval", "1s")
    try:
        for server in (primary, secondary):
            mariadb(server.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, v INT)")
        status, body = ticdc.api("POST", "/api/v2/changefeeds", {
            "changefeed_id": CHANGEFEED, "sink_uri": f"mysql://root@127.0.0.1:{secondary.port}/",
            "replica_config": {"enable_sync_point": True, "sync_point_interval": "1s", "sync_point_retention": "1h"},
        })
        assert status == 200, body
        yield primary, secondary, ticdc
    finally:
        ticdc.stop()
        primary.stop()
        secondary.stop()


def fault(ticdc, body=None):
    if body is None:
        assert ticdc.api("DELETE", f"/mock/v1/changefeeds/{CHANGEFEED}/fault")[0] == 200
    else:
        status, answer = ticdc.api("PUT", f"/mock/v1/changefeeds/{CHANGEFEED}/fault", body)
        assert status == 200, answer


def wait_checkpoint(ticdc, *extra, changefeed=CHANGEFEED):
    return tidb_dr("wait-checkpoint", "--cdc", ticdc.server, "-c", changefeed, "--interval", "100ms", *extra)


def lag_lines(stderr):
    return [int(match[1]) for match in re.finditer(r"^  lag (\d+) ms: checkpoint \d+", stderr, re.M)]


def test_usage_errors_exit_2():
    for arguments in (
        ["wait-checkpoint", "--cdc", "http://127.0.0.1:1", "-c", "cf"],                       # no TS
        ["wait-checkpoint", "--cdc", "http://127.0.0.1:1", "-c", "cf", "--ts", "1", "--position-from", "mysql://root@127.0.0.1:1"],
        ["wait-checkpoint", "--cdc", "http://127.0.0.1:1", "-c", "cf", "--ts", "1", "--timeout", "soon"],
        ["wait-checkpoint", "--cdc", "http://127.0.0.1:1", "-c", "cf", "--position-from", "postgres://x"],
        ["status", "--primary", "mysql://root@127.0.0.1:1", "--cdc", "http://127.0.0.1:1"],  # no --secondary
    ):
        result = tidb_dr(*arguments)
        assert result.returncode == 2, (arguments, result.stdout, result.stderr)
        assert result.stdout == "" and result.stderr.strip()


def test_status_shows_gc_changefeed_and_last_syncpoint(topology):
    primary, secondary, ticdc = topology
    mariadb(primary.port, "INSERT INTO d.t VALUES (1, 1)")
    deadline = time.monotonic() + 20
    while True:
        result = tidb_dr("status", "--primary", dsn(primary), "--secondary", dsn(secondary), "--cdc", ticdc.server, "--json")
        assert result.returncode == 0, result.stdout + result.stderr
        report = json.loads(result.stdout)
        if report.get("last_syncpoint") is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert report["primary"]["reachable"] and report["secondary"]["reachable"] and report["ticdc"]["reachable"]
    assert report["primary"]["gc_enabled"] is True and report["primary"]["release"].startswith("v")
    assert report["primary"]["gc_safe_point"]                      # mysql.tidb's text
    pd = report["primary"]["pd"]
    assert pd["reachable"] and pd["address"] == f"127.0.0.1:{primary.pd_port}"
    assert any(point["service_id"].startswith("ticdc-") for point in pd["service_safe_points"]), pd
    [changefeed] = report["ticdc"]["changefeeds"]
    assert changefeed["id"] == CHANGEFEED and changefeed["state"] == "normal"
    assert changefeed["checkpoint_ts"] > 0 and 0 <= changefeed["lag_ms"] < 10_000
    syncpoint = report.get("last_syncpoint")
    assert syncpoint is not None, "no syncpoint in 20 s"
    assert syncpoint["changefeed"] == CHANGEFEED and syncpoint["primary_ts"] % (1 << 18) == 0
    newest = mariadb(secondary.port, "SELECT primary_ts, secondary_ts FROM tidb_cdc.syncpoint_v1 ORDER BY primary_ts DESC LIMIT 1")
    assert int(newest.split()[0]) >= syncpoint["primary_ts"]
    assert report["primary"]["dsn"] == f"mysql://dr:xxxxx@127.0.0.1:{primary.port}"

    text = tidb_dr("status", "--primary", dsn(primary), "--secondary", dsn(secondary), "--cdc", ticdc.server)
    assert text.returncode == 0, text.stderr
    assert CHANGEFEED in text.stdout and "normal" in text.stdout and "last syncpoint (" in text.stdout

    # TiCDC unreachable: reported, the clusters still read, exit 1.
    with refusing_port() as port:
        down = tidb_dr("status", "--primary", dsn(primary), "--secondary", dsn(secondary),
                       "--cdc", f"http://127.0.0.1:{port}", "--json")
    assert down.returncode == 1
    report = json.loads(down.stdout)
    assert report["ticdc"]["reachable"] is False and report["ticdc"]["error"] and report["primary"]["reachable"]


def test_delayed_sink_lag_shrinks_then_reached(topology):
    primary, _, ticdc = topology
    fault(ticdc, {"delay": "2s"})
    try:
        # The checkpoint never goes back: it stands still until now - 2 s passes it, then trails by 2 s.
        time.sleep(2.2)
        mariadb(primary.port, "INSERT INTO d.t VALUES (2, 2)")
        result = wait_checkpoint(ticdc, "--position-from", dsn(primary), "--timeout", "20s", "--json")
        assert result.returncode == 0, result.stdout + result.stderr
        lags = lag_lines(result.stderr)
        decreasing = [later for earlier, later in zip(lags, lags[1:]) if later < earlier]
        assert len(lags) >= 2 and len(decreasing) >= 1 and lags == sorted(lags, reverse=True), result.stderr
        assert lags[0] >= 1000, result.stderr                     # about the 2 s delay at the start
        report = json.loads(result.stdout)
        assert report["result"] == "reached" and report["lag_ms"] == 0
        assert report["checkpoint_ts"] >= report["target_ts"] > 0 and report["state"] == "normal"
        assert re.fullmatch(r"[\d.]+(ms|s)", report["elapsed"]), report["elapsed"]
    finally:
        fault(ticdc)


def test_held_sink_times_out(topology):
    primary, _, ticdc = topology
    fault(ticdc, {"hold_sink": True})
    try:
        mariadb(primary.port, "INSERT INTO d.t VALUES (3, 3)")
        started = time.monotonic()
        result = wait_checkpoint(ticdc, "--position-from", dsn(primary), "--timeout", "1500ms", "--json")
        assert result.returncode == 1, result.stdout + result.stderr
        assert 1.4 <= time.monotonic() - started < 10
        report = json.loads(result.stdout)
        assert report["result"] == "timeout" and report["lag_ms"] > 0 and report["checkpoint_ts"] < report["target_ts"]
        assert "timed out after 1.5s" in report["error"] and "FAILED wait" in result.stderr
    finally:
        fault(ticdc)
    # Released, the same wait succeeds (text output).
    result = wait_checkpoint(ticdc, "--position-from", dsn(primary), "--timeout", "20s")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"changefeed {CHANGEFEED}: checkpoint ")


def test_failing_sink_exits_1_with_the_changefeeds_error(topology):
    primary, _, ticdc = topology
    fault(ticdc, {"error": {"code": "CDC:ErrMySQLTxnError", "message": "injected by the catch-up test"}})
    try:
        mariadb(primary.port, "INSERT INTO d.t VALUES (4, 4)")
        result = wait_checkpoint(ticdc, "--position-from", dsn(primary), "--timeout", "20s")
        assert result.returncode == 1, result.stdout + result.stderr
        assert "[CDC:ErrMySQLTxnError]injected by the catch-up test" in result.stdout
        assert "warning" in result.stdout
    finally:
        fault(ticdc)
    ticdc.wait_past(CHANGEFEED, int(mariadb(primary.port, "SHOW MASTER STATUS").split()[1]))


def test_unknown_changefeed_and_given_ts(topology):
    primary, _, ticdc = topology
    result = wait_checkpoint(ticdc, "--ts", "1", "--json", changefeed="no-such-changefeed")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["result"] == "not-found" and report["error_code"] == "CDC:ErrChangeFeedNotExists"
    # A TS already passed: reached at the first look; a dry run waits for nothing.
    assert wait_checkpoint(ticdc, "--ts", "1").returncode == 0
    dry = wait_checkpoint(ticdc, "--ts", str(1 << 62), "--dry-run", "--json")
    assert dry.returncode == 0 and json.loads(dry.stdout)["result"] == "dry-run"
