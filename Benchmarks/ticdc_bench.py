"""mock-ticdc under load (issue 16's targets). Imported by run.py (`--sections ticdc`); also runs
alone: `python3 Benchmarks/ticdc_bench.py --binaries .build/release`.

Per downstream (a mock-tidb, then MariaDB from Debian as the peer: same changefeed, a real
database's write path behind the sink), on fresh processes: a changefeed from a fresh primary;
`sysbench oltp_write_only prepare` (10 x 10,000 rows) replicated; then `sysbench oltp_write_only`
at 16 threads for 30 s while the changefeed's checkpoint lag (now - the checkpoint's physical
time, from the OpenAPI) and mock-ticdc's RSS are sampled every 100 ms; rows replicated in that
window (the sink's `ticdc_sink_table_sink_total_rows_count`) against the row changes the primary
committed (counted from its change stream); then the changefeed paused, 100,000 rows written, and the
time from resume until the checkpoint passes them. Idle lag is sampled for 3 s at the default
`--resolved-ts-interval` (100ms) and at real TiCDC's pace (1s).
"""

import argparse
import json
import pathlib
import re
import statistics
import subprocess
import threading
import time
import urllib.request

import pymysql

SYSBENCH_THREADS = 16
CATCH_UP_ROWS = 100_000
TIDB_READY = re.compile(r"mock-tidb ready sql=[\d.]+:(\d+) status=[\d.]+:\d+ pd=[\d.]+:(\d+)")
TICDC_READY = re.compile(r"mock-ticdc ready api=[\d.]+:(\d+)")


class Process:
    """A mock-tidb or mock-ticdc process on free ports; `ready` holds the ready line's match."""

    def __init__(self, command, ready):
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.ready = ready.search(line)
        if not self.ready:
            self.stop()
            raise RuntimeError(f"{command[0]} did not start: {line!r}")

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def mock_tidb(binaries):
    process = Process([f"{binaries}/mock-tidb", "--port", "0", "--status-port", "0", "--pd-port", "0",
                       "--log-level", "warning"], TIDB_READY)
    process.port, process.pd_port = int(process.ready[1]), int(process.ready[2])
    return process


def mock_ticdc(binaries, pd_port, *arguments):
    process = Process([f"{binaries}/mock-ticdc", "server", "--pd", f"http://127.0.0.1:{pd_port}", "--addr",
                       "127.0.0.1:0", "--log-level", "warning", *arguments], TICDC_READY)
    process.url = f"http://127.0.0.1:{process.ready[1]}"
    return process


def api(ticdc, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(ticdc.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text.strip() else None


def checkpoint(ticdc):
    return api(ticdc, "GET", "/api/v2/changefeeds/bench")["checkpoint_ts"]


def rows_counter(ticdc):
    with urllib.request.urlopen(ticdc.url + "/metrics", timeout=10) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("ticdc_sink_table_sink_total_rows_count{") and 'changefeed="bench"' in line:
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def execute(port, *statements):
    with pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True) as connection:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return cursor.fetchall()


def position(port):
    return int(execute(port, "SHOW MASTER STATUS")[0][1])


def wait_past(ticdc, target, timeout=300):
    """Seconds until the checkpoint is at or past `target`."""
    started = time.perf_counter()
    while checkpoint(ticdc) < target:
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"checkpoint did not reach {target} in {timeout} s")
        time.sleep(0.01)
    return time.perf_counter() - started


def sysbench(port, action, *arguments):
    command = ["sysbench", "oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={port}",
               "--mysql-user=root", "--mysql-db=sbtest", "--tables=10", "--table-size=10000", *arguments, action]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0 or "FATAL" in result.stdout + result.stderr:
        raise RuntimeError(f"sysbench {action}: {result.stdout[-500:]} {result.stderr[-500:]}")
    return result.stdout


class Sampler:
    """Every 100 ms: checkpoint lag (ms) and mock-ticdc's RSS (KiB)."""

    def __init__(self, ticdc):
        self.ticdc = ticdc
        self.lags, self.rss = [], []
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        next_sample = time.monotonic()
        while self.running:
            ts = checkpoint(self.ticdc)
            self.lags.append(time.time() * 1000 - (ts >> 18))
            self.rss.append(rss_kib(self.ticdc.pid))
            next_sample += 0.1
            time.sleep(max(0.0, next_sample - time.monotonic()))

    def stop(self):
        self.running = False
        self.thread.join()
        return self


def row_changes(primary, after, through):
    """Row changes the primary committed in (after, through], read from its change stream (a
    transaction's DELETE and INSERT of one key is one change, as TiKV and TiCDC see it)."""
    count = 0
    while after < through:
        url = f"http://127.0.0.1:{primary.pd_port}/mock/v1/changes?after={after}&limit=4096"
        with urllib.request.urlopen(url, timeout=30) as response:
            batch = json.loads(response.read())
        count += sum(1 for event in batch["events"] if event["kind"] != "ddl" and event["commit_ts"] <= through)
        if not batch["events"]:
            break
        after = batch["resolved_ts"]
    return count


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def idle_lag(ticdc, seconds=3):
    sampler = Sampler(ticdc)
    time.sleep(seconds)
    return statistics.median(sampler.stop().lags)


def measure(binaries, sink_port, seconds, replica_config=None, side_sampler=None):
    """One downstream: the figures of a fresh primary and mock-ticdc replicating into `sink_port`.
    `replica_config` goes into the changefeed; `side_sampler()` (if given) is started with the
    lag sampler and its `stop()` result returned as "side"."""
    primary = mock_tidb(binaries)
    ticdc = mock_ticdc(binaries, primary.pd_port)
    try:
        api(ticdc, "POST", "/api/v2/changefeeds",
            {"changefeed_id": "bench", "sink_uri": f"mysql://root@127.0.0.1:{sink_port}/",
             "replica_config": replica_config or {}})
        execute(primary.port, "CREATE DATABASE sbtest")
        started = time.perf_counter()
        sysbench(primary.port, "prepare")
        prepared = time.perf_counter() - started
        prepare_drain = wait_past(ticdc, position(primary.port))

        sampler = Sampler(ticdc)
        side = side_sampler() if side_sampler else None
        rows_before = rows_counter(ticdc)
        run_from = position(primary.port)
        run_started = time.perf_counter()
        sysbench(primary.port, "run", f"--threads={SYSBENCH_THREADS}", f"--time={seconds}", "--db-ps-mode=auto")
        run_seconds = time.perf_counter() - run_started
        rows_replicated = rows_counter(ticdc) - rows_before
        run_to = position(primary.port)
        drain = wait_past(ticdc, run_to)
        sampler.stop()
        side_result = side.stop() if side else None
        primary_rows = row_changes(primary, run_from, run_to)

        api(ticdc, "POST", "/api/v2/changefeeds/bench/pause")
        execute(primary.port, "CREATE TABLE sbtest.catch_up (id INT PRIMARY KEY, pad CHAR(60))")
        for start in range(0, CATCH_UP_ROWS, 1000):
            values = ",".join(f"({i}, 'catch-up-row-{i:08d}')" for i in range(start, start + 1000))
            execute(primary.port, f"INSERT INTO sbtest.catch_up VALUES {values}")
        target = position(primary.port)
        api(ticdc, "POST", "/api/v2/changefeeds/bench/resume", {})
        sampler_catch_up = Sampler(ticdc)
        catch_up = wait_past(ticdc, target)
        sampler_catch_up.stop()
        replicated = execute(sink_port, "SELECT COUNT(*) FROM sbtest.catch_up")[0][0]
        if replicated != CATCH_UP_ROWS:
            raise RuntimeError(f"catch-up replicated {replicated} rows, not {CATCH_UP_ROWS}")
        idle = idle_lag(ticdc)
        api(ticdc, "DELETE", "/api/v2/changefeeds/bench")
        return {
            "prepare": prepared, "prepare drain": prepare_drain,
            "lag p50": percentile(sampler.lags, 0.5), "lag p99": percentile(sampler.lags, 0.99),
            "lag max": max(sampler.lags), "samples": len(sampler.lags),
            "primary rows/s": primary_rows / run_seconds, "replicated rows/s": rows_replicated / run_seconds,
            "drain": drain, "catch-up": catch_up,
            "rss peak": max(sampler.rss + sampler_catch_up.rss) / 1024, "idle lag": idle, "side": side_result,
        }
    finally:
        ticdc.stop()
        primary.stop()


def paced_idle_lag(binaries, interval):
    """Idle checkpoint lag with `--resolved-ts-interval interval`."""
    primary, secondary = mock_tidb(binaries), mock_tidb(binaries)
    ticdc = mock_ticdc(binaries, primary.pd_port, "--resolved-ts-interval", interval)
    try:
        api(ticdc, "POST", "/api/v2/changefeeds",
            {"changefeed_id": "bench", "sink_uri": f"mysql://root@127.0.0.1:{secondary.port}/"})
        time.sleep(1)
        return idle_lag(ticdc)
    finally:
        ticdc.stop()
        secondary.stop()
        primary.stop()


def ticdc_section(binaries, mariadb, seconds=30):
    """The report's lines. `mariadb`: run.py's MariaDB (started and stopped here)."""
    results = {}
    secondary = mock_tidb(binaries)
    try:
        results["mock-tidb"] = measure(binaries, secondary.port, seconds)
    finally:
        secondary.stop()
    mariadb.start()
    try:
        execute(mariadb.port, "DROP DATABASE IF EXISTS sbtest")
        results["MariaDB"] = measure(binaries, mariadb.port, seconds)
    finally:
        mariadb.stop()
    paced = {interval: paced_idle_lag(binaries, interval) for interval in ("100ms", "1s")}

    lines = ["", f"## mock-ticdc: one changefeed under sysbench oltp_write_only, {SYSBENCH_THREADS} threads, {seconds} s",
             "", "Command: `python3 Benchmarks/ticdc_bench.py --binaries .build/release` (also `make bench`, section "
             "`ticdc`). Primary: a fresh mock-tidb; `sysbench oltp_write_only --tables=10 --table-size=10000 prepare` "
             f"then `run --threads={SYSBENCH_THREADS} --time={seconds} --db-ps-mode=auto`. Lag = now - checkpoint's "
             "physical time, sampled every 100 ms from the OpenAPI. Rows: the primary's = the row changes it committed "
             "during the run (its change stream; a DELETE and INSERT of one key in a transaction is one change, as "
             "TiCDC sees it); replicated = the sink's row counter over the same window. Catch-up: "
             f"{CATCH_UP_ROWS:,} rows written while paused, resume to checkpoint past them.", "",
             "| downstream | lag p50 (ms) | lag p99 (ms) | lag max (ms) | primary rows/s | replicated rows/s | "
             "replicated / primary | catch-up 100k (s) | mock-ticdc RSS peak (MiB) | idle lag p50 (ms) | "
             "prepare 100k replicated after (s) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
             "| target | <= 100 | <= 500 | | | | >= 0.95 | <= 5 | <= 100 | | |"]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['lag p50']:.0f} | {r['lag p99']:.0f} | {r['lag max']:.0f} | {r['primary rows/s']:,.0f} | "
            f"{r['replicated rows/s']:,.0f} | {r['replicated rows/s'] / r['primary rows/s']:.3f} | {r['catch-up']:.2f} | "
            f"{r['rss peak']:.1f} | {r['idle lag']:.0f} | {r['prepare drain']:.2f} |")
    lines += ["", "Idle checkpoint lag by `--resolved-ts-interval` (median over 3 s; real TiCDC moves about once a "
              "second): " + ", ".join(f"{interval}: {lag:.0f} ms" for interval, lag in paced.items()) + "."]
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binaries", default=".build/release")
    parser.add_argument("--seconds", type=int, default=30)
    options = parser.parse_args()
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    from run import MariaDB
    mariadb = MariaDB()
    try:
        print("\n".join(ticdc_section(options.binaries, mariadb, options.seconds)))
    finally:
        mariadb.cleanup()


if __name__ == "__main__":
    main()
