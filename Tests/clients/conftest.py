"""Starts the real `mock-tidb` binary on free ports for each test, as any non-Swift user would.

The `server` fixture (used by the workload, transaction, ORM, bad-input and snapshot tests) is a
fresh mock-tidb by default; with `CLIENT_TESTS_SERVER=mariadb` it is a private MariaDB started
from a temporary datadir (one per test session, databases `test` and `sbtest` recreated for each
test), so the tests themselves can be checked against a real server where semantics agree. Tests
read `server.flavor` ("tidb" or "mariadb") for what differs.
"""

import contextlib
import os
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("MOCK_TIDB_BIN", str(ROOT / ".build" / "debug" / "mock-tidb"))
READY = re.compile(
    r"mock-tidb ready sql=(?P<host>[\d.]+):(?P<port>\d+) status=[\d.]+:(?P<status>\d+) pd=[\d.]+:(?P<pd>\d+)"
)


class MockTiDB:
    flavor = "tidb"

    def __init__(self, *arguments):
        # stderr goes to a file, not a pipe nobody drains: a long workload must not block the
        # server on a full pipe.
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [BINARY, "--port", "0", "--status-port", "0", "--pd-port", "0", *arguments],
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )
        line = self.process.stdout.readline()
        match = READY.fullmatch(line.strip())
        if not match:
            self.process.kill()
            raise RuntimeError(f"mock-tidb did not become ready: {line!r} {self.stderr_text()}")
        self.host = match["host"]
        self.port = int(match["port"])
        self.status_port = int(match["status"])
        self.pd_port = int(match["pd"])

    def stop(self):
        self.process.terminate()
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert code == 0, f"mock-tidb exited with {code}: {self.stderr_text()}"

    def stderr_text(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None


@pytest.fixture
def tidb():
    server = MockTiDB("--user", "root", "--user", "dr:secret")
    yield server
    server.stop()


SERVER_KIND = os.environ.get("CLIENT_TESTS_SERVER", "mock-tidb")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long-running workload (still part of `make test`; deselect with -m 'not slow')")
    config.addinivalue_line("markers", "tidb_only: TiDB behaviour with no MariaDB equivalent (skipped with CLIENT_TESTS_SERVER=mariadb)")


def pytest_collection_modifyitems(config, items):
    if SERVER_KIND != "mariadb":
        return
    skip = pytest.mark.skip(reason="TiDB-only behaviour; CLIENT_TESTS_SERVER=mariadb")
    for item in items:
        if "tidb_only" in item.keywords:
            item.add_marker(skip)


def free_port():
    """A port free right now, for mariadbd, which cannot bind port 0 and name the port. Servers
    that can (mock-tidb, moto) are started on port 0 instead."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def refusing_port():
    """A loopback port that refuses connections: bound, never listening, and held for the block,
    so no server started meanwhile can take it."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]


class MariaDB:
    """A private MariaDB on 127.0.0.1 from a temporary datadir (the peer the tests are checked
    against; `Benchmarks/run.py` starts it the same way)."""

    flavor = "mariadb"
    host = "127.0.0.1"

    def __init__(self):
        self.directory = pathlib.Path(tempfile.mkdtemp(prefix="clients-mariadb-"))
        datadir = self.directory / "data"
        socket_path = self.directory / "mysqld.sock"
        subprocess.run(
            ["mariadb-install-db", "--no-defaults", f"--datadir={datadir}", "--user=root",
             "--auth-root-authentication-method=normal", "--skip-test-db"],
            check=True, capture_output=True,
        )
        self.port = free_port()
        self.process = subprocess.Popen(
            ["mariadbd", "--no-defaults", "--user=root", f"--datadir={datadir}", f"--port={self.port}",
             "--bind-address=127.0.0.1", f"--socket={socket_path}", f"--pid-file={self.directory / 'mysqld.pid'}",
             f"--log-error={self.directory / 'error.log'}", "--skip-log-bin", "--max-connections=1000"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            setup = subprocess.run(
                ["mariadb", "--no-defaults", "-S", str(socket_path), "-uroot", "-e",
                 "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');"
                 "GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;"
                 "CREATE USER IF NOT EXISTS dr@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('secret');"
                 "GRANT ALL ON *.* TO dr@'%';"],
                capture_output=True, text=True,
            )
            if setup.returncode == 0:
                break
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"mariadbd did not start: {setup.stderr}")
            time.sleep(0.1)
        self.socket_path = socket_path

    def reset(self):
        """Fresh `test` and `sbtest` databases, default globals, for the next test."""
        subprocess.run(
            ["mariadb", "--no-defaults", "-S", str(self.socket_path), "-uroot", "-e",
             "DROP DATABASE IF EXISTS test; CREATE DATABASE test; DROP DATABASE IF EXISTS sbtest;"
             "SET GLOBAL innodb_lock_wait_timeout = DEFAULT;"],
            check=True, capture_output=True,
        )

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def _mariadb_peer():
    peer = MariaDB()
    yield peer
    peer.stop()


@pytest.fixture
def server(request):
    """A fresh server for one test: mock-tidb, or the MariaDB peer with CLIENT_TESTS_SERVER=mariadb."""
    if SERVER_KIND == "mariadb":
        peer = request.getfixturevalue("_mariadb_peer")
        peer.reset()
        yield peer
        assert peer.alive(), "mariadbd died during the test"
    else:
        instance = MockTiDB("--user", "root", "--user", "dr:secret")
        try:
            yield instance
            assert instance.alive(), f"mock-tidb died during the test: {instance.stderr_text()}"
        finally:
            if instance.alive():
                instance.stop()


def wall_clock_ms():
    return int(time.time() * 1000)


def assert_tso_near_now(tso, tolerance_ms=2000):
    tso = int(tso)
    assert tso > 0
    physical = tso >> 18
    assert abs(physical - wall_clock_ms()) < tolerance_ms, f"TSO {tso} is {physical - wall_clock_ms()} ms off"
