"""The client matrix (`Tests/clients/matrix/README.md`): the same scenario through the MySQL
clients of Go, Java, PHP, Perl, Ruby and Node, each from Debian's packages, against a fresh server.
Each scenario checks its own results and exits non-zero on the first failure."""

import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

MATRIX = pathlib.Path(__file__).resolve().parent / "matrix"

# name -> (command, the executable that must exist)
CLIENTS = {
    "go": (["go", "run", "scenario.go"], "go", "go"),
    "java": (["java", "-cp", "/usr/share/java/mariadb-java-client.jar", "Scenario.java"], "java", "java"),
    "php-mysqli": (["php", "scenario.php", "mysqli"], "php", "php"),
    "php-pdo": (["php", "scenario.php", "pdo"], "php", "php"),
    "perl-dbd-mariadb": (["perl", "scenario.pl", "MariaDB"], "perl", "perl"),
    "perl-dbd-mysql": (["perl", "scenario.pl", "mysql"], "perl", "perl"),
    "ruby-mysql2": (["ruby", "scenario.rb"], "ruby", "ruby"),
    "node-mysql": (["node", "scenario.js"], "node", "node"),
}


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_client_scenario(server, client):
    command, directory, executable = CLIENTS[client]
    if shutil.which(executable) is None:
        pytest.fail(f"{executable} is not installed: run `make deps`")
    backup = tempfile.mkdtemp(prefix=f"matrix-{client}-")
    environment = dict(
        os.environ,
        MATRIX_HOST="127.0.0.1",
        MATRIX_PORT=str(server.port),
        MATRIX_USER="root",
        MATRIX_PASSWORD="",
        MATRIX_DATABASE="matrix_" + client.replace("-", "_"),
        MATRIX_BACKUP_URL=f"local://{backup}/backup",
        MATRIX_FLAVOR=server.flavor,
        # Go in GOPATH mode, with Debian's go-sql-driver; a build cache of its own.
        GOPATH="/usr/share/gocode",
        GO111MODULE="off",
        GOCACHE=os.path.join(tempfile.gettempdir(), "mock-tidb-matrix-gocache"),
        NODE_PATH="/usr/share/nodejs:/usr/lib/nodejs",
    )
    try:
        result = subprocess.run(
            command, cwd=MATRIX / directory, env=environment, capture_output=True, text=True, timeout=600
        )
    finally:
        shutil.rmtree(backup, ignore_errors=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{client} scenario failed:\n{output}"
    assert "FAIL" not in result.stdout, output
    assert "ok bytes-" in result.stdout, f"{client} ran no byte checks:\n{output}"
