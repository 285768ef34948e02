"""Helpers for the mock-ticdc tests: the server process, `mock-ticdc cli`, the OpenAPI v2, table
comparison, and a TCP proxy that can take a downstream away and bring it back."""

import json
import os
import pathlib
import re
import selectors
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pymysql

ROOT = pathlib.Path(__file__).resolve().parents[2]
TICDC_BINARY = os.environ.get("MOCK_TICDC_BIN", str(ROOT / ".build" / "debug" / "mock-ticdc"))
READY = re.compile(r"mock-ticdc ready api=(?P<host>[\d.]+):(?P<port>\d+)")


class MockTiCDC:
    """`mock-ticdc server` on a free port, against a mock-tidb's PD endpoint."""

    def __init__(self, pd_port, *arguments, port=0):
        self.pd_port = pd_port
        self.arguments = arguments
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [TICDC_BINARY, "server", "--pd", f"http://127.0.0.1:{pd_port}", "--addr", f"127.0.0.1:{port}",
             "--retry-backoff", "200ms", "--log-level", "warning", *arguments],
            stdout=subprocess.PIPE, stderr=self.stderr, text=True,
        )
        line = self.process.stdout.readline()
        match = READY.fullmatch(line.strip())
        if not match:
            self.process.kill()
            raise RuntimeError(f"mock-ticdc did not become ready: {line!r} {self.stderr_text()}")
        self.port = int(match["port"])
        self.server = f"http://127.0.0.1:{self.port}"

    def stderr_text(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()

    def stop(self):
        self.process.terminate()
        code = self.process.wait(timeout=30)
        assert code == 0, f"mock-ticdc exited with {code}: {self.stderr_text()}"

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def cli(self, *arguments, check=True, input=None):
        result = subprocess.run([TICDC_BINARY, "cli", *arguments, "--server", self.server],
                                capture_output=True, text=True, timeout=120, input=input)
        if check:
            assert result.returncode == 0, f"cli {arguments}: {result.stdout} {result.stderr}"
        return result

    def api(self, method, path, body=None):
        """(status, parsed JSON body) of an OpenAPI call."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.server + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def query(self, changefeed):
        return json.loads(self.cli("changefeed", "query", "-s", "-c", changefeed).stdout)

    def wait_for(self, changefeed, condition, timeout=60, what="condition"):
        deadline = time.monotonic() + timeout
        while True:
            summary = self.query(changefeed)
            if condition(summary):
                return summary
            if time.monotonic() > deadline:
                raise AssertionError(f"{changefeed}: {what} not reached: {summary}\n{self.stderr_text()}")
            time.sleep(0.1)

    def wait_past(self, changefeed, position, timeout=60):
        return self.wait_for(changefeed, lambda s: s["checkpoint_tso"] >= position and s["state"] == "normal",
                             timeout, f"checkpoint >= {position}")


def mariadb(port, sql, database=None):
    command = ["mariadb", "-h127.0.0.1", f"-P{port}", "-uroot", "--batch", "--skip-column-names", "-e", sql]
    if database:
        command[1:1] = ["-D", database]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def connect(port, database=None):
    return pymysql.connect(host="127.0.0.1", port=port, user="root", database=database, autocommit=True)


def master_position(port):
    with connect(port) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW MASTER STATUS")
        return int(cursor.fetchone()[1])


def table_rows(port, database):
    """Every user table of `database`, its rows sorted, as comparable values."""
    with connect(port, database) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW TABLES")
        tables = sorted(row[0] for row in cursor.fetchall())
        content = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM `{table}`")
            content[table] = sorted(cursor.fetchall(), key=repr)
        return content


class TCPProxy:
    """127.0.0.1:<port> forwarded to a target; `down()` closes the listener and every
    connection (the downstream refuses), `up()` listens on the same port again."""

    def __init__(self, target_port):
        self.target_port = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.connections = []
        self.listener = None
        self.running = True
        self.lock = threading.Lock()
        self.up()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def up(self):
        with self.lock:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            listener.setblocking(False)
            self.listener = listener

    def down(self):
        with self.lock:
            if self.listener:
                self.listener.close()
                self.listener = None
            for pair in self.connections:
                for end in pair:
                    end.close()
            self.connections = []

    def close(self):
        self.running = False
        self.down()

    def _serve(self):
        while self.running:
            with self.lock:
                listener = self.listener
                pairs = list(self.connections)
            readable = [listener] if listener else []
            for pair in pairs:
                readable += [end for end in pair if end.fileno() >= 0]
            if not readable:
                time.sleep(0.01)
                continue
            try:
                ready = selectors_select(readable)
            except (OSError, ValueError):
                continue
            for end in ready:
                if end is listener:
                    try:
                        client, _ = listener.accept()
                        upstream = socket.create_connection(("127.0.0.1", self.target_port))
                    except OSError:
                        continue
                    with self.lock:
                        self.connections.append((client, upstream))
                    continue
                for client, upstream in pairs:
                    if end is client or end is upstream:
                        other = upstream if end is client else client
                        try:
                            data = end.recv(65536)
                            if not data:
                                raise OSError("closed")
                            other.sendall(data)
                        except OSError:
                            client.close()
                            upstream.close()
                            with self.lock:
                                if (client, upstream) in self.connections:
                                    self.connections.remove((client, upstream))


def selectors_select(sockets):
    selector = selectors.DefaultSelector()
    try:
        for sock in sockets:
            selector.register(sock, selectors.EVENT_READ)
        return [key.fileobj for key, _ in selector.select(timeout=0.05)]
    finally:
        selector.close()
