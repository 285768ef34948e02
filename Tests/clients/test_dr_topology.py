"""`make run`'s DR topology (scripts/run-dr-topology.sh): three processes whose ready lines come
out in order, TiCDC pointed at the primary's PD, replication with `mock-ticdc cli`, a `kill -9`
of TiCDC that leaves the clusters serving and says how to restart it, and Ctrl-C stopping all."""

import os
import pathlib
import re
import signal
import subprocess
import time

from ticdc_support import ROOT, TICDC_BINARY, connect, master_position, table_rows

SCRIPT = ROOT / "scripts" / "run-dr-topology.sh"
TIDB_READY = re.compile(r"mock-tidb ready sql=127\.0\.0\.1:(\d+) status=127\.0\.0\.1:(\d+) pd=127\.0\.0\.1:(\d+)")
TICDC_READY = re.compile(r"mock-ticdc ready api=127\.0\.0\.1:(\d+)")


def free_port_environment():
    names = ["PRIMARY_SQL_PORT", "PRIMARY_STATUS_PORT", "PRIMARY_PD_PORT", "SECONDARY_SQL_PORT",
             "SECONDARY_STATUS_PORT", "SECONDARY_PD_PORT", "TICDC_PORT"]
    return {**os.environ, **{name: "0" for name in names}}


def read_line(process, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        line = process.stdout.readline()
        if line:
            return line.rstrip("\n")
        if process.poll() is not None:
            raise AssertionError(f"the topology exited with {process.returncode}")
    raise AssertionError("no line from the topology")


def test_the_dr_topology_runs_as_three_processes_and_survives_a_killed_ticdc():
    binaries = str(pathlib.Path(TICDC_BINARY).parent)
    process = subprocess.Popen(["bash", str(SCRIPT), binaries], stdout=subprocess.PIPE, text=True,
                               env=free_port_environment(), stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        primary = TIDB_READY.fullmatch(read_line(process))
        secondary = TIDB_READY.fullmatch(read_line(process))
        ticdc = TICDC_READY.fullmatch(read_line(process))
        assert primary and secondary and ticdc
        summary = read_line(process)
        pids = [int(pid) for pid in re.findall(r"pid (\d+)", summary)]
        assert len(pids) == 3, summary
        primary_sql, secondary_sql, ticdc_port = int(primary[1]), int(secondary[1]), int(ticdc[1])
        assert len({primary_sql, secondary_sql, int(primary[3]), int(secondary[3]), ticdc_port}) == 5

        server = f"http://127.0.0.1:{ticdc_port}"
        subprocess.run([TICDC_BINARY, "cli", "changefeed", "create", "--server", server, "-c", "dr",
                        "--sink-uri", f"mysql://root@127.0.0.1:{secondary_sql}/"], check=True, capture_output=True)
        with connect(primary_sql) as connection, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE test.t (id INT PRIMARY KEY, v VARCHAR(20))")
            cursor.execute("INSERT INTO test.t VALUES (1, 'one'), (2, 'two')")
        position = master_position(primary_sql)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            query = subprocess.run([TICDC_BINARY, "cli", "changefeed", "query", "-s", "--server", server, "-c", "dr"],
                                   capture_output=True, text=True)
            if query.returncode == 0 and int(re.search(r'"checkpoint_tso": (\d+)', query.stdout)[1]) >= position:
                break
            time.sleep(0.05)
        assert table_rows(secondary_sql, "test") == table_rows(primary_sql, "test")

        # kill -9 TiCDC: the script says so and how to restart it; the clusters keep serving.
        os.kill(pids[2], signal.SIGKILL)
        assert read_line(process) == f"ticdc (pid {pids[2]}) exited with status 137; the others keep running. Restart it with:"
        restart = read_line(process).strip()
        assert restart.endswith(f"mock-ticdc server --pd http://127.0.0.1:{primary[3]} --addr 127.0.0.1:0")
        assert master_position(primary_sql) > position
        assert table_rows(secondary_sql, "test")["t"] == [(1, "one"), (2, "two")]

        # Ctrl-C stops the rest.
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=30) == 0
        for pid in pids[:2]:
            end = time.monotonic() + 10
            while time.monotonic() < end and os.path.exists(f"/proc/{pid}"):
                time.sleep(0.05)
            assert not os.path.exists(f"/proc/{pid}"), f"pid {pid} still running"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_an_advertised_address_is_what_cluster_info_and_pd_list():
    """In containers the listening address (0.0.0.0) is not how others reach a cluster:
    `--advertise-address` is, as TiDB's flag; `tidb-dr switchover` finds the PD through it."""
    from conftest import MockTiDB
    import json
    import urllib.request
    server = MockTiDB("--advertise-address", "localhost")
    try:
        with connect(server.port) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT TYPE, INSTANCE, STATUS_ADDRESS FROM information_schema.cluster_info ORDER BY TYPE")
            assert cursor.fetchall() == (("pd", f"localhost:{server.pd_port}", f"localhost:{server.pd_port}"),
                                         ("tidb", f"localhost:{server.port}", f"localhost:{server.status_port}"))
        with urllib.request.urlopen(f"http://127.0.0.1:{server.pd_port}/pd/api/v1/members", timeout=10) as answer:
            members = json.load(answer)["members"]
        assert members[0]["client_urls"] == [f"http://localhost:{server.pd_port}"]
    finally:
        server.stop()
