"""Django settings for running Django's own test suite against mock-tidb through django-tidb.

The same as django-tidb's CI settings (tidb_settings.py at tag 5.2.1): engine django_tidb, two
databases `default` and `other` (test databases django_tests and django_tests2, utf8mb4_general_ci),
`@@tidb_allow_remove_auto_inc` on for every connection, AutoField primary keys, USE_TZ off. Only the
test runner is ours: Tests/django/run.py copies mock_tidb_runner.py beside this file so that every
test's outcome, exception and SQL are recorded as JSON lines.
"""

import os

HOST = os.environ.get("TIDB_HOST", "127.0.0.1")
PORT = os.environ.get("TIDB_PORT", "4000")
USER = os.environ.get("TIDB_USER", "root")
PASSWORD = os.environ.get("TIDB_PASSWORD", "")


def database(test_name):
    return {
        "ENGINE": "django_tidb",
        "USER": USER,
        "PASSWORD": PASSWORD,
        "HOST": HOST,
        "PORT": PORT,
        "TEST": {
            "NAME": test_name,
            "CHARSET": "utf8mb4",
            "COLLATION": "utf8mb4_general_ci",
        },
        "OPTIONS": {
            "init_command": "SET @@tidb_allow_remove_auto_inc = ON",
        },
    }


DATABASES = {
    "default": database("django_tests"),
    "other": database("django_tests2"),
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = False
SECRET_KEY = "django_tests_secret_key"

# Use a fast hasher to speed up tests.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
]

TEST_RUNNER = "mock_tidb_runner.RecordingRunner"
