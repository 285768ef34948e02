"""Regression gate: every corpus file listed in passing.txt must still match TiDB's recorded result
statement for statement (`make conformance-update-passing` rewrites the list)."""

import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conformance import PASSING, ROOT, mismatches, run_one  # noqa: E402

BINARY = os.environ.get("MOCK_TIDB_BIN", str(ROOT / ".build" / "debug" / "mock-tidb"))


def passing_files():
    if not PASSING.exists():
        return []
    lines = (line.strip() for line in PASSING.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("name", passing_files())
def test_file_still_matches_tidb(name):
    result = run_one(BINARY, name)
    assert result.fatal is None, result.fatal
    differences = [
        f"line {command.line}: {command.text}\n-- TiDB:\n{expected}-- mock-tidb:\n{actual}"
        for command, expected, actual in mismatches(result)
    ]
    assert not differences, f"{len(differences)} statements of {name} no longer match:\n" + "\n".join(differences[:5])
    assert result.statements > 0


def test_passing_list_names_corpus_files():
    for name in passing_files():
        assert (HERE / "corpus" / "t" / f"{name}.test").exists(), name
