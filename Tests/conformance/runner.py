"""Runs one `.test` file as mysql-tester does and compares it with its `.result`, statement by
statement (docs/tidb/conformance.md)."""

import dataclasses
import pathlib

import pymysql.err

from mysqltest import ServerError, as_text, connect, parse_replace_regex, parse_test, run_statement


@dataclasses.dataclass
class Unit:
    """What one command wrote: `anchor` is the part known before running (the echoed statement or
    `--echo` text), `output` what the server's answers added."""

    command: object
    anchor: str | None
    output: str = ""
    is_statement: bool = False


@dataclasses.dataclass
class Block:
    """One echoed statement (or echo) with the unechoed statements after it, and both outputs."""

    units: list
    expected: str
    actual: str

    @property
    def matched(self):
        return self.expected == self.actual

    @property
    def statements(self):
        return [unit for unit in self.units if unit.is_statement]

    @property
    def prints(self):
        anchor = self.units[0].anchor or ""
        return len(self.expected) > len(anchor)


@dataclasses.dataclass
class FileResult:
    name: str
    blocks: list
    setup_problems: list
    fatal: str | None = None

    def count(self, predicate):
        return sum(len(block.statements) for block in self.blocks if predicate(block))

    @property
    def statements(self):
        return self.count(lambda block: True)

    @property
    def matched(self):
        return self.count(lambda block: block.matched)

    @property
    def printing(self):
        return self.count(lambda block: block.prints)

    @property
    def printing_matched(self):
        return self.count(lambda block: block.prints and block.matched)


def database_name(name):
    return name.replace("/", "__")


def result_path(corpus, name):
    # mysql-tester reads collation* files' results from <name>_enabled.result (new collation on).
    base = name.split("/")[-1]
    suffix = "_enabled" if base.startswith("collation") else ""
    return pathlib.Path(corpus) / "r" / f"{name}{suffix}.result"


class FileTester:
    def __init__(self, host, port, name):
        self.host, self.port, self.name = host, port, name
        self.query_log = True
        self.result_log = True
        self.warnings = False
        self.info = False
        self.sorted = False
        self.replace_columns = []
        self.replace_regex = []
        self.expected_errors = None
        self.connections = {}
        self.logins = {}
        self.current = None
        self.current_name = None
        self.setup_problems = []
        self.concurrent = False
        self.fatal = None
        self.failed_connections = {}

    def open(self, connection_name, database, user="root", password=""):
        connection, problems = connect(self.host, self.port, database, user, password)
        self.setup_problems.extend(problems)
        self.connections[connection_name] = connection
        self.logins[connection_name] = (database, user, password)
        self.current, self.current_name = connection, connection_name

    def reopen_current(self):
        """After a statement timed out or lost its connection: kill it, and go on with a new
        connection of the same name (its session state is lost; later statements may differ)."""
        name, old = self.current_name, self.current
        database, user, password = self.logins[name]
        self.open(name, database, user, password)
        try:
            with self.current.cursor() as cursor:
                cursor.execute(f"KILL {old.thread_id()}")
        except Exception:
            pass
        try:
            old.close()
        except Exception:
            pass

    def run(self, commands):
        admin, problems = connect(self.host, self.port, "test")
        self.setup_problems.extend(problems)
        database = database_name(self.name)
        with admin.cursor() as cursor:
            cursor.execute(f"create database `{database}`")
        self.open("default", database)
        units = []
        try:
            for index, command in enumerate(commands):
                try:
                    unit = self.step(command)
                except Exception as error:  # a lost connection: the rest of the file cannot run
                    self.fatal = f"line {command.line}: {type(error).__name__}: {error}"
                    units.extend(
                        Unit(rest, rest.text + "\n", f"<not run: {self.fatal}>\n", True)
                        for rest in commands[index:]
                        if rest.kind == "query"
                    )
                    break
                if unit is not None:
                    units.append(unit)
        finally:
            for connection in self.connections.values():
                try:
                    connection.close()
                except Exception:
                    pass
            try:
                with admin.cursor() as cursor:
                    cursor.execute(f"drop database `{database}`")
                admin.close()
            except Exception:
                pass
        return units

    def step(self, command):
        kind, text = command.kind, command.text
        flags = {
            "enable_query_log": ("query_log", True), "disable_query_log": ("query_log", False),
            "enable_result_log": ("result_log", True), "disable_result_log": ("result_log", False),
            "enable_warnings": ("warnings", True), "disable_warnings": ("warnings", False),
            "enable_info": ("info", True), "disable_info": ("info", False),
            "begin_concurrent": ("concurrent", True), "end_concurrent": ("concurrent", False),
        }
        if kind in flags:
            setattr(self, *flags[kind])
        elif kind == "error":
            self.expected_errors = [code.strip() for code in text.strip().split(",")]
        elif kind == "echo":
            return Unit(command, text + "\n")
        elif kind == "sorted_result":
            self.sorted = True
        elif kind == "replace_column":
            fields = text.split()
            self.replace_columns = [(int(fields[i]), fields[i + 1]) for i in range(0, len(fields) - 1, 2)]
        elif kind == "replace_regex":
            self.replace_regex = parse_replace_regex(text)
        elif kind in ("connect", "connection", "disconnect"):
            self.connection_command(kind, text)
        elif kind == "query":
            unit = self.query(command)
            self.sorted, self.replace_columns, self.replace_regex = False, [], []
            return unit
        # Everything else mysql-tester 17b728e ignores (it logs "command not implemented").
        return None

    def connection_command(self, kind, text):
        argument = text.strip()
        if argument.endswith(";"):
            argument = argument[:-1]
        if kind == "connect":
            fields = [field.strip() for field in argument[1:-1].split(",")] + [""] * 4
            name, _host, user, password, database = fields[:5]
            try:
                self.open(name, database, user or "root", password)
            except Exception as error:
                # mysql-tester ends the file here (unless --error); the runner marks the statements
                # sent on this connection as not run and goes on with the rest of the file.
                self.connections[name] = None
                self.current, self.current_name = None, name
                self.failed_connections[name] = f"connection {name} could not be opened: {error}"
            self.expected_errors = None
        elif kind == "connection":
            self.current, self.current_name = self.connections[argument], argument
        else:
            connection = self.connections.pop(argument)
            if connection is not None:
                connection.close()
            self.current, self.current_name = self.connections["default"], "default"

    def query(self, command):
        unit = Unit(command, command.text + "\n" if self.query_log else None, is_statement=not self.concurrent)
        out = []
        try:
            if self.current is None:
                out.append(f"<not run: {self.failed_connections[self.current_name]}>\n")
            else:
                self.execute(command.text, out)
        except ServerError as error:
            # Without --error mysql-tester stops the file; here the error is written like an expected
            # one, so the statement mismatches and the file goes on.
            out.append(self.replace_all(str(error).replace("\r", "")) + "\n")
        except (pymysql.err.OperationalError, pymysql.err.InterfaceError) as error:
            out.append(f"<client error: {error}>\n")
            self.reopen_current()
        self.expected_errors = None
        unit.output = "".join(out)
        if self.concurrent:
            # mysql-tester throws away what concurrent blocks print.
            unit.anchor, unit.output = None, ""
        return unit

    def execute(self, sql, out):
        columns, rows, (affected, message) = run_statement(self.current, sql)
        if self.result_log and (columns or rows):
            self.write_rows(columns, rows, out)
        if self.info:
            out.append(f"affected rows: {affected}\ninfo: {as_text(message)}\n")
        if self.warnings:
            columns, rows, _ = run_statement(self.current, "show warnings;")
            if rows:
                self.write_rows(columns, sorted(rows, key=row_key), out)

    def replace_all(self, text):
        for pattern, replacement in self.replace_regex:
            text = pattern.sub(replacement, text)
        return text

    def write_rows(self, columns, rows, out):
        rows = [list(row) for row in rows]
        if self.sorted:
            rows.sort(key=row_key)
        for column, replacement in self.replace_columns:
            for row in rows:
                if column <= len(row):
                    row[column - 1] = replacement.encode()
        out.append("\t".join(columns) + "\n")
        for row in rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append("NULL")
                    continue
                text = as_text(value)
                # mysql-tester applies --replace_regex to each cell.
                cells.append(self.replace_all(text))
            out.append("\t".join(cells) + "\n")


def row_key(row):
    # mysql-tester's byteRows.Less: bytewise, NULL before every value (the empty string included).
    return [(value is not None, value if isinstance(value, bytes) else str(value).encode()) for value in row]


def split_expected(units, expected):
    """Cuts the recorded result into blocks: each echoed statement or echo starts a block at the
    first line, after the previous block's start, that is its echo; unechoed statements join the
    block before them."""
    groups = []
    for unit in units:
        if unit.anchor is None and groups:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    starts = []
    position = 0
    for group in groups:
        anchor = group[0].anchor
        if anchor is None:
            starts.append(0)
            continue
        found = expected.find(anchor, position)
        while found > 0 and expected[found - 1] != "\n":
            found = expected.find(anchor, found + 1)
        if found < 0:
            starts.append(None)
            continue
        starts.append(found)
        position = found + len(anchor)
    blocks = []
    for index, group in enumerate(groups):
        actual = "".join((unit.anchor or "") + unit.output for unit in group)
        start = starts[index]
        if start is None:
            blocks.append(Block(group, "<statement not found in the recorded result>\n", actual))
            continue
        end = next((s for s in starts[index + 1 :] if s is not None), len(expected))
        blocks.append(Block(group, expected[start:end], actual))
    return blocks


def run_file(host, port, corpus, name):
    corpus = pathlib.Path(corpus)
    test = (corpus / "t" / f"{name}.test").read_bytes().decode("utf-8", "surrogateescape")
    expected = result_path(corpus, name).read_bytes().decode("utf-8", "surrogateescape")
    tester = FileTester(host, port, name)
    try:
        units = tester.run(parse_test(test))
    except Exception as error:  # the file's database could not even be created
        return FileResult(name, [], tester.setup_problems, fatal=f"{type(error).__name__}: {error}")
    return FileResult(name, split_expected(units, expected), tester.setup_problems, tester.fatal)
