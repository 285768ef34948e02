"""A user's Swift package depends on this one by version (`.package(url:from: "1.0.0")`), as one
from GitHub would: SwiftPM refuses that when a product carries unsafe flags. The working tree is
made a git repository tagged 1.0.0, a throwaway package depends on it by URL and version, and its
own tests start servers in its process (`consumer/Tests/ConsumerTests`): one answering TiDBClient,
and twenty at once within a thread and memory budget.

It builds the consumer and all of its dependencies from scratch: several minutes."""

import os
import pathlib
import shutil
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent


def run(command, cwd, timeout=3600):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    return result.stdout


def test_a_package_depends_on_mock_tidb_by_version(tmp_path):
    source = tmp_path / "mock-tidb"
    source.mkdir()
    listed = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], ROOT).split("\0")
    for name in filter(None, listed):
        origin = ROOT / name
        if not origin.is_file():
            continue
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin, target)
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-qm", "1.0.0"],
                    ["git", "tag", "1.0.0"]):
        run(command, source)

    consumer = tmp_path / "consumer"
    shutil.copytree(HERE / "consumer", consumer)
    template = (consumer / "Package.swift.template").read_text()
    (consumer / "Package.swift").write_text(template.replace("@MOCK_TIDB_URL@", source.as_uri()))
    (consumer / "Package.swift.template").unlink()

    run(["swift", "build", "--build-tests"], consumer)
    output = run(["swift", "test"], consumer)
    measured = [line for line in output.splitlines() if line.startswith("twenty servers:")]
    assert measured, output[-4000:]
    print(measured[0])
