"""One Python client's binary round trip (run by test_binary_data.py in its own process, so
mysql-connector's C extension can get its LD_LIBRARY_PATH): the 256 byte values and a 1 MiB
pseudo-random blob, written and read back through the client's text protocol and, where it has
one, its prepared statements (inline, and as long data where it sends that). Prints `ok` or raises.

usage: binary_roundtrip.py PORT CLIENT DATABASE
CLIENT: pymysql | mysqlclient | connector-pure | connector-cext
"""

import io
import random
import sys

PORT, CLIENT, DATABASE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ALL_BYTES = bytes(range(256))
MEGABYTE = random.Random(20261207).randbytes(1 << 20)


def connect():
    if CLIENT == "pymysql":
        import pymysql
        return pymysql.connect(host="127.0.0.1", port=PORT, user="root", autocommit=True)
    if CLIENT == "mysqlclient":
        import MySQLdb
        return MySQLdb.connect(host="127.0.0.1", port=PORT, user="root", autocommit=True)
    import mysql.connector
    return mysql.connector.connect(host="127.0.0.1", port=PORT, user="root", autocommit=True,
                                   use_pure=CLIENT == "connector-pure")


def check(rows, expected_ids):
    assert [row[0] for row in rows] == expected_ids, rows
    for row in rows:
        assert bytes(row[1]) == ALL_BYTES, (row[0], len(row[1]), bytes(row[1])[:40])
        assert bytes(row[2]) == MEGABYTE, (row[0], len(row[2]))


def main():
    connection = connect()
    cursor = connection.cursor()
    cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
    cursor.execute(f"CREATE DATABASE {DATABASE}")
    cursor.execute(f"CREATE TABLE {DATABASE}.bin (id INT PRIMARY KEY, vb VARBINARY(300), lb LONGBLOB)")
    # Text protocol: the client escapes the bytes into the query text.
    cursor.execute(f"INSERT INTO {DATABASE}.bin VALUES (%s, %s, %s)", (1, ALL_BYTES, MEGABYTE))
    cursor.execute(f"SELECT id, vb, lb FROM {DATABASE}.bin ORDER BY id")
    check(cursor.fetchall(), [1])
    ids = [1]
    if CLIENT.startswith("connector"):
        prepared = connection.cursor(prepared=True)
        # Binary protocol: bytes go as string-typed parameters inline ...
        prepared.execute(f"INSERT INTO {DATABASE}.bin VALUES (?, ?, ?)", (2, ALL_BYTES, MEGABYTE))
        ids.append(2)
        if CLIENT == "connector-pure":
            # ... and, for file-like values, as COM_STMT_SEND_LONG_DATA (the C extension has no such path).
            prepared.execute(f"INSERT INTO {DATABASE}.bin VALUES (?, ?, ?)",
                             (3, io.BytesIO(ALL_BYTES), io.BytesIO(MEGABYTE)))
            ids.append(3)
        prepared.execute(f"SELECT id, vb, lb FROM {DATABASE}.bin WHERE id >= ? ORDER BY id", (0,))
        check(prepared.fetchall(), ids)
    cursor.execute(f"SELECT id, vb, lb FROM {DATABASE}.bin ORDER BY id")
    check(cursor.fetchall(), ids)
    connection.close()
    print("ok")


main()
