"""The runner reads `.test` files and writes output as mysql-tester 17b728e does (no server needed)."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from causes import classify  # noqa: E402
from mysqltest import ServerError, parse_replace_regex, parse_test  # noqa: E402
from runner import FileTester, Unit, row_key, split_expected  # noqa: E402


def test_statements_end_at_a_line_ending_with_semicolon():
    commands = parse_test("create table t(a int,\n  b int);\nselect 1; select 2;\nselect 'a;b'\nfrom dual;\n")
    assert [(c.kind, c.text, c.line) for c in commands] == [
        ("query", "create table t(a int,\nb int);", 1),
        ("query", "select 1; select 2;", 3),
        ("query", "select 'a;b'\nfrom dual;", 4),
    ]


def test_directives_with_or_without_space_and_comments():
    commands = parse_test("# comment\n--error 1062\n-- sorted_result\n--echo  hello world \nconnect (c1, localhost, root,, db);\nab\n")
    assert [(c.kind, c.text) for c in commands] == [
        ("error", " 1062"),
        ("sorted_result", ""),
        ("echo", "hello world"),
        ("connect", " (c1, localhost, root,, db);"),
    ]


def test_unknown_directive_is_an_error():
    try:
        parse_test("--frobnicate\n")
    except ValueError as error:
        assert "frobnicate" in str(error)
    else:
        raise AssertionError("an unknown -- command must be refused, as mysql-tester does")


def test_error_text_is_go_sql_drivers():
    assert str(ServerError(1062, "23000", "Duplicate entry '1' for key 't.PRIMARY'")) == (
        "Error 1062 (23000): Duplicate entry '1' for key 't.PRIMARY'"
    )
    assert str(ServerError(1105, "", "boom")) == "Error 1105: boom"


def test_replace_regex_uses_go_replacement_syntax():
    [(pattern, replacement)] = parse_replace_regex(r"/conn=([0-9]+)/id=<$1>/")
    assert pattern.sub(replacement, "conn=42 x") == "id=<42> x"


def test_rows_are_tab_separated_with_null_sorted_first():
    tester = FileTester("127.0.0.1", 0, "x")
    tester.sorted = True
    tester.replace_columns = [(2, "#")]
    out = []
    tester.write_rows(["a", "b"], [(b"b", b"1"), (None, b"2"), (b"", b"3")], out)
    assert "".join(out) == "a\tb\nNULL\t#\n\t#\nb\t#\n"
    assert sorted([(b"",), (None,)], key=row_key) == [(None,), (b"",)]


def test_expected_result_is_cut_at_each_echoed_statement():
    commands = parse_test("select 1;\ninsert into t values (1);\nselect 1;\n")
    units = [Unit(c, c.text + "\n", "", True) for c in commands]
    units[0].output = "1\n1\n"
    units[2].output = "1\n2\n"
    blocks = split_expected(units, "select 1;\n1\n1\ninsert into t values (1);\nselect 1;\n1\n1\n")
    assert [b.expected for b in blocks] == ["select 1;\n1\n1\n", "insert into t values (1);\n", "select 1;\n1\n1\n"]
    assert [b.matched for b in blocks] == [True, True, False]
    assert [b.prints for b in blocks] == [True, False, True]


def test_causes_group_unsupported_statements():
    cause, _ = classify("create sequence s;", "", "Error 1235 (42000): This version of TiDB doesn't yet support 'CREATE SEQUENCE'\n")
    assert cause == "unsupported: This version of TiDB doesn't yet support 'CREATE SEQUENCE'"
    cause, _ = classify("insert into t values (1);", "", "Error 1062 (23000): Duplicate entry '1' for key 't.PRIMARY'\n")
    assert cause == "unexpected error 1062: Duplicate entry '…' for key '…'"
    cause, _ = classify("explain select 1;", "id\testRows\n", "Error 1064 (42000): x\n")
    assert cause.startswith("EXPLAIN")


def test_ok_packet_info_is_length_encoded_as_tidb_sends_it():
    from mysqltest import ok_message

    assert ok_message(b"(Rows matched: 1  Changed: 1  Warnings: 0") == b"Rows matched: 1  Changed: 1  Warnings: 0"
    assert ok_message(b"Records: 2  Duplicates: 0  Warnings: 0") == b"Records: 2  Duplicates: 0  Warnings: 0"
    assert ok_message(b"") == b""
