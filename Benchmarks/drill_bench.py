"""The full DR drill (issue 18's target). Imported by run.py (`--sections drill`); also runs alone:
`python3 Benchmarks/drill_bench.py --binaries .build/release`.

On fresh processes (a primary and a secondary mock-tidb, a mock-ticdc): `sysbench oltp_write_only
prepare` (10 x 10,000 rows) on the primary, then the drill: `tidb-dr setup`, 10 s of sysbench
writes, `tidb-dr switchover --fence`, and the same command again (switch back). Target: ≤ 5 s of
wall time excluding the 10 s of writes.

The peer, in the same run on fresh processes: the same runbook as bare statements and OpenAPI
calls from this script (GC off, BACKUP, RESTORE, create the changefeed, wait, GC on; read-only on,
Position, wait, remove, read-only off, create the reverse), with nothing checked or verified: what
tidb-dr's checks and verification cost on top of the runbook itself. Both poll TiCDC every 100 ms.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from ticdc_bench import api, execute, mock_ticdc, mock_tidb, position, sysbench  # noqa: E402

WRITE_SECONDS = 10
POLL = 0.1


class Topology:
    def __init__(self, binaries):
        self.primary = mock_tidb(binaries)
        self.secondary = mock_tidb(binaries)
        self.ticdc = mock_ticdc(binaries, self.primary.pd_port)

    def stop(self):
        for process in (self.ticdc, self.primary, self.secondary):
            process.stop()


def prepare(topology):
    execute(topology.primary.port, "CREATE DATABASE sbtest")
    sysbench(topology.primary.port, "prepare")


def write(topology, port):
    sysbench(port, "run", "--threads=16", f"--time={WRITE_SECONDS}", "--db-ps-mode=auto")


def tidb_dr(binaries, *arguments):
    started = time.perf_counter()
    result = subprocess.run([f"{binaries}/tidb-dr", *arguments, "--interval", "100ms", "--json"],
                            capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"tidb-dr {arguments[0]}: {result.stdout[-1000:]} {result.stderr[-1000:]}")
    report = json.loads(result.stdout)
    return elapsed, {step["name"]: step["elapsed_seconds"] for step in report["steps"]}


def drill_tidb_dr(binaries, directory):
    topology = Topology(binaries)
    try:
        prepare(topology)
        primary = f"mysql://root@127.0.0.1:{topology.primary.port}"
        secondary = f"mysql://root@127.0.0.1:{topology.secondary.port}"
        times, steps = {}, {}
        times["setup"], steps["setup"] = tidb_dr(
            binaries, "setup", "--primary", primary, "--secondary", secondary, "--cdc", topology.ticdc.url,
            "--storage", f"local://{directory}/tidb-dr-backup", "-c", "p2s")
        write(topology, topology.primary.port)
        switch = ("switchover", "--primary", primary, "--secondary", secondary, "--cdc", topology.ticdc.url,
                  "-c", "p2s", "--reverse-id", "s2p", "--fence")
        times["switchover"], steps["switchover"] = tidb_dr(binaries, *switch)
        times["switch back"], steps["switch back"] = tidb_dr(binaries, *switch)
        return times, steps
    finally:
        topology.stop()


def checkpoint(ticdc, changefeed):
    return api(ticdc, "GET", f"/api/v2/changefeeds/{changefeed}")["checkpoint_ts"]


def wait_checkpoint(ticdc, changefeed, target):
    while checkpoint(ticdc, changefeed) < target:
        time.sleep(POLL)


def raw_switchover(ticdc, old, new, changefeed, reverse):
    started = time.perf_counter()
    execute(old.port, "SET GLOBAL tidb_super_read_only = ON")
    wait_checkpoint(ticdc, changefeed, position(old.port))
    api(ticdc, "DELETE", f"/api/v2/changefeeds/{changefeed}")
    execute(old.port, "SET GLOBAL tidb_super_read_only = OFF")
    api(ticdc, "POST", "/api/v2/changefeeds", {
        "changefeed_id": reverse, "sink_uri": f"mysql://root@127.0.0.1:{old.port}/",
        "pd_addrs": [f"http://127.0.0.1:{new.pd_port}"]})
    return time.perf_counter() - started


def drill_raw(binaries, directory):
    topology = Topology(binaries)
    try:
        prepare(topology)
        primary, secondary, ticdc = topology.primary, topology.secondary, topology.ticdc
        times = {}
        started = time.perf_counter()
        execute(primary.port, "SET GLOBAL tidb_gc_enable = OFF")
        backup_ts = int(execute(primary.port, f"BACKUP DATABASE * TO 'local://{directory}/raw-backup'")[0][2])
        execute(secondary.port, f"RESTORE DATABASE * FROM 'local://{directory}/raw-backup'")
        api(ticdc, "POST", "/api/v2/changefeeds", {
            "changefeed_id": "p2s", "sink_uri": f"mysql://root@127.0.0.1:{secondary.port}/", "start_ts": backup_ts})
        wait_checkpoint(ticdc, "p2s", backup_ts + 1)
        execute(primary.port, "SET GLOBAL tidb_gc_enable = ON")
        times["setup"] = time.perf_counter() - started
        write(topology, primary.port)
        times["switchover"] = raw_switchover(ticdc, primary, secondary, "p2s", "s2p")
        times["switch back"] = raw_switchover(ticdc, secondary, primary, "s2p", "p2s")
        return times
    finally:
        topology.stop()


def drill_section(binaries, rounds=2):
    directory = pathlib.Path(tempfile.mkdtemp(prefix="drill-bench-"))
    rows = []
    for round_number in range(1, rounds + 1):
        times, steps = drill_tidb_dr(binaries, directory / f"dr{round_number}")
        raw = drill_raw(binaries, directory / f"raw{round_number}")
        rows.append((round_number, times, steps, raw))
    lines = ["", f"## The full DR drill on 100,000 sysbench rows ({WRITE_SECONDS} s of writes excluded)", "",
             "Command: `python3 Benchmarks/drill_bench.py --binaries .build/release` (also `make bench`, section "
             "`drill`). Fresh primary, secondary and mock-ticdc per drill; `sysbench oltp_write_only --tables=10 "
             "--table-size=10000 prepare` (not timed); then setup, 10 s of sysbench writes (16 threads, not timed), "
             "switchover --fence, switchover again (back). Peer: the same runbook as bare statements and API calls, "
             "nothing checked, on fresh processes in the same run; both poll TiCDC every 100 ms.", "",
             "| round | driver | setup (s) | switchover (s) | switch back (s) | total (s) | target |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for round_number, times, _, raw in rows:
        lines.append(f"| {round_number} | tidb-dr | {times['setup']:.2f} | {times['switchover']:.2f} | "
                     f"{times['switch back']:.2f} | **{sum(times.values()):.2f}** | <= 5 |")
        lines.append(f"| {round_number} | bare runbook (peer) | {raw['setup']:.2f} | {raw['switchover']:.2f} | "
                     f"{raw['switch back']:.2f} | {sum(raw.values()):.2f} | |")
    _, _, steps, _ = rows[-1]
    lines += ["", f"tidb-dr's steps in round {rows[-1][0]} (s, from each command's `--json`):", ""]
    for command, timed in steps.items():
        lines.append(f"- {command}: " + ", ".join(f"{name} {seconds:.3f}" for name, seconds in timed.items()))
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binaries", default=".build/release")
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    print("\n".join(drill_section(options.binaries, options.rounds)))


if __name__ == "__main__":
    main()
