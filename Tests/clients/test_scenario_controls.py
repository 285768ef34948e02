"""Scenario controls on the status port (`/mock/v1/`, docs/tidb/scenario-controls.md), driven
against the real binary: each control's effect is seen through ordinary client interfaces, and
clearing it brings normal behaviour back."""

import datetime
import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pymysql
import pytest

from conftest import MockTiDB

pytestmark = pytest.mark.tidb_only

RFC3339_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def control(server, method, path, body=None, port=None):
    """(status, JSON answer) of one control request."""
    data = None if body is None else (body if isinstance(body, (bytes, str)) else json.dumps(body))
    if isinstance(data, str):
        data = data.encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port or server.status_port}/mock/v1/{path}", data=data, method=method,
        headers={"Content-Type": "application/json"} if data is not None else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def connect(server, **options):
    return pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="", database="test",
                           read_timeout=10, **options)


def scalar(cursor, sql):
    cursor.execute(sql)
    return cursor.fetchone()[0]


def gc_rows(cursor):
    cursor.execute("SELECT VARIABLE_NAME, VARIABLE_VALUE FROM mysql.tidb "
                   "WHERE VARIABLE_NAME IN ('tikv_gc_last_run_time', 'tikv_gc_safe_point')")
    return dict(cursor.fetchall())


def gc_time(text):
    """mysql.tidb's `20060102-15:04:05.000 -0700`."""
    return datetime.datetime.strptime(text, "%Y%m%d-%H:%M:%S.%f %z")


def current_tso(cursor):
    cursor.execute("BEGIN")
    tso = scalar(cursor, "SELECT TIDB_CURRENT_TSO()")
    cursor.execute("ROLLBACK")
    return tso


def pd(server, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{server.pd_port}{path}", data=data, method=method)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


# MARK: clock


def test_clock_advance_moves_now_tsos_and_runs_gc(tidb):
    with connect(tidb) as connection, connection.cursor() as cursor:
        now_before = scalar(cursor, "SELECT UNIX_TIMESTAMP(NOW(3))")
        tso_before = current_tso(cursor)
        rows_before = gc_rows(cursor)
        # A service safepoint that lives 5 minutes: expired once the clock is 15 minutes ahead.
        gc_safe_point = pd(tidb, "GET", "/pd/api/v1/gc/safepoint")["gc_safe_point"]
        pd(tidb, "PUT", "/mock/v1/gc/service-safepoint",
           {"service_id": "br-scenario", "safe_point": gc_safe_point, "ttl": 300})
        services = [s["service_id"] for s in pd(tidb, "GET", "/pd/api/v1/gc/safepoint")["service_gc_safe_points"]]
        assert "br-scenario" in services

        status, answer = control(tidb, "POST", "clock/advance?by=15m")
        assert status == 200, answer
        assert answer["offset"] == "15m0s"
        assert RFC3339_MS.fullmatch(answer["now"])
        assert answer["gc"]["ran"] is True
        assert (answer["tso"] >> 18) - (tso_before >> 18) >= 15 * 60_000

        now_after = scalar(cursor, "SELECT UNIX_TIMESTAMP(NOW(3))")
        assert float(now_after) - float(now_before) >= 15 * 60
        tso_after = current_tso(cursor)
        assert tso_after > answer["tso"] > tso_before
        assert (tso_after >> 18) - (tso_before >> 18) >= 15 * 60_000

        rows_after = gc_rows(cursor)
        assert gc_time(rows_after["tikv_gc_last_run_time"]) - gc_time(rows_before["tikv_gc_last_run_time"]) \
            >= datetime.timedelta(minutes=15)
        assert gc_time(rows_after["tikv_gc_safe_point"]) > gc_time(rows_before["tikv_gc_safe_point"])
        safepoints = pd(tidb, "GET", "/pd/api/v1/gc/safepoint")
        assert "br-scenario" not in [s["service_id"] for s in safepoints["service_gc_safe_points"]]
        assert safepoints["gc_safe_point"] > gc_safe_point

        # Time never goes back: no way to clear the offset, bad durations refused.
        status, answer = control(tidb, "DELETE", "clock")
        assert status == 409 and "never goes back" in answer["error"]
        for bad in ["by=-1m", "by=tomorrow", ""]:
            status, answer = control(tidb, "POST", f"clock/advance?{bad}")
            assert status == 400 and answer["error"], bad
        status, answer = control(tidb, "GET", "clock")
        assert status == 200 and answer["offset"] == "15m0s"


# MARK: dead primary


def test_refuse_close_looks_like_a_dead_server_until_cleared(tidb):
    with connect(tidb) as survivor, survivor.cursor() as cursor:
        status, answer = control(tidb, "PUT", "connections", {"refuse": "close"})
        assert status == 200 and answer["refuse"] == "close"
        with pytest.raises(pymysql.err.OperationalError) as refused:
            connect(tidb)
        assert refused.value.args[0] == 2013
        if shutil.which("mariadb"):
            cli = subprocess.run(["mariadb", "--no-defaults", "-h127.0.0.1", f"-P{tidb.port}", "-uroot", "-e", "SELECT 1"],
                                 capture_output=True, text=True, timeout=30)
            assert cli.returncode != 0 and "ERROR 2013" in cli.stderr, cli.stderr
        # Connections made before keep working: only new ones are refused.
        assert scalar(cursor, "SELECT 1") == 1

        status, answer = control(tidb, "DELETE", "connections")
        assert status == 200 and answer["refuse"] == "none"
        with connect(tidb) as again, again.cursor() as fresh:
            assert scalar(fresh, "SELECT 1") == 1


def test_refuse_deny_answers_access_denied_until_cleared(tidb):
    status, _ = control(tidb, "PUT", "connections", {"refuse": "deny"})
    assert status == 200
    with pytest.raises(pymysql.err.OperationalError) as denied:
        connect(tidb)
    assert denied.value.args[0] == 1045
    assert denied.value.args[1] == "Access denied for user 'root'@'127.0.0.1' (using password: NO)"
    if shutil.which("mariadb"):
        cli = subprocess.run(["mariadb", "--no-defaults", "-h127.0.0.1", f"-P{tidb.port}", "-udr", "-psecret",
                              "-e", "SELECT 1"], capture_output=True, text=True, timeout=30)
        assert "ERROR 1045 (28000): Access denied for user 'dr'@'127.0.0.1' (using password: YES)" in cli.stderr
    control(tidb, "DELETE", "connections")
    with connect(tidb) as connection, connection.cursor() as cursor:
        assert scalar(cursor, "SELECT 1") == 1


def test_drop_closes_every_connection_and_rolls_back(tidb):
    with connect(tidb, autocommit=True) as setup, setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INT PRIMARY KEY)")
    idle = connect(tidb)
    writer = connect(tidb)
    with writer.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("INSERT INTO t VALUES (1)")
    status, answer = control(tidb, "GET", "connections")
    assert answer["open"] >= 2  # the setup connection may still be closing

    status, answer = control(tidb, "POST", "connections/drop")
    assert status == 200 and answer["dropped"] >= 2
    for connection in (idle, writer):
        with pytest.raises(pymysql.err.OperationalError) as lost:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        assert lost.value.args[0] in (2013, 2006), lost.value.args
    # New connections are accepted (drop refuses nothing), and the open transaction rolled back.
    with connect(tidb) as connection, connection.cursor() as cursor:
        assert scalar(cursor, "SELECT COUNT(*) FROM t") == 0


# MARK: latency


def round_trip(cursor):
    start = time.monotonic()
    cursor.execute("SELECT 1")
    cursor.fetchall()
    return time.monotonic() - start


def test_latency_delays_every_reply_until_cleared(tidb):
    status, answer = control(tidb, "PUT", "latency", {"delay": "50ms"})
    assert status == 200 and answer == {"delay": "50ms"}
    start = time.monotonic()
    with connect(tidb) as connection, connection.cursor() as cursor:
        # The greeting and the login's OK waited too.
        assert time.monotonic() - start >= 0.1
        times = [round_trip(cursor) for _ in range(5)]
        assert min(times) >= 0.050, times
        status, answer = control(tidb, "DELETE", "latency")
        assert status == 200 and answer == {"delay": "0s"}
        round_trip(cursor)  # the reply that may have been delayed already
        times = [round_trip(cursor) for _ in range(5)]
        assert sorted(times)[2] < 0.040, times
    status, answer = control(tidb, "PUT", "latency", {"delay": "5 ms"})
    assert status == 400 and "Go duration" in answer["error"]


# MARK: failures


def test_matching_statements_fail_with_the_given_error_and_write_nothing(tidb):
    with connect(tidb, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))")
        status, rule = control(tidb, "POST", "failures", {
            "pattern": r"^\s*insert\s+into\s+t\b", "errno": 9007, "sqlstate": "40001",
            "message": "Write conflict, txnStartTS=1, conflictStartTS=2 [try again later]"})
        assert status == 200 and rule["id"] >= 1 and rule["matched"] == 0
        with pytest.raises(pymysql.err.MySQLError) as failed:
            cursor.execute("INSERT INTO t VALUES (1, 'a')")
        assert failed.value.args == (9007, "Write conflict, txnStartTS=1, conflictStartTS=2 [try again later]")
        assert scalar(cursor, "SELECT COUNT(*) FROM t") == 0
        # Other statements are untouched; the connection stays usable.
        cursor.execute("UPDATE t SET v = 'b' WHERE id = 1")

        # A rule limited in times fails that many, then lets the statement through.
        status, rules = control(tidb, "PUT", "failures", [{"pattern": "INSERT INTO t", "errno": "1105", "times": 2}])
        assert status == 200 and [r["times"] for r in rules["rules"]] == [2]
        for _ in range(2):
            with pytest.raises(pymysql.err.MySQLError) as failed:
                cursor.execute("INSERT INTO t VALUES (2, 'c')")
            assert failed.value.args[0] == 1105
        cursor.execute("INSERT INTO t VALUES (2, 'c')")
        assert control(tidb, "GET", "failures")[1]["rules"][0]["matched"] == 2

        status, answer = control(tidb, "DELETE", "failures")
        assert status == 200 and answer == {"rules": []}
        control(tidb, "POST", "failures", {"pattern": "select", "errno": 1317, "message": "Query execution was interrupted"})
        with pytest.raises(pymysql.err.MySQLError) as failed:
            cursor.execute("select * from t")
        assert failed.value.args == (1317, "Query execution was interrupted")
        control(tidb, "DELETE", "failures")
        assert scalar(cursor, "SELECT COUNT(*) FROM t") == 1


def test_failures_apply_to_prepared_executes(tidb):
    connector = pytest.importorskip("mysql.connector")
    connection = connector.connect(host="127.0.0.1", port=tidb.port, user="root", password="", database="test",
                                   autocommit=True)
    try:
        connection.cursor().execute("CREATE TABLE p (id INT PRIMARY KEY)")
        cursor = connection.cursor(prepared=True)
        control(tidb, "POST", "failures", {"pattern": "insert into p", "errno": 1062, "sqlstate": "23000",
                                           "message": "Duplicate entry '7' for key 'p.PRIMARY'", "times": 1})
        with pytest.raises(connector.Error) as failed:
            cursor.execute("INSERT INTO p VALUES (?)", (7,))
        assert failed.value.errno == 1062 and failed.value.sqlstate == "23000"
        cursor.execute("INSERT INTO p VALUES (?)", (7,))
        cursor.execute("SELECT COUNT(*) FROM p")
        assert cursor.fetchall() == [(1,)]
    finally:
        connection.close()


def test_bad_control_input_is_a_400_with_a_message(tidb):
    for method, path, body in [
        ("PUT", "failures", {"pattern": "(unclosed", "errno": 1105}),
        ("POST", "failures", {"pattern": "x", "errno": "ER_DUP_ENTRY"}),
        ("POST", "failures", {"pattern": "x", "errno": 1105, "sqlstate": "toolong"}),
        ("POST", "failures", "{not json"),
        ("PUT", "latency", {"delay": "forever"}),
        ("PUT", "connections", {"refuse": "sometimes"}),
        ("PUT", "connections", {"refuse": "close", "extra": 1}),
        ("POST", "clock/advance?by=-5m", None),
        ("GET", "querylog?since=minus", None),
    ]:
        status, answer = control(tidb, method, path, body)
        assert status == 400, (method, path, answer)
        assert isinstance(answer["error"], str) and answer["error"], answer
    assert tidb.alive()
    assert control(tidb, "GET", "failures") == (200, {"rules": []})
    assert control(tidb, "GET", "connections")[1]["refuse"] == "none"


# MARK: query log


@pytest.fixture
def logged_tidb(tmp_path):
    path = tmp_path / "queries.jsonl"
    server = MockTiDB("--user", "root", "--user", "dr:secret", "--query-log", str(path))
    server.query_log_path = path
    yield server
    server.stop()


def test_query_log_over_http_and_in_the_file(logged_tidb):
    tidb = logged_tidb
    with connect(tidb) as root, root.cursor() as cursor:
        root_id = scalar(cursor, "SELECT CONNECTION_ID()")
        with pytest.raises(pymysql.err.ProgrammingError):
            cursor.execute("SELEC 1")
        cursor.execute("CREATE TABLE q (id INT PRIMARY KEY)")
    control(tidb, "POST", "failures", {"pattern": "insert", "errno": 1105, "message": "no"})
    dr = pymysql.connect(host="127.0.0.1", port=tidb.port, user="dr", password="secret", database="test")
    with dr, dr.cursor() as cursor:
        dr_id = scalar(cursor, "SELECT CONNECTION_ID()")
        with pytest.raises(pymysql.err.MySQLError):
            cursor.execute("INSERT INTO q VALUES (1)")

    status, log = control(tidb, "GET", "querylog")
    assert status == 200 and log["truncated"] is False
    entries = [e for e in log["entries"] if e["text"] in (
        "SELECT CONNECTION_ID()", "SELEC 1", "CREATE TABLE q (id INT PRIMARY KEY)", "INSERT INTO q VALUES (1)")]
    assert [(e["connection_id"], e["user"], e["kind"], e["text"], e["code"]) for e in entries] == [
        (root_id, "root", "query", "SELECT CONNECTION_ID()", 0),
        (root_id, "root", "query", "SELEC 1", 1064),
        (root_id, "root", "query", "CREATE TABLE q (id INT PRIMARY KEY)", 0),
        (dr_id, "dr", "query", "SELECT CONNECTION_ID()", 0),
        (dr_id, "dr", "query", "INSERT INTO q VALUES (1)", 1105),
    ]
    assert all(RFC3339_MS.fullmatch(e["time"]) for e in log["entries"])
    sequences = [e["seq"] for e in log["entries"]]
    assert sequences == sorted(sequences) and log["next_since"] == sequences[-1]

    # A cursor reads only what came after it.
    with connect(tidb) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 'after the cursor'")
    status, later = control(tidb, "GET", f"querylog?since={log['next_since']}")
    assert "SELECT 'after the cursor'" in [e["text"] for e in later["entries"]]
    assert all(e["seq"] > log["next_since"] for e in later["entries"])

    # The file has the same entries as JSON lines (written as each statement ends).
    deadline = time.monotonic() + 5
    while True:
        lines = [json.loads(line) for line in tidb.query_log_path.read_text().splitlines()]
        if len(lines) >= len(log["entries"]) + len(later["entries"]) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert lines == log["entries"] + later["entries"]

    status, cleared = control(tidb, "DELETE", "querylog")
    assert status == 200 and cleared["next_since"] == later["next_since"]
    assert control(tidb, "GET", "querylog")[1]["entries"] == []
    assert len(tidb.query_log_path.read_text().splitlines()) == len(lines)  # the file keeps its lines


def test_query_log_records_prepared_executes_with_their_text(tidb):
    connector = pytest.importorskip("mysql.connector")
    # Off until asked for: nothing is recorded, and the reply says so.
    with connect(tidb) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 'before recording'")
    status, log = control(tidb, "GET", "querylog")
    assert status == 200 and log["recording"] is False and log["entries"] == []
    assert control(tidb, "PUT", "querylog", {"recording": "yes"})[0] == 400
    assert control(tidb, "PUT", "querylog", {"recording": True}) == (200, {"recording": True})
    connection = connector.connect(host="127.0.0.1", port=tidb.port, user="root", password="", database="test")
    try:
        cursor = connection.cursor(prepared=True)
        cursor.execute("SELECT ? + 1", (41,))
        assert cursor.fetchall() == [(42,)]
        connection_id = connection.connection_id
    finally:
        connection.close()
    entries = control(tidb, "GET", "querylog")[1]["entries"]
    executes = [e for e in entries if e["kind"] == "execute"]
    assert [(e["text"], e["code"], e["connection_id"]) for e in executes] == [("SELECT ? + 1", 0, connection_id)]


def test_query_log_file_that_cannot_be_opened_stops_the_start(tmp_path):
    with pytest.raises(RuntimeError) as failed:
        MockTiDB("--query-log", str(tmp_path / "missing" / "queries.jsonl"))
    assert "cannot open the query log" in str(failed.value)
