"""DR Auto-Sync on the mock PD (issue 22), through processes: the seed's pd-ctl commands
(`mock-pd-ctl`), PD's status endpoint, `DR_STATE` in the PD data dir, the mock-only partition of
the DR centre, the injected clock, and `tidb-dr autosync-status`."""

import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, MockTiDB
from ticdc_support import mariadb
from test_tidb_dr_catch_up import tidb_dr

PD_CTL = str(ROOT / ".build" / "debug" / "mock-pd-ctl")
SEED_CONFIG = [  # seed 000 §4.3, verbatim but for the comment after pause-region-split
    "config set replication-mode dr-auto-sync",
    "config set replication-mode dr-auto-sync label-key dc",
    "config set replication-mode dr-auto-sync primary dc1",
    "config set replication-mode dr-auto-sync dr dc2",
    "config set replication-mode dr-auto-sync primary-replicas 2",
    "config set replication-mode dr-auto-sync dr-replicas 1",
    "config set replication-mode dr-auto-sync pause-region-split true",
]


def pd_ctl(server, command):
    result = subprocess.run([PD_CTL, "-u", f"http://127.0.0.1:{server.pd_port}", *command.split()],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def http(method, url, body=None):
    request = urllib.request.Request(url, data=body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def status(server):
    code, text = http("GET", f"http://127.0.0.1:{server.pd_port}/pd/api/v1/replication_mode/status")
    assert code == 200
    return json.loads(text)


def partition(server, direction, dc="dc2"):
    code, text = http("POST", f"http://127.0.0.1:{server.pd_port}/mock/v1/stores/{direction}?dc={dc}")
    assert code == 200, text


def advance(server, by):
    code, text = http("POST", f"http://127.0.0.1:{server.status_port}/mock/v1/clock/advance?by={by}")
    assert code == 200, text


@pytest.fixture
def pd(tmp_path):
    server = MockTiDB("--user", "root", "--pd-data-dir", str(tmp_path / "pd_data"))
    yield server, tmp_path / "pd_data" / "DR_STATE"
    server.stop()


def test_the_seeds_commands_walk_every_state_with_dr_state_written_on_each_switch(pd):
    server, dr_state = pd
    assert status(server) == {"mode": "majority", "dr-auto-sync": {"label_key": "", "state": "", "acid_consistent": False}}
    for command in SEED_CONFIG:
        assert pd_ctl(server, command) == "Success! The replication mode config is updated."
    shown = json.loads(pd_ctl(server, "config show replication-mode"))
    assert shown == {"replication-mode": "dr-auto-sync", "dr-auto-sync": {
        "label-key": "dc", "primary": "dc1", "dr": "dc2", "primary-replicas": 2, "dr-replicas": 1,
        "wait-store-timeout": "1m0s", "wait-recover-timeout": "0s", "pause-region-split": "true"}}
    stores = json.loads(pd_ctl(server, "store"))["stores"]
    assert [(s["store"]["id"], s["store"]["labels"][0]["value"]) for s in stores] == [(1, "dc1"), (2, "dc1"), (3, "dc2")]
    # Seven regions to recover: one per table and one for the rest.
    mariadb(server.port, "; ".join(f"CREATE TABLE test.t{i} (id INT PRIMARY KEY)" for i in range(7)))

    seen = []  # (state, state_id, acid_consistent, recover_progress), each switch once

    def wait_for(state, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dr = status(server)["dr-auto-sync"]
            entry = (dr["state"], dr.get("state_id"), dr["acid_consistent"], dr.get("recover_progress"))
            if not seen or seen[-1] != entry:
                seen.append(entry)
            if dr["state"] == state:
                return dr
            time.sleep(0.01)
        raise AssertionError(f"not {state} in {timeout} s: {seen}")

    def file_says(expected, timeout=5):
        deadline = time.monotonic() + timeout
        while json.loads(dr_state.read_text()) != expected:
            assert time.monotonic() < deadline, dr_state.read_text()
            time.sleep(0.01)

    # Enabling from majority starts in sync_recover (PD's UpdateConfig), then recovers to sync.
    dr = wait_for("sync")
    file_says({"state": "sync", "state_id": dr["state_id"]})

    # The DR centre cut off: sync until wait-store-timeout (1m) has passed on PD's clock.
    partition(server, "down")
    time.sleep(0.5)
    assert status(server)["dr-auto-sync"]["state"] == "sync"
    advance(server, "61s")
    wait_for("async_wait")
    dr = wait_for("async")
    assert dr["acid_consistent"] is True
    # PD writes DR_STATE after the switch (PD: within 5 s; the mock: right after the tick).
    file_says({"state": "async", "state_id": dr["state_id"], "available_stores": [1, 2]})

    # Back up: sync_recover with progress (not ACID-consistent), then sync.
    partition(server, "up")
    wait_for("sync_recover")
    wait_for("sync")
    states = [entry[0] for entry in seen]
    assert states[states.index("async_wait"):] [:2] == ["async_wait", "async"]
    recovering = [entry for entry in seen if entry[0] == "sync_recover"]
    assert all(entry[2] is False for entry in recovering)
    assert any(entry[3] is not None and 0 < entry[3] < 1 for entry in recovering), seen
    ids = [entry[1] for entry in seen]
    # Every switch, and only a switch, takes a new, larger state id. (The first poll may still see
    # the state from before the mode change on a loaded machine, so the switches are not counted.)
    assert all(a <= b for a, b in zip(ids, ids[1:])), seen
    assert all((a[0] != b[0]) == (a[1] != b[1]) for a, b in zip(seen, seen[1:])), seen
    file_says({"state": "sync", "state_id": ids[-1]})

    # The runbook's appendix: back to majority.
    assert pd_ctl(server, "config set replication-mode majority") == "Success! The replication mode config is updated."
    assert status(server)["mode"] == "majority"


def test_bad_changes_get_pds_errors_and_change_nothing(pd):
    server, _ = pd
    url = f"http://127.0.0.1:{server.pd_port}/pd/api/v1/config/replication-mode"
    before = http("GET", url)[1]
    assert http("POST", url, b'{"replication-mode": "raft"}') == (500, '"invalid replication mode: raft"\n')
    assert pd_ctl(server, "config set replication-mode raft") == "Failed! invalid replication mode: raft"
    code, _ = http("POST", url, b'{"replication-mode": ')
    assert code == 400
    code, _ = http("POST", url, b'{"dr-auto-sync": {"primary-replicas": "two"}}')
    assert code == 400
    code, _ = http("POST", url, b'{"dr-auto-sync": {"wait-store-timeout": "soon"}}')
    assert code == 400
    assert http("GET", url)[1] == before
    # As PD's Go decoder: an unknown key is ignored, the answer is success, nothing changes.
    assert http("POST", url, b'{"dr-auto-sync": {"no-such-key": "x"}}')[0] == 200
    assert http("GET", url)[1] == before
    assert "cannot covert to number" in pd_ctl(server, "config set replication-mode dr-auto-sync dr-replicas one")


def test_autosync_status_names_the_state_and_exits_with_its_code(pd):
    server, dr_state = pd
    pd_url = f"http://127.0.0.1:{server.pd_port}"
    result = tidb_dr("autosync-status", "--pd", pd_url)
    assert result.returncode == 13 and "majority" in result.stdout
    for command in SEED_CONFIG[:6]:
        pd_ctl(server, command)
    deadline = time.monotonic() + 10
    while status(server)["dr-auto-sync"]["state"] != "sync" and time.monotonic() < deadline:
        time.sleep(0.02)
    result = tidb_dr("autosync-status", "--pd", pd_url, "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["state"] == "sync"
    partition(server, "down")
    advance(server, "2m")
    while status(server)["dr-auto-sync"]["state"] != "async" and time.monotonic() < deadline + 10:
        time.sleep(0.02)
    result = tidb_dr("autosync-status", "--dr-state", str(dr_state))
    assert result.returncode == 11 and "ACID-consistent" in result.stdout and "async" in result.stdout
    dr_state.write_text('{"state":"sync_recover","state_id":9,"recover_start":"2026-12-07T00:00:00Z"}')
    result = tidb_dr("autosync-status", "--dr-state", str(dr_state))
    assert result.returncode == 12 and "NOT ACID-consistent" in result.stdout
    assert tidb_dr("autosync-status", "--pd", "http://127.0.0.1:1").returncode == 1
    assert tidb_dr("autosync-status").returncode == 2


def test_pd_ctl_tso_prints_pds_two_lines():
    result = subprocess.run([PD_CTL, "tso", "395181938313123110"], capture_output=True, text=True, timeout=10,
                            env={"TZ": "Asia/Shanghai", "PATH": "/usr/bin:/bin"})
    assert result.stdout == "system:  2017-10-09 05:50:59.507 +0800 CST\nlogic:   120102\n"
