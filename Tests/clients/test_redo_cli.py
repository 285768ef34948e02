"""`mock-ticdc redo meta` and `redo apply` (TiCDC's `cdc redo`) on redo logs in local storage and
in S3 (moto), applied to a mock-tidb downstream. The logs come from the mock-only
`mock-ticdc redo record`, which runs the real redo writer over an upstream mock-tidb's change
stream (docs/ticdc/redo-log.md)."""

import re
import subprocess

import pytest

from conftest import MockTiDB, refusing_port
from test_backup_restore import LocalS3
from ticdc_support import TICDC_BINARY, mariadb, master_position, table_rows


def redo(*arguments, check=True):
    result = subprocess.run([TICDC_BINARY, "redo", *arguments], capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, f"redo {arguments}: {result.stdout} {result.stderr}"
    return result


def record(primary, storage, start_ts, *options):
    result = redo("record", "--storage", storage, "--pd", f"http://127.0.0.1:{primary.pd_port}",
                  "--start-ts", str(start_ts), "--log-level", "warning", *options)
    match = re.fullmatch(r"recorded checkpoint-ts:(\d+), resolved-ts:(\d+)\n", result.stdout)
    assert match, result.stdout
    return int(match[1]), int(match[2])


def apply(storage, tmp_dir, downstream):
    return redo("apply", "--storage", storage, "--tmp-dir", str(tmp_dir),
                "--sink-uri", f"mysql://root@127.0.0.1:{downstream.port}/", "--log-level", "warning")


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    """A fresh redo storage URI."""
    if request.param == "local":
        yield f"local://{tmp_path}/redo"
        return
    s3 = LocalS3("redo")
    yield f"s3://redo/changefeed-1?{s3.query}"
    s3.stop()


@pytest.fixture
def clusters():
    primary = MockTiDB("--user", "root")
    downstream = MockTiDB("--user", "root")
    yield primary, downstream
    primary.stop()
    downstream.stop()


SCHEMA = """CREATE DATABASE redo;
CREATE TABLE redo.t (id INT PRIMARY KEY, v VARCHAR(20), d DECIMAL(8,2), at DATETIME(3));
CREATE TABLE redo.u (k VARCHAR(10) PRIMARY KEY, n BIGINT UNSIGNED, b VARBINARY(8))"""


def write_upstream(port):
    mariadb(port, """INSERT INTO redo.t VALUES (1, 'one', 1.50, '2024-01-02 03:04:05.678'), (2, 'two', NULL, NULL),
                     (3, 'three', -3.25, '2000-01-01 00:00:00');
                     INSERT INTO redo.u VALUES ('a', 18446744073709551615, x'00ff'), ('b', 0, '');
                     UPDATE redo.t SET v = 'uno' WHERE id = 1;
                     DELETE FROM redo.t WHERE id = 2;
                     START TRANSACTION; INSERT INTO redo.t VALUES (4, 'four', 4, NULL); UPDATE redo.u SET n = 7 WHERE k = 'b'; COMMIT;
                     ALTER TABLE redo.t ADD COLUMN extra INT;
                     INSERT INTO redo.t VALUES (5, 'five', 5, NULL, 55);
                     UPDATE redo.t SET extra = 11 WHERE id = 1""")


def test_meta_then_apply_replays_everything_and_twice_changes_nothing(clusters, storage, tmp_path):
    primary, downstream = clusters
    start = master_position(primary.port)
    mariadb(primary.port, SCHEMA)
    write_upstream(primary.port)
    checkpoint, resolved = record(primary, storage, start)
    assert checkpoint == start and resolved > start

    meta = redo("meta", "--storage", storage)
    assert meta.stdout == f"checkpoint-ts:{start}, resolved-ts:{resolved}\n"

    applied = apply(storage, tmp_path / "download", downstream)
    lines = applied.stdout.splitlines()
    assert lines[0] == f"checkpoint-ts:{start}, resolved-ts:{resolved}"
    assert re.fullmatch(r"applied 11 row changes in \d+ transactions and 4 DDLs, commit-ts \d+ to \d+", lines[2]), lines
    assert lines[-1] == "Apply redo log successfully"
    assert table_rows(downstream.port, "redo") == table_rows(primary.port, "redo")
    # --tmp-dir holds the downloaded log files.
    assert any(name.suffix == ".log" for name in (tmp_path / "download").iterdir())

    again = apply(storage, tmp_path / "download", downstream)
    assert again.stdout.splitlines()[-1] == "Apply redo log successfully"
    assert table_rows(downstream.port, "redo") == table_rows(primary.port, "redo")


def test_only_the_window_after_the_checkpoint_is_applied_once(clusters, storage, tmp_path):
    """The sink had written everything up to the checkpoint; a crash left the rest in the redo
    log. Commits at or below the checkpoint are not applied again (a row the downstream changed
    since keeps its value), and a restarted processor's copies of commits apply once."""
    primary, downstream = clusters
    start = master_position(primary.port)
    mariadb(primary.port, SCHEMA + "; INSERT INTO redo.t VALUES (100, 'kept', 1, NULL)")
    checkpoint = master_position(primary.port)
    mariadb(downstream.port, SCHEMA + "; INSERT INTO redo.t VALUES (100, 'changed downstream', 1, NULL)")
    write_upstream(primary.port)
    middle = master_position(primary.port)
    mariadb(primary.port, "INSERT INTO redo.u VALUES ('late', 1, NULL)")

    # Two writers: one from the start, one restarted from the checkpoint (copies of its commits).
    record(primary, storage, start, "--checkpoint-ts", str(checkpoint), "--capture-id", "first")
    _, resolved = record(primary, storage, checkpoint, "--capture-id", "second")
    assert redo("meta", "--storage", storage).stdout == f"checkpoint-ts:{checkpoint}, resolved-ts:{resolved}\n"
    assert resolved > middle

    applied = apply(storage, tmp_path / "download", downstream)
    lines = applied.stdout.splitlines()
    assert re.fullmatch(r"read \d+ redo log files, skipped \d+ duplicate commits", lines[1]), lines
    assert int(lines[1].split("skipped ")[1].split()[0]) > 0
    assert "applied 12 row changes" in lines[2] and "and 1 DDLs" in lines[2]
    upstream_rows = table_rows(primary.port, "redo")
    downstream_rows = table_rows(downstream.port, "redo")
    assert downstream_rows["u"] == upstream_rows["u"]
    assert (100, "changed downstream", 1, None, None) in [
        (row[0], row[1], int(row[2]), row[3], row[4]) for row in downstream_rows["t"]]
    assert [row for row in downstream_rows["t"] if row[0] != 100] == [row for row in upstream_rows["t"] if row[0] != 100]


def test_errors_are_clear_and_exit_non_zero(clusters, tmp_path):
    primary, downstream = clusters
    missing = redo("meta", "--storage", f"local://{tmp_path}/empty", check=False)
    assert missing.returncode != 0
    assert "[CDC:ErrRedoMetaFileNotFound]no redo meta file found in dir" in missing.stderr, missing.stderr

    bad = redo("meta", "--storage", "hdfs://nn/redo", check=False)
    assert bad.returncode != 0 and "storage hdfs not support yet" in bad.stderr, bad.stderr

    no_tmp = redo("apply", "--storage", f"local://{tmp_path}/redo", "--sink-uri", "mysql://root@127.0.0.1:1/",
                  check=False)
    assert no_tmp.returncode != 0 and "--tmp-dir" in no_tmp.stderr

    start = master_position(primary.port)
    mariadb(primary.port, SCHEMA)
    record(primary, f"local://{tmp_path}/redo", start)
    with refusing_port() as port:
        unreachable = redo("apply", "--storage", f"local://{tmp_path}/redo", "--tmp-dir", str(tmp_path / "tmp"),
                           "--sink-uri", f"mysql://root@127.0.0.1:{port}/", check=False)
    assert unreachable.returncode != 0
    assert "ErrMySQLConnectionError" in unreachable.stderr, unreachable.stderr
    assert "Apply redo log successfully" not in unreachable.stdout

    # A damaged log file: named in the error, nothing crashes.
    log = next(path for path in (tmp_path / "redo").iterdir() if path.suffix == ".log")
    log.write_bytes(log.read_bytes()[:-3])
    damaged = redo(
        "apply", "--storage", f"local://{tmp_path}/redo", "--tmp-dir", str(tmp_path / "tmp"),
        "--sink-uri", f"mysql://root@127.0.0.1:{downstream.port}/", check=False)
    assert damaged.returncode == 1
    assert f"redo log {log.name} is corrupt" in damaged.stderr, damaged.stderr
