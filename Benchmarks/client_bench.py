"""Client round trips and `tidb-dr migrate` wall time (issue 5). Imported by run.py
(`--sections client`).

`SELECT 1` round trips per second on one connection to the same mock-tidb, rounds interleaved:
- a C program calling libmariadb directly (`Benchmarks/select1.c`, compiled here with cc),
- TiDBClient (`tidb-client-bench`): the loop on the connection's own thread (pinned, the
  library's fast path) and from Swift's cooperative pool (a hop per call),
- PyMySQL (`cursor.execute("SELECT 1"); cursor.fetchall()`).
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


def client_section(make_mock, oltp_prepare, binary_directory, rounds, seconds):
    directory = tempfile.mkdtemp(prefix="bench-client-")
    samples = {"c_select1": [], "tidbclient_select1_pinned": [], "tidbclient_select1_hopping": [], "pymysql_select1": []}
    migrate_times = []
    try:
        c_binary = _compile_c(directory)
        swift_binary = os.path.join(binary_directory, "tidb-client-bench")
        server = make_mock()
        server.start()
        try:
            for _ in range(rounds):
                for command in ([c_binary, str(server.port), str(seconds)],
                                [swift_binary, str(server.port), str(seconds)]):
                    output = subprocess.run(command, capture_output=True, text=True, check=True,
                                            timeout=seconds * 3 + 60).stdout
                    for name, value in _parse(output).items():
                        samples[name].append(value)
                samples["pymysql_select1"].append(_pymysql_round_trips(server.port, seconds))
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

    median = {name: statistics.median(values) for name, values in samples.items()}
    c, pinned, hopping, py = (median[name] for name in samples)
    lines = ["", f"## Client round trips (median of {rounds} interleaved rounds of {seconds} s), `tidb-dr migrate`", "",
             "`SELECT 1` on one connection to the same mock-tidb; every client in each round.", "",
             "| client | round trips/s | vs C program | vs PyMySQL | rounds |", "| --- | --- | --- | --- | --- |"]
    labels = {"c_select1": "C program over libmariadb", "tidbclient_select1_pinned": "TiDBClient, loop on the connection's thread",
              "tidbclient_select1_hopping": "TiDBClient, loop on the cooperative pool", "pymysql_select1": "PyMySQL"}
    for name, values in samples.items():
        lines.append(f"| {labels[name]} | {median[name]:,.0f} | {median[name] / c:.2f} | {median[name] / py:.2f} | "
                     + ", ".join(f"{value:,.0f}" for value in values) + " |")
    lines += ["", f"Targets: TiDBClient within 10 % of the C program ({pinned / c:.2f}, cooperative pool {hopping / c:.2f}); "
              f"at least 2 x PyMySQL ({pinned / py:.2f}).", "",
              f"`tidb-dr migrate` (release build), 10 x 10,000 sysbench rows, local storage: median "
              f"{statistics.median(migrate_times):.2f} s (rounds: {', '.join(f'{t:.2f}' for t in migrate_times)})."]
    return lines
