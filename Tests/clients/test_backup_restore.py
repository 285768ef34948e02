"""The seed's step 2 between two mock-tidb processes through the `mariadb` CLI: sysbench loads the
primary and keeps writing while BACKUP runs; RESTORE loads the secondary; every table's
ADMIN CHECKSUM on the secondary equals the primary's at `tidb_snapshot = BackupTS`."""

import subprocess
import time

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


def test_backup_while_writing_then_restore_matches_the_snapshot(tmp_path):
    primary, secondary = MockTiDB(), MockTiDB()
    try:
        assert mariadb(primary, "CREATE DATABASE sbtest").returncode == 0
        prepare = sysbench(primary, "prepare")
        assert prepare.wait(timeout=300) == 0, prepare.stdout.read()
        writer = sysbench(primary, "run", "--threads=4", "--time=6")
        time.sleep(2)
        destination = f"local://{tmp_path}/full"
        backup = mariadb(primary, f"BACKUP DATABASE * TO '{destination}'")
        assert backup.returncode == 0, backup.stderr
        fields = backup.stdout.strip().split("\t")
        assert fields[0] == destination and int(fields[1]) > 0, backup.stdout
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
        unknown = mariadb(primary, f"BACKUP DATABASE * TO '{destination}2' SPEED = 1")
        assert "ERROR 1064 (42000)" in unknown.stderr
    finally:
        primary.stop()
        secondary.stop()
