"""The seed's step 2 between two mock-tidb processes through the `mariadb` CLI: sysbench loads the
primary and keeps writing while BACKUP runs; RESTORE loads the secondary; every table's
ADMIN CHECKSUM on the secondary equals the primary's at `tidb_snapshot = BackupTS`."""

import subprocess
import tempfile
import time

import pytest

from conftest import MockTiDB

TABLES = 4
TABLE_SIZE = 5000


def mariadb(server, sql, database=None):
    command = ["mariadb", "-h127.0.0.1", f"-P{server.port}", "-uroot", "--batch", "--skip-column-names", "-e", sql]
    if database:
        command[1:1] = ["-D", database]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def sysbench(server, command, *options):
    return subprocess.Popen(
        ["sysbench", "oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={server.port}",
         "--mysql-user=root", "--mysql-db=sbtest", f"--tables={TABLES}", f"--table-size={TABLE_SIZE}", *options, command],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def checksums(server, snapshot=None):
    prefix = f"SET tidb_snapshot = '{snapshot}'; " if snapshot else ""
    tables = ", ".join(f"sbtest.sbtest{n}" for n in range(1, TABLES + 1))
    result = mariadb(server, prefix + f"ADMIN CHECKSUM TABLE {tables}")
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.splitlines())


class LocalS3:
    """moto's S3 server on a loopback port it picks itself (port 0, read from its log: a port
    picked here could be taken before moto binds it), with one bucket."""

    def __init__(self, bucket):
        import re

        import boto3

        # werkzeug logs every request to stderr: a file, not a pipe nobody drains.
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
                                        stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 60
        while True:
            self.log.seek(0)
            output = self.log.read()
            running = re.search(r"Running on http://127\.0\.0\.1:(\d+)", output)
            if running:
                self.port = int(running[1])
                break
            assert self.process.poll() is None and time.monotonic() < deadline, f"moto did not start: {output}"
            time.sleep(0.1)
        self.endpoint = f"http://127.0.0.1:{self.port}"
        boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id="minio",
                     aws_secret_access_key="miniostorage").create_bucket(Bucket=bucket)
        self.query = f"access-key=minio&secret-access-key=miniostorage&endpoint={self.endpoint}&force-path-style=true"

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.log.close()


@pytest.fixture(params=["local", "s3"])
def destination(request, tmp_path):
    """A fresh backup URL and how BACKUP reports it."""
    if request.param == "local":
        yield f"local://{tmp_path}/full", f"local://{tmp_path}/full"
        return
    s3 = LocalS3("backup")
    yield f"s3://backup/full?{s3.query}", "s3://backup/full"
    s3.stop()


def test_backup_while_writing_then_restore_matches_the_snapshot(destination):
    destination, reported = destination
    primary, secondary = MockTiDB(), MockTiDB()
    try:
        assert mariadb(primary, "CREATE DATABASE sbtest").returncode == 0
        prepare = sysbench(primary, "prepare")
        assert prepare.wait(timeout=300) == 0, prepare.stdout.read()
        writer = sysbench(primary, "run", "--threads=4", "--time=6")
        time.sleep(2)
        backup = mariadb(primary, f"BACKUP DATABASE * TO '{destination}'")
        assert backup.returncode == 0, backup.stderr
        fields = backup.stdout.strip().split("\t")
        assert fields[0] == reported and int(fields[1]) > 0, backup.stdout
        backup_ts = int(fields[2])
        assert writer.wait(timeout=120) == 0, writer.stdout.read()
        assert "transactions:" in writer.stdout.read()

        restore = mariadb(secondary, f"RESTORE DATABASE * FROM '{destination}'")
        assert restore.returncode == 0, restore.stderr
        restored = restore.stdout.strip().split("\t")
        assert restored[:3] == fields[:3] and int(restored[3]) > 0, restore.stdout

        expected = checksums(primary, snapshot=backup_ts)
        assert checksums(secondary) == expected
        # The primary moved on after BackupTS: its current data differs from the backup.
        assert checksums(primary) != expected

        again = mariadb(secondary, f"RESTORE DATABASE * FROM '{destination}'")
        assert "ERROR 8125 (HY000)" in again.stderr and "ErrTablesAlreadyExisted" in again.stderr
        reused = mariadb(primary, f"BACKUP DATABASE * TO '{destination}'")
        assert "ERROR 8124 (HY000)" in reused.stderr and "backup meta file exists" in reused.stderr
        unknown = mariadb(primary, f"BACKUP DATABASE * TO '{destination}' SPEED = 1")
        assert "ERROR 1064 (42000)" in unknown.stderr
    finally:
        primary.stop()
        secondary.stop()


def test_rate_limit_progress_kill_and_crash(tmp_path):
    """RATE_LIMIT = 1 MB/SECOND on ~5 MB takes over 4 s with SHOW BACKUPS' progress rising;
    KILL TIDB QUERY cancels it; `kill -9` mid-backup leaves no backupmeta, and RESTORE from that
    path fails clearly."""
    import threading

    import pymysql

    primary = MockTiDB()
    try:
        assert mariadb(primary, "CREATE DATABASE sbtest").returncode == 0
        prepare = subprocess.run(
            ["sysbench", "oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1", f"--mysql-port={primary.port}",
             "--mysql-user=root", "--mysql-db=sbtest", "--tables=5", "--table-size=5000", "prepare"],
            capture_output=True, text=True, timeout=300,
        )
        assert prepare.returncode == 0, prepare.stdout + prepare.stderr

        def connect():
            return pymysql.connect(host="127.0.0.1", port=primary.port, user="root", password="", autocommit=True)

        # A whole rate-limited backup: at least 4 s for about 5 MB, progress seen rising.
        results = {}

        def run_backup(name, destination):
            with connect() as connection, connection.cursor() as cursor:
                results[name + "_id"] = connection.thread_id()
                started = time.monotonic()
                try:
                    cursor.execute(f"BACKUP DATABASE * TO '{destination}' RATE_LIMIT = 1 MB/SECOND")
                    results[name] = ("ok", cursor.fetchone(), time.monotonic() - started)
                except pymysql.MySQLError as error:
                    results[name] = ("error", error.args, time.monotonic() - started)

        slow = threading.Thread(target=run_backup, args=("slow", f"local://{tmp_path}/slow"))
        slow.start()
        seen = []
        with connect() as watcher, watcher.cursor() as cursor:
            while slow.is_alive():
                cursor.execute("SHOW BACKUPS")
                seen += [row[3] for row in cursor.fetchall() if row[2] == "Backup"]
                time.sleep(0.3)
        slow.join()
        outcome, row, elapsed = results["slow"]
        assert outcome == "ok", row
        size = int(row[1])
        assert size > 4 * 1048576, size
        assert elapsed >= size / 1048576 - 1, (elapsed, size)
        assert len({round(value) for value in seen if value < 100}) >= 2, seen  # rising, not jumping to 100

        # KILL TIDB QUERY cancels a running one, which leaves no backupmeta.
        killed = threading.Thread(target=run_backup, args=("killed", f"local://{tmp_path}/killed"))
        killed.start()
        time.sleep(1.5)
        with connect() as admin, admin.cursor() as cursor:
            cursor.execute(f"KILL TIDB QUERY {results['killed_id']}")
        killed.join(timeout=30)
        outcome, error, _ = results["killed"]
        assert outcome == "error" and error[0] == 8124 and "is canceled" in error[1], error
        assert not (tmp_path / "killed" / "backupmeta").exists()

        # kill -9 in the middle of a backup: no backupmeta, and RESTORE says why.
        crashing = threading.Thread(target=run_backup, args=("crash", f"local://{tmp_path}/crash"))
        crashing.start()
        time.sleep(2)
        primary.process.kill()
        primary.process.wait(timeout=30)
        crashing.join(timeout=30)
        assert (tmp_path / "crash" / "backup.lock").exists()
        assert not (tmp_path / "crash" / "backupmeta").exists()
    finally:
        if primary.alive():
            primary.stop()
    secondary = MockTiDB()
    try:
        restore = mariadb(secondary, f"RESTORE DATABASE * FROM 'local://{tmp_path}/crash'")
        assert "ERROR 8125 (HY000)" in restore.stderr and "backupmeta not found" in restore.stderr, restore.stderr
    finally:
        secondary.stop()


def test_s3_errors_name_the_cause_without_secrets():
    """Through `s3://`: a missing bucket and an unreachable endpoint, each 8124 naming the cause,
    never the secret key."""
    from conftest import refusing_port

    s3 = LocalS3("backup")
    primary = MockTiDB()
    try:
        assert mariadb(primary, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY)").returncode == 0
        missing = mariadb(primary, f"BACKUP DATABASE * TO 's3://nobucket/x?{s3.query}'")
        assert "ERROR 8124 (HY000)" in missing.stderr and "bucket nobucket does not exist" in missing.stderr, missing.stderr
        # The CLI echoes the statement; the server's message itself must not carry the secret.
        assert all("miniostorage" not in line for line in missing.stderr.splitlines() if line.startswith("ERROR"))
        with refusing_port() as closed:
            unreachable = mariadb(primary, f"BACKUP DATABASE * TO 's3://backup/y?access-key=a&secret-access-key=b"
                                           f"&endpoint=http://127.0.0.1:{closed}&force-path-style=true'")
        assert "ERROR 8124 (HY000)" in unreachable.stderr and f"127.0.0.1:{closed}" in unreachable.stderr, unreachable.stderr
        restore = mariadb(primary, f"RESTORE DATABASE * FROM 's3://backup/none?{s3.query}'")
        assert "ERROR 8125 (HY000)" in restore.stderr and "backupmeta not found" in restore.stderr, restore.stderr
    finally:
        primary.stop()
        s3.stop()


def test_wrong_s3_credentials_are_refused_by_name():
    """With moto checking signatures (its IAM mode), a wrong secret key is 8124 naming the
    bucket and S3's error code, not the secret; the right key works."""
    import json
    import urllib.request

    import boto3

    s3 = LocalS3("secure")
    primary = MockTiDB()
    try:
        iam = boto3.client("iam", endpoint_url=s3.endpoint, region_name="us-east-1", aws_access_key_id="minio",
                           aws_secret_access_key="miniostorage")
        iam.create_user(UserName="br")
        policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
        iam.put_user_policy(UserName="br", PolicyName="s3", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName="br")["AccessKey"]
        urllib.request.urlopen(urllib.request.Request(f"{s3.endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                                      headers={"Content-Type": "text/plain"}))

        assert mariadb(primary, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY)").returncode == 0
        base = f"endpoint={s3.endpoint}&force-path-style=true&access-key={key['AccessKeyId']}"
        wrong = mariadb(primary, f"BACKUP DATABASE * TO 's3://secure/x?{base}&secret-access-key=not-the-secret'")
        errors = [line for line in wrong.stderr.splitlines() if line.startswith("ERROR")]
        assert errors and "ERROR 8124 (HY000)" in errors[0] and "access to bucket secure denied" in errors[0], wrong.stderr
        assert "not-the-secret" not in errors[0]
        # Query values are form-decoded as BR's url.ParseQuery does ('+' is a space): escape the key.
        secret = urllib.parse.quote(key["SecretAccessKey"], safe="")
        right = mariadb(primary, f"BACKUP DATABASE * TO 's3://secure/x?{base}&secret-access-key={secret}'")
        assert right.returncode == 0, right.stderr
    finally:
        primary.stop()
        s3.stop()
