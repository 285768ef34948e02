"""BACKUP and RESTORE throughput of the seed's data set (10 x 10,000 sysbench rows), to local
storage and to a local S3 server (moto on loopback). Imported by run.py (`--sections brie`)."""

import shutil
import socket
import statistics
import subprocess
import tempfile
import time

import pymysql


def _execute(server, sql):
    with pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="", autocommit=True) as connection:
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql)
            row = cursor.fetchone()
            return row, time.perf_counter() - started


def _start_moto(free_port):
    port = free_port()
    process = subprocess.Popen(["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto did not start")
            time.sleep(0.1)
    import boto3
    boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id="a",
                 aws_secret_access_key="b").create_bucket(Bucket="bench")
    return process, port


def brie_section(make_mock, oltp_prepare, free_port, rounds):
    """Per round: a fresh primary loaded by `sysbench oltp_write_only prepare`, BACKUP (timed),
    a fresh secondary, RESTORE (timed); for local:// and s3://."""
    figures = {key: [] for key in ("local backup", "local restore", "s3 backup", "s3 restore")}
    rows_total = 0
    size = 0
    moto, port = _start_moto(free_port)
    directory = tempfile.mkdtemp(prefix="bench-brie-")
    try:
        for round_number in range(rounds):
            for target in ("local", "s3"):
                url = (f"local://{directory}/{target}{round_number}" if target == "local" else
                       f"s3://bench/r{round_number}?access-key=a&secret-access-key=b"
                       f"&endpoint=http://127.0.0.1:{port}&force-path-style=true")
                primary, secondary = make_mock(), make_mock()
                primary.start()
                secondary.start()
                try:
                    _, error = oltp_prepare(primary)
                    if error:
                        raise RuntimeError(error)
                    row, backup_seconds = _execute(primary, f"BACKUP DATABASE * TO '{url}'")
                    size = int(row[1])
                    _, restore_seconds = _execute(secondary, f"RESTORE DATABASE * FROM '{url}'")
                    counted, _ = _execute(secondary, "SELECT COUNT(*) FROM sbtest.sbtest1")
                    rows_total = int(counted[0]) * 10
                    figures[f"{target} backup"].append((size, backup_seconds))
                    figures[f"{target} restore"].append((size, restore_seconds))
                finally:
                    primary.stop()
                    secondary.stop()
    finally:
        moto.kill()
        moto.wait()
        shutil.rmtree(directory, ignore_errors=True)

    rows = rows_total
    lines = ["", f"## BACKUP and RESTORE, 10 x 10,000 sysbench rows (median of {rounds} rounds)", "",
             "Each round: two fresh mock-tidb processes; `sysbench oltp_write_only --tables=10 --table-size=10000 "
             "prepare` on the first; `BACKUP DATABASE * TO '<url>'` there and `RESTORE DATABASE * FROM '<url>'` on "
             "the second, each timed from the client. `s3://` goes to moto's S3 server on loopback.", "",
             f"Backup size: {size / 1048576:.1f} MiB ({rows:,} rows).", "",
             "| operation | target | MB/s | rows/s | seconds (all rounds) |", "| --- | --- | --- | --- | --- |"]
    targets = {"local backup": ">= 50 MB/s", "local restore": ">= 30 MB/s", "s3 backup": "-", "s3 restore": "-"}
    for name, samples in figures.items():
        seconds = statistics.median(s for _, s in samples)
        lines.append(f"| {name} | {targets[name]} | {size / 1e6 / seconds:,.1f} | {rows / seconds:,.0f} | "
                     + ", ".join(f"{s:.3f}" for _, s in samples) + " |")
    return lines
