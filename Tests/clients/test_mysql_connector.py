"""mysql-connector-python, pure Python and C extension."""

import os
import pathlib
import subprocess
import sys

import mysql
import pytest

HERE = pathlib.Path(__file__).parent


@pytest.mark.parametrize("flavour", ["pure", "cext"])
def test_connector(tidb, flavour):
    environment = dict(os.environ)
    if flavour == "cext":
        # The C extension ships its own libmysqlclient and libssl; they must win over Python's.
        vendor = pathlib.Path(mysql.__file__).parent / "vendor"
        environment["LD_LIBRARY_PATH"] = f"{vendor}:{environment.get('LD_LIBRARY_PATH', '')}"
    result = subprocess.run(
        [sys.executable, str(HERE / "connector_checks.py"), str(tidb.port), flavour],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr
