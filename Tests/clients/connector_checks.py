"""mysql-connector-python checks, run in a subprocess so the C extension can load its own libs.

usage: connector_checks.py PORT pure|cext
"""

import sys
import time

import mysql.connector
from mysql.connector import FieldType, errors

port, flavour = int(sys.argv[1]), sys.argv[2]
options = dict(host="127.0.0.1", port=port, user="root", password="", use_pure=(flavour == "pure"))
if flavour == "cext":
    from mysql.connector.connection_cext import CMySQLConnection  # noqa: F401  (must import)

connection = mysql.connector.connect(**options)
assert type(connection).__name__ == ("MySQLConnection" if flavour == "pure" else "CMySQLConnection"), type(connection)
cursor = connection.cursor()

# The connector's own probe: @@session.autocommit must be an integer for `== 1` to work.
connection.autocommit = True
assert connection.autocommit is True

cursor.execute("SET GLOBAL tidb_gc_enable=FALSE")
cursor.execute("SELECT @@global.tidb_gc_enable")
assert cursor.fetchall() == [(0,)], "gc"
assert cursor.description[0][0] == "@@global.tidb_gc_enable"
assert cursor.description[0][1] == FieldType.LONG, cursor.description

connection.start_transaction()
cursor.execute("SELECT TIDB_CURRENT_TSO()")
(tso,) = cursor.fetchone()
assert cursor.description[0][1] == FieldType.LONGLONG
assert abs((tso >> 18) - time.time() * 1000) < 2000, tso
connection.rollback()

cursor.execute("SHOW MASTER STATUS")
row = cursor.fetchone()
assert [column[0] for column in cursor.description] == ["File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set"]
assert row[0] == "tidb-binlog" and int(row[1]) > tso

try:
    cursor.execute("SELECT @@session.tidb_gc_enable")
    raise AssertionError("expected 1238")
except errors.Error as error:
    assert error.errno == 1238, error
cursor.execute("SELECT VERSION()")
assert cursor.fetchone() == ("8.0.11-TiDB-v8.5.8",)

# Pool reset path: COM_RESET_CONNECTION and the post-connect statements again.
connection.cmd_reset_connection()
assert connection.is_connected()
connection.close()
print("ok")
