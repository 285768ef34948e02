#!/usr/bin/env bash
# `make django`: Django's own test suite through django-tidb against mock-tidb (docs/tidb/django.md).
# Installs, idempotently and from PyPI only, Django 5.2.x (its source distribution, for tests/),
# django-tidb 5.2.x and mysqlclient into a virtualenv under .build/django, then runs
# Tests/django/run.py over django-tidb CI's test apps (Tests/django/apps.txt).
#
# Environment: MOCK_TIDB_BIN (default .build/debug/mock-tidb), DJANGO_APPS (a subset, space- or
# comma-separated), DJANGO_TIMEOUT (seconds per app, default 1200), DJANGO_JOBS (apps run at once,
# each with its own mock-tidb; default 1), DJANGO_TIDB_VERSION (mock-tidb's --tidb-version, e.g.
# v6.5.9: django-tidb then creates no foreign keys), DJANGO_TIDB_WITHOUT (diagnostic only:
# foreign-keys,check-constraints makes django-tidb believe TiDB lacks them), DJANGO_REPORT (default DJANGO-latest.md), PYTHON (to
# create the virtualenv).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
home=$PWD/.build/django
venv=$home/venv
binary=${MOCK_TIDB_BIN:-.build/debug/mock-tidb}
# What django-tidb 5.2.1 supports (its own pin is django~=5.2.0), and the packages Django's tests
# import when present (the rest of tests/requirements/py3.txt needs services, browsers or compilers).
django_spec='Django>=5.2,<5.3'
packages=("$django_spec" 'django-tidb>=5.2.1,<5.3' 'mysqlclient>=1.4.3' PyYAML Pillow jinja2 tblib numpy argon2-cffi bcrypt docutils sqlparse tzdata)

if [ ! -x "$binary" ]; then
    echo "no mock-tidb binary at $binary: run 'swift build' or set MOCK_TIDB_BIN" >&2
    exit 2
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import django, django_tidb, MySQLdb, yaml, PIL, jinja2' 2>/dev/null; then
    echo "installing into $venv: ${packages[*]}"
    "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}"
fi
version=$("$venv/bin/python" -c 'import django; print(django.get_version())')
tests=$home/django-$version/tests
if [ ! -f "$tests/runtests.py" ]; then
    # The wheel has no tests/; the source distribution of the same version has.
    "$venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
        "Django==$version" -d "$home/sdist"
    tar -xzf "$home/sdist/django-$version.tar.gz" -C "$home" "django-$version/tests"
fi

exec "$venv/bin/python" Tests/django/run.py \
    --django-tests "$tests" \
    --python "$venv/bin/python" \
    --mock-tidb "$binary" \
    --apps "${DJANGO_APPS:-}" \
    --timeout "${DJANGO_TIMEOUT:-1200}" \
    --jobs "${DJANGO_JOBS:-1}" \
    --tidb-version "${DJANGO_TIDB_VERSION:-}" \
    --out "$home/results" \
    --report "${DJANGO_REPORT:-DJANGO-latest.md}"
