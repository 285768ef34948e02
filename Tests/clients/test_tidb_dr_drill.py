"""`tidb-dr setup`, `switchover` and `failover` between real processes (issue 18): two mock-tidb
clusters and mock-ticdc, sysbench writing on the primary, the disaster rehearsed with `kill -9`."""

import json
import os
import signal
import subprocess
import time

import pytest

from conftest import ROOT, MockTiDB
from ticdc_support import MockTiCDC, mariadb, master_position, table_rows
from test_ticdc import start_sysbench, sysbench
from test_tidb_dr_catch_up import tidb_dr

P2S, S2P = "p2s", "s2p"


def dsn(server):
    return f"mysql://root@127.0.0.1:{server.port}"


def run_json(*arguments, timeout=120):
    result = tidb_dr(*arguments, "--json", timeout=timeout)
    return result, json.loads(result.stdout)


def switchover(primary, secondary, ticdc, *extra):
    return run_json("switchover", "--primary", dsn(primary), "--secondary", dsn(secondary), "--cdc", ticdc.server,
                    "-c", P2S, "--reverse-id", S2P, "--fence", *extra)


def read_only(server):
    return mariadb(server.port, "SELECT @@global.tidb_super_read_only").strip()


def gc_enabled(server):
    return mariadb(server.port, "SELECT @@global.tidb_gc_enable").strip()


def wait(what, condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached in {timeout} s")
        time.sleep(0.1)


@pytest.fixture
def topology(tmp_path):
    primary = MockTiDB("--user", "root")
    secondary = MockTiDB("--user", "root")
    ticdc = MockTiCDC(primary.pd_port)
    yield primary, secondary, ticdc
    if ticdc.process.poll() is None:
        ticdc.stop()
    for server in (primary, secondary):
        if server.process.poll() is None:
            server.stop()


def test_full_drill_with_sysbench_writing(topology, tmp_path):
    primary, secondary, ticdc = topology
    mariadb(primary.port, "CREATE DATABASE sbtest")
    assert sysbench(primary.port, "prepare").returncode == 0
    # One writer thread: its next write after the fence gets 1836 and sysbench exits. With more,
    # a thread stopped by 1836 keeps its open transaction's row locks until sysbench exits, and a
    # thread waiting on them reaches its own write only after its lock wait ends, possibly after
    # the switchover lifted the fence: a write into the new secondary, as on TiDB (the runbook's
    # "stop writes" is the application's part).
    workload = start_sysbench(primary.port, 120, threads=1)
    try:
        time.sleep(1)
        # The runbook's "replicate data" while sysbench writes on the primary throughout.
        result, setup = run_json("setup", "--primary", dsn(primary), "--secondary", dsn(secondary),
                                 "--cdc", ticdc.server, "--storage", f"local://{tmp_path}/backup", "-c", P2S)
        assert result.returncode == 0, result.stderr
        assert setup["outcome"] == "succeeded" and setup["checkpoint_ts"] > setup["backup_ts"]
        assert setup["primary_gc_enabled_at_end"] is True and gc_enabled(primary) == "1"
        assert workload.poll() is None, "sysbench stopped before the switchover"
        time.sleep(1)

        # The fence stops sysbench: its next write gets 1836 and it gives up.
        result, forward = switchover(primary, secondary, ticdc)
        assert result.returncode == 0, result.stderr
        output = workload.communicate(timeout=60)[0]
    finally:
        if workload.poll() is None:
            workload.kill()
    assert workload.returncode != 0 and "1836" in output, output[-2000:]
    assert output.count("error 1836") >= 1
    assert forward["direction"] == "forward" and forward["final_checkpoint"] >= forward["position"]
    assert forward["tables_compared"] == 2 and forward["differences"] == []
    assert [step["name"] for step in forward["steps"]] == [
        "connect", "check-changefeed", "find-upstream", "fence", "read-position", "wait-checkpoint", "verify",
        "remove-changefeed", "lift-fence", "create-reverse", "open-new-primary"]
    assert read_only(primary) == "0" and read_only(secondary) == "0"
    changefeeds = {feed["id"]: feed["state"] for feed in ticdc.api("GET", "/api/v2/changefeeds")[1]["items"]}
    assert changefeeds == {S2P: "normal"}

    # Every table equal, and writes on the new primary replicate back.
    assert table_rows(primary.port, "sbtest") == table_rows(secondary.port, "sbtest")
    mariadb(secondary.port, "INSERT INTO sbtest.sbtest1 (id, k, c, pad) VALUES (900001, 1, 'after', 'switchover')")
    wait("the new primary's row on the old primary",
         lambda: mariadb(primary.port, "SELECT COUNT(*) FROM sbtest.sbtest1 WHERE id = 900001").strip() == "1")
    result = tidb_dr("verify", "--primary", dsn(secondary), "--secondary", dsn(primary), "--cdc", ticdc.server,
                     "-c", S2P)
    assert result.returncode == 0, result.stdout + result.stderr

    # The same command again switches back.
    result, back = switchover(primary, secondary, ticdc)
    assert result.returncode == 0, result.stderr
    assert back["direction"] == "back" and back["changefeed"] == S2P and back["reverse_changefeed"] == P2S
    mariadb(primary.port, "INSERT INTO sbtest.sbtest2 (id, k, c, pad) VALUES (900002, 2, 'back', 'home')")
    wait("the primary's row on the secondary again",
         lambda: mariadb(secondary.port, "SELECT COUNT(*) FROM sbtest.sbtest2 WHERE id = 900002").strip() == "1")
    assert table_rows(primary.port, "sbtest") == table_rows(secondary.port, "sbtest")


def test_a_switchover_that_cannot_catch_up_leaves_the_flags_as_they_were(topology, tmp_path):
    primary, secondary, ticdc = topology
    mariadb(primary.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY)")
    result, _ = run_json("setup", "--primary", dsn(primary), "--secondary", dsn(secondary), "--cdc", ticdc.server,
                         "--storage", f"local://{tmp_path}/backup", "-c", P2S)
    assert result.returncode == 0, result.stderr
    assert ticdc.api("PUT", f"/mock/v1/changefeeds/{P2S}/fault", {"hold_sink": True})[0] == 200
    mariadb(primary.port, "INSERT INTO d.t VALUES (1)")

    result, report = switchover(primary, secondary, ticdc, "--timeout", "1s")
    assert result.returncode == 1
    assert report["failure"]["step"] == "wait-checkpoint" and report["failure"]["code"] == "timeout"
    assert "FAILED wait-checkpoint" in result.stderr
    assert report["undone"] == [f"tidb_super_read_only back to OFF on {dsn(primary)}"]
    assert read_only(primary) == "0" and gc_enabled(primary) == "1"
    assert [feed["id"] for feed in ticdc.api("GET", "/api/v2/changefeeds")[1]["items"]] == [P2S]

    # A usage error is exit 2 and changes nothing either.
    assert tidb_dr("switchover", "--primary", dsn(primary), "--secondary", dsn(secondary), "--cdc", ticdc.server,
                   "-c", P2S, "--reverse-id", P2S).returncode == 2


def test_disaster_drill_failover_from_the_redo_log(topology, tmp_path):
    primary, secondary, ticdc = topology
    redo = tmp_path / "redo"
    config = tmp_path / "changefeed.toml"
    config.write_text(f'[consistent]\nlevel = "eventual"\nstorage = "file://{redo}"\nflush-interval = 100\n')
    mariadb(primary.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(20))")
    mariadb(primary.port, "INSERT INTO d.t VALUES (1, 'before'), (2, 'before')")
    result, setup = run_json("setup", "--primary", dsn(primary), "--secondary", dsn(secondary), "--cdc",
                             ticdc.server, "--storage", f"local://{tmp_path}/backup", "-c", P2S,
                             "--config", str(config))
    assert result.returncode == 0, result.stderr

    # The sink is held: only the redo log has what follows.
    assert ticdc.api("PUT", f"/mock/v1/changefeeds/{P2S}/fault", {"hold_sink": True})[0] == 200
    mariadb(primary.port, "INSERT INTO d.t VALUES (3, 'held'); UPDATE d.t SET v = 'changed' WHERE id = 1; "
                          "DELETE FROM d.t WHERE id = 2; CREATE TABLE d.u (id INT PRIMARY KEY); INSERT INTO d.u VALUES (7)")
    expected = table_rows(primary.port, "d")
    target = master_position(primary.port)

    def redo_resolved():
        meta = subprocess.run([str(ROOT / ".build" / "debug" / "mock-ticdc"), "redo", "meta", "--storage",
                               f"file://{redo}", "--tmp-dir", str(tmp_path / "meta")],
                              capture_output=True, text=True, timeout=30)
        return int(meta.stdout.split("resolved-ts:")[1]) if meta.returncode == 0 else 0
    wait("the redo log past the primary's position", lambda: redo_resolved() >= target)
    assert table_rows(secondary.port, "d") != expected

    primary.process.send_signal(signal.SIGKILL)
    ticdc.process.send_signal(signal.SIGKILL)
    primary.process.wait()
    ticdc.process.wait()

    result, report = run_json("failover", "--secondary", dsn(secondary), "--redo-storage", f"file://{redo}",
                              "--tmp-dir", str(tmp_path / "apply"))
    assert result.returncode == 0, result.stderr
    assert report["outcome"] == "succeeded" and report["resolved_ts"] >= target
    assert report["rpo_seconds"] >= 0
    assert table_rows(secondary.port, "d") == expected
    assert {table["table"]: table["rows"] for table in report["tables"]} == {"d.t": 2, "d.u": 1}

    # Applying twice changes nothing.
    result, again = run_json("failover", "--secondary", dsn(secondary), "--redo-storage", f"file://{redo}",
                             "--tmp-dir", str(tmp_path / "apply-again"))
    assert result.returncode == 0 and table_rows(secondary.port, "d") == expected
    assert again["resolved_ts"] == report["resolved_ts"]


def test_dry_runs_change_nothing_and_no_command_prints_a_password(tmp_path):
    from test_tidb_dr_catch_up import PASSWORD
    primary = MockTiDB("--user", "root", "--user", f"dr:{PASSWORD}")
    secondary = MockTiDB("--user", "root", "--user", f"dr:{PASSWORD}")
    ticdc = MockTiCDC(primary.pd_port)
    try:
        primary_dsn = f"mysql://dr:{PASSWORD}@127.0.0.1:{primary.port}"
        secondary_dsn = f"mysql://dr:{PASSWORD}@127.0.0.1:{secondary.port}"
        mariadb(primary.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY)")
        result, setup = run_json("setup", "--primary", primary_dsn, "--secondary", secondary_dsn, "--cdc",
                                 ticdc.server, "--storage", f"local://{tmp_path}/backup", "--dry-run")
        assert result.returncode == 0 and setup["outcome"] == "dry-run", result.stderr
        assert [step["name"] for step in setup["steps"]] == ["check-cdc", "connect", "record-gc"]
        assert ticdc.api("GET", "/api/v2/changefeeds")[1]["items"] == []
        assert gc_enabled(primary) == "1" and not (tmp_path / "backup").exists()

        redo = tmp_path / "redo"
        config = tmp_path / "changefeed.toml"
        config.write_text(f'[consistent]\nlevel = "eventual"\nstorage = "file://{redo}"\nflush-interval = 50\n')
        result, setup = run_json("setup", "--primary", primary_dsn, "--secondary", secondary_dsn, "--cdc",
                                 ticdc.server, "--storage", f"local://{tmp_path}/backup", "-c", P2S,
                                 "--config", str(config))
        assert result.returncode == 0, result.stderr
        result, dry = run_json("switchover", "--primary", primary_dsn, "--secondary", secondary_dsn, "--cdc",
                               ticdc.server, "-c", P2S, "--reverse-id", S2P, "--fence", "--dry-run")
        assert result.returncode == 0 and dry["outcome"] == "dry-run", result.stderr
        assert read_only(primary) == "0"
        assert [feed["id"] for feed in ticdc.api("GET", "/api/v2/changefeeds")[1]["items"]] == [P2S]

        # redo apply into a secondary that does not answer: the failure names the step, not the password.
        result, failed = run_json("failover", "--secondary", secondary_dsn, "--redo-storage", f"file://{redo}",
                                  "--tmp-dir", str(tmp_path / "tmp"),
                                  "--sink-uri", f"mysql://dr:{PASSWORD}@127.0.0.1:1/")
        assert result.returncode == 1 and failed["failure"]["step"] == "redo-apply", result.stderr
        assert "ErrMySQLConnectionError" in failed["failure"]["message"]
    finally:
        ticdc.stop()
        primary.stop()
        secondary.stop()


def test_the_cli_creates_a_reverse_changefeed_with_upstream_pd(topology):
    """The runbook's reverse changefeed by hand: `cdc cli changefeed create --upstream-pd` (hidden in
    TiCDC) on the same TiCDC reads the secondary's PD, and its start-ts is that PD's TSO."""
    primary, secondary, ticdc = topology
    for server in (primary, secondary):
        mariadb(server.port, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY)")
    before = master_position(secondary.port)
    ticdc.cli("changefeed", "create", "-c", S2P, "--sink-uri", f"mysql://root@127.0.0.1:{primary.port}/",
              "--upstream-pd", f"http://127.0.0.1:{secondary.pd_port}")
    info = ticdc.api("GET", f"/api/v2/changefeeds/{S2P}")[1]
    assert info["start_ts"] >= before and info["state"] == "normal"
    mariadb(secondary.port, "INSERT INTO d.t VALUES (1)")
    wait("the secondary's row on the primary",
         lambda: mariadb(primary.port, "SELECT COUNT(*) FROM d.t").strip() == "1")
