"""The switchover upon disaster, after PingCAP's own rehearsal
(tests/integration_tests/consistent_replicate_storage_file/run.sh): a changefeed with a redo log,
the sink held so the secondary falls behind while the redo log does not, writes on the primary,
the TSO taken, `redo meta` polled until its resolved-ts passes it, the primary and mock-ticdc
killed with SIGKILL, `redo apply` into the secondary: the secondary then equals the primary's last
state at or below that TSO, row for row, and applying again changes nothing (issue 17)."""

import re
import subprocess
import time

from conftest import MockTiDB
from test_ticdc import sysbench, start_sysbench
from test_ticdc_consistency import create, info, snapshot, wait
from test_redo_cli import storage  # noqa: F401 (the local and S3 redo storages, as a fixture)
from ticdc_support import TICDC_BINARY, MockTiCDC, mariadb, master_position


def redo(*arguments):
    result = subprocess.run([TICDC_BINARY, "redo", *arguments, "--log-level", "warning"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"redo {arguments}: {result.stdout} {result.stderr}"
    return result.stdout


def redo_meta(storage, tmp_dir):
    match = re.fullmatch(r"checkpoint-ts:(\d+), resolved-ts:(\d+)\n", redo("meta", "--storage", storage, "--tmp-dir", tmp_dir))
    assert match
    return int(match[1]), int(match[2])


def test_redo_apply_restores_the_primary_at_the_disaster_tso(storage, tmp_path):
    primary = MockTiDB("--user", "root")
    secondary = MockTiDB("--user", "root")
    ticdc = None
    try:
        start = master_position(primary.port)
        ticdc = MockTiCDC(primary.pd_port)
        create(ticdc, "dr", secondary.port, start,
               consistent={"level": "eventual", "storage": storage, "flush_interval": 100, "meta_flush_interval": 50})
        mariadb(primary.port, "CREATE DATABASE sbtest")
        assert sysbench(primary.port, "prepare").returncode == 0
        ticdc.wait_past("dr", master_position(primary.port))

        # The sink hangs (TiCDC's MySQLSinkHangLongTime); the primary goes on writing.
        assert ticdc.api("PUT", "/mock/v1/changefeeds/dr/fault", {"hold_sink": True})[0] == 200
        time.sleep(0.3)
        held = info(ticdc, "dr")["checkpoint_ts"]
        workload = start_sysbench(primary.port, 4)
        output, _ = workload.communicate(timeout=120)
        assert workload.returncode == 0, output
        mariadb(primary.port, "CREATE TABLE sbtest.after_hold (id INT PRIMARY KEY, note VARCHAR(20));"
                              "INSERT INTO sbtest.after_hold VALUES (1, 'ddl then rows')")
        tso = int(ticdc.cli("tso", "query").stdout.strip())
        expected = snapshot(primary.port, "sbtest", [f"SET tidb_snapshot = {tso}"])
        wait("redo resolved-ts past the TSO", lambda: redo_meta(storage, str(tmp_path / "meta"))[1] > tso, 60, 0.2)
        assert info(ticdc, "dr")["checkpoint_ts"] == held
        assert snapshot(secondary.port, "sbtest", []) != expected

        # Disaster: the primary and TiCDC die at once.
        primary.process.kill()
        ticdc.kill()
        checkpoint, resolved = redo_meta(storage, str(tmp_path / "meta"))
        assert checkpoint <= held < tso < resolved

        applied = redo("apply", "--storage", storage, "--tmp-dir", str(tmp_path / "apply"),
                       "--sink-uri", f"mysql://root@127.0.0.1:{secondary.port}/")
        assert applied.rstrip().endswith("Apply redo log successfully"), applied
        assert snapshot(secondary.port, "sbtest", []) == expected
        again = redo("apply", "--storage", storage, "--tmp-dir", str(tmp_path / "again"),
                     "--sink-uri", f"mysql://root@127.0.0.1:{secondary.port}/")
        assert again.rstrip().endswith("Apply redo log successfully")
        assert snapshot(secondary.port, "sbtest", []) == expected
    finally:
        if ticdc and ticdc.process.poll() is None:
            ticdc.kill()
        if primary.process.poll() is None:
            primary.stop()
        secondary.stop()
