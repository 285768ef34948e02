"""A DiscoverRunner that also writes every test's outcome as a JSON line, for Tests/django/run.py.

Each line of $DJANGO_RESULTS_FILE is one of:
  {"kind": "discovered", "tests": [ids]}                          what the labels hold
  {"kind": "setup_error", "error": ..., "db_errors": [...], "last_sql": [...]}
                                                                   creating/migrating the test databases failed
  {"kind": "marked", "skips": [...], "expected_failures": [...]}
                                                                   django-tidb's own lists for TiDB
  {"kind": "test", "test": id, "outcome": ..., ...}                one outcome (ok, failure, error, skip,
                                                                   expected_failure, unexpected_success)
Failures and errors carry the exception's last line, the database errors raised during the test
(the statement the server refused, with its arguments and the error) and the last statements run:
what is needed to tell which SQL mock-tidb rejects or answers wrongly. Lines are flushed at once,
so a run killed by its time limit still leaves the outcomes so far.
"""

import collections
import json
import os
import traceback
import unittest

from django.db.backends import utils as backend_utils
from django.test.runner import DiscoverRunner

RESULTS_PATH = os.environ.get("DJANGO_RESULTS_FILE")
KEEP_SQL = 8
KEEP_DB_ERRORS = 4
TEXT_LIMIT = 1500

recent_sql = collections.deque(maxlen=KEEP_SQL)
db_errors = collections.deque(maxlen=KEEP_DB_ERRORS)


def clip(text, limit=TEXT_LIMIT):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def write(record):
    if not RESULTS_PATH:
        return
    with open(RESULTS_PATH, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


_execute_with_wrappers = backend_utils.CursorWrapper._execute_with_wrappers


def recording_execute(self, sql, params, many, executor):
    """Every statement (with its first arguments) and every error the database raised."""
    shown_params = params[:1] if many and params else params
    recent_sql.append(clip(f"[{self.db.alias}] {sql} args={shown_params!r}", 600))
    try:
        return _execute_with_wrappers(self, sql, params, many, executor)
    except Exception as error:
        db_errors.append(
            {"alias": self.db.alias, "sql": clip(sql), "args": clip(repr(shown_params), 300), "error": clip(repr(error), 600)}
        )
        raise


backend_utils.CursorWrapper._execute_with_wrappers = recording_execute


def without_features(names):
    """A diagnostic, never the measurement: $DJANGO_TIDB_WITHOUT=foreign-keys,check-constraints
    makes django-tidb believe TiDB lacks them, so that the tests get past a blocker mock-tidb has
    there (every app's test database needs both) and show the causes behind it."""
    from django_tidb.features import DatabaseFeatures

    for name in filter(None, (name.strip() for name in names.split(","))):
        if name == "foreign-keys":
            for feature in ("supports_foreign_keys", "indexes_foreign_keys", "can_introspect_foreign_keys"):
                setattr(DatabaseFeatures, feature, False)
        elif name == "check-constraints":
            for feature in ("supports_column_check_constraints", "supports_table_check_constraints"):
                setattr(DatabaseFeatures, feature, False)
        else:
            raise ValueError(f"DJANGO_TIDB_WITHOUT: unknown {name!r} (foreign-keys, check-constraints)")


without_features(os.environ.get("DJANGO_TIDB_WITHOUT", ""))


def last_line(err):
    kind, value, _ = err
    lines = traceback.format_exception_only(kind, value)
    return clip("".join(lines).strip())


class RecordingResult(unittest.TextTestResult):
    def startTest(self, test):
        recent_sql.clear()
        db_errors.clear()
        super().startTest(test)

    def record(self, test, outcome, err=None, reason=None):
        record = {"kind": "test", "test": test.id(), "outcome": outcome}
        if reason is not None:
            record["reason"] = clip(reason, 300)
        if err is not None:
            record["exception"] = last_line(err)
            record["exception_type"] = f"{err[0].__module__}.{err[0].__qualname__}"
            record["db_errors"] = list(db_errors)
            record["last_sql"] = list(recent_sql)
        write(record)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.record(test, "ok")

    def addError(self, test, err):
        super().addError(test, err)
        self.record(test, "error", err)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.record(test, "failure", err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.record(test, "skip", reason=reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.record(test, "expected_failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.record(test, "unexpected_success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            outcome = "failure" if issubclass(err[0], test.failureException) else "error"
            self.record(test, outcome, err)


def all_tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from all_tests(item)
        else:
            yield item


class RecordingRunner(DiscoverRunner):
    def get_resultclass(self):
        return RecordingResult

    def build_suite(self, *args, **kwargs):
        suite = super().build_suite(*args, **kwargs)
        write({"kind": "discovered", "tests": [test.id() for test in all_tests(suite)]})
        return suite

    def setup_databases(self, **kwargs):
        recent_sql.clear()
        db_errors.clear()
        try:
            old_config = super().setup_databases(**kwargs)
        except Exception as error:
            write(
                {
                    "kind": "setup_error",
                    "error": clip(repr(error)),
                    "db_errors": list(db_errors),
                    "last_sql": list(recent_sql),
                }
            )
            raise
        # Tests django-tidb skips (django_test_skips) or expects to fail on TiDB, by its own list.
        from django.db import connection

        features = connection.features
        marked = set().union(*features.django_test_skips.values()) if features.django_test_skips else set()
        write(
            {
                "kind": "marked",
                "skips": sorted(marked),
                "expected_failures": sorted(features.django_test_expected_failures),
            }
        )
        return old_config
