#!/usr/bin/env python3
"""Runs Django's own test suite through django-tidb against mock-tidb, one test app at a time.

For each app: a fresh mock-tidb on a free loopback port, then Django's `tests/runtests.py APP
--settings mock_tidb_settings --parallel 1` under a time limit. mock_tidb_runner.py records every
test's outcome as JSON lines; this script sums them per app, writes a Markdown report and prints
the overall pass rate:

    passed / (discovered - skipped - expected failures)

where "discovered" is every test the app holds, so tests that never ran (the test databases
could not be set up, a setUpClass failed, the time limit struck) count against the rate. Tests
django-tidb skips on TiDB (its `django_test_skips`) are among the skipped.

Usage (scripts/django-check.sh sets it all up):
    run.py --django-tests DIR --python VENV_PYTHON --mock-tidb BIN [--apps a,b] [--timeout S]
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

import causes

HERE = pathlib.Path(__file__).resolve().parent
READY = re.compile(r"mock-tidb ready sql=(?P<host>[\d.]+):(?P<port>\d+) ")
FAILED_OUTCOMES = ("failure", "error", "unexpected_success", "not_run")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--django-tests", required=True, type=pathlib.Path, help="Django's tests/ directory")
    parser.add_argument("--python", default=sys.executable, help="Python with Django, django-tidb, mysqlclient")
    parser.add_argument("--mock-tidb", required=True, help="the mock-tidb binary")
    parser.add_argument("--apps", default="", help="comma- or space-separated apps (default: Tests/django/apps.txt)")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per app")
    parser.add_argument(
        "--tidb-version",
        default="",
        help="mock-tidb's --tidb-version (default its own, v8.5.x); django-tidb enables foreign keys from v6.6",
    )
    parser.add_argument("--jobs", type=int, default=1, help="apps run at once, each with its own mock-tidb")
    parser.add_argument("--out", type=pathlib.Path, required=True, help="directory for logs and results")
    parser.add_argument("--report", type=pathlib.Path, required=True, help="Markdown report to write")
    return parser.parse_args()


def listed_apps(text):
    if text.strip():
        return text.replace(",", " ").split()
    lines = (HERE / "apps.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class Server:
    """A mock-tidb on free loopback ports, its log in a file."""

    def __init__(self, binary, log_path, version):
        self.log = open(log_path, "w")
        version_arguments = ["--tidb-version", version] if version else []
        self.process = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", "0", "--status-port", "0", "--pd-port", "0", *version_arguments],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        line = self.process.stdout.readline()
        match = READY.match(line.strip())
        if not match:
            self.process.kill()
            raise RuntimeError(f"mock-tidb did not become ready: {line!r}")
        self.port = int(match["port"])

    def stop(self):
        """The exit status, or the signal that ended it (a crash) as a negative number."""
        died = self.process.poll()
        if died is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return died


def run_app(app, options, tests_dir):
    results = options.out / f"{app}.jsonl"
    log = options.out / f"{app}.log"
    results.unlink(missing_ok=True)
    server = Server(options.mock_tidb, options.out / f"{app}.server.log", options.tidb_version)
    environment = dict(os.environ, TIDB_PORT=str(server.port), DJANGO_RESULTS_FILE=str(results), PYTHONUNBUFFERED="1")
    command = [options.python, "runtests.py", app, "--noinput", "--settings", "mock_tidb_settings", "--parallel", "1", "-v", "2"]
    started = time.monotonic()
    timed_out = False
    try:
        with open(log, "w") as output:
            process = subprocess.Popen(
                command, cwd=tests_dir, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
            try:
                process.wait(timeout=options.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    finally:
        server_died = server.stop()
    seconds = time.monotonic() - started
    summary = summarise(app, results)
    summary.update(seconds=round(seconds), timed_out=timed_out, exit_code=process.returncode, server_died=server_died)
    return summary


def summarise(app, results_path):
    """Per-app counts from the JSON lines, one outcome per test (its worst)."""
    discovered, marked_skips, setup_error, outcomes, records = [], [], None, {}, []
    rank = {"ok": 0, "skip": 0, "expected_failure": 0, "unexpected_success": 1, "failure": 2, "error": 3}
    if results_path.exists():
        for line in results_path.read_text().splitlines():
            record = json.loads(line)
            if record["kind"] == "discovered":
                discovered = record["tests"]
            elif record["kind"] == "marked":
                marked_skips = record["skips"]
            elif record["kind"] == "setup_error":
                setup_error = record
            else:
                records.append(record)
                previous = outcomes.get(record["test"])
                if previous is None or rank[record["outcome"]] > rank[previous]:
                    outcomes[record["test"]] = record["outcome"]
    not_run = [test for test in discovered if test not in outcomes]
    counts = {name: 0 for name in ("ok", "failure", "error", "skip", "expected_failure", "unexpected_success")}
    marked = 0
    for test in discovered:
        outcome = outcomes.get(test)
        if outcome is None:
            continue
        counts[outcome] += 1
        if outcome == "skip" and is_marked(test, marked_skips):
            marked += 1
    return {
        "app": app,
        "discovered": len(discovered),
        **counts,
        "not_run": len(not_run),
        "marked_skips": marked,
        "setup_error": setup_error["error"] if setup_error else None,
        "not_run_tests": not_run,
        "records": [record for record in records if record["outcome"] in ("failure", "error")],
        "setup_record": setup_error,
    }


def is_marked(test, marked):
    return any(test == entry or test.startswith(entry + ".") for entry in marked)


def rate(passed, discovered, skipped, expected_failures):
    considered = discovered - skipped - expected_failures
    return 100.0 * passed / considered if considered else 100.0


def report(summaries, options, apps):
    totals = {key: sum(summary[key] for summary in summaries) for key in COLUMNS}
    overall = rate(totals["ok"], totals["discovered"], totals["skip"], totals["expected_failure"])
    lines = [
        "# Django's test suite through django-tidb against mock-tidb",
        "",
        f"Generated by `make django` (Tests/django/run.py) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())};"
        f" {len(summaries)} of {len(apps)} apps, time limit {options.timeout} s per app,"
        f" mock-tidb {options.tidb_version or 'at its default version'}."
        + (
            f" **Diagnostic run: DJANGO_TIDB_WITHOUT={os.environ['DJANGO_TIDB_WITHOUT']}**"
            " (django-tidb told TiDB lacks these; not the measurement)."
            if os.environ.get("DJANGO_TIDB_WITHOUT")
            else ""
        ),
        "",
        f"**Overall: {totals['ok']} passed of {totals['discovered'] - totals['skip'] - totals['expected_failure']}"
        f" considered = {overall:.1f} %** (considered = discovered − skipped − expected failures;"
        f" {totals['marked_skips']} of the {totals['skip']} skips are django-tidb's own `django_test_skips`).",
        "",
        "| app | discovered | passed | failed | errors | not run | skipped (django-tidb) | xfail | rate | s | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for summary in summaries:
        note = []
        if summary["setup_error"]:
            note.append("test database setup failed")
        if summary["timed_out"]:
            note.append("time limit")
        if summary["server_died"] is not None:
            note.append(f"mock-tidb exited ({summary['server_died']})")
        app_rate = rate(summary["ok"], summary["discovered"], summary["skip"], summary["expected_failure"])
        lines.append(
            f"| {summary['app']} | {summary['discovered']} | {summary['ok']} | {summary['failure']}"
            f" | {summary['error']} | {summary['not_run']} | {summary['skip']} ({summary['marked_skips']})"
            f" | {summary['expected_failure']} | {app_rate:.1f} % | {summary['seconds']} | {', '.join(note)} |"
        )
    lines.append(
        f"| **total** | {totals['discovered']} | {totals['ok']} | {totals['failure']} | {totals['error']}"
        f" | {totals['not_run']} | {totals['skip']} ({totals['marked_skips']}) | {totals['expected_failure']}"
        f" | {overall:.1f} % | {totals['seconds']} | |"
    )
    lines += ["", *causes.markdown(summaries)]
    options.report.write_text("\n".join(lines) + "\n")
    return overall, totals


COLUMNS = (
    "discovered", "ok", "failure", "error", "skip", "expected_failure", "unexpected_success", "not_run",
    "marked_skips", "seconds",
)


def progress_line(summary):
    app_rate = rate(summary["ok"], summary["discovered"], summary["skip"], summary["expected_failure"])
    return (
        f"{summary['app']}: {summary['discovered']} tests, {summary['ok']} passed, {summary['failure']} failed,"
        f" {summary['error']} errors, {summary['not_run']} not run, {summary['skip']} skipped,"
        f" {summary['expected_failure']} xfail: {app_rate:.1f} % ({summary['seconds']} s)"
        + (" SETUP FAILED" if summary["setup_error"] else "")
        + (" TIME LIMIT" if summary["timed_out"] else "")
        + (f" MOCK-TIDB EXITED {summary['server_died']}" if summary["server_died"] is not None else "")
    )


def main():
    options = parse_arguments()
    options.python = os.path.abspath(options.python) if os.sep in options.python else options.python
    options.mock_tidb = os.path.abspath(options.mock_tidb)
    options.out.mkdir(parents=True, exist_ok=True)
    tests_dir = options.django_tests.resolve()
    for name in ("mock_tidb_settings.py", "mock_tidb_runner.py"):
        shutil.copy(HERE / name, tests_dir / name)
    apps = listed_apps(options.apps)
    summaries = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        running = {pool.submit(run_app, app, options, tests_dir): app for app in apps}
        for done in concurrent.futures.as_completed(running):
            summary = done.result()
            summaries[summary["app"]] = summary
            print(progress_line(summary), flush=True)
            ordered = [summaries[app] for app in apps if app in summaries]
            with open(options.out / "summaries.json", "w") as out:
                json.dump(ordered, out)
            report(ordered, options, apps)
    summaries = [summaries[app] for app in apps]
    overall, totals = report(summaries, options, apps)
    print(f"overall pass rate: {totals['ok']} / {totals['discovered'] - totals['skip'] - totals['expected_failure']} = {overall:.1f} %")
    print(f"report: {options.report}")


if __name__ == "__main__":
    main()
