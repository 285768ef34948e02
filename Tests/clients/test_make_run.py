"""`make run` (scripts/run-dr-topology.sh, issue 18): on the ports it is given, every endpoint it
prints answers its own protocol within 2 s of the script's start (a MySQL greeting from TiDB, TiDB's
`GET /status`, PD's `GET /pd/api/v1/version`, TiCDC's `GET /api/v2/health`); the commands it prints
name those ports and the binaries it was given, and the driver's `status` line runs as printed;
SIGTERM to the script stops all three servers promptly and leaves no process behind.

The binaries are those beside MOCK_TIDB_BIN (as `make test` sets it, the debug build)."""

import http.client
import json
import os
import pathlib
import queue
import re
import shlex
import signal
import socket
import subprocess
import threading
import time

from conftest import BINARY, ROOT

SCRIPT = ROOT / "scripts" / "run-dr-topology.sh"
BINARIES = str(pathlib.Path(BINARY).resolve().parent)
PORT_VARIABLES = ["PRIMARY_SQL_PORT", "PRIMARY_STATUS_PORT", "PRIMARY_PD_PORT", "SECONDARY_SQL_PORT",
                  "SECONDARY_STATUS_PORT", "SECONDARY_PD_PORT", "TICDC_PORT"]
DEADLINE = 2.0  # the acceptance: every printed port answers within 2 s

ENDPOINTS = re.compile(
    r" {2}(?P<name>primary|secondary) +mysql://root@127\.0\.0\.1:(?P<sql>\d+) +"
    r"status http://127\.0\.0\.1:(?P<status>\d+)/status +PD http://127\.0\.0\.1:(?P<pd>\d+)")
TICDC = re.compile(r" {2}TiCDC +http://127\.0\.0\.1:(?P<api>\d+) ")


def free_ports(count):
    """Distinct ports free right now: all held at once while picking, so none repeats."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for held in sockets:
            held.bind(("127.0.0.1", 0))
        return [held.getsockname()[1] for held in sockets]
    finally:
        for held in sockets:
            held.close()


def drain(stream, lines):
    """Every line of a pipe into a queue, so neither pipe fills while the test reads the other."""
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def read_until(lines, done, deadline, what):
    """Lines until `done(line)` is true (that line included), or fail at `deadline`."""
    seen = []
    while True:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"no {what} in time; so far: {seen}") from None
        if line is None:
            raise AssertionError(f"the script ended before {what}; so far: {seen}")
        seen.append(line)
        if done(line):
            return seen


def mysql_greeting(port):
    """The server speaks first: a packet header, protocol version 10, TiDB's server version."""
    with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
        header = connection.recv(4)
        assert len(header) == 4, header
        length = int.from_bytes(header[:3], "little")
        body = b""
        while len(body) < length:
            chunk = connection.recv(length - len(body))
            assert chunk, "the greeting was cut short"
            body += chunk
    assert body[0] == 10, body[:16]
    return body[1:body.index(b"\0", 1)].decode()


def http_get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def processes_in_group(group):
    """Pids whose process group is `group` (the script's session: it and all it started)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = pathlib.Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry))
    return found


def test_make_run_answers_on_every_printed_port_within_2_s_and_stops_on_sigterm():
    ports = dict(zip(PORT_VARIABLES, free_ports(len(PORT_VARIABLES))))
    environment = {**os.environ, **{name: str(port) for name, port in ports.items()}}
    started = time.monotonic()
    process = subprocess.Popen(["bash", str(SCRIPT), BINARIES], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=environment, start_new_session=True)
    stdout, stderr = queue.Queue(), queue.Queue()
    for stream, lines in ((process.stdout, stdout), (process.stderr, stderr)):
        threading.Thread(target=drain, args=(stream, lines), daemon=True).start()
    try:
        # stdout: the three ready lines, then the pids. stderr (among the servers' logs): the block.
        summary = read_until(stdout, lambda line: line.startswith("DR topology up:"), started + 30, "summary line")[-1]
        pids = [int(pid) for pid in re.findall(r"pid (\d+)", summary)]
        assert len(pids) == 3, summary
        log = read_until(stderr, lambda line: "tidb-dr verify " in line, started + 30, "block of commands")
        first = next(index for index, line in enumerate(log) if line.startswith("DR topology ready"))
        block = log[first:]

        # Every endpoint it prints answers, each in its own protocol.
        printed = {match["name"]: match for line in block if (match := ENDPOINTS.fullmatch(line))}
        ticdc = next(match for line in block if (match := TICDC.match(line)))
        primary, secondary = printed["primary"], printed["secondary"]
        for cluster in (primary, secondary):
            assert "TiDB" in mysql_greeting(int(cluster["sql"]))
            status, body = http_get(int(cluster["status"]), "/status")
            assert status == 200 and "TiDB" in body["version"], body
            status, body = http_get(int(cluster["pd"]), "/pd/api/v1/version")
            assert status == 200 and body["version"].startswith("v"), body
        assert http_get(int(ticdc["api"]), "/api/v2/health") == (200, {})
        answered = time.monotonic() - started
        print(f"every printed port answered {answered:.3f} s after the script started")
        assert answered < DEADLINE, f"the last printed port answered only {answered:.3f} s after the start"

        # They are the ports it was given, and the commands name them and the binaries given.
        assert [int(primary[key]) for key in ("sql", "status", "pd")] == \
            [ports["PRIMARY_SQL_PORT"], ports["PRIMARY_STATUS_PORT"], ports["PRIMARY_PD_PORT"]]
        assert [int(secondary[key]) for key in ("sql", "status", "pd")] == \
            [ports["SECONDARY_SQL_PORT"], ports["SECONDARY_STATUS_PORT"], ports["SECONDARY_PD_PORT"]]
        assert int(ticdc["api"]) == ports["TICDC_PORT"]
        text = "\n".join(block)
        assert {int(port) for port in re.findall(r"127\.0\.0\.1:(\d+)", text)} <= set(ports.values()), text
        primary_dsn = f"mysql://root@127.0.0.1:{ports['PRIMARY_SQL_PORT']}"
        secondary_dsn = f"mysql://root@127.0.0.1:{ports['SECONDARY_SQL_PORT']}"
        server = f"http://127.0.0.1:{ports['TICDC_PORT']}"
        assert f"mariadb -h 127.0.0.1 -P {ports['PRIMARY_SQL_PORT']} -u root" in text
        assert f"mariadb -h 127.0.0.1 -P {ports['SECONDARY_SQL_PORT']} -u root" in text
        for statement in ("SET GLOBAL tidb_gc_enable = OFF", "BACKUP DATABASE * TO 'local://",
                          "SELECT TIDB_CURRENT_TSO()", "SHOW MASTER STATUS", "RESTORE DATABASE * FROM 'local://"):
            assert statement in text
        assert (f"{BINARIES}/mock-ticdc cli changefeed create --server {server} --sink-uri {secondary_dsn}/ "
                "--changefeed-id primary-to-secondary --start-ts <BackupTS>") in text
        list_line = next(line for line in block if "mock-ticdc cli changefeed list" in line).strip()
        assert list_line == f"{BINARIES}/mock-ticdc cli changefeed list --server {server}"
        variables = next(line for line in block if "P=mysql://" in line)
        assert variables.endswith(f"P={primary_dsn} S={secondary_dsn} C={server}"), variables
        driver = [line.strip() for line in block if f"{BINARIES}/tidb-dr " in line]
        assert [line.split()[1] for line in driver] == ["setup", "status", "wait-checkpoint", "switchover", "verify"]

        # The printed commands run as printed: the changefeed list, and the driver's status after
        # the P=, S=, C= assignments.
        listed = subprocess.run(shlex.split(list_line), capture_output=True, text=True, timeout=60)
        assert listed.returncode == 0 and json.loads(listed.stdout) == [], listed
        status_line = next(line for line in driver if line.split()[1] == "status")
        shown = subprocess.run(["bash", "-c", f"{variables.split('after', 1)[1].strip()}; {status_line}"],
                               capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0, shown
        assert str(ports["PRIMARY_SQL_PORT"]) in shown.stdout and str(ports["SECONDARY_SQL_PORT"]) in shown.stdout

        # SIGTERM to the script alone (as `kill PID`): all three stop, promptly, nothing is left.
        backups = re.search(r"'local://(/[^']+)/backup'", text)[1]
        assert os.path.isdir(backups)
        stopping = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        stopped = time.monotonic() - stopping
        print(f"SIGTERM: the script ended {stopped:.3f} s later")
        assert stopped < 5, stopped
        assert processes_in_group(process.pid) == []
        assert not [pid for pid in pids if os.path.exists(f"/proc/{pid}")]
        assert not os.path.exists(backups), "the run's directory was left behind"
    finally:
        if process.poll() is None:  # a failed assertion: stop it as Ctrl-C would, so it cleans up
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if process.poll() is None or processes_in_group(process.pid):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait()
