#!/usr/bin/env python3
"""Generates Sources/TiDBEngine/Charset/*+Generated.swift: the GBK code table and the collation
weight tables TiDB's collators use (docs/tidb/charsets-collations.md §6.3), from what Debian gives:

- GBK: Python's `gbk` codec (two-byte codes 0x8140..0xFEFE; like TiDB it has no euro sign).
- utf8mb4_general_ci, utf8mb4_unicode_ci (UCA 4.0.0) and gbk_chinese_ci: MariaDB's collations of the
  same names, which are MySQL's tables, read with WEIGHT_STRING from a private mariadbd.
- utf8mb4_0900_ai_ci (UCA 9.0.0 in TiDB): MariaDB 10.11 has no UCA 9.0.0 collation; its
  utf8mb4_uca1400_nopad_ai_ci (UCA 14.0.0, primary weights) is read for the characters Unicode 9.0
  had assigned (Perl's Unicode::UCD), and every later character gets the implicit weight TiDB's
  table gives a character it does not list. The numbers differ from MySQL's 9.0.0 weights; the
  order of two characters differs only where UCA changed it between 9.0 and 14.0.

Run it again only to change the tables (it needs mariadb-server, perl; about a minute):
    python3 scripts/generate-charset-tables.py
"""

import base64
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import pymysql

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "Sources" / "TiDBEngine" / "Charset"
TABLE_0900_END = 0x2CEA1  # TiDB's 0900 table covers code points below this


def start_mariadb():
    directory = pathlib.Path(tempfile.mkdtemp(prefix="charset-tables-"))
    subprocess.run(
        ["mariadb-install-db", "--no-defaults", f"--datadir={directory / 'data'}", "--user=root",
         "--auth-root-authentication-method=normal", "--skip-test-db"],
        check=True, capture_output=True,
    )
    socket_path = directory / "sock"
    process = subprocess.Popen(
        ["mariadbd", "--no-defaults", "--user=root", f"--datadir={directory / 'data'}", "--skip-networking",
         f"--socket={socket_path}", f"--log-error={directory / 'error.log'}", "--skip-log-bin"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            connection = pymysql.connect(unix_socket=str(socket_path), user="root", charset="utf8mb4")
            return process, directory, connection
        except pymysql.err.OperationalError:
            time.sleep(0.1)
    process.kill()
    sys.exit("mariadbd did not start")


def weights(connection, collation, code_points, convert_to=None):
    """code point -> list of 16-bit primary weights."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE DATABASE IF NOT EXISTS tables")
        cursor.execute("USE tables")
        cursor.execute("DROP TABLE IF EXISTS cps")
        cursor.execute("CREATE TABLE cps (cp INT PRIMARY KEY, c VARCHAR(1) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)")
        rows = [(cp, chr(cp)) for cp in code_points]
        for start in range(0, len(rows), 5000):
            cursor.executemany("INSERT INTO cps VALUES (%s, %s)", rows[start:start + 5000])
        source = f"CONVERT(c USING {convert_to})" if convert_to else "c"
        cursor.execute(f"SELECT cp, WEIGHT_STRING({source} COLLATE {collation}) FROM cps")
        result = {}
        for cp, weight in cursor.fetchall():
            weight = bytes(weight)
            if collation.startswith("gbk"):
                result[cp] = [int.from_bytes(weight, "big")]
            else:
                result[cp] = [int.from_bytes(weight[i:i + 2], "big") for i in range(0, len(weight), 2)]
        return result


def implicit_unicode_ci(cp):
    """UCA 4.0.0's implicit weights as TiDB's unicode_ci table has them."""
    if 0x3400 <= cp <= 0x4DB5:
        base = 0xFB80
    elif 0x4E00 <= cp <= 0x9FA5 or 0xFA0E <= cp <= 0xFA0F:
        base = 0xFB40
    else:
        base = 0xFBC0
    return [base + (cp >> 15), (cp & 0x7FFF) | 0x8000]


def implicit_0900(cp):
    """UCA 9.0.0's implicit weights (Tangut, Han, the rest) as TiDB computes them."""
    if 0x17000 <= cp <= 0x18AFF:
        return [0xFB00, ((cp - 0x17000) | 0x8000)]
    if 0x4E00 <= cp <= 0x9FD5 or 0xFA0E <= cp <= 0xFA29:
        base = 0xFB40
    elif (0x3400 <= cp <= 0x4DB5 or 0x20000 <= cp <= 0x2A6D6 or 0x2A700 <= cp <= 0x2B734
          or 0x2B740 <= cp <= 0x2B81D or 0x2B820 <= cp <= 0x2CEA1):
        base = 0xFB80
    else:
        base = 0xFBC0
    return [base + (cp >> 15), (cp & 0x7FFF) | 0x8000]


def assigned_in_unicode_9():
    output = subprocess.run(
        ["perl", "-MUnicode::UCD=prop_invlist", "-e", 'print join(",", prop_invlist("In=9.0"))'],
        check=True, capture_output=True, text=True,
    ).stdout
    bounds = [int(x) for x in output.split(",")]
    assigned = set()
    for index in range(0, len(bounds), 2):
        end = bounds[index + 1] if index + 1 < len(bounds) else 0x110000
        assigned.update(range(bounds[index], end))
    return assigned


def varint(value, out):
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def encode_entries(entries):
    """Sorted (code point, weights) as: code point delta, weight count, each weight as a zigzag
    delta from the weight before it."""
    out = bytearray()
    previous_cp = -1
    previous_weight = 0
    for cp, values in entries:
        varint(cp - previous_cp - 1, out)
        out.append(len(values))
        for weight in values:
            delta = weight - previous_weight
            varint((delta << 1) ^ (delta >> 63) if delta < 0 else delta << 1, out)
            previous_weight = weight
        previous_cp = cp
    return out


def swift_file(name, doc, tables):
    lines = ["// Generated by scripts/generate-charset-tables.py; do not edit.", "", f"/// {doc}",
             f"enum {name} {{"]
    for table_name, comment, data in tables:
        encoded = base64.b64encode(bytes(data)).decode()
        lines.append(f"    /// {comment}")
        lines.append(f'    static let {table_name} = """')
        for start in range(0, len(encoded), 116):
            lines.append("        " + encoded[start:start + 116])
        lines.append('        """')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    bmp = [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]

    # GBK: the Unicode scalar of every two-byte code, 0 where there is none.
    gbk = bytearray()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes([lead, trail]).decode("gbk")
                scalar = ord(text) if len(text) == 1 else 0
            except UnicodeDecodeError:
                scalar = 0
            gbk += scalar.to_bytes(2, "big")
    gbk_characters = [cp for cp in bmp if cp >= 0x80 and _encodes_in_gbk(cp)]

    process, directory, connection = start_mariadb()
    try:
        general = weights(connection, "utf8mb4_general_ci", bmp)
        unicode_ci = weights(connection, "utf8mb4_unicode_ci", bmp)
        assigned = assigned_in_unicode_9()
        later = [cp for cp in range(TABLE_0900_END) if not 0xD800 <= cp <= 0xDFFF and cp in assigned
                 and not 0xAC00 <= cp <= 0xD7A3]
        uca0900 = weights(connection, "utf8mb4_uca1400_nopad_ai_ci", later)
        gbk_ci = weights(connection, "gbk_chinese_ci", [cp for cp in range(0x80)] + gbk_characters, convert_to="gbk")
    finally:
        connection.close()
        process.terminate()
        process.wait()
        shutil.rmtree(directory, ignore_errors=True)

    general_entries = [(cp, w) for cp, w in sorted(general.items()) if w != [cp]]
    unicode_entries = [(cp, w) for cp, w in sorted(unicode_ci.items()) if w != implicit_unicode_ci(cp)]
    entries_0900 = [(cp, w) for cp, w in sorted(uca0900.items()) if w != implicit_0900(cp)]
    gbk_ci_entries = sorted(gbk_ci.items())

    (OUTPUT / "GBKTable+Generated.swift").write_text(swift_file(
        "GBKTable",
        "The GBK code table (Python's `gbk` codec): for lead bytes 0x81...0xFE and trail bytes 0x40...0xFE, "
        "the Unicode scalar as 2 bytes big-endian, 0 for none.",
        [("scalars", "Base64 of 126 x 191 big-endian UInt16 scalars.", gbk)],
    ))
    (OUTPUT / "CollationWeights+Generated.swift").write_text(swift_file(
        "CollationWeightData",
        "Primary weights of TiDB's collators (docs/tidb/charsets-collations.md §6.3): base64 of entries sorted by "
        "code point, each a varint code point delta, a weight count, and the weights as zigzag varint deltas "
        "(`CollationWeights` decodes them). Code points not listed have the collator's default weight.",
        [
            ("generalCI", "utf8mb4_general_ci: code points whose weight is not the code point itself.",
             encode_entries(general_entries)),
            ("unicodeCI", "utf8mb4_unicode_ci (UCA 4.0.0): code points without UCA's implicit weight.",
             encode_entries(unicode_entries)),
            ("unicode0900AICI", "utf8mb4_0900_ai_ci: code points of Unicode 9.0 without the implicit weight "
             "(Hangul syllables are decomposed at run time).", encode_entries(entries_0900)),
            ("gbkChineseCI", "gbk_chinese_ci: the weight of ASCII and of every character GBK encodes.",
             encode_entries(gbk_ci_entries)),
        ],
    ))
    print(f"general_ci {len(general_entries)}, unicode_ci {len(unicode_entries)}, 0900 {len(entries_0900)}, "
          f"gbk_chinese_ci {len(gbk_ci_entries)} entries")


def _encodes_in_gbk(cp):
    try:
        return len(chr(cp).encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


if __name__ == "__main__":
    main()
