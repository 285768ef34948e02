import MySQLTypes
import Testing

@testable import TiDBEngine

/// JSON functions, `->`/`->>`, MEMBER OF and the JSON aggregates, with TiDB's text form
/// (`{"a": 1}`, keys in byte order, doubles as Go prints them) and errors.
@Suite struct JSONFunctionTests {
    static let cases: [(String, String?)] = [
        // TiDB sorts keys by their bytes (MySQL by length first).
        ("JSON_OBJECT('b', 1, 'aa', 2)", #"{"aa": 2, "b": 1}"#),
        ("JSON_OBJECT('a', 1, 'a', 2)", #"{"a": 2}"#),
        ("JSON_OBJECT()", "{}"),
        ("JSON_ARRAY(1, 'a', NULL, TRUE, 1 = 1, 2.5)", #"[1, "a", null, true, true, 2.5]"#),
        ("JSON_ARRAY(JSON_ARRAY(1), '[1]')", #"[[1], "[1]"]"#),
        ("JSON_EXTRACT('{\"a\": {\"b\": [1, 2, 3]}}', '$.a.b[1]')", "2"),
        ("JSON_EXTRACT('[1, [2, 3]]', '$[1][0]', '$[0]')", "[2, 1]"),
        ("JSON_EXTRACT('{\"a\": 1, \"b\": 2}', '$.*')", "[1, 2]"),
        ("JSON_EXTRACT('[1, 2, 3]', '$[last]')", "3"),
        ("JSON_EXTRACT('[1, 2, 3]', '$[1 to 2]')", "[2, 3]"),
        ("JSON_EXTRACT('[1, 2, 3]', '$[last-1]')", "2"),
        ("JSON_EXTRACT('{\"a\": [{\"b\": 1}, {\"b\": 2}]}', '$**.b')", "[1, 2]"),
        ("JSON_EXTRACT('{\"a\": 1}', '$.c')", nil),
        ("JSON_EXTRACT('{\"a\": 1}', '$[0]')", #"{"a": 1}"#),
        ("JSON_EXTRACT('{\"a b\": 5}', '$.\"a b\"')", "5"),
        // v8.5.0 prints doubles as Go's encoding/json does (tidb#58888 and #58894 came later).
        ("JSON_EXTRACT('[1.0, 2.50, 1e2, -0.5, 1e20]', '$')", "[1, 2.5, 100, -0.5, 100000000000000000000]"),
        ("JSON_EXTRACT('[1e21, 1.5e-7, 1e-10, 123.456e5]', '$')", "[1e+21, 1.5e-7, 1e-10, 12345600]"),
        ("JSON_EXTRACT(NULL, '$')", nil),
        ("JSON_EXTRACT('{}', NULL)", nil),
        ("JSON_UNQUOTE('\"a\\\\tb\"')", "a\tb"),
        ("JSON_UNQUOTE(JSON_EXTRACT('{\"a\": \"x\"}', '$.a'))", "x"),
        ("JSON_UNQUOTE('abc')", "abc"),
        ("JSON_QUOTE('a\"b')", #""a\"b""#),
        ("JSON_QUOTE('[1]')", #""[1]""#),
        ("JSON_VALID('{\"a\": 1}')", "1"), ("JSON_VALID('{a: 1}')", "0"), ("JSON_VALID(NULL)", nil),
        ("JSON_VALID(1)", "0"),
        ("JSON_TYPE('[]')", "ARRAY"), ("JSON_TYPE('1.0')", "DOUBLE"), ("JSON_TYPE('\"x\"')", "STRING"),
        ("JSON_TYPE('18446744073709551615')", "UNSIGNED INTEGER"), ("JSON_TYPE('-1')", "INTEGER"),
        ("JSON_TYPE('null')", "NULL"), ("JSON_TYPE('true')", "BOOLEAN"), ("JSON_TYPE('{}')", "OBJECT"),
        ("JSON_LENGTH('[1, 2, {\"a\": 3}]')", "3"), ("JSON_LENGTH('{\"a\": 1, \"b\": {\"c\": 2}}', '$.b')", "1"),
        ("JSON_LENGTH('7')", "1"), ("JSON_LENGTH('[1]', '$.x')", nil),
        ("JSON_DEPTH('[10, {\"a\": 20}]')", "3"), ("JSON_DEPTH('1')", "1"), ("JSON_DEPTH('[]')", "1"),
        ("JSON_KEYS('{\"b\": 1, \"a\": 2}')", #"["a", "b"]"#), ("JSON_KEYS('[1]')", nil),
        ("JSON_KEYS('{\"a\": {\"c\": 1}}', '$.a')", #"["c"]"#),
        ("JSON_SET('{\"a\": 1}', '$.a', 10, '$.c', '[true]')", #"{"a": 10, "c": "[true]"}"#),
        ("JSON_INSERT('{\"a\": 1}', '$.a', 10, '$.c', 3)", #"{"a": 1, "c": 3}"#),
        ("JSON_REPLACE('{\"a\": 1}', '$.a', 10, '$.c', 3)", #"{"a": 10}"#),
        ("JSON_SET('[1]', '$[3]', 2)", "[1, 2]"),
        ("JSON_SET('1', '$[1]', 2)", "[1, 2]"),
        ("JSON_SET('{\"a\": 1}', '$.a', JSON_ARRAY(1, 2))", #"{"a": [1, 2]}"#),
        ("JSON_SET('{\"a\": 1}', '$.b.c', 1)", #"{"a": 1}"#),
        ("JSON_REMOVE('[1, 2, 3]', '$[1]')", "[1, 3]"),
        ("JSON_REMOVE('{\"a\": 1, \"b\": 2}', '$.a', '$.x')", #"{"b": 2}"#),
        ("JSON_MERGE_PATCH('{\"a\": 1, \"b\": 2}', '{\"b\": null, \"c\": 3}')", #"{"a": 1, "c": 3}"#),
        ("JSON_MERGE_PATCH('[1]', '{\"a\": {\"b\": null, \"c\": 1}}')", #"{"a": {"c": 1}}"#),
        ("JSON_MERGE_PATCH('{\"a\": 1}', NULL)", nil),
        ("JSON_MERGE_PATCH(NULL, '2')", "2"),
        ("JSON_MERGE_PRESERVE('{\"a\": 1}', '{\"a\": 2}')", #"{"a": [1, 2]}"#),
        ("JSON_MERGE_PRESERVE('[1]', '2', '{\"x\": 3}')", #"[1, 2, {"x": 3}]"#),
        ("JSON_CONTAINS('{\"a\": 1, \"b\": [1, 2]}', '[1]', '$.b')", "1"),
        ("JSON_CONTAINS('[1, 2]', '3')", "0"),
        ("JSON_CONTAINS('{\"a\": 1, \"b\": 2}', '{\"a\": 1}')", "1"),
        ("JSON_CONTAINS('[1, 2]', '1.0')", "1"),
        ("JSON_CONTAINS_PATH('{\"a\": 1}', 'one', '$.a', '$.b')", "1"),
        ("JSON_CONTAINS_PATH('{\"a\": 1}', 'all', '$.a', '$.b')", "0"),
        ("2 MEMBER OF ('[1, 2]')", "1"), ("'a' MEMBER OF ('[\"a\", \"b\"]')", "1"),
        ("'1' MEMBER OF ('[1, 2]')", "0"), ("3 MEMBER OF ('3')", "1"),
        ("JSON_OVERLAPS('[1, 3]', '[3, 4]')", "1"), ("JSON_OVERLAPS('{\"a\": 1}', '{\"a\": 2}')", "0"),
        ("JSON_OVERLAPS('[1, 2]', '2')", "1"),
        ("JSON_SEARCH('[\"abc\", {\"x\": \"abd\"}]', 'all', 'ab%')", #"["$[0]", "$[1].x"]"#),
        ("JSON_SEARCH('[\"abc\", {\"x\": \"abd\"}]', 'one', 'ab%')", #""$[0]""#),
        ("JSON_SEARCH('[\"abc\"]', 'one', 'zz')", nil),
        ("JSON_ARRAY_APPEND('[1, [2]]', '$[1]', 3)", "[1, [2, 3]]"),
        ("CAST('{\"b\": 1, \"a\": [1.5]}' AS JSON)", #"{"a": [1.5], "b": 1}"#),
        ("CAST(1 AS JSON)", "1"),
        ("JSON_OBJECT('k', CAST('[1]' AS JSON))", #"{"k": [1]}"#),
    ]

    @Test(arguments: Self.cases)
    func function(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    static let errors: [(String, UInt16, String, String)] = [
        (
            "JSON_EXTRACT('abc', '$')", 3140, "22032",
            "Invalid JSON text: The document root must not be followed by other values."
        ),
        ("JSON_EXTRACT('', '$')", 3140, "22032", "Invalid JSON text: The document is empty"),
        (
            "JSON_EXTRACT('{}', 'a')", 3143, "42000",
            "Invalid JSON path expression. The error is around character position 1."
        ),
        (
            "JSON_EXTRACT('{}', '$.')", 3143, "42000",
            "Invalid JSON path expression. The error is around character position 2."
        ),
        (
            "JSON_EXTRACT('[1]', '$[1')", 3143, "42000",
            "Invalid JSON path expression. The error is around character position 2."
        ),
        (
            "JSON_EXTRACT(1, '$')", 3146, "22032",
            "Invalid data type for JSON data in argument 1 to function json_extract; a JSON string or JSON type is required."
        ),
        ("JSON_REMOVE('{\"a\": 1}', '$')", 3153, "42000", "The path expression '$' is not allowed in this context."),
        (
            "JSON_SET('{}', '$.*', 1)", 3149, "42000",
            "In this situation, path expressions may not contain the * and ** tokens or an array range."
        ),
        (
            "JSON_CONTAINS_PATH('{}', 'some', '$')", 3154, "42000",
            "The oneOrAll argument to json_contains_path may take these values: 'one' or 'all'."
        ),
        ("JSON_OBJECT(NULL, 1)", 3158, "22032", "JSON documents may not contain NULL member names."),
        ("JSON_OBJECT('a')", 1582, "42000", "Incorrect parameter count in the call to native function 'json_object'"),
        ("JSON_UNQUOTE(1)", 3064, "HY000", "Incorrect type for argument 1 in function json_unquote."),
    ]

    @Test(arguments: Self.errors)
    func error(_ sql: String, _ code: UInt16, _ state: String, _ message: String) throws {
        let session = try EngineFixture().session(database: "test")
        let error = session.failure("SELECT " + sql)
        #expect(error?.code == code, "\(sql)")
        #expect(error?.sqlState == state, "\(sql)")
        #expect(error?.message == message, "\(sql)")
    }

    @Test func columnsArrowsAndTypes() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, j JSON)")
        session.run(#"INSERT INTO t VALUES (1, '{"name": "x", "tags": ["a", "b"], "zz": 1, "b": 2.0}'), (2, NULL)"#)
        let stored = try session.query("SELECT j FROM t WHERE id = 1")
        #expect(stored.rows[0][0].text == #"{"b": 2, "name": "x", "tags": ["a", "b"], "zz": 1}"#)
        let arrows = try session.query(
            "SELECT j->'$.name', j->>'$.name', j->'$.tags[1]', j->>'$.missing' FROM t WHERE id = 1"
        )
        #expect(arrows.columns.map(\.name) == ["j->'$.name'", "j->>'$.name'", "j->'$.tags[1]'", "j->>'$.missing'"])
        #expect(arrows.rows[0].map(\.text) == [#""x""#, "x", #""b""#, nil])
        #expect(arrows.columns[0].type == .json)
        #expect(try session.scalar("SELECT id FROM t WHERE j->>'$.name' = 'x'") == "1")
        #expect(try session.scalar("SELECT JSON_LENGTH(j, '$.tags') FROM t WHERE id = 1") == "2")
        #expect(try session.scalar("SELECT 'b' MEMBER OF (j->'$.tags') FROM t WHERE id = 1") == "1")
        #expect(try session.scalar("SELECT JSON_TYPE(j) FROM t WHERE id = 1") == "OBJECT")
        #expect(try session.scalar("SELECT j->'$.name' FROM t WHERE id = 2") == nil)
        session.run(#"UPDATE t SET j = JSON_SET(j, '$.name', 'y') WHERE id = 1"#)
        #expect(try session.scalar("SELECT j->>'$.name' FROM t WHERE id = 1") == "y")
        #expect(session.failure("SELECT j -> 1 FROM t")?.code == 1064)
        // JSON strings keep v8.5.0's `\u0008` for a backspace (tidb#58897 changed it later).
        #expect(try session.scalar(#"SELECT JSON_ARRAY('a\bb')"#) == #"["a\u0008b"]"#)
    }

    @Test func aggregates() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE g (id INT PRIMARY KEY, k VARCHAR(5), v INT)")
        session.run("INSERT INTO g VALUES (1, 'a', 1), (2, 'b', NULL), (3, 'a', 3)")
        #expect(try session.scalar("SELECT JSON_ARRAYAGG(v) FROM g") == "[1, null, 3]")
        #expect(try session.scalar("SELECT JSON_OBJECTAGG(k, v) FROM g WHERE id < 3") == #"{"a": 1, "b": null}"#)
        let grouped = try session.query("SELECT k, JSON_ARRAYAGG(id) FROM g GROUP BY k ORDER BY k")
        #expect(grouped.rows.map { $0.map(\.text) } == [["a", "[1, 3]"], ["b", "[2]"]])
        #expect(grouped.columns[1].type == .json)
        #expect(try session.scalar("SELECT JSON_ARRAYAGG(v) FROM g WHERE id > 9") == nil)
    }
}
