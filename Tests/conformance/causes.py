"""Groups mismatched statements by likely cause, so the report can say what to fix first."""

import re

ERROR_LINE = re.compile(r"^Error (\d+)(?: \(\w+\))?: (.*)$", re.MULTILINE)
FIRST_WORDS = re.compile(r"^\s*(\w+)(?:\s+(\w+))?", re.IGNORECASE)
TIDB_ONLY = re.compile(
    r"tidb_|_tidb_rowid|\bSHARD_ROW_ID_BITS\b|\bAUTO_RANDOM\b|PLACEMENT|\bSPLIT\s+TABLE\b|\bADMIN\b|"
    r"\bBINDING\b|\bTIFLASH\b|\bSTATS_|\bANALYZE\b|\bRESOURCE GROUP\b|\bflashback\b|\bTABLESAMPLE\b|"
    r"information_schema\.(cluster_|tidb_|tikv_)|\bGLOBAL\b.*\bINDEX\b",
    re.IGNORECASE,
)


def statement_kind(sql):
    match = FIRST_WORDS.match(sql)
    if not match:
        return "?"
    first = match.group(1).upper()
    second = (match.group(2) or "").upper()
    if first in ("CREATE", "ALTER", "DROP", "SHOW", "SET", "ADMIN", "SPLIT", "FLASHBACK", "LOCK", "TRUNCATE"):
        return f"{first} {second}".strip()
    if first == "DESC" or first == "DESCRIBE":
        return "EXPLAIN" if second in ("SELECT", "FORMAT", "ANALYZE", "UPDATE", "DELETE", "INSERT") else "DESC"
    return first


def shape(message):
    """An error message with its literals taken out, for grouping."""
    message = re.sub(r"(?<![A-Za-z])'[^']*'", "'…'", message)
    message = re.sub(r"`[^`]*`", "`…`", message)
    message = re.sub(r"\b\d+\b", "N", message)
    return message[:110]


def errors_of(text):
    return [(int(code), message) for code, message in ERROR_LINE.findall(text)]


def classify(sql, expected, actual):
    """(cause, detail) for one mismatched block; `expected`/`actual` without the echoed statement."""
    kind = statement_kind(sql)
    if actual.startswith("<not run: connection"):
        reason = actual.split(": ", 2)[-1]
        return f"not run: a `connect` of the test failed ({shape(reason.strip())})", ""
    if actual.startswith("<not run"):
        return "not run: the server stopped answering earlier in the file", ""
    if actual.startswith("<client error"):
        return "statement timed out (30 s) or lost its connection", ""
    if kind in ("EXPLAIN", "TRACE", "PLAN"):
        return "EXPLAIN/TRACE output (TiDB plans are not reproduced)", ""
    got_errors, want_errors = errors_of(actual), errors_of(expected)
    if got_errors and not want_errors:
        code, message = got_errors[0]
        if code == 1235 or "doesn't yet support" in message or "not supported" in message.lower():
            # What is unsupported is named in the message: keep it, one group per feature.
            return f"unsupported: {message[:110]}", ""
        if code == 1064:
            return f"parse error (1064) on {kind}", ""
        if code in (1146, 1054, 1049, 1051, 1091, 1072):
            return f"object missing after an earlier failure ({code}: {shape(message)})", ""
        return f"unexpected error {code}: {shape(message)}", ""
    if want_errors and not got_errors:
        code, message = want_errors[0]
        return f"missing error {code} on {kind}: {shape(message)}", ""
    if got_errors and want_errors:
        (got_code, got_message), (want_code, want_message) = got_errors[0], want_errors[0]
        if got_code != want_code:
            return f"different error code: got {got_code}, TiDB {want_code}", ""
        return f"error {want_code}: message differs", ""
    if TIDB_ONLY.search(sql):
        return "TiDB-specific feature (variables, rowid, admin, stats, placement …)", ""
    want_lines, got_lines = expected.split("\n"), actual.split("\n")
    if "Level\tCode\tMessage" in expected or "Level\tCode\tMessage" in actual:
        if expected.split("Level\tCode\tMessage")[0] == actual.split("Level\tCode\tMessage")[0]:
            return "warnings differ", ""
    if "affected rows:" in expected and expected.split("affected rows:")[0] == actual.split("affected rows:")[0]:
        return "affected rows / info message differs", ""
    if kind.startswith("SHOW"):
        if kind == "SHOW CREATE":
            return "SHOW CREATE TABLE text differs", ""
        return f"{kind} output differs", ""
    if kind in ("SELECT", "WITH", "(", "TABLE", "VALUES"):
        if want_lines[:1] != got_lines[:1]:
            return "SELECT: column names differ", ""
        if len(want_lines) != len(got_lines):
            return "SELECT: row count differs", ""
        if sorted(want_lines) == sorted(got_lines):
            return "SELECT: row order differs", ""
        return "SELECT: values differ", ""
    return f"{kind}: output differs", ""
