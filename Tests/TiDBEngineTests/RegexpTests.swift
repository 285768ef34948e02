import MySQLTypes
import Testing

@testable import TiDBEngine

/// REGEXP / RLIKE and the REGEXP_* functions: RE2 syntax, case sensitivity from the collation
/// and match_type, character positions, TiDB's 1139 errors.
@Suite struct RegexpTests {
    static let cases: [(String, String?)] = [
        ("'abc' REGEXP 'b'", "1"), ("'abc' RLIKE '^b'", "0"), ("'abc' NOT REGEXP '^b'", "1"),
        // The literals' collation is utf8mb4_bin: case matters unless match_type says `i`.
        ("'ABC' REGEXP 'abc'", "0"), ("REGEXP_LIKE('ABC', 'abc', 'i')", "1"), ("REGEXP_LIKE('ABC', 'abc', 'ic')", "0"),
        ("REGEXP_LIKE('a\\nb', '^b')", "0"), ("REGEXP_LIKE('a\\nb', '^b', 'm')", "1"),
        ("REGEXP_LIKE('a\\nb', 'a.b')", "0"), ("REGEXP_LIKE('a\\nb', 'a.b', 's')", "1"),
        ("REGEXP_LIKE('abc', '[[:alpha:]]+')", "1"), ("REGEXP_LIKE('a1', '\\\\d')", "1"),
        ("REGEXP_LIKE(NULL, 'a')", nil), ("REGEXP_LIKE('a', NULL)", nil), ("REGEXP_LIKE('a', 'a', NULL)", nil),
        ("REGEXP_INSTR('dog cat dog', 'dog', 2)", "9"), ("REGEXP_INSTR('dog cat dog', 'dog', 1, 2, 1)", "12"),
        ("REGEXP_INSTR('héllo', 'l')", "3"), ("REGEXP_INSTR('abc', 'x')", "0"), ("REGEXP_INSTR('aa aaa', 'a{3}')", "4"),
        ("REGEXP_SUBSTR('abc def ghi', '[a-z]+', 1, 3)", "ghi"), ("REGEXP_SUBSTR('abc', 'x')", nil),
        ("REGEXP_SUBSTR('abc def', '[a-z]+', 3)", "c"), ("REGEXP_SUBSTR('ab', 'b', 1, 0)", "b"),
        ("REGEXP_REPLACE('a b c', ' ', '-')", "a-b-c"), ("REGEXP_REPLACE('abc abc', 'b', 'X', 1, 2)", "abc aXc"),
        ("REGEXP_REPLACE('abc abc', 'b', 'X', 3)", "abc aXc"),
        ("REGEXP_REPLACE('héllo wörld', 'ö', 'o')", "héllo world"),
        ("REGEXP_REPLACE('abc', 'x', 'y')", "abc"), ("REGEXP_REPLACE(NULL, 'x', 'y')", nil),
    ]

    @Test(arguments: Self.cases)
    func function(_ sql: String, _ expected: String?) throws {
        let session = try EngineFixture().session(database: "test")
        #expect(try session.scalar("SELECT " + sql) == expected, "\(sql)")
    }

    static let errors: [(String, String)] = [
        ("REGEXP_LIKE('a', '(')", "Got error 'error parsing regexp: missing closing ): `(`' from regexp"),
        ("'a' REGEXP 'a)'", "Got error 'error parsing regexp: unexpected ): `a)`' from regexp"),
        ("REGEXP_LIKE('a', '[a')", "Got error 'error parsing regexp: missing closing ]: `[a`' from regexp"),
        // TiDB's `%-.64s` cuts the reason at 64 characters.
        (
            "REGEXP_LIKE('a', '*a')",
            "Got error 'error parsing regexp: missing argument to repetition operator: `' from regexp"
        ),
        (
            "REGEXP_LIKE('aa', '(a)\\\\1')",
            "Got error 'error parsing regexp: invalid escape sequence: `\\1`' from regexp"
        ),
        ("REGEXP_LIKE('a', '')", "Got error 'Empty pattern is invalid' from regexp"),
        ("REGEXP_LIKE('a', 'a', 'x')", "Got error 'Invalid match type' from regexp"),
        ("REGEXP_INSTR('abc', 'b', 5)", "Got error 'Index out of bounds in regular expression search' from regexp"),
        (
            "REGEXP_INSTR('abc', 'b', 1, 1, 2)",
            "Got error 'Incorrect arguments to regexp_instr: return_option must be 1 or ' from regexp"
        ),
    ]

    @Test(arguments: Self.errors)
    func error(_ sql: String, _ message: String) throws {
        let session = try EngineFixture().session(database: "test")
        let error = session.failure("SELECT " + sql)
        #expect(error?.code == 1139, "\(sql)")
        #expect(error?.sqlState == "42000", "\(sql)")
        #expect(error?.message == message, "\(sql)")
    }

    @Test func caseFollowsTheColumnCollation() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE r (id INT PRIMARY KEY, ci VARCHAR(20) COLLATE utf8mb4_general_ci, cs VARCHAR(20))")
        session.run("INSERT INTO r VALUES (1, 'Hello', 'Hello'), (2, 'world', 'world')")
        #expect(try session.scalar("SELECT COUNT(*) FROM r WHERE ci REGEXP '^h'") == "1")
        #expect(try session.scalar("SELECT COUNT(*) FROM r WHERE cs REGEXP '^h'") == "0")
        #expect(try session.scalar("SELECT COUNT(*) FROM r WHERE REGEXP_LIKE(ci, '^h', 'c')") == "0")
        #expect(try session.scalar("SELECT COUNT(*) FROM r WHERE cs NOT REGEXP 'o$'") == "1")
        let typed = try session.query("SELECT REGEXP_LIKE(cs, 'o'), REGEXP_INSTR(cs, 'o') FROM r WHERE id = 1")
        #expect(typed.columns.map(\.type) == [.longLong, .longLong])
        #expect(typed.rows[0].map(\.text) == ["1", "5"])
    }
}
