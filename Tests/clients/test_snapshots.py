"""Historical reads through a client: `tidb_snapshot` and external-ts reads
(../shared/reference/tidb-semantics.md §7, §8). TiDB-only."""

import pymysql
import pytest

pytestmark = pytest.mark.tidb_only

SNAPSHOT_WRITE = "can not execute write statement when 'tidb_snapshot' is set"
STALE_WRITE = "only support read-only statement during read-only staleness transactions"


def connect(server):
    return pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="", database="test", autocommit=True)


def one(cursor, sql, arguments=None):
    cursor.execute(sql, arguments)
    return cursor.fetchall()


def expect_error(cursor, sql, code, message):
    with pytest.raises(pymysql.MySQLError) as failure:
        cursor.execute(sql)
    assert failure.value.args[:2] == (code, message), sql


def write_v1_note_tso_write_v2(cursor, how):
    cursor.execute("CREATE TABLE s (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)")
    cursor.execute("INSERT INTO s VALUES (1, 'v1')")
    if how == "transaction":
        cursor.execute("BEGIN")
        (tso,) = one(cursor, "SELECT TIDB_CURRENT_TSO()")[0]
        cursor.execute("COMMIT")
    else:
        tso = one(cursor, "SHOW MASTER STATUS")[0][1]
    tso = int(tso)
    cursor.execute("UPDATE s SET v = 'v2' WHERE id = 1")
    cursor.execute("INSERT INTO s VALUES (2, 'new')")
    return tso


WRITES = [
    "INSERT INTO s VALUES (3, 'x')",
    "UPDATE s SET v = 'x' WHERE id = 1",
    "DELETE FROM s WHERE id = 1",
    "REPLACE INTO s VALUES (1, 'x')",
]


@pytest.mark.parametrize("how", ["transaction", "master-status"])
def test_tidb_snapshot_reads_history_and_refuses_writes(server, how):
    with connect(server) as connection, connection.cursor() as cursor:
        tso = write_v1_note_tso_write_v2(cursor, how)
        cursor.execute(f"SET tidb_snapshot = '{tso}'")
        assert one(cursor, "SELECT @@tidb_snapshot") == ((str(tso),),)
        assert one(cursor, "SELECT id, v FROM s ORDER BY id") == ((1, "v1"),)
        assert one(cursor, "SELECT v FROM s WHERE id = 1") == (("v1",),)
        assert one(cursor, "SELECT COUNT(*) FROM s") == ((1,),)
        for sql in WRITES:
            expect_error(cursor, sql, 1105, SNAPSHOT_WRITE)
        expect_error(cursor, "SELECT v FROM s WHERE id = 1 FOR UPDATE", 1105, SNAPSHOT_WRITE)
        # Another session is not affected.
        with connect(server) as other, other.cursor() as other_cursor:
            assert one(other_cursor, "SELECT v FROM s WHERE id = 1") == (("v2",),)
        cursor.execute("SET tidb_snapshot = ''")
        assert one(cursor, "SELECT id, v FROM s ORDER BY id") == ((1, "v2"), (2, "new"))
        cursor.execute("UPDATE s SET v = 'v3' WHERE id = 1")
        assert cursor.rowcount == 1
        assert one(cursor, "SELECT v FROM s WHERE id = 1") == (("v3",),)
    # Nothing the refused writes tried is there.
    with connect(server) as connection, connection.cursor() as cursor:
        assert one(cursor, "SELECT id, v FROM s ORDER BY id") == ((1, "v3"), (2, "new"))


def test_tidb_snapshot_in_the_future_is_refused(server):
    with connect(server) as connection, connection.cursor() as cursor:
        cursor.execute("BEGIN")
        (now,) = one(cursor, "SELECT TIDB_CURRENT_TSO()")[0]
        cursor.execute("ROLLBACK")
        future = int(now) + (3600 * 1000 << 18)  # an hour ahead
        with pytest.raises(pymysql.MySQLError) as failure:
            cursor.execute(f"SET tidb_snapshot = '{future}'")
        assert failure.value.args[0] == 1105
        assert failure.value.args[1].startswith("cannot set read timestamp to a future time"), failure.value.args
        assert one(cursor, "SELECT @@tidb_snapshot") == (("",),)


def test_external_ts_read(server):
    with connect(server) as connection, connection.cursor() as cursor:
        tso = write_v1_note_tso_write_v2(cursor, "transaction")
        cursor.execute(f"SET GLOBAL tidb_external_ts = {tso}")
        assert one(cursor, "SELECT @@global.tidb_external_ts") == ((str(tso),),)
        # Without the session switch, reads are current.
        assert one(cursor, "SELECT v FROM s WHERE id = 1") == (("v2",),)
        cursor.execute("SET tidb_enable_external_ts_read = ON")
        assert one(cursor, "SELECT id, v FROM s ORDER BY id") == ((1, "v1"),)
        for sql in WRITES:
            expect_error(cursor, sql, 1105, STALE_WRITE)
        # A transaction begun in this mode is a read-only stale one at the external ts.
        cursor.execute("BEGIN")
        assert one(cursor, "SELECT v FROM s WHERE id = 1") == (("v1",),)
        expect_error(cursor, "UPDATE s SET v = 'x' WHERE id = 1", 1105, STALE_WRITE)
        cursor.execute("COMMIT")
        with connect(server) as other, other.cursor() as other_cursor:
            assert one(other_cursor, "SELECT v FROM s WHERE id = 1") == (("v2",),)
            other_cursor.execute("SET tidb_enable_external_ts_read = ON")
            assert one(other_cursor, "SELECT v FROM s WHERE id = 1") == (("v1",),)
        cursor.execute("SET tidb_enable_external_ts_read = OFF")
        assert one(cursor, "SELECT id, v FROM s ORDER BY id") == ((1, "v2"), (2, "new"))
        cursor.execute("UPDATE s SET v = 'v3' WHERE id = 1")
        assert cursor.rowcount == 1
    with connect(server) as connection, connection.cursor() as cursor:
        assert one(cursor, "SELECT id, v FROM s ORDER BY id") == ((1, "v3"), (2, "new"))
