"""A runner for mysql-tester `.test` files that writes what mysql-tester would write to `.result`.

It follows pingcap/mysql-tester at commit 17b728effac3dd2f347bf508d4920657860ef719, the version
TiDB's tests/integrationtest/run-tests.sh pins, so the recorded `.result` files of TiDB compare byte
for byte (docs/tidb/conformance.md lists the rules). Unlike mysql-tester it does not stop at the
first difference: every statement runs, and the output is split into one block per echoed
statement so that each statement can be compared with TiDB's recorded block on its own.
"""

import dataclasses
import re

import pymysql
import pymysql.err
import pymysql.protocol
from pymysql.constants import CLIENT

# mysql-tester's command names (src/type.go); a line whose first word is one of these is a command,
# with or without the leading `--`.
COMMANDS = frozenset("""
connection query connect sleep real_sleep inc dec source disconnect let echo while end system result
require save_master_pos sync_with_master sync_slave_with_master error send reap dirty_close
replace_result replace_column ping eval eval_result enable_query_log disable_query_log
enable_result_log disable_result_log enable_connect_log disable_connect_log wait_for_slave_to_stop
enable_warnings disable_warnings enable_info disable_info enable_session_track_info
disable_session_track_info enable_metadata disable_metadata exec execw delimiter
disable_abort_on_error enable_abort_on_error vertical_results horizontal_results query_vertical
query_horizontal sorted_result lowercase_result start_timer end_timer character_set
disable_ps_protocol enable_ps_protocol disable_reconnect enable_reconnect if disable_parsing
enable_parsing replace_regex replace_numeric_round remove_file file_exists write_file copy_file perl
die exit skip chmod append_file cat_file diff_files send_quit change_user mkdir rmdir list_files
list_files_write_file list_files_append_file send_shutdown shutdown_server result_format move_file
remove_files_wildcard send_eval output reset_connection single_query begin_concurrent end_concurrent
""".split())

# The session mysql-tester sets up on every connection it opens to a TiDB server (initConn).
SESSION_SETUP = (
    "SET @@tidb_init_chunk_size=1",
    "SET @@tidb_max_chunk_size=32",
    "SET @@tidb_multi_statement_mode=1",
    "SET @@tidb_hash_join_concurrency=1",
    "SET @@tidb_enable_pseudo_for_outdated_stats=false",
    "SET @@tidb_enable_analyze_snapshot=1",
    "SET @@tidb_enable_clustered_index='int_only'",
)

WHITESPACE = " \t\n\r\v\f"


@dataclasses.dataclass
class Command:
    kind: str  # "query" or a mysql-tester command name
    text: str  # the query as written (with its `;`), or the command's argument
    line: int


def parse_test(data):
    """The commands of a `.test` file, as mysql-tester's loadQueries and ParseQueries read them:
    a statement runs until a line that ends with `;`; `#` lines are comments; `--` lines are
    commands; blank lines are skipped."""
    entries = []
    new_statement = True
    for number, raw in enumerate(data.split("\n"), start=1):
        line = raw.strip(WHITESPACE)
        if line.startswith("#"):
            new_statement = True
            continue
        if line.startswith("--"):
            entries.append([line, number])
            new_statement = True
            continue
        if not line:
            continue
        if new_statement:
            entries.append([line, number])
        else:
            entries[-1][0] += "\n" + line
        new_statement = line.endswith(";")
    commands = []
    for text, number in entries:
        if len(text) < 3:
            continue
        rest = text
        is_directive = text.startswith("--")
        if is_directive:
            rest = text[3:] if text[2] == " " else text[2:]
        word = re.match(r"[^( ;\n]*", rest).group(0)
        argument = rest[len(word):]
        if word.lower() in COMMANDS:
            kind = word.lower()
            if kind in ("echo", "sorted_result"):
                argument = argument.strip(WHITESPACE)
            commands.append(Command(kind, argument, number))
        elif is_directive:
            raise ValueError(f"line {number}: unknown mysql-tester command {word!r}")
        else:
            commands.append(Command("query", text, number))
    return commands


def go_replacement(template):
    """A Go regexp replacement template (`$1`, `${name}`) as a Python one."""
    out = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "\\":
            out.append("\\\\")
        elif char == "$":
            if template.startswith("$$", index):
                out.append("$")
                index += 2
                continue
            match = re.match(r"\$(?:\{(\w+)\}|(\w+))", template[index:])
            if match:
                out.append(f"\\g<{match.group(1) or match.group(2)}>")
                index += len(match.group(0))
                continue
            out.append("$")
        else:
            out.append(char)
        index += 1
    return "".join(out)


def parse_replace_regex(argument):
    """`/regex/replacement/` pairs, split on unescaped `/` as mysql-tester's ParseReplaceRegex."""
    slashes = [i for i, c in enumerate(argument) if c == "/" and (i == 0 or argument[i - 1] != "\\")]
    if len(slashes) % 3:
        raise ValueError(f"could not parse --replace_regex {argument!r}")
    pairs = []
    for begin, middle, end in zip(slashes[0::3], slashes[1::3], slashes[2::3]):
        replacement = argument[middle + 1 : end]
        for escape, value in (("\\n", "\n"), ("\\t", "\t"), ("\\r", "\r"), ("\\/", "/"), ("\\\\", "\\")):
            replacement = replacement.replace(escape, value)
        pairs.append((re.compile(argument[begin + 1 : middle]), go_replacement(replacement)))
    return pairs


class ServerError(Exception):
    """An ERR packet, with the SQLSTATE PyMySQL drops."""

    def __init__(self, code, state, message):
        super().__init__(code, message)
        self.code, self.state, self.message = code, state, message

    def __str__(self):
        # go-sql-driver's MySQLError.Error(), which mysql-tester writes.
        if self.state:
            return f"Error {self.code} ({self.state}): {self.message}"
        return f"Error {self.code}: {self.message}"


_server_error_classes = {}


def _server_error_class(code):
    # Also the class PyMySQL itself would raise (IntegrityError, OperationalError, ...): the patch
    # below is process-wide, and other tests in the same pytest run catch PyMySQL's classes.
    base = pymysql.err.error_map.get(code) or (
        pymysql.err.InternalError if code < 1000 else pymysql.err.OperationalError)
    if base not in _server_error_classes:
        _server_error_classes[base] = type("Server" + base.__name__, (ServerError, base), {})
    return _server_error_classes[base]


def _raise_server_error(data):
    code = int.from_bytes(data[1:3], "little")
    if data[3:4] == b"#":
        state, message = data[4:9].decode("ascii", "replace"), data[9:]
    else:
        state, message = "", data[3:]
    raise _server_error_class(code)(code, state, message.decode("utf-8", "surrogateescape"))


def _parse_field_descriptor(self, encoding):
    # PyMySQL's, but column names keep bytes that are not UTF-8 (mysql-tester prints raw bytes).
    self.catalog = self.read_length_coded_string()
    self.db = self.read_length_coded_string()
    self.table_name = self.read_length_coded_string().decode(encoding, "surrogateescape")
    self.org_table = self.read_length_coded_string().decode(encoding, "surrogateescape")
    self.name = self.read_length_coded_string().decode(encoding, "surrogateescape")
    self.org_name = self.read_length_coded_string().decode(encoding, "surrogateescape")
    (self.charsetnr, self.length, self.type_code, self.flags, self.scale) = self.read_struct("<xHIBHBxx")


pymysql.err.raise_mysql_exception = _raise_server_error
pymysql.protocol.FieldDescriptorPacket._parse_field_descriptor = _parse_field_descriptor


def connect(host, port, database, user="root", password=""):
    """A connection set up as mysql-tester's (go-sql-driver, `time_zone='Asia/Shanghai'` in the
    DSN, utf8mb4_general_ci): values come back as the text protocol's raw bytes."""
    connection = pymysql.connect(
        host=host, port=port, user=user, password=password, database=database or None,
        conv={}, use_unicode=False, autocommit=None, charset="utf8mb4",
        # go-sql-driver does not ask for multi-statements; tidb_multi_statement_mode=1 (below)
        # makes TiDB accept them anyway.
        client_flag=CLIENT.MULTI_STATEMENTS, connect_timeout=30, read_timeout=30,
    )
    problems = []
    for statement in ("SET time_zone='Asia/Shanghai'",) + SESSION_SETUP:
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        except ServerError as error:
            problems.append(f"{statement}: {error}")
    return connection, problems


def run_statement(connection, sql):
    """(columns, rows) of a statement as go's database/sql reads them: the first result set's
    columns with the rows of every result set; raises ServerError."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = list(cursor.fetchall())
        while cursor.nextset():
            rows.extend(cursor.fetchall())
        result = connection._result
        info = (result.affected_rows if result else 0, ok_message((result.message or b"") if result else b""))
    return columns, rows, info


def ok_message(raw):
    """The OK packet's info text. TiDB sends it length-encoded (not string<EOF> as the protocol
    documents), and go-sql-driver reads it so; PyMySQL hands over the raw rest of the packet."""
    raw = bytes(raw)
    if raw and raw[0] < 0xFB and raw[0] == len(raw) - 1:
        return raw[1:]
    return raw


def as_text(value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "surrogateescape")
    return str(value)
