#!/usr/bin/env python3
"""CPU cost of one sysbench query on mock-tidb and on MariaDB, with everything on CPU 0.

`python3 Benchmarks/cpu_cost.py --binary .build/release/mock-tidb [--rounds 3] [--seconds 3]`
`[--threads N --any-cpu] [--modes text,prepared]`

On one CPU nothing waits for a wake-up on another vCPU (which on our VMs costs more than the
query), so queries/s is 1 / (CPU time of client + server + kernel per query). The server's share
splits into user and system time (/proc/PID/stat), and so does sysbench's (getrusage of the
finished child). This is what decides the 8- and 64-thread sysbench comparisons, where sysbench and
the server share both CPUs.

With `--any-cpu` nothing is pinned, so the figures include what running on two CPUs adds (cache
lines that move between CPUs, wake-ups across them); `--threads 8` then measures the 8-thread
sysbench comparison itself, CPU by CPU.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess

from run import LUA, MariaDB, MockTiDB

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) / TICKS, int(fields[12]) / TICKS


def one_run(server, prepared, seconds, threads=1, pinned=True):
    user0, system0 = cpu_seconds(server.pid)
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(
        (["taskset", "-c", "0"] if pinned else [])
        + ["sysbench", str(LUA), "--db-driver=mysql", "--mysql-host=127.0.0.1",
         f"--mysql-port={server.port}", "--mysql-user=root", "--mysql-db=test", f"--threads={threads}",
         f"--time={seconds}", f"--db-ps-mode={'auto' if prepared else 'disable'}", f"--sql={server.statement}", "run"],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout
    user1, system1 = cpu_seconds(server.pid)
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    qps = float(re.search(r"queries:\s+\d+\s+\(([\d.]+) per sec", output)[1])
    queries = qps * seconds
    # sysbench's own start-up and connection set-up are included; over seconds of queries they are noise.
    return (qps, 1e6 * (user1 - user0) / queries, 1e6 * (system1 - system0) / queries,
            1e6 * (children1.ru_utime - children0.ru_utime) / queries,
            1e6 * (children1.ru_stime - children0.ru_stime) / queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="sysbench threads")
    parser.add_argument("--any-cpu", action="store_true", help="pin nothing (default: all on CPU 0)")
    parser.add_argument("--modes", default="text,prepared", help="text, prepared or both")
    options = parser.parse_args()
    modes = [mode == "prepared" for mode in options.modes.split(",")]
    pinned = not options.any_cpu
    mariadb = MariaDB()
    servers = [MockTiDB(options.binary), mariadb]
    samples = {}
    try:
        for server in servers:
            server.start()
            if pinned:
                subprocess.run(["taskset", "-a", "-p", "-c", "0", str(server.pid)], check=True, capture_output=True)
        for _ in range(options.rounds):
            for prepared in modes:
                for server in servers:
                    samples.setdefault((server.name, prepared), []).append(
                        one_run(server, prepared, options.seconds, options.threads, pinned))
    finally:
        for server in servers:
            server.stop()
        mariadb.cleanup()
    placement = "server and client on CPU 0" if pinned else "any CPU"
    print(f"## CPU per query, sysbench {options.threads} thread(s), {placement} (median of {options.rounds} "
          f"rounds of {options.seconds} s)\n")
    print("| mode | server | queries/s | server user µs/query | server system µs/query "
          "| sysbench user µs/query | sysbench system µs/query |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (name, prepared), runs in samples.items():
        qps, user, system, client_user, client_system = (statistics.median(run[i] for run in runs) for i in range(5))
        print(f"| {'prepared' if prepared else 'text'} | {name} | {qps:,.0f} | {user:.1f} | {system:.1f} "
              f"| {client_user:.1f} | {client_system:.1f} |")


if __name__ == "__main__":
    main()
