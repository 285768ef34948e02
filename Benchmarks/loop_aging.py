#!/usr/bin/env python3
"""Whether an event loop that once served several busy connections slows its later clients.

`python3 Benchmarks/loop_aging.py --binary .build/release/mock-tidb [--rounds 5] [--seconds 3]`
`[--age 20] [--threads 8] [-- SERVER ARGUMENTS]` (e.g. `-- --event-loops 16`)

Starts two identical servers. One is aged: `--age` times, sysbench in text mode at 1, 8 and 64
threads for 1 s each, as `run.py`'s text rounds do before its prepared ones. Then both serve
sysbench in prepared mode at `--threads`, interleaved round by round. Reported per server, medians:
queries/s, the server's user and system CPU per query, and rescheduling interrupts per query
(`RES` in /proc/interrupts, all CPUs: a wake-up sent to another CPU). With 16 loops the aged
server needed about 30 % more system time per query and took 0.1-0.3 rescheduling interrupts per
query against none for the fresh one (BENCHMARKS.md, "Seventh pass").
"""

import argparse
import statistics
import sys

from cpu_cost import cpu_seconds
from run import MockTiDB, sysbench


def rescheduling_interrupts():
    for line in open("/proc/interrupts"):
        fields = line.split()
        if fields and fields[0] == "RES:":
            return sum(int(field) for field in fields[1:] if field.isdigit())
    return 0


def measure(server, threads, seconds):
    user0, system0 = cpu_seconds(server.pid)
    interrupts0 = rescheduling_interrupts()
    qps, error = sysbench(server, threads, seconds, prepared=True)
    if error:
        sys.exit(f"sysbench failed: {error}")
    user1, system1 = cpu_seconds(server.pid)
    queries = qps * seconds
    return (qps, 1e6 * (user1 - user0) / queries, 1e6 * (system1 - system0) / queries,
            (rescheduling_interrupts() - interrupts0) / queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--age", type=int, default=20, help="text-mode 1/8/64-thread runs that age one server")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("server_arguments", nargs="*")
    options = parser.parse_args()

    fresh, aged = MockTiDB(options.binary, options.server_arguments), MockTiDB(options.binary, options.server_arguments)
    fresh.start()
    aged.start()
    try:
        for _ in range(options.age):
            for threads in (1, 8, 64):
                sysbench(aged, threads, 1, prepared=False)
        samples = {"fresh": [], "aged": []}
        for _ in range(options.rounds):
            for name, server in (("fresh", fresh), ("aged", aged)):
                samples[name].append(measure(server, options.threads, options.seconds))
    finally:
        fresh.stop()
        aged.stop()

    print(f"sysbench prepared, {options.threads} threads, {options.rounds} interleaved rounds of {options.seconds} s;"
          f" server arguments: {' '.join(options.server_arguments) or '(defaults)'}")
    print("| server | queries/s | server user µs/query | server system µs/query | rescheduling IPIs/query |")
    print("| --- | --- | --- | --- | --- |")
    for name, rows in samples.items():
        qps, user, system, interrupts = (statistics.median(row[i] for row in rows) for i in range(4))
        print(f"| {name} | {qps:,.0f} | {user:.2f} | {system:.2f} | {interrupts:.3f} |")


if __name__ == "__main__":
    main()
