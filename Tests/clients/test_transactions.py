"""Transactions through real clients: concurrent transfers keep the total (no lost updates),
pessimistic locking (lock waits, 1205, 1213), snapshot reads vs current reads, and the optimistic
write conflict 9007 in TiDB's format."""

import collections
import os
import random
import re
import threading
import time

import mysql.connector
import pymysql
import pytest

ACCOUNTS = 100
INITIAL = 1000
WORKERS = 16
SECONDS = 10
# The workers' random choices: fixed so a run repeats what it can (thread timing still varies);
# MOCK_TIDB_TEST_SEED=<n> tries others, and every failure names the seed.
SEED = int(os.environ.get("MOCK_TIDB_TEST_SEED", "0"))


def connect(server, **options):
    return pymysql.connect(host="127.0.0.1", port=server.port, user="root", password="", database="test",
                           autocommit=True, **options)


def begin_statement(server, mode):
    if server.flavor != "tidb" or mode == "default":
        return "BEGIN"
    return {"pessimistic": "BEGIN PESSIMISTIC", "optimistic": "BEGIN OPTIMISTIC"}[mode]


def error_code(error):
    return error.args[0] if error.args and isinstance(error.args[0], int) else None


def create_accounts(server):
    with connect(server) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE accounts (id INT PRIMARY KEY, bal BIGINT NOT NULL)")
        cursor.execute("INSERT INTO accounts VALUES " + ",".join(f"({i}, {INITIAL})" for i in range(1, ACCOUNTS + 1)))
        assert cursor.rowcount == ACCOUNTS


def balances(server):
    with connect(server) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id, bal FROM accounts ORDER BY id")
        return dict(cursor.fetchall())


def transfer_worker(server, index, mode, deadline, committed, counters, failures):
    """Moves random amounts between random accounts until the deadline. Even workers read with
    SELECT ... FOR UPDATE and write absolute values (a lost update shows at once); odd workers use
    relative UPDATEs. Rows are locked in random order, so deadlocks happen and are retried."""
    rng = random.Random(SEED + index)
    retryable = {1213, 1205} | ({9007} if mode == "optimistic" else set())
    try:
        connection = connect(server)
    except pymysql.MySQLError as error:
        failures.append(f"worker {index}: connect: {error!r}")
        return
    absolute = index % 2 == 0
    with connection, connection.cursor() as cursor:
        try:
            cursor.execute("SET SESSION innodb_lock_wait_timeout = 5")
        except pymysql.MySQLError as error:
            failures.append(f"worker {index}: SET innodb_lock_wait_timeout: {error!r}")
            return
        while time.monotonic() < deadline:
            source, target = rng.sample(range(1, ACCOUNTS + 1), 2)
            amount = rng.randint(1, 50)
            step = "BEGIN"
            try:
                cursor.execute(begin_statement(server, mode))
                if absolute:
                    step = "SELECT FOR UPDATE"
                    cursor.execute("SELECT bal FROM accounts WHERE id = %s FOR UPDATE", (source,))
                    (source_balance,) = cursor.fetchone()
                    cursor.execute("SELECT bal FROM accounts WHERE id = %s FOR UPDATE", (target,))
                    (target_balance,) = cursor.fetchone()
                    if source_balance < amount:
                        cursor.execute("ROLLBACK")
                        continue
                    step = "UPDATE absolute"
                    cursor.execute("UPDATE accounts SET bal = %s WHERE id = %s", (source_balance - amount, source))
                    assert cursor.rowcount == 1, f"UPDATE id={source} affected {cursor.rowcount}"
                    cursor.execute("UPDATE accounts SET bal = %s WHERE id = %s", (target_balance + amount, target))
                    assert cursor.rowcount == 1, f"UPDATE id={target} affected {cursor.rowcount}"
                else:
                    step = "UPDATE relative"
                    cursor.execute("UPDATE accounts SET bal = bal - %s WHERE id = %s AND bal >= %s", (amount, source, amount))
                    if cursor.rowcount == 0:
                        cursor.execute("ROLLBACK")
                        continue
                    assert cursor.rowcount == 1, f"UPDATE id={source} affected {cursor.rowcount}"
                    cursor.execute("UPDATE accounts SET bal = bal + %s WHERE id = %s", (amount, target))
                    assert cursor.rowcount == 1, f"UPDATE id={target} affected {cursor.rowcount}"
                step = "COMMIT"
                cursor.execute("COMMIT")
                committed.append((source, target, amount))
                counters["commits"] += 1
            except pymysql.MySQLError as error:
                code = error_code(error)
                if code in retryable:
                    counters[f"{code} at {step}"] += 1
                    try:
                        cursor.execute("ROLLBACK")
                    except pymysql.MySQLError as rollback_error:
                        failures.append(f"worker {index}: ROLLBACK after {code}: {rollback_error!r}")
                        return
                    continue
                failures.append(f"worker {index}: {step}: {error!r}")
                return
            except AssertionError as error:
                failures.append(f"worker {index}: {error}")
                return


@pytest.mark.parametrize("mode", ["pessimistic", "default", pytest.param("optimistic", marks=pytest.mark.tidb_only)])
def test_concurrent_transfers_keep_the_total(server, mode):
    create_accounts(server)
    committed, counters, failures = [], collections.Counter(), []
    deadline = time.monotonic() + SECONDS
    workers = [threading.Thread(target=transfer_worker, args=(server, index, mode, deadline, committed, counters, failures))
               for index in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=SECONDS + 60)
    assert not any(worker.is_alive() for worker in workers), "a worker hung (lock wait never ended?)"
    print(f"{mode}: {dict(counters)}")
    assert not failures, (f"seed {SEED}", failures)

    expected = {i: INITIAL for i in range(1, ACCOUNTS + 1)}
    for source, target, amount in committed:
        expected[source] -= amount
        expected[target] += amount
    actual = balances(server)
    assert sum(actual.values()) == ACCOUNTS * INITIAL, f"total changed: {sum(actual.values())}"
    assert min(actual.values()) >= 0
    lost = {i: (expected[i], actual[i]) for i in expected if expected[i] != actual.get(i)}
    assert not lost, f"balances differ from the committed transfers (expected, actual): {lost}"
    assert counters["commits"] >= 100, f"too little progress: {dict(counters)}"


def ordered_worker(server, index, mode, deadline, counters, failures):
    """Locks 2-3 rows of a small hot set, always in ascending id order: no deadlock is possible."""
    rng = random.Random(SEED + 1000 + index)
    try:
        connection = connect(server)
    except pymysql.MySQLError as error:
        failures.append(f"worker {index}: connect: {error!r}")
        return
    with connection, connection.cursor() as cursor:
        cursor.execute("SET SESSION innodb_lock_wait_timeout = 20")
        while time.monotonic() < deadline:
            ids = sorted(rng.sample(range(1, HOT_ROWS + 1), rng.randint(2, 3)))
            step = "BEGIN"
            try:
                cursor.execute(begin_statement(server, mode))
                for row_id in ids:
                    step = f"UPDATE id={row_id}"
                    cursor.execute("UPDATE accounts SET bal = bal + 1 WHERE id = %s", (row_id,))
                step = "COMMIT"
                cursor.execute("COMMIT")
                counters["commits"] += 1
                counters["increments"] += len(ids)
            except pymysql.MySQLError as error:
                failures.append(f"worker {index}: {step} (ids {ids}): {error!r}")
                return


HOT_ROWS = 10


@pytest.mark.parametrize("mode", ["pessimistic", "default"])
def test_ordered_locking_never_deadlocks(server, mode):
    """A deadlock needs a cycle; rows locked in one global order cannot form one. Any 1213 here is
    a false deadlock (and any 1205 a lock that was never handed over)."""
    create_accounts(server)
    counters, failures = collections.Counter(), []
    deadline = time.monotonic() + 5
    workers = [threading.Thread(target=ordered_worker, args=(server, index, mode, deadline, counters, failures))
               for index in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers), "a worker hung"
    print(f"ordered {mode}: {dict(counters)}")
    assert not failures, (f"seed {SEED}", failures)
    assert counters["commits"] >= 100, dict(counters)
    assert sum(balances(server).values()) == ACCOUNTS * INITIAL + counters["increments"]


def make_rows(server, *rows):
    with connect(server) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)")
        cursor.execute("INSERT INTO t VALUES " + ",".join(f"({i}, {v})" for i, v in rows))


def value_of(server, row_id):
    with connect(server) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT v FROM t WHERE id = %s", (row_id,))
        return cursor.fetchone()[0]


class Blocked:
    """Runs one statement on another thread, to find out whether it waits for a lock."""

    def __init__(self, cursor, sql, arguments=None):
        self.result, self.error, self.finished_at = None, None, None
        self.thread = threading.Thread(target=self._run, args=(cursor, sql, arguments))
        self.started_at = time.monotonic()
        self.thread.start()

    def _run(self, cursor, sql, arguments):
        try:
            cursor.execute(sql, arguments)
            self.result = cursor.rowcount
        except pymysql.MySQLError as error:
            self.error = error
        finally:
            self.finished_at = time.monotonic()

    def wait(self, timeout):
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "statement still blocked"
        return self


@pytest.mark.parametrize("mode", ["pessimistic", "default"])
def test_lock_wait_then_timeout_keeps_the_transaction(server, mode):
    make_rows(server, (1, 10), (2, 20))
    with connect(server) as first, connect(server) as second:
        one, two = first.cursor(), second.cursor()
        two.execute("SET SESSION innodb_lock_wait_timeout = 1")
        one.execute(begin_statement(server, mode))
        one.execute("UPDATE t SET v = v + 1 WHERE id = 1")
        two.execute(begin_statement(server, mode))
        two.execute("UPDATE t SET v = v + 100 WHERE id = 2")
        started = time.monotonic()
        with pytest.raises(pymysql.MySQLError) as failure:
            two.execute("UPDATE t SET v = v + 100 WHERE id = 1")
        waited = time.monotonic() - started
        assert error_code(failure.value) == 1205
        assert failure.value.args[1] == "Lock wait timeout exceeded; try restarting transaction"
        assert 0.9 <= waited < 5, f"waited {waited:.2f} s for innodb_lock_wait_timeout = 1"
        # Only the statement failed: the transaction and its earlier change are still there.
        two.execute("SELECT v FROM t WHERE id = 2")
        assert two.fetchone() == (120,)
        two.execute("COMMIT")
        # A lock wait that the holder ends by committing.
        two.execute("SET SESSION innodb_lock_wait_timeout = 10")
        two.execute(begin_statement(server, mode))
        blocked = Blocked(two, "UPDATE t SET v = v + 100 WHERE id = 1")
        time.sleep(0.5)
        assert blocked.thread.is_alive(), f"UPDATE of a locked row did not wait: {blocked.error or blocked.result}"
        one.execute("COMMIT")
        blocked.wait(5)
        assert blocked.error is None, blocked.error
        assert blocked.result == 1
        two.execute("COMMIT")
    assert value_of(server, 1) == 111  # 10 + 1 (first) + 100 (second, after the wait: current read)
    assert value_of(server, 2) == 120


@pytest.mark.parametrize("mode", ["pessimistic", "default"])
def test_deadlock_gets_1213_on_one_side(server, mode):
    make_rows(server, (1, 0), (2, 0))
    with connect(server) as first, connect(server) as second:
        one, two = first.cursor(), second.cursor()
        for cursor in (one, two):
            cursor.execute("SET SESSION innodb_lock_wait_timeout = 20")
            cursor.execute(begin_statement(server, mode))
        one.execute("UPDATE t SET v = v + 1 WHERE id = 1")
        two.execute("UPDATE t SET v = v + 10 WHERE id = 2")
        waiting = Blocked(one, "UPDATE t SET v = v + 1 WHERE id = 2")
        time.sleep(0.5)
        assert waiting.thread.is_alive(), f"UPDATE of a locked row did not wait: {waiting.error or waiting.result}"
        started = time.monotonic()
        closing_error = None
        try:
            two.execute("UPDATE t SET v = v + 10 WHERE id = 1")
        except pymysql.MySQLError as error:
            closing_error = error
        waiting.wait(10)
        elapsed = max(time.monotonic(), waiting.finished_at) - started
        codes = [error_code(closing_error) if closing_error else None, error_code(waiting.error) if waiting.error else None]
        assert sorted(codes, key=str) == [1213, None], f"expected one 1213 and one success: {closing_error!r}, {waiting.error!r}"
        assert elapsed < 5, f"deadlock took {elapsed:.1f} s to resolve (lock wait timeout 20 s)"
        victim_error = closing_error or waiting.error
        assert victim_error.args[1] == "Deadlock found when trying to get lock; try restarting transaction"
        victim, survivor = (two, one) if closing_error else (one, two)
        victim.execute("ROLLBACK")
        survivor.execute("COMMIT")
    expected = (1, 1) if survivor is one else (10, 10)
    assert (value_of(server, 1), value_of(server, 2)) == expected


@pytest.mark.parametrize("mode", ["pessimistic", "default"])
def test_snapshot_read_and_current_read(server, mode):
    # docs/tidb/data-semantics.md §2: plain SELECT reads the transaction's snapshot; UPDATE and
    # SELECT ... FOR UPDATE read the latest committed version. (InnoDB REPEATABLE READ agrees.)
    make_rows(server, (1, 1), (2, 2))
    with connect(server) as first, connect(server) as second:
        one, two = first.cursor(), second.cursor()
        one.execute(begin_statement(server, mode))
        one.execute("SELECT v FROM t WHERE id = 1")
        assert one.fetchone() == (1,)
        two.execute("UPDATE t SET v = 5 WHERE id = 1")
        two.execute("INSERT INTO t VALUES (3, 3)")
        one.execute("SELECT v FROM t WHERE id = 1")
        assert one.fetchone() == (1,), "snapshot read saw a later commit"
        one.execute("SELECT COUNT(*) FROM t")
        assert one.fetchone() == (2,), "snapshot read saw a later insert"
        one.execute("SELECT v FROM t WHERE id = 1 FOR UPDATE")
        assert one.fetchone() == (5,), "SELECT ... FOR UPDATE is not a current read"
        one.execute("UPDATE t SET v = v * 10 WHERE id = 1")
        one.execute("SELECT v FROM t WHERE id = 1")
        assert one.fetchone() == (50,), "own write not visible"
        one.execute("COMMIT")
    assert value_of(server, 1) == 50


WRITE_CONFLICT = re.compile(
    r"Write conflict, txnStartTS=(?P<start>\d+), conflictStartTS=(?P<conflict_start>\d+), "
    r"conflictCommitTS=(?P<conflict_commit>\d+), key=\{tableID=(?P<table>\d+), tableName=test\.t, handle=1\}, "
    r"originalKey=(?P<key>[0-9a-f]+), primary=\{tableID=(?P<primary_table>\d+), tableName=test\.t, handle=1\}, "
    r"originalPrimaryKey=(?P<primary_key>[0-9a-f]+), reason=Optimistic \[try again later\]"
)


def row_key(table_id, handle):
    flip = 1 << 63
    return "74" + f"{table_id ^ flip:016x}" + "5f72" + f"{handle ^ flip:016x}"


@pytest.mark.tidb_only
def test_optimistic_write_conflict_9007(server):
    make_rows(server, (1, 1), (2, 2))
    first = connect(server)
    # The loser through mysql-connector-python, which exposes the SQLSTATE.
    second = mysql.connector.connect(host="127.0.0.1", port=server.port, user="root", password="", database="test",
                                     use_pure=True, autocommit=True)
    try:
        one, two = first.cursor(), second.cursor()
        one.execute("BEGIN OPTIMISTIC")
        one.execute("SELECT @@tidb_current_ts")
        first_start = int(one.fetchone()[0])
        two.execute("BEGIN OPTIMISTIC")
        two.execute("SELECT @@tidb_current_ts")
        second_start = int(two.fetchone()[0])
        assert 0 < first_start < second_start
        one.execute("UPDATE t SET v = v + 1 WHERE id = 1")
        two.execute("UPDATE t SET v = v + 10 WHERE id = 1")  # optimistic: no lock, no wait
        assert two.rowcount == 1
        one.execute("COMMIT")
        with pytest.raises(mysql.connector.Error) as failure:
            two.execute("COMMIT")
        error = failure.value
        assert error.errno == 9007, error
        assert error.sqlstate == "HY000", error
        match = WRITE_CONFLICT.fullmatch(error.msg)
        assert match, f"not TiDB's 9007 text: {error.msg!r}"
        assert int(match["start"]) == second_start
        assert int(match["conflict_start"]) == first_start
        assert int(match["conflict_commit"]) > second_start
        table_id = int(match["table"])
        assert int(match["primary_table"]) == table_id
        assert match["key"] == row_key(table_id, 1), match["key"]
        assert match["primary_key"] == row_key(table_id, 1)
        one.execute("SELECT TIDB_TABLE_ID FROM information_schema.tables WHERE table_schema = 'test' AND table_name = 't'")
        assert one.fetchone() == (table_id,)
        # The loser was rolled back; the connection is usable and outside a transaction.
        two.execute("SELECT @@tidb_current_ts")
        assert two.fetchone() == ("0",)
        two.execute("SELECT v FROM t ORDER BY id")
        assert two.fetchall() == [(2,), (2,)]
    finally:
        first.close()
        second.close()


@pytest.mark.tidb_only
def test_optimistic_transactions_do_not_wait_for_each_other(server):
    make_rows(server, (1, 1))
    with connect(server) as first, connect(server) as second:
        one, two = first.cursor(), second.cursor()
        one.execute("BEGIN OPTIMISTIC")
        one.execute("UPDATE t SET v = 100 WHERE id = 1")
        two.execute("BEGIN OPTIMISTIC")
        started = time.monotonic()
        two.execute("SELECT v FROM t WHERE id = 1 FOR UPDATE")
        assert two.fetchone() == (1,)
        assert time.monotonic() - started < 1
        two.execute("ROLLBACK")
        one.execute("COMMIT")
    assert value_of(server, 1) == 100
