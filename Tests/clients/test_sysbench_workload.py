"""The seed's sysbench workload, end to end, in both statement modes.

`oltp_write_only --tables=10 --table-size=10000 prepare`, then `run` for 30 s at 10 threads, then
`oltp_read_write` and `oltp_point_select` for 10 s each; `--db-ps-mode=auto` (server-side prepared
statements, including BEGIN/COMMIT) and `--db-ps-mode=disable` (text protocol), each on a fresh
server. sysbench must exit 0 with no FATAL and no error other than the deadlocks and lock-wait
timeouts it ignores by design (1213/1205; `--verbosity=5` names each one), and those must stay
rare: this workload deadlocks genuinely now and then on any locking server (sysbench's default
`--rand-type=special` sends 75 % of the ids to 1 % of each table; MariaDB 10.11 showed 7 deadlocks
in 330,000 write_only transactions), so `ignored errors: 0` alone would make the test flaky. Set
SYSBENCH_TEST_STRICT=1 to require zero. Afterwards every table must still hold ids 1..10000
(write_only deletes and re-inserts the same id in one transaction, and the DELETE holds the lock
the INSERT needs), with COUNT(*) and SUM(k) agreeing between two independent clients and with the
rows themselves.

Durations can be shortened for a quick local check with SYSBENCH_TEST_SCALE=0.2 (default 1).
"""

import os
import re
import subprocess

import mysql.connector
import pymysql
import pytest

TABLES = 10
TABLE_SIZE = 10000
THREADS = 10
SCALE = float(os.environ.get("SYSBENCH_TEST_SCALE", "1"))
STRICT = os.environ.get("SYSBENCH_TEST_STRICT") == "1"
# Deadlocks / lock-wait timeouts sysbench may meet and retry: at most 1 per 1,000 transactions.
IGNORABLE = {1213, 1205}
IGNORED_FRACTION = 0.001


def sysbench(server, workload, mode, command, *options, timeout=600):
    arguments = [
        "sysbench", workload, "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={server.port}",
        "--mysql-user=root", "--mysql-password=", "--mysql-db=sbtest", f"--tables={TABLES}",
        f"--table-size={TABLE_SIZE}", f"--db-ps-mode={mode}", *options, command,
    ]
    result = subprocess.run(arguments, capture_output=True, text=True, timeout=timeout)
    return " ".join(arguments), result


def ignored_errors(output):
    """The error codes sysbench ignored, one per occurrence: its logger folds repeats of a line
    into `(last message repeated N times)`."""
    codes, last = [], None
    for line in output.splitlines():
        ignoring = re.search(r"Ignoring error (\d+)", line)
        repeated = re.search(r"\(last message repeated (\d+) times\)", line)
        if ignoring:
            last = int(ignoring[1])
            codes.append(last)
        elif repeated and last is not None:
            codes.extend([last] * int(repeated[1]))
        elif line.strip():
            last = None
    return codes


def check_run(label, result):
    """Parses sysbench's run report; fails with the whole output when anything went wrong."""
    output = result.stdout + result.stderr
    context = f"{label}\n--- exit {result.returncode} ---\n{output[-6000:]}"
    assert result.returncode == 0, context
    assert "FATAL" not in output, context
    assert not re.search(r"(?<!Ignoring )\berror \d+", output, re.IGNORECASE), context
    transactions = re.search(r"transactions:\s+(\d+)\s+\(([\d.]+) per sec", output)
    queries = re.search(r"queries:\s+(\d+)\s+\(([\d.]+) per sec", output)
    ignored = re.search(r"ignored errors:\s+(\d+)", output)
    reconnects = re.search(r"reconnects:\s+(\d+)", output)
    assert transactions and queries and ignored and reconnects, context
    named = ignored_errors(output)
    assert len(named) == int(ignored[1]), context
    assert set(named) <= IGNORABLE, f"sysbench ignored errors other than deadlocks/lock-wait timeouts: {named}\n{context}"
    allowed = 0 if STRICT else max(1, int(int(transactions[1]) * IGNORED_FRACTION))
    assert len(named) <= allowed, f"{len(named)} ignored errors {named} (allowed {allowed})\n{context}"
    assert int(reconnects[1]) == 0, context
    assert int(transactions[1]) > 0, context
    return int(transactions[1]), float(transactions[2]), int(queries[1]), named


def table_figures_pymysql(server):
    figures = {}
    with pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="", database="sbtest") as connection:
        with connection.cursor() as cursor:
            for table in range(1, TABLES + 1):
                cursor.execute(f"SELECT COUNT(*), SUM(k) FROM sbtest{table}")
                count, total = cursor.fetchone()
                figures[table] = (int(count), int(total))
    return figures


def table_figures_connector(server):
    """mysql-connector-python (pure): COUNT/SUM from the server, and the same from the rows."""
    figures, scanned = {}, {}
    connection = mysql.connector.connect(host="127.0.0.1", port=server.port, user="root", password="",
                                         database="sbtest", use_pure=True)
    try:
        cursor = connection.cursor()
        for table in range(1, TABLES + 1):
            cursor.execute(f"SELECT COUNT(*), SUM(k) FROM sbtest{table}")
            count, total = cursor.fetchone()
            figures[table] = (int(count), int(total))
            cursor.execute(f"SELECT id, k, c, pad FROM sbtest{table}")
            rows = cursor.fetchall()
            ids = sorted(row[0] for row in rows)
            assert ids == list(range(1, TABLE_SIZE + 1)), f"sbtest{table}: ids are not exactly 1..{TABLE_SIZE}"
            assert all(len(row[2]) == 119 and len(row[3]) == 59 for row in rows), f"sbtest{table}: c/pad lengths"
            scanned[table] = (len(rows), sum(row[1] for row in rows))
        connection.commit()
    finally:
        connection.close()
    return figures, scanned


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["auto", "disable"])
def test_sysbench_oltp_workload(server, mode):
    with pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="") as connection:
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE sbtest")

    label, prepare = sysbench(server, "oltp_write_only", mode, "prepare")
    output = prepare.stdout + prepare.stderr
    assert prepare.returncode == 0 and "FATAL" not in output, f"{label}\n{output[-6000:]}"
    assert output.count("Inserting 10000 records into 'sbtest") == TABLES, output[-6000:]

    before = table_figures_pymysql(server)
    assert all(count == TABLE_SIZE for count, _ in before.values()), before

    reports = {}
    for workload, seconds in (("oltp_write_only", 30), ("oltp_read_write", 10), ("oltp_point_select", 10)):
        label, result = sysbench(server, workload, mode, "run", f"--time={max(1, round(seconds * SCALE))}",
                                 f"--threads={THREADS}", "--verbosity=5", timeout=seconds + 300)
        reports[workload] = check_run(label, result)
    print(f"ps-mode={mode}: " + "; ".join(f"{name} {tx} tx ({tps:.0f}/s), {q} queries, ignored errors {ignored}"
                                          for name, (tx, tps, q, ignored) in reports.items()))

    first = table_figures_pymysql(server)
    second, scanned = table_figures_connector(server)
    assert first == second, f"PyMySQL {first} != mysql-connector {second}"
    assert first == scanned, f"COUNT/SUM {first} != computed from the rows {scanned}"
    assert all(count == TABLE_SIZE for count, _ in first.values()), first
    # write_only increments k (index_updates) and replaces rows: the sums must have moved.
    assert first != before
