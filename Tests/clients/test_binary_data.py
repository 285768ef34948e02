"""Bytes stay bytes through every Python client: all 256 byte values and a 1 MiB random blob
through text and prepared statements (inline and long data), and the same rows byte for byte after
BACKUP and RESTORE."""

import os
import pathlib
import subprocess
import sys
import tempfile

import mysql
import pymysql
import pytest

HERE = pathlib.Path(__file__).parent
CLIENTS = ["pymysql", "mysqlclient", "connector-pure", "connector-cext"]


def run_client(server, client, database):
    environment = dict(os.environ)
    if client == "connector-cext":
        # The C extension ships its own libmysqlclient and libssl; they must win over Python's.
        vendor = pathlib.Path(mysql.__file__).parent / "vendor"
        environment["LD_LIBRARY_PATH"] = f"{vendor}:{environment.get('LD_LIBRARY_PATH', '')}"
    result = subprocess.run(
        [sys.executable, str(HERE / "binary_roundtrip.py"), str(server.port), client, database],
        capture_output=True, text=True, env=environment, timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


@pytest.mark.parametrize("client", CLIENTS)
def test_bytes_round_trip(server, client):
    run_client(server, client, "bytes_" + client.replace("-", "_"))


@pytest.mark.tidb_only
def test_bytes_survive_backup_and_restore(tidb):
    run_client(tidb, "connector-pure", "bytes_br")
    connection = pymysql.connect(host="127.0.0.1", port=tidb.port, user="root", autocommit=True)
    cursor = connection.cursor()
    cursor.execute("SELECT id, vb, lb FROM bytes_br.bin ORDER BY id")
    before = cursor.fetchall()
    assert len(before) == 3
    with tempfile.TemporaryDirectory() as directory:
        cursor.execute(f"BACKUP DATABASE bytes_br TO 'local://{directory}/b'")
        cursor.execute("DROP DATABASE bytes_br")
        cursor.execute(f"RESTORE DATABASE bytes_br FROM 'local://{directory}/b'")
    cursor.execute("SELECT id, vb, lb FROM bytes_br.bin ORDER BY id")
    assert cursor.fetchall() == before
    connection.close()
