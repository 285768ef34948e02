"""Starts the real `mock-tidb` binary on free ports for each test, as any non-Swift user would."""

import os
import pathlib
import re
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("MOCK_TIDB_BIN", str(ROOT / ".build" / "debug" / "mock-tidb"))
READY = re.compile(r"mock-tidb ready sql=(?P<host>[\d.]+):(?P<port>\d+) status=[\d.]+:(?P<status>\d+)")


class MockTiDB:
    def __init__(self, *arguments):
        self.process = subprocess.Popen(
            [BINARY, "--port", "0", "--status-port", "0", *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        match = READY.fullmatch(line.strip())
        if not match:
            self.process.kill()
            raise RuntimeError(f"mock-tidb did not become ready: {line!r} {self.process.stderr.read()}")
        self.host = match["host"]
        self.port = int(match["port"])
        self.status_port = int(match["status"])

    def stop(self):
        self.process.terminate()
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert code == 0, f"mock-tidb exited with {code}: {self.process.stderr.read()}"


@pytest.fixture
def tidb():
    server = MockTiDB("--user", "root", "--user", "dr:secret")
    yield server
    server.stop()


def wall_clock_ms():
    return int(time.time() * 1000)


def assert_tso_near_now(tso, tolerance_ms=2000):
    tso = int(tso)
    assert tso > 0
    physical = tso >> 18
    assert abs(physical - wall_clock_ms()) < tolerance_ms, f"TSO {tso} is {physical - wall_clock_ms()} ms off"
