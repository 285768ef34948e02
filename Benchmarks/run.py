#!/usr/bin/env python3
"""mock-tidb benchmarks, each beside its peer (MariaDB 10.11 from Debian) in the same run.

Measures start-to-first-query time, sysbench QPS (text and prepared; 1/8/64 threads; peers are
interleaved round by round and the median kept, because this 2-core VM is noisy), in-process
TSO allocations, RSS idle and with 500 idle connections, and the seed's sysbench OLTP workload
(prepare of 10 x 10,000 rows, oltp_point_select at 8 threads in both --db-ps-mode values,
oltp_write_only at 10 threads, RSS after the prepare), each round on freshly started servers.
Writes a Markdown report.

usage: run.py --binary .build/release/mock-tidb [--rounds 3] [--seconds 5] [--output FILE]
              [--sections startup,qps,rss,inprocess,oltp,brie,client,ticdc,redo,drill] [--oltp-rounds 3] [--oltp-seconds 10]
"""

import argparse
import contextlib
import os
import pathlib
import platform
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

import pymysql

ROOT = pathlib.Path(__file__).resolve().parents[1]
LUA = ROOT / "Tests" / "clients" / "lua" / "tidb_current_tso.lua"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def query_once(port):
    """Logs in as root (no password) and runs `SELECT 1` with a minimal protocol client, so the
    measurement is not dominated by a driver's own start-up (PyMySQL spends ~20 ms before it
    even connects)."""
    def read_packet(sock):
        header = b""
        while len(header) < 4:
            chunk = sock.recv(4 - len(header))
            if not chunk:
                raise ConnectionError("closed")
            header += chunk
        length = int.from_bytes(header[:3], "little")
        body = b""
        while len(body) < length:
            chunk = sock.recv(length - len(body))
            if not chunk:
                raise ConnectionError("closed")
            body += chunk
        return header[3], body

    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        read_packet(sock)  # greeting
        capabilities = 0x0001 | 0x0200 | 0x8000 | 0x80000 | 0x2000  # LONG_PASSWORD PROTOCOL_41 SECURE_CONN PLUGIN_AUTH TRANSACTIONS
        response = (capabilities.to_bytes(4, "little") + (1 << 24).to_bytes(4, "little") + bytes([45]) + bytes(23)
                    + b"root\0" + b"\0" + b"mysql_native_password\0")
        sock.sendall(len(response).to_bytes(3, "little") + b"\1" + response)
        sequence, body = read_packet(sock)
        if body[0] == 0xFE:  # auth switch: an empty password answers with nothing
            sock.sendall((0).to_bytes(3, "little") + bytes([sequence + 1]))
            sequence, body = read_packet(sock)
        if body[0] != 0x00:
            raise ConnectionError(f"login failed: {body!r}")
        sock.sendall((9).to_bytes(3, "little") + b"\0" + b"\x03SELECT 1")
        while True:
            _, body = read_packet(sock)
            if body[0] == 0xFF:
                raise ConnectionError(f"query failed: {body!r}")
            if body[0] == 0xFE and len(body) < 9:
                _, body = read_packet(sock)  # EOF after the column definitions, then the row
                if body[0] != 0xFE:
                    read_packet(sock)  # final EOF
                return


def wait_for_query(port, deadline):
    """Waits until `SELECT 1` answers; returns the time it did."""
    while True:
        try:
            query_once(port)
            return time.perf_counter()
        except OSError:
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.001)


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field}")


class MockTiDB:
    name = "mock-tidb"
    statement = "SELECT TIDB_CURRENT_TSO()"

    def __init__(self, binary, arguments=()):
        self.binary = binary
        self.arguments = list(arguments)
        self.process = None

    def start(self):
        self.port = free_port()
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--status-port", "0", "--pd-port", "0", "--log-level", "warning",
             *self.arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return wait_for_query(self.port, started + 30) - started

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    @property
    def pid(self):
        return self.process.pid


class MariaDB:
    name = "MariaDB"
    statement = "SELECT 1"

    def __init__(self):
        self.directory = pathlib.Path(tempfile.mkdtemp(prefix="bench-mariadb-"))
        self.datadir = self.directory / "data"
        subprocess.run(
            ["mariadb-install-db", "--no-defaults", f"--datadir={self.datadir}", "--user=root",
             "--auth-root-authentication-method=normal", "--skip-test-db"],
            check=True, capture_output=True,
        )
        self.process = None
        # One start to create the TCP account sysbench and the probes use, then stop.
        self.start(setup=True)
        self.stop()

    def start(self, setup=False):
        self.port = free_port()
        socket_path = self.directory / "mysqld.sock"
        started = time.perf_counter()
        self.process = subprocess.Popen(
            ["mariadbd", "--no-defaults", "--user=root", f"--datadir={self.datadir}", f"--port={self.port}",
             "--bind-address=127.0.0.1", f"--socket={socket_path}", f"--pid-file={self.directory / 'mysqld.pid'}",
             f"--log-error={self.directory / 'error.log'}", "--skip-log-bin", "--max-connections=1000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if setup:
            deadline = time.perf_counter() + 60
            while not socket_path.exists():
                if time.perf_counter() > deadline:
                    raise RuntimeError("mariadbd did not start")
                time.sleep(0.05)
            time.sleep(0.2)
            subprocess.run(
                ["mariadb", "--no-defaults", "-S", str(socket_path), "-uroot", "-e",
                 "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');"
                 "GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION; CREATE DATABASE IF NOT EXISTS test;"],
                check=True,
            )
        return wait_for_query(self.port, started + 60) - started

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)

    @property
    def pid(self):
        return self.process.pid

    def cleanup(self):
        shutil.rmtree(self.directory, ignore_errors=True)


def sysbench(server, threads, seconds, prepared):
    result = subprocess.run(
        ["sysbench", str(LUA), "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={server.port}",
         "--mysql-user=root", "--mysql-db=test", f"--threads={threads}", f"--time={seconds}",
         f"--db-ps-mode={'auto' if prepared else 'disable'}", f"--sql={server.statement}", "run"],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    match = re.search(r"queries:\s+\d+\s+\(([\d.]+) per sec", result.stdout)
    if result.returncode != 0 or not match:
        error = re.search(r"(error \d+|FATAL: .*)", result.stdout + result.stderr)
        return None, error[0] if error else f"exit {result.returncode}"
    return float(match[1]), None


def idle_connections_rss(server, count=500):
    time.sleep(1)
    idle = rss_kib(server.pid)
    connections = [pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="") for _ in range(count)]
    time.sleep(1)
    loaded = rss_kib(server.pid)
    for connection in connections:
        connection.close()
    return idle, loaded, (loaded - idle) / count


OLTP_TABLES = 10
OLTP_TABLE_SIZE = 10000


def oltp_options(server):
    return ["--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={server.port}", "--mysql-user=root",
            "--mysql-db=sbtest", f"--tables={OLTP_TABLES}", f"--table-size={OLTP_TABLE_SIZE}"]


def oltp_command(workload, *arguments, port="PORT"):
    """The exact command line, for the report."""
    return " ".join(["sysbench", workload, "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={port}",
                     "--mysql-user=root", "--mysql-db=sbtest", f"--tables={OLTP_TABLES}",
                     f"--table-size={OLTP_TABLE_SIZE}", *arguments])


def fresh_sbtest(server):
    with pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="", autocommit=True) as connection:
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS sbtest")
            cursor.execute("CREATE DATABASE sbtest")


def oltp_prepare(server):
    """Seconds for `sysbench oltp_write_only ... prepare` (CREATE TABLE, 10,000-row INSERTs, CREATE INDEX)."""
    fresh_sbtest(server)
    started = time.perf_counter()
    result = subprocess.run(["sysbench", "oltp_write_only", *oltp_options(server), "prepare"],
                            capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or "FATAL" in result.stdout + result.stderr:
        error = re.search(r"(FATAL: .*)", result.stdout + result.stderr)
        return None, error[0] if error else f"exit {result.returncode}"
    return elapsed, None


def oltp_run(server, workload, threads, seconds, ps_mode):
    """(transactions/s, queries/s, ignored errors) of one sysbench run, or (None, error)."""
    result = subprocess.run(
        ["sysbench", workload, *oltp_options(server), f"--threads={threads}", f"--time={seconds}",
         f"--db-ps-mode={ps_mode}", "run"],
        capture_output=True, text=True, timeout=seconds + 120,
    )
    output = result.stdout + result.stderr
    transactions = re.search(r"transactions:\s+\d+\s+\(([\d.]+) per sec", output)
    queries = re.search(r"queries:\s+\d+\s+\(([\d.]+) per sec", output)
    ignored = re.search(r"ignored errors:\s+(\d+)", output)
    if result.returncode != 0 or not (transactions and queries and ignored):
        error = re.search(r"(FATAL: .*|error \d+.*)", output)
        return None, error[0] if error else f"exit {result.returncode}"
    return (float(transactions[1]), float(queries[1]), int(ignored[1])), None


OLTP_RUNS = [
    # label, workload, threads, --db-ps-mode, figure (0 = transactions/s, 1 = queries/s)
    ("oltp_point_select, 8 threads, ps-mode auto (QPS)", "oltp_point_select", 8, "auto", 1),
    ("oltp_point_select, 8 threads, ps-mode disable (QPS)", "oltp_point_select", 8, "disable", 1),
    ("oltp_write_only, 10 threads, ps-mode auto (TPS)", "oltp_write_only", 10, "auto", 0),
]


def oltp_section(mock, mariadb, rounds, seconds):
    """The seed's workload. Each round: both servers freshly started, in turn (MariaDB first):
    prepare (timed), RSS, point selects in both modes, write_only, RSS again."""
    prepare = {mock.name: [], mariadb.name: []}
    rss = {mock.name: [], mariadb.name: []}
    rss_after = {mock.name: [], mariadb.name: []}
    peak = {mock.name: [], mariadb.name: []}
    samples = {label: {mock.name: [], mariadb.name: []} for label, *_ in OLTP_RUNS}
    ignored = {label: {mock.name: 0, mariadb.name: 0} for label, *_ in OLTP_RUNS}
    errors = {}
    for round_number in range(rounds):
        for server in (mariadb, mock):
            server.start()
            try:
                elapsed, error = oltp_prepare(server)
                if error:
                    errors[("prepare", server.name)] = error
                    continue
                prepare[server.name].append(elapsed)
                time.sleep(1)
                rss[server.name].append(rss_kib(server.pid))
                for label, workload, threads, ps_mode, figure in OLTP_RUNS:
                    result, error = oltp_run(server, workload, threads, seconds, ps_mode)
                    if error:
                        errors[(label, server.name)] = error
                        continue
                    samples[label][server.name].append(result[figure])
                    ignored[label][server.name] += result[2]
                rss_after[server.name].append(rss_kib(server.pid))
                peak[server.name].append(rss_kib(server.pid, "VmHWM"))
            finally:
                server.stop()
        print(f"oltp round {round_number + 1}/{rounds}: prepare {prepare}, " +
              ", ".join(f"{label}: {values}" for label, values in samples.items()), flush=True)

    def median(values, scale=1.0, digits=0):
        return f"{statistics.median(values) * scale:,.{digits}f}" if values else "error"

    def ratio(values, digits=2):
        if values[mock.name] and values[mariadb.name]:
            return f"{statistics.median(values[mock.name]) / statistics.median(values[mariadb.name]):.{digits}f}"
        return "n/a"

    def listing(values, scale=1.0, digits=0):
        return "; ".join(", ".join(f"{v * scale:,.{digits}f}" for v in values[name]) or "-"
                         for name in (mock.name, mariadb.name))

    def cell(key, values, scale=1.0, digits=0):
        return median(values, scale, digits) if values else f"error: {errors.get(key, 'no data')}"

    lines = [
        "", f"## sysbench OLTP, {OLTP_TABLES} tables x {OLTP_TABLE_SIZE:,} rows (median of {rounds} interleaved rounds)", "",
        "Each round starts both servers afresh and, one server at a time (MariaDB first), runs:", "",
        f"1. `{oltp_command('oltp_write_only', 'prepare')}` (timed; database `sbtest` created first),",
        "2. VmRSS of the server 1 s after the prepare,",
    ]
    for number, (label, workload, threads, ps_mode, _) in enumerate(OLTP_RUNS, start=3):
        lines.append(f"{number}. `{oltp_command(workload, f'--threads={threads}', f'--time={seconds}', f'--db-ps-mode={ps_mode}', 'run')}`,")
    lines += [
        f"{len(OLTP_RUNS) + 3}. VmRSS and VmHWM (peak) at the end of the round.", "",
        "MariaDB runs with its defaults (`--no-defaults`: InnoDB, 128 MiB buffer pool, durable commits); "
        "mock-tidb keeps everything in memory.", "",
        "| measure | target | mock-tidb | MariaDB | mock / MariaDB | rounds (mock; MariaDB) |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| prepare time (s) | mock <= 1.5 x MariaDB | {cell(('prepare', mock.name), prepare[mock.name], digits=2)} | "
        f"{cell(('prepare', mariadb.name), prepare[mariadb.name], digits=2)} | {ratio(prepare)} | {listing(prepare, digits=2)} |",
    ]
    targets = {"auto (QPS)": ">= MariaDB", "disable (QPS)": ">= MariaDB", "(TPS)": ">= MariaDB"}
    for label, *_ in OLTP_RUNS:
        target = next(value for suffix, value in targets.items() if label.endswith(suffix))
        values = samples[label]
        lines.append(f"| {label} | {target} | {cell((label, mock.name), values[mock.name])} | "
                     f"{cell((label, mariadb.name), values[mariadb.name])} | {ratio(values)} | {listing(values)} |")
    lines += [
        f"| RSS after the prepare (MiB) | mock <= 200 | {median(rss[mock.name], 1 / 1024, 1)} | "
        f"{median(rss[mariadb.name], 1 / 1024, 1)} | {ratio(rss)} | {listing(rss, 1 / 1024, 1)} |",
        f"| RSS at the end of the round (MiB) | - | {median(rss_after[mock.name], 1 / 1024, 1)} | "
        f"{median(rss_after[mariadb.name], 1 / 1024, 1)} | {ratio(rss_after)} | {listing(rss_after, 1 / 1024, 1)} |",
        f"| peak RSS, VmHWM (MiB) | - | {median(peak[mock.name], 1 / 1024, 1)} | "
        f"{median(peak[mariadb.name], 1 / 1024, 1)} | {ratio(peak)} | {listing(peak, 1 / 1024, 1)} |",
        "",
        "sysbench's ignored errors (deadlocks/lock-wait timeouts it retries), all rounds: " + "; ".join(
            f"{label}: mock-tidb {counts[mock.name]}, MariaDB {counts[mariadb.name]}" for label, counts in ignored.items()),
    ]
    if errors:
        lines += ["", "Errors: " + "; ".join(f"{label} on {name}: {error}" for (label, name), error in errors.items())]
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--bench-binary", default=None)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--starts", type=int, default=15)
    parser.add_argument("--output", default="BENCHMARKS-latest.md")
    parser.add_argument("--sections", default="startup,qps,rss,inprocess,oltp,brie,client,ticdc,redo,drill",
                        help="comma-separated subset of startup,qps,rss,inprocess,oltp,brie,client,ticdc,redo,drill")
    parser.add_argument("--client-rounds", type=int, default=7)
    parser.add_argument("--client-seconds", type=int, default=3)
    parser.add_argument("--brie-rounds", type=int, default=3)
    parser.add_argument("--oltp-rounds", type=int, default=3)
    parser.add_argument("--oltp-seconds", type=int, default=10)
    options = parser.parse_args()
    sections = set(options.sections.split(","))
    unknown = sections - {"startup", "qps", "rss", "inprocess", "oltp", "brie", "client", "ticdc", "redo", "drill"}
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    bench_binary = options.bench_binary or str(pathlib.Path(options.binary).with_name("mock-tidb-bench"))

    mock = MockTiDB(options.binary)
    mariadb = MariaDB()
    lines = [
        "# Benchmark run",
        "",
        f"Command: `python3 Benchmarks/run.py --binary {options.binary} --rounds {options.rounds} --seconds {options.seconds}"
        f" --sections {options.sections} --oltp-rounds {options.oltp_rounds} --oltp-seconds {options.oltp_seconds}"
        f" --brie-rounds {options.brie_rounds} --client-rounds {options.client_rounds} --client-seconds {options.client_seconds}`",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"Peer: {subprocess.run(['mariadbd', '--version'], capture_output=True, text=True).stdout.strip()}",
        "",
    ]
    try:
        # Start to first answered query, alternating servers.
        if "startup" in sections:
            starts = {mock.name: [], mariadb.name: []}
            for _ in range(options.starts):
                for server in (mock, mariadb):
                    starts[server.name].append(server.start() * 1000)
                    server.stop()
            lines += ["## Start to first answered query (median of %d starts, ms)" % options.starts, "",
                      "| server | median | min | max |", "| --- | --- | --- | --- |"]
            for name, values in starts.items():
                lines.append(f"| {name} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")

        # sysbench QPS, interleaved rounds.
        if "qps" in sections:
            mock.start()
            mariadb.start()
            lines += ["", "## sysbench QPS (median of %d interleaved rounds of %d s)" % (options.rounds, options.seconds), "",
                      f"mock-tidb runs `{MockTiDB.statement}`, MariaDB `{MariaDB.statement}` (script `Tests/clients/lua/tidb_current_tso.lua`).",
                      "", "| mode | threads | mock-tidb | MariaDB | mock / MariaDB | rounds (mock; MariaDB) |",
                      "| --- | --- | --- | --- | --- | --- |"]
            for prepared in (False, True):
                for threads in (1, 8, 64):
                    samples = {mock.name: [], mariadb.name: []}
                    errors = {}
                    for _ in range(options.rounds):
                        for server in (mariadb, mock):
                            qps, error = sysbench(server, threads, options.seconds, prepared)
                            if error:
                                errors[server.name] = error
                            else:
                                samples[server.name].append(qps)
                    cells = {}
                    for name, values in samples.items():
                        cells[name] = f"{statistics.median(values):,.0f}" if values else f"error: {errors.get(name)}"
                    ratio = (f"{statistics.median(samples[mock.name]) / statistics.median(samples[mariadb.name]):.2f}"
                             if samples[mock.name] and samples[mariadb.name] else "n/a")
                    rounds = "; ".join(", ".join(f"{v:,.0f}" for v in samples[name]) or "-" for name in (mock.name, mariadb.name))
                    lines.append(f"| {'prepared' if prepared else 'text'} | {threads} | {cells[mock.name]} | {cells[mariadb.name]} | {ratio} | {rounds} |")
            mock.stop()
            mariadb.stop()

        # Memory.
        if "rss" in sections:
            lines += ["", "## RSS idle and with 500 idle connections", "",
                      "| server | idle (MiB) | 500 connections (MiB) | per connection (KiB) |", "| --- | --- | --- | --- |"]
            for server in (mock, mariadb):
                server.start()
                idle, loaded, per = idle_connections_rss(server)
                lines.append(f"| {server.name} | {idle / 1024:.1f} | {loaded / 1024:.1f} | {per:.1f} |")
                server.stop()

        # In-process engine figures.
        if "inprocess" in sections:
            lines += ["", "## In-process (`mock-tidb-bench`, one thread)", "", "| measure | value |", "| --- | --- |"]
            output = subprocess.run([bench_binary, "2"], capture_output=True, text=True, check=True).stdout
            for line in output.splitlines():
                name, value, unit = line.split(" ", 2)
                number = float(value)
                shown = f"{number:,.0f}" if number >= 100 else f"{number:,.2f}"
                lines.append(f"| {name} | {shown} {unit} |")

        # The seed's sysbench OLTP workload.
        if "oltp" in sections:
            lines += oltp_section(mock, mariadb, options.oltp_rounds, options.oltp_seconds)

        # BACKUP and RESTORE throughput (no peer: MariaDB has no BR).
        if "brie" in sections:
            from brie_bench import brie_section
            lines += brie_section(lambda: MockTiDB(options.binary), oltp_prepare, free_port, options.brie_rounds)

        # Client round trips (C, TiDBClient, PyMySQL) and `tidb-dr migrate` wall time.
        if "client" in sections:
            from client_bench import client_section
            lines += client_section(lambda: MockTiDB(options.binary), oltp_prepare,
                                    str(pathlib.Path(options.binary).parent), options.client_rounds, options.client_seconds)

        # mock-ticdc replicating under sysbench (MariaDB as the peer downstream).
        if "ticdc" in sections:
            from ticdc_bench import ticdc_section
            lines += ticdc_section(str(pathlib.Path(options.binary).parent), mariadb)
        # The redo log: lag with and without, redo apply of 100,000 rows (MariaDB as the peer).
        if "redo" in sections:
            from redo_bench import redo_section
            lines += redo_section(str(pathlib.Path(options.binary).parent), mariadb)
        # The full DR drill through tidb-dr (the bare runbook as the peer).
        if "drill" in sections:
            from drill_bench import drill_section
            lines += drill_section(str(pathlib.Path(options.binary).parent))
    finally:
        for server in (mock, mariadb):
            with contextlib.suppress(Exception):
                if server.process and server.process.poll() is None:
                    server.stop()
        mariadb.cleanup()

    report = "\n".join(lines) + "\n"
    pathlib.Path(options.output).write_text(report)
    print(report)


if __name__ == "__main__":
    main()
