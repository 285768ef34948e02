"""Groups the failing Django tests by cause: the error mock-tidb answered (with the statement it
refused), or for a test that got no database error, its assertion or exception.

A test that never ran is put down to what stopped it: the test database setup's error, or the
setUpClass failure of its class (recorded as a test named `setUpClass (module.Class)`).
Run by itself, `causes.py RESULTS_DIR` prints the grouping from the summaries.json of a run.
"""

import collections
import json
import pathlib
import re
import sys

SHOWN = 40
# Errors whose quoted text names the cause (the unsupported feature or function), not data.
KEEP_QUOTED = {"1235", "1105", "1305", "1582"}


def normalise(text):
    """One key for one cause: quoted names, numbers and long tails masked."""
    text = re.sub(r"\\?'[^']*\\?'", "'…'", text)
    text = re.sub(r"`[^`]*`", "`…`", text)
    text = re.sub(r"\b\d+\b", "N", text)
    return text[:220]


def database_error_key(error):
    """`OperationalError(1105, "...")` → `1105 ...`; a syntax error keeps where the parser stopped."""
    match = re.match(r"(\w+)\((\d+), [\"'](.*)[\"']\)$", error, re.S)
    if not match:
        return normalise(error)
    kind, code, message = match.groups()
    near = re.search(r'near "(.*)', message, re.S)
    if code == "1064" and near:
        words = " ".join(re.sub(r"`[^`]*`", "`…`", near.group(1)).split()[:3])
        return f"{kind} 1064 syntax error near \"{words[:60]}\""
    if code in KEEP_QUOTED:
        # The outer column a correlated subquery names is data, the feature is the cause.
        message = re.sub(r"outer query's column [^)']*", "outer query's column …", message)
        return f"{kind} {code} {re.sub(r'[0-9]+', 'N', message)[:220]}"
    return f"{kind} {code} {normalise(message)}"


def cause_of(record):
    """(key, example statement) for one failing test's record."""
    errors = record.get("db_errors") or []
    exception = record.get("exception", "")
    if errors and record["outcome"] == "error":
        last = errors[-1]
        return database_error_key(last["error"]), f"[{last['alias']}] {last['sql']} args={last['args']}"
    first_line = exception.splitlines()[0] if exception else record.get("outcome", "")
    statements = record.get("last_sql") or []
    return normalise(first_line), statements[-1] if statements else ""


def group(summaries):
    """{key: {"tests": [...], "apps": set, "example": (test, sql)}}, most tests first."""
    groups = collections.defaultdict(lambda: {"tests": [], "apps": set(), "example": None})

    def add(key, test, app, sql):
        entry = groups[key]
        entry["tests"].append(test)
        entry["apps"].add(app)
        if entry["example"] is None or (not entry["example"][1] and sql):
            entry["example"] = (test, sql)

    for summary in summaries:
        app = summary["app"]
        class_causes = {}
        for record in summary["records"]:
            key, sql = cause_of(record)
            holder = re.match(r"(setUpClass|setUpModule|tearDownClass) \((.+)\)$", record["test"])
            if holder:
                class_causes[holder.group(2)] = (key, sql)
                continue
            add(key, record["test"], app, sql)
        setup = summary.get("setup_record")
        for test in summary["not_run_tests"]:
            owner = test.rsplit(".", 1)[0]
            if setup:
                errors = setup.get("db_errors") or []
                key = database_error_key(errors[-1]["error"]) if errors else normalise(setup["error"])
                sql = errors[-1]["sql"] if errors else ""
                add("test database setup: " + key, test, app, sql)
            elif owner in class_causes:
                key, sql = class_causes[owner]
                add("setUpClass: " + key, test, app, sql)
            elif summary.get("timed_out"):
                add("not run: time limit", test, app, "")
            else:
                add("not run: the test process ended early", test, app, "")
    # One test counted once per cause even if several subtests failed alike.
    for entry in groups.values():
        entry["tests"] = sorted(set(entry["tests"]))
    return sorted(groups.items(), key=lambda item: -len(item[1]["tests"]))


def markdown(summaries):
    lines = [
        "## Failures by cause",
        "",
        "Each failing test once per cause: the error mock-tidb answered (the last database error"
        " of the test) with an example statement, or, with no database error, the test's assertion.",
        "",
        "| tests | apps | cause | example test | example statement |",
        "| ---: | ---: | --- | --- | --- |",
    ]
    for key, entry in group(summaries)[:SHOWN]:
        test, sql = entry["example"]
        lines.append(
            f"| {len(entry['tests'])} | {len(entry['apps'])} | {cell(key)} | {cell(test)} | {cell(sql[:400])} |"
        )
    return lines


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


if __name__ == "__main__":
    results = pathlib.Path(sys.argv[1])
    summaries = json.loads((results / "summaries.json").read_text())
    for key, entry in group(summaries):
        test, sql = entry["example"]
        print(f"{len(entry['tests']):5d} {len(entry['apps']):3d}  {key}\n        e.g. {test}\n        {sql[:300]}")
