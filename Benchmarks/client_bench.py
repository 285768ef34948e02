"""Client round trips and `tidb-dr migrate` wall time (issue 5). Imported by run.py
(`--sections client`).

`SELECT 1` round trips per second on one connection to the same mock-tidb, rounds interleaved:
- a C program calling libmariadb directly (`Benchmarks/select1.c`, compiled here with cc),
- TiDBClient (`tidb-client-bench`): the loop in a function isolated to the connection (plain
  calls, the library's fast path), in a task preferring the connection's thread as its executor
  (no thread hop, an executor switch per call), and from Swift's cooperative pool (a hop per call),
- PyMySQL (`cursor.execute("SELECT 1"); cursor.fetchall()`).
Each round runs every client twice: on any CPU, and with the server and the client both pinned
to CPU 0. On our 2-vCPU VMs a wake-up across vCPUs costs tens of microseconds (a Python socket
ping-pong: about 7k round trips/s across vCPUs, 50k on one). mock-tidb and TiDBClient both poll
briefly before they sleep (`--request-spin`, `reply-spin`), so on any CPU the figures show what
that saves; on one CPU neither spins and a round trip is the CPU time of client, server and kernel.
Then `tidb-dr migrate` between two fresh mock-tidb processes loaded with 10 x 10,000 sysbench rows.
"""

import os
import pathlib
import re
import shutil
import statistics
import subprocess
import tempfile
import time

import pymysql

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _compile_c(directory):
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libmariadb"], capture_output=True, text=True,
                           check=True).stdout.split()
    binary = os.path.join(directory, "select1")
    subprocess.run(["cc", "-O2", "-o", binary, str(ROOT / "Benchmarks" / "select1.c"), *flags], check=True)
    return binary


def _parse(output):
    return {name: float(value) for name, value in re.findall(r"^(\S+) (\d+) round-trips/s$", output, re.M)}


def _pymysql_round_trips(port, seconds):
    with pymysql.connect(host="127.0.0.1", port=port, user="root", password="") as connection:
        cursor = connection.cursor()
        for _ in range(1000):
            cursor.execute("SELECT 1")
            cursor.fetchall()
        count = 0
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            cursor.execute("SELECT 1")
            cursor.fetchall()
            count += 1
        return count / (time.perf_counter() - started)


CLIENTS = {"c_select1": "C program over libmariadb", "tidbclient_select1_isolated": "TiDBClient, loop isolated to the connection",
           "tidbclient_select1_pinned": "TiDBClient, loop on the connection's thread",
           "tidbclient_select1_hopping": "TiDBClient, loop on the cooperative pool", "pymysql_select1": "PyMySQL"}
PLACEMENTS = {"any": "any CPU", "cpu0": "server and client on CPU 0"}


def _set_affinity(pid, cpus):
    """Every thread of `pid` (taskset -a), so the server's event loops follow."""
    subprocess.run(["taskset", "-a", "-p", "-c", ",".join(map(str, sorted(cpus))), str(pid)],
                   check=True, capture_output=True)


def _one_round(server, placement, c_binary, swift_binary, seconds, samples):
    all_cpus = os.sched_getaffinity(0)
    prefix = ["taskset", "-c", "0"] if placement == "cpu0" else []
    if placement == "cpu0":
        _set_affinity(server.pid, {0})
    try:
        for command in ([c_binary, str(server.port), str(seconds)], [swift_binary, str(server.port), str(seconds)]):
            output = subprocess.run(prefix + command, capture_output=True, text=True, check=True,
                                    timeout=seconds * 4 + 60).stdout
            for name, value in _parse(output).items():
                samples[placement][name].append(value)
        if placement == "cpu0":
            os.sched_setaffinity(0, {0})
        samples[placement]["pymysql_select1"].append(_pymysql_round_trips(server.port, seconds))
    finally:
        os.sched_setaffinity(0, all_cpus)
        _set_affinity(server.pid, all_cpus)


def client_section(make_mock, oltp_prepare, binary_directory, rounds, seconds):
    directory = tempfile.mkdtemp(prefix="bench-client-")
    samples = {placement: {name: [] for name in CLIENTS} for placement in PLACEMENTS}
    migrate_times = []
    try:
        c_binary = _compile_c(directory)
        swift_binary = os.path.join(binary_directory, "tidb-client-bench")
        server = make_mock()
        server.start()
        try:
            for _ in range(rounds):
                for placement in PLACEMENTS:
                    _one_round(server, placement, c_binary, swift_binary, seconds, samples)
        finally:
            server.stop()

        tidb_dr = os.path.join(binary_directory, "tidb-dr")
        for round_number in range(max(1, rounds // 2)):
            primary, secondary = make_mock(), make_mock()
            primary.start()
            secondary.start()
            try:
                _, error = oltp_prepare(primary)
                if error:
                    raise RuntimeError(f"sysbench prepare failed: {error}")
                started = time.perf_counter()
                subprocess.run(
                    [tidb_dr, "migrate", "--primary", f"mysql://root@127.0.0.1:{primary.port}",
                     "--secondary", f"mysql://root@127.0.0.1:{secondary.port}",
                     "--storage", f"local://{directory}/migrate{round_number}"],
                    capture_output=True, text=True, check=True, timeout=600,
                )
                migrate_times.append(time.perf_counter() - started)
            finally:
                primary.stop()
                secondary.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    lines = ["", f"## Client round trips (median of {rounds} interleaved rounds of {seconds} s), `tidb-dr migrate`", "",
             "`SELECT 1` on one connection to the same mock-tidb; every client in each round, on any CPU and "
             "with server and client pinned to CPU 0 (`Benchmarks/client_bench.py` says why)."]
    for placement, title in PLACEMENTS.items():
        median = {name: statistics.median(values) for name, values in samples[placement].items()}
        c, isolated, pinned, hopping, py = (median[name] for name in CLIENTS)
        lines += ["", f"{title}:", "", "| client | round trips/s | vs C program | vs PyMySQL | rounds |",
                  "| --- | --- | --- | --- | --- |"]
        for name, label in CLIENTS.items():
            lines.append(f"| {label} | {median[name]:,.0f} | {median[name] / c:.2f} | {median[name] / py:.2f} | "
                         + ", ".join(f"{value:,.0f}" for value in samples[placement][name]) + " |")
        lines += ["", f"Targets ({title}): TiDBClient within 10 % of the C program ({isolated / c:.2f}; on the connection's "
                  f"thread {pinned / c:.2f}, cooperative pool {hopping / c:.2f}); at least 2 x PyMySQL ({isolated / py:.2f}; "
                  f"the C program itself {c / py:.2f})."]
    lines += ["", f"`tidb-dr migrate` (release build), 10 x 10,000 sysbench rows, local storage: median "
              f"{statistics.median(migrate_times):.2f} s (rounds: {', '.join(f'{t:.2f}' for t in migrate_times)})."]
    return lines
