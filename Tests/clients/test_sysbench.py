"""sysbench connects and runs the TSO read in text mode without errors."""

import pathlib
import re
import subprocess

SCRIPT = pathlib.Path(__file__).parent / "lua" / "tidb_current_tso.lua"


def test_sysbench_runs_tso_reads(tidb):
    result = subprocess.run(
        [
            "sysbench", str(SCRIPT), "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={tidb.port}",
            "--mysql-user=root", "--mysql-db=test", "--threads=4", "--time=2", "--db-ps-mode=disable", "run",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    queries = int(re.search(r"queries:\s+(\d+)", result.stdout)[1])
    errors = int(re.search(r"ignored errors:\s+(\d+)", result.stdout)[1])
    assert queries > 1000
    assert errors == 0
