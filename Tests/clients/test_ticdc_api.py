"""mock-ticdc's OpenAPI v2 against TiCDC's swagger (`../shared/reference/ticdc-swagger.json`, where
it describes the route; `ticdc-api.md` lists where the swagger is wrong and the source wins), and
bad input: TiCDC's error body and status, nothing changed."""

import copy
import json
import pathlib

import jsonschema
import pytest

from conftest import MockTiDB
from ticdc_support import MockTiCDC, mariadb, master_position

SWAGGER = json.loads((pathlib.Path(__file__).resolve().parents[3] / "shared" / "reference" / "ticdc-swagger.json").read_text())


def schema(name):
    """A definition with its references resolvable, and the swagger's known errors fixed as TiCDC's
    source has them: durations are integer nanoseconds (not strings), the list's error may be null."""
    document = copy.deepcopy(SWAGGER["definitions"])
    config = document["v2.ReplicaConfig"]["properties"]
    for key in ("sync_point_interval", "sync_point_retention"):
        config[key] = {"type": "integer"}
    config["changefeed_error_stuck_duration"] = {"type": "integer"}
    # The list's `error` is a Go pointer without omitempty: null while normal (ticdc-api.md §2.5).
    common = document["v2.ChangefeedCommonInfo"]["properties"]
    common["error"] = {"anyOf": [{"type": "null"}, common["error"]]}
    root = {"$ref": f"#/definitions/{name}", "definitions": document}
    return root


def validate(value, name):
    jsonschema.validate(value, schema(name))


@pytest.fixture
def topology():
    primary = MockTiDB("--user", "root")
    secondary = MockTiDB("--user", "root", "--user", "dr:secret")
    ticdc = MockTiCDC(primary.pd_port)
    yield primary, secondary, ticdc
    ticdc.stop()
    primary.stop()
    secondary.stop()


def test_every_route_answers_in_the_swaggers_shape(topology):
    primary, secondary, ticdc = topology
    status, body = ticdc.api("GET", "/api/v2/status")
    assert status == 200
    validate(body, "v2.ServerStatus")
    assert body["version"].startswith("v8.5") and body["is_owner"] is True and body["liveness"] == 0

    assert ticdc.api("GET", "/api/v2/health") == (200, {})
    status, captures = ticdc.api("GET", "/api/v2/captures")
    assert status == 200 and captures["total"] == 1
    validate(captures["items"][0], "v2.Capture")
    assert captures["items"][0]["address"] == f"127.0.0.1:{ticdc.port}"

    status, tso = ticdc.api("POST", "/api/v2/tso", {})
    assert status == 200 and tso["timestamp"] > 0 and "logic_time" in tso

    status, created = ticdc.api("POST", "/api/v2/changefeeds", {
        "changefeed_id": "cf1", "sink_uri": f"mysql://dr:secret@127.0.0.1:{secondary.port}/",
        "replica_config": {"filter": {"rules": ["app.*"]}, "sync_point_interval": "5m"},
    })
    assert status == 200, created
    validate(created, "v2.ChangeFeedInfo")
    assert created["sink_uri"] == f"mysql://dr:xxxxx@127.0.0.1:{secondary.port}/"
    assert created["checkpoint_ts"] == created["start_ts"] == created["resolved_ts"]
    assert created["config"]["filter"]["rules"] == ["app.*"]
    assert created["config"]["sync_point_interval"] == 300_000_000_000
    assert created["config"]["consistent"]["level"] == "none" and created["state"] == "normal"

    status, listed = ticdc.api("GET", "/api/v2/changefeeds")
    assert status == 200 and listed["total"] == 1
    validate(listed["items"][0], "v2.ChangefeedCommonInfo")
    status, got = ticdc.api("GET", "/api/v2/changefeeds/cf1")
    assert status == 200
    validate(got, "v2.ChangeFeedInfo")
    status, synced = ticdc.api("GET", "/api/v2/changefeeds/cf1/synced")
    assert status == 200
    validate(synced, "v2.SyncedStatus")

    assert ticdc.api("POST", "/api/v2/changefeeds/cf1/pause") == (200, {})
    assert ticdc.api("GET", "/api/v2/changefeeds/cf1")[1]["state"] == "stopped"
    status, updated = ticdc.api("PUT", "/api/v2/changefeeds/cf1", {"target_ts": 2 ** 62})
    assert status == 200 and updated["target_ts"] == 2 ** 62
    validate(updated, "v2.ChangeFeedInfo")
    assert ticdc.api("POST", "/api/v2/changefeeds/cf1/resume", {}) == (200, {})
    assert ticdc.api("GET", "/api/v2/changefeeds/cf1")[1]["state"] == "normal"
    assert ticdc.api("DELETE", "/api/v2/changefeeds/cf1") == (200, {})
    assert ticdc.api("GET", "/api/v2/changefeeds")[1] == {"total": 0, "items": []}


def test_bad_input_gets_ticdcs_error_body_and_changes_nothing(topology):
    primary, secondary, ticdc = topology
    sink = f"mysql://root@127.0.0.1:{secondary.port}/"

    def error(status, code, body, fragment=None):
        validate(body, "model.HTTPError")
        assert body["error_code"] == code, body
        assert body["error_msg"].startswith(f"[{code}]"), body
        if fragment:
            assert fragment in body["error_msg"], body

    status, body = ticdc.api("GET", "/api/v2/changefeeds/nope")
    assert status == 400
    error(status, "CDC:ErrChangeFeedNotExists", body, "changefeed not exists, nope")
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": "cf", "sink_uri": ""})
    assert status == 400
    error(status, "CDC:ErrSinkURIInvalid", body, "sink_uri is empty, cannot create a changefeed without sink_uri")
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": "cf", "sink_uri": "kafka://127.0.0.1:9092/t"})
    assert status == 400
    error(status, "CDC:ErrSinkURIInvalid", body)
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": "bad_id", "sink_uri": sink})
    assert status == 400
    error(status, "CDC:ErrAPIInvalidParam", body, "invalid changefeed_id: bad_id")
    # A start TS at or below the GC safe point: TiCDC's exact message with PD's minimum.
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{primary.pd_port}/pd/api/v1/gc/safepoint") as response:
        safepoints = json.loads(response.read())
    minimum = safepoints["min_service_gc_safe_point"]
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": "cf", "sink_uri": sink, "start_ts": minimum})
    assert status == 400
    error(status, "CDC:ErrStartTsBeforeGC", body)
    assert body["error_msg"] == (f"[CDC:ErrStartTsBeforeGC]fail to create or maintain changefeed because start-ts {minimum} "
                                 f"is earlier than or equal to GC safepoint at {minimum}")
    future = master_position(primary.port) + (10 << 18) * 1000
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": "cf", "sink_uri": sink, "start_ts": future})
    assert status == 400
    error(status, "CDC:ErrAPIInvalidParam", body, f"invalid start-ts {future}, larger than current tso")
    assert ticdc.api("GET", "/api/v2/changefeeds")[1]["total"] == 0

    assert ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": "cf", "sink_uri": sink})[0] == 200
    before = ticdc.api("GET", "/api/v2/changefeeds/cf")[1]
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": "cf", "sink_uri": sink})
    assert status == 500
    error(status, "CDC:ErrChangeFeedAlreadyExists", body, "changefeed already exists, cf")
    status, body = ticdc.api("PUT", "/api/v2/changefeeds/cf", {"target_ts": 1})
    assert status == 400
    error(status, "CDC:ErrChangefeedUpdateRefused", body, "can only update changefeed config when it is stopped or failed")
    # Resuming a normal changefeed: accepted and ignored, as classic TiCDC does.
    assert ticdc.api("POST", "/api/v2/changefeeds/cf/resume", {}) == (200, {})
    after = ticdc.api("GET", "/api/v2/changefeeds/cf")[1]
    assert (after["state"], after["start_ts"], after["sink_uri"]) == (before["state"], before["start_ts"], before["sink_uri"])
    status, body = ticdc.api("POST", "/api/v2/changefeeds/cf/pause", None)
    assert status == 200
    status, body = ticdc.api("POST", "/api/v2/changefeeds", {"changefeed_id": 5})
    assert status == 400
    error(status, "CDC:ErrAPIInvalidParam", body)


def test_cli_errors_and_bad_toml(topology, tmp_path):
    primary, secondary, ticdc = topology
    missing = ticdc.cli("changefeed", "query", "-s", "-c", "nope", check=False)
    assert (missing.returncode, missing.stderr) == (1, "Error: [CDC:ErrChangeFeedNotExists]changefeed not exists, nope\n")
    removed = ticdc.cli("changefeed", "remove", "-c", "nope")
    assert removed.stdout == "Changefeed not found.\nID: nope\n"
    bad = tmp_path / "bad.toml"
    bad.write_text("[filter\nrules = 1\n")
    result = ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{secondary.port}/", f"--config={bad}",
                       check=False)
    assert result.returncode == 1 and result.stderr.startswith("Error: toml: line 1")
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('[filter]\nrule = ["*.*"]\n[consistent]\nfoo = 1\n')
    result = ticdc.cli("changefeed", "create", f"--sink-uri=mysql://root@127.0.0.1:{secondary.port}/",
                       f"--config={unknown}", check=False)
    assert result.returncode == 1
    assert result.stderr == (f"Error: component TiCDC changefeed's config file {unknown} contained unknown configuration "
                             "options: consistent.foo, filter.rule\n")
    assert json.loads(ticdc.cli("changefeed", "list").stdout) == []
    captures = json.loads(ticdc.cli("capture", "list").stdout)
    assert captures[0]["is-owner"] is True and captures[0]["cluster-id"] == "default"
    tso = int(ticdc.cli("tso", "query").stdout)
    assert tso > master_position(primary.port) - (60_000 << 18)


def test_cli_pause_update_resume_with_an_overwritten_checkpoint(topology):
    """The runbook's other commands: pause (silent), update while stopped, resume with
    --overwrite-checkpoint-ts (TiCDC's warning, answered yes), then the rows after the new
    checkpoint arrive and those before it do not."""
    primary, secondary, ticdc = topology
    for port in (primary.port, secondary.port):
        mariadb(port, "CREATE DATABASE lifecycle; CREATE TABLE lifecycle.t (id INT PRIMARY KEY)")
    sink = f"mysql://dr:secret@127.0.0.1:{secondary.port}/"
    ticdc.cli("changefeed", "create", f"--sink-uri={sink}", "-c", "cycle")
    paused = ticdc.cli("changefeed", "pause", "-c", "cycle")
    assert (paused.stdout, paused.stderr) == ("", "")
    assert ticdc.query("cycle")["state"] == "stopped"

    running = ticdc.cli("changefeed", "update", "-c", "nope", "--target-ts=1", "--no-confirm", check=False)
    assert running.returncode == 1 and "ErrChangeFeedNotExists" in running.stderr
    updated = ticdc.cli("changefeed", "update", "-c", "cycle", f"--target-ts={2 ** 62}", "--no-confirm")
    lines = updated.stdout.splitlines()
    assert lines[:2] == ["Diff of changefeed config:", f"{{Type:update Path:[TargetTs] From:0 To:{2 ** 62}}}"]
    assert lines[2].startswith("Update changefeed config successfully! ")

    mariadb(primary.port, "INSERT INTO lifecycle.t VALUES (1)")
    skip_to = master_position(primary.port)
    mariadb(primary.port, "INSERT INTO lifecycle.t VALUES (2)")
    resumed = ticdc.cli("changefeed", "resume", "-c", "cycle", f"--overwrite-checkpoint-ts={skip_to}", input="Y\n")
    assert resumed.stdout.startswith(f"You are overwriting the checkpoint of changefeed(cycle) to {skip_to}, which may "
                                     "lead to data loss or data duplication.\nConfirm that you know what this command "
                                     "will do and use it at your own risk [Y/N]")
    ticdc.wait_past("cycle", master_position(primary.port))
    assert mariadb(secondary.port, "SELECT id FROM lifecycle.t").split() == ["2"]
    # Resuming a running changefeed is accepted and changes nothing (classic TiCDC).
    assert ticdc.api("POST", "/api/v2/changefeeds/cycle/resume", {}) == (200, {})
    assert ticdc.query("cycle")["state"] == "normal"


def test_a_server_whose_pd_does_not_answer_stops_on_sigterm_or_fails_with_pds_error():
    import signal
    import subprocess
    import time
    from ticdc_support import TICDC_BINARY
    from conftest import refusing_port
    with refusing_port() as port:
        command = [TICDC_BINARY, "server", "--pd", f"http://127.0.0.1:{port}", "--addr", "127.0.0.1:0"]
        failing = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert failing.returncode == 1
        assert "[CDC:ErrPDEtcdAPIError]" in failing.stderr and "ready" not in failing.stdout

        waiting = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1)
        assert waiting.poll() is None
        waiting.send_signal(signal.SIGTERM)
        assert waiting.wait(timeout=10) == 0
