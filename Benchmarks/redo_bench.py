"""The redo log under load (issue 17's targets). Imported by run.py (`--sections redo`); also runs
alone: `python3 Benchmarks/redo_bench.py --binaries .build/release`.

1. Checkpoint lag with redo on local storage against the same changefeed without redo, in the
   same run (ticdc_bench's `measure`: sysbench oltp_write_only, 16 threads, into a mock-tidb), and
   the redo log's resolved-ts lag (now - the physical time of `mock-ticdc redo meta`'s resolved-ts,
   sampled every 100 ms while sysbench runs) against the target flush_interval + 100 ms.
2. `mock-ticdc redo apply` of a redo log holding `sysbench prepare`'s 10 x 10,000 rows (and its
   DDL), into a fresh mock-tidb and, as the peer, into MariaDB from Debian.
"""

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from ticdc_bench import execute, measure, mock_tidb, percentile, position, sysbench  # noqa: E402

FLUSH_INTERVAL_MS = 50


def local_meta_resolved(directory):
    """The largest resolvedTs of the `.meta` files in a local redo storage, read in-process (a
    `redo meta` process every 100 ms would take CPU from what is measured): TiCDC's MessagePack
    map, which the mock writes as 0x82, fixstr keys, 0xcf + big-endian uint64 values."""
    best = None
    for path in pathlib.Path(directory).glob("*.meta"):
        data = path.read_bytes()
        index = data.find(b"\xaaresolvedTs")
        if index >= 0 and data[index + 11] == 0xcf:
            value = int.from_bytes(data[index + 12:index + 20], "big")
            best = value if best is None else max(best, value)
    return best


class RedoLagSampler:
    """Every 100 ms: now - the redo meta's resolved-ts (ms), from the meta files of a local
    storage (`directory`)."""

    def __init__(self, directory):
        self.directory = directory
        self.lags = []
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                resolved = local_meta_resolved(self.directory)
            except (OSError, IndexError):
                resolved = None  # a meta being replaced
            if resolved:
                self.lags.append(time.time() * 1000 - (resolved >> 18))
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.thread.join()
        return self


def apply_seconds(binaries, storage, sink_port, directory):
    started = time.perf_counter()
    result = subprocess.run([f"{binaries}/mock-ticdc", "redo", "apply", "--storage", storage, "--tmp-dir", directory,
                             "--sink-uri", f"mysql://root@127.0.0.1:{sink_port}/", "--log-level", "warning"],
                            capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or "Apply redo log successfully" not in result.stdout:
        raise RuntimeError(f"redo apply failed: {result.stdout} {result.stderr}")
    rows = sum(execute(sink_port, f"SELECT COUNT(*) FROM sbtest.sbtest{i}")[0][0] for i in range(1, 11))
    if rows != 100_000:
        raise RuntimeError(f"redo apply wrote {rows} rows, not 100,000")
    return elapsed


def redo_section(binaries, mariadb, seconds=30, only_redo=False):
    directory = pathlib.Path(tempfile.mkdtemp(prefix="redo-bench-"))
    try:
        results = {}
        if not only_redo:
            secondary = mock_tidb(binaries)
            try:
                results["without redo"] = measure(binaries, secondary.port, seconds)
            finally:
                secondary.stop()
        storage = f"file://{directory}/lag"
        secondary = mock_tidb(binaries)
        try:
            results[f"redo, flush_interval {FLUSH_INTERVAL_MS} ms"] = measure(
                binaries, secondary.port, seconds,
                replica_config={"consistent": {"level": "eventual", "storage": storage,
                                               "flush_interval": FLUSH_INTERVAL_MS, "meta_flush_interval": FLUSH_INTERVAL_MS}},
                side_sampler=lambda: RedoLagSampler(directory / "lag"))
        finally:
            secondary.stop()

        # A redo log of sysbench prepare's 100,000 rows, recorded from a primary's change stream.
        primary = mock_tidb(binaries)
        try:
            start = position(primary.port)
            execute(primary.port, "CREATE DATABASE sbtest")
            sysbench(primary.port, "prepare")
            applied_storage = f"file://{directory}/apply"
            subprocess.run([f"{binaries}/mock-ticdc", "redo", "record", "--storage", applied_storage,
                            "--pd", f"http://127.0.0.1:{primary.pd_port}", "--start-ts", str(start),
                            "--log-level", "warning"], check=True, capture_output=True, timeout=600)
        finally:
            primary.stop()
        applies = {}
        target = mock_tidb(binaries)
        try:
            applies["mock-tidb"] = apply_seconds(binaries, applied_storage, target.port, str(directory / "tmp1"))
        finally:
            target.stop()
        mariadb.start()
        try:
            execute(mariadb.port, "DROP DATABASE IF EXISTS sbtest")
            applies["MariaDB"] = apply_seconds(binaries, applied_storage, mariadb.port, str(directory / "tmp2"))
        finally:
            mariadb.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    lines = ["", f"## Redo log: checkpoint lag with and without, redo resolved-ts lag, redo apply of 100,000 rows", "",
             "Command: `python3 Benchmarks/redo_bench.py --binaries .build/release` (also `make bench`, section `redo`). "
             f"Lag rows: ticdc_bench's run (sysbench oltp_write_only, 16 threads, {seconds} s, into a mock-tidb) without "
             f"redo and with `consistent = {{level: eventual, storage: file://..., flush_interval: {FLUSH_INTERVAL_MS}, "
             f"meta_flush_interval: {FLUSH_INTERVAL_MS}}}`, in the same run. Redo resolved lag: now - `redo meta`'s "
             "resolved-ts, every 100 ms during the sysbench run.", "",
             "| changefeed | lag p50 (ms) | lag p99 (ms) | replicated / primary | catch-up 100k (s) | redo resolved lag p50 / p99 (ms) |",
             "| --- | --- | --- | --- | --- | --- |",
             f"| target | within 20 % of without | within 20 % of without | >= 0.95 | <= 5 | <= {FLUSH_INTERVAL_MS + 100} |"]
    for name, r in results.items():
        side = r["side"]
        redo_lag = f"{percentile(side.lags, 0.5):.0f} / {percentile(side.lags, 0.99):.0f}" if side and side.lags else "-"
        lines.append(f"| {name} | {r['lag p50']:.0f} | {r['lag p99']:.0f} | "
                     f"{r['replicated rows/s'] / r['primary rows/s']:.3f} | {r['catch-up']:.2f} | {redo_lag} |")
    lines += ["", "`mock-ticdc redo apply` of a redo log with sysbench prepare's DDL and 10 x 10,000 rows "
              "(recorded with the mock-only `redo record`), target <= 5 s: " +
              ", ".join(f"into {name} {value:.2f} s" for name, value in applies.items()) + "."]
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binaries", default=".build/release")
    parser.add_argument("--seconds", type=int, default=30)
    options = parser.parse_args()
    from run import MariaDB
    mariadb = MariaDB()
    try:
        print("\n".join(redo_section(options.binaries, mariadb, options.seconds)))
    finally:
        mariadb.cleanup()


if __name__ == "__main__":
    main()
