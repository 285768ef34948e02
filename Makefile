# mock-tidb: `make run` serves the DR topology (primary :4000, secondary :4001, mock-ticdc :8300);
# `make test` runs every test.
# Both install what is missing first (Debian packages, Python clients), idempotently.

SWIFT ?= swift
PYTHON ?= python3
DEBIAN_PACKAGES := libmariadb-dev mariadb-client mariadb-server sysbench pkg-config tzdata
# The client matrix (Tests/clients/matrix): Go, Java, PHP, Perl, Ruby and Node MySQL clients.
MATRIX_DEBIAN_PACKAGES := golang-go golang-github-go-sql-driver-mysql-dev default-jdk-headless libmariadb-java \
	php-cli php-mysql libdbd-mariadb-perl libdbd-mysql-perl ruby-mysql2 node-mysql
BENCH_DEBIAN_PACKAGES := gcc
PYTHON_PACKAGES := PyMySQL mysql-connector-python mysqlclient SQLAlchemy pytest 'moto[server]' jsonschema requests
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench deps bench-deps build build-release format clean django conformance conformance-update-passing

# The DR topology (DESIGN.md): primary :4000, secondary :4001, mock-ticdc :8300, three processes.
run: deps build-release
	scripts/run-dr-topology.sh .build/release

test: deps lint
	$(SWIFT) build --build-tests
	# Strict NIO: a task scheduled on an event loop that has shut down crashes the test run
	# instead of printing an error nobody reads.
	SWIFTNIO_STRICT=1 $(SWIFT) test
	MOCK_TIDB_BIN=$(CURDIR)/.build/debug/mock-tidb $(PYTHON) -m pytest -q Tests/clients Tests/package Tests/conformance

# TiDB's own integration tests (Tests/conformance, docs/tidb/conformance.md): the statement match
# rate per file over the whole corpus, written to CONFORMANCE.md. With MOCK_TIDB_BIN set, that binary
# is used and nothing is built. CONFORMANCE_ARGS: e.g. "--show-diffs 5 expression/cast".
CONFORMANCE_ARGS ?=
CONFORMANCE_BIN = $(if $(MOCK_TIDB_BIN),$(MOCK_TIDB_BIN),$(CURDIR)/.build/debug/mock-tidb)

conformance:
	@scripts/install-deps.sh python $(PYTHON_PACKAGES)
	$(if $(MOCK_TIDB_BIN),,$(SWIFT) build --product mock-tidb)
	$(PYTHON) Tests/conformance/conformance.py --binary $(CONFORMANCE_BIN) --report CONFORMANCE.md $(CONFORMANCE_ARGS)

# Rewrites Tests/conformance/passing.txt (the files `make test` requires to pass entirely).
conformance-update-passing:
	@scripts/install-deps.sh python $(PYTHON_PACKAGES)
	$(if $(MOCK_TIDB_BIN),,$(SWIFT) build --product mock-tidb)
	$(PYTHON) Tests/conformance/conformance.py --binary $(CONFORMANCE_BIN) --report CONFORMANCE.md --update-passing $(CONFORMANCE_ARGS)

# BENCH_ARGS: e.g. `make bench BENCH_ARGS="--sections oltp --oltp-rounds 5"` (see Benchmarks/run.py).
BENCH_ARGS ?=

bench: deps bench-deps build-release
	$(PYTHON) Benchmarks/run.py --binary .build/release/mock-tidb --output BENCHMARKS-latest.md $(BENCH_ARGS)

build:
	$(SWIFT) build

# Django's own test suite through django-tidb against mock-tidb (docs/tidb/django.md); not part of
# `make test` (about 40 minutes; DJANGO_JOBS=3 about 15). DJANGO_APPS="basic queries" runs a subset; MOCK_TIDB_BIN another binary.
django:
	@scripts/install-deps.sh debian libmariadb-dev pkg-config
	$(if $(MOCK_TIDB_BIN),,$(SWIFT) build --product mock-tidb)
	scripts/django-check.sh

# Release builds skip Swift's run-time exclusivity checks in every module, SwiftNIO's included:
# they cost about 7 % of the server's CPU per query. Here, not in Package.swift: SwiftPM refuses a
# versioned dependency on a package with unsafe flags.
RELEASE_FLAGS := -c release -Xswiftc -enforce-exclusivity=unchecked

build-release:
	$(SWIFT) build $(RELEASE_FLAGS) --product mock-tidb
	$(SWIFT) build $(RELEASE_FLAGS) --product mock-ticdc
	$(SWIFT) build $(RELEASE_FLAGS) --product mock-tidb-bench
	$(SWIFT) build $(RELEASE_FLAGS) --product tidb-client-bench
	$(SWIFT) build $(RELEASE_FLAGS) --product tidb-dr
	$(SWIFT) build $(RELEASE_FLAGS) --product mock-pd-ctl

deps:
	@scripts/install-deps.sh debian $(DEBIAN_PACKAGES) $(MATRIX_DEBIAN_PACKAGES)
	@scripts/install-deps.sh python $(PYTHON_PACKAGES)

bench-deps:
	@scripts/install-deps.sh debian $(BENCH_DEBIAN_PACKAGES)

format:
	$(SWIFT) format format --in-place --recursive Sources Tests

# The tree stays formatted (.swift-format): any finding fails `make test`, so CI. `make format` fixes
# nearly all of them; about 10 s for the whole tree.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests

clean:
	rm -rf .build
