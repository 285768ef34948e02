import Testing

@testable import TiCDCCore

/// `filter.rules`: TiDB's table-filter syntax as TiCDC v8.5 applies it (filter-and-sink.md §a).
@Suite struct TableFilterTests {
    static func filter(_ rules: [String], caseSensitive: Bool = false) throws -> TableFilter {
        try TableFilter(rules: rules, caseSensitive: caseSensitive)
    }

    @Test func defaultRuleTakesEveryUserTable() throws {
        let filter = try Self.filter(["*.*"])
        #expect(filter.accepts(schema: "test", table: "t"))
        #expect(filter.accepts(schema: "app", table: "orders"))
        #expect(filter.accepts(schema: "app"))
    }

    @Test func wildcardsMatchWholeNames() throws {
        let filter = try Self.filter(["db?.t*", "shop.[a-c]x", "logs.[!0-9]"])
        #expect(filter.accepts(schema: "db1", table: "t"))
        #expect(filter.accepts(schema: "db1", table: "tables"))
        #expect(!filter.accepts(schema: "db", table: "t"))  // ? is exactly one character
        #expect(!filter.accepts(schema: "db12", table: "t"))
        #expect(!filter.accepts(schema: "xdb1", table: "t"))  // anchored
        #expect(!filter.accepts(schema: "db1", table: "xt"))
        #expect(filter.accepts(schema: "shop", table: "bx"))
        #expect(!filter.accepts(schema: "shop", table: "dx"))
        #expect(filter.accepts(schema: "logs", table: "a"))
        #expect(!filter.accepts(schema: "logs", table: "7"))
        #expect(!filter.accepts(schema: "other", table: "t"))  // no rule matches: not replicated
    }

    /// The example of filter-and-sink.md §a.2.
    @Test func lastMatchingRuleWins() throws {
        let filter = try Self.filter(["*.*", "!test.*", "test.keep"])
        #expect(filter.accepts(schema: "test", table: "keep"))
        #expect(!filter.accepts(schema: "test", table: "other"))
        #expect(filter.accepts(schema: "app", table: "x"))

        let reversed = try Self.filter(["test.keep", "!test.*", "*.*"])
        #expect(reversed.accepts(schema: "test", table: "other"))
    }

    @Test func schemaLevelMatchingFollowsMatchSchema() throws {
        // `!db.t1` does not exclude the schema; `!db.*` does.
        let table = try Self.filter(["*.*", "!db.t1"])
        #expect(table.accepts(schema: "db"))
        #expect(!table.accepts(schema: "db", table: "t1"))
        let schema = try Self.filter(["*.*", "!db.*"])
        #expect(!schema.accepts(schema: "db"))
        #expect(schema.accepts(schema: "other"))
        let only = try Self.filter(["app.*"])
        #expect(only.accepts(schema: "app"))
        #expect(!only.accepts(schema: "test"))
    }

    @Test func quotedAndEscapedNamesAreLiteral() throws {
        let filter = try Self.filter(["`dr-db`.*", "\"my.db\".t", "a\\*b.c"])
        #expect(filter.accepts(schema: "dr-db", table: "anything"))
        #expect(filter.accepts(schema: "my.db", table: "t"))
        #expect(!filter.accepts(schema: "my", table: "db"))
        #expect(filter.accepts(schema: "a*b", table: "c"))
        #expect(!filter.accepts(schema: "axb", table: "c"))
        // Spaces and tabs around a rule are trimmed.
        let spaced = try Self.filter(["app.*", "  \t!app.secret "])
        #expect(!spaced.accepts(schema: "app", table: "secret"))
        #expect(spaced.accepts(schema: "app", table: "public"))
    }

    @Test func caseInsensitiveByDefault() throws {
        let insensitive = try Self.filter(["App.Orders"])
        #expect(insensitive.accepts(schema: "app", table: "orders"))
        #expect(insensitive.accepts(schema: "APP", table: "ORDERS"))
        let sensitive = try Self.filter(["App.Orders"], caseSensitive: true)
        #expect(sensitive.accepts(schema: "App", table: "Orders"))
        #expect(!sensitive.accepts(schema: "app", table: "orders"))
        let classes = try Self.filter(["db.[A-C]"])
        #expect(classes.accepts(schema: "db", table: "b"))
    }

    /// Checked before the rules: even `mysql.*` replicates nothing from `mysql` (§a.4).
    @Test func systemSchemasAndTiCDCsOwnAreNeverReplicated() throws {
        let filter = try Self.filter(["*.*", "mysql.*", "tidb_cdc.*"])
        for schema in [
            "mysql", "MYSQL", "information_schema", "INFORMATION_SCHEMA", "performance_schema", "metrics_schema",
            "inspection_schema", "sys", "tidb_cdc", "lightning_task_info", "dm_heartbeat", "DM_Heartbeat",
        ] {
            #expect(!filter.accepts(schema: schema, table: "t"), "\(schema)")
            #expect(!filter.accepts(schema: schema), "\(schema)")
        }
        #expect(filter.accepts(schema: "mysql2", table: "t"))
        // TiCDC's own schema and Lightning's are compared exactly, case and all.
        #expect(filter.accepts(schema: "TIDB_CDC", table: "t"))
        #expect(filter.accepts(schema: "Lightning_Task_Info"))
        // Not in v8.5's list.
        #expect(filter.accepts(schema: "workload_schema", table: "t"))
    }

    @Test(arguments: ["db", "db.", "a.b.c", "db..t", "db.[abc", "\"db.t", "`db`.`t", "db.t\\", "!", "app.*\n"])
    func badRulesAreRefusedWithTiCDCsError(_ rule: String) throws {
        let error = #expect(throws: TiCDCError.self) { try TableFilter(rules: ["*.*", rule]) }
        #expect(error?.code == "CDC:ErrFilterRuleInvalid")
        #expect(error?.message.hasPrefix("[CDC:ErrFilterRuleInvalid]filter rule is invalid ") == true)
        #expect(error?.httpStatus == 400)
    }

    /// The parser's own messages, after TiCDC's wrapping (§a.1).
    @Test(arguments: [
        ("db", "wrong table pattern"),
        ("db.", "syntax error: missing pattern"),
        ("!", "syntax error: missing pattern"),
        ("`db`x.t", "syntax error: missing '.' between schema and table patterns"),
        ("a.b.c", "syntax error: stray characters after table pattern"),
        ("/db.t", "syntax error: incomplete regexp"),
        ("//.t", "syntax error: incomplete regexp"),
        ("\"\".t", "syntax error: incomplete quoted identifier"),
        // No closing quote: Go's regexp backtracks to the last doubled one, which then closes.
        ("\"ab\"\".t", "syntax error: missing '.' between schema and table patterns"),
        ("db.[abc", "syntax error: failed to parse character class"),
        ("db.[]", "syntax error: failed to parse character class"),
        ("db.t\\", #"syntax error: cannot place \ at end of line"#),
        (#"db.\a"#, #"cannot escape a letter or number (\a), it is reserved for future extension"#),
        ("dr-db.*", "unexpected special character '-'"),
        ("db.a b", "unexpected special character ' '"),
        ("db.[z-a]", "invalid pattern: error parsing regexp: invalid character class range: `z-a`"),
        // `[!]` is read as a class of `!`, and TiDB writes it as `[^]`, which Go cannot close.
        ("db.[!]", "invalid pattern: error parsing regexp: missing closing ]: `[^]$`"),
    ])
    func parseErrorsAreTiDBs(_ rule: String, _ message: String) {
        let error = #expect(throws: TiCDCError.self) { try TableFilter(rules: [rule]) }
        #expect(
            error?.message == "[CDC:ErrFilterRuleInvalid]filter rule is invalid \(rule): at <cmdline>:1: \(message)"
        )
    }

    /// Unquoted punctuation other than `.` is a syntax error: `unexpected special character '-'`
    /// (§a.1); a database such as `dr-db` must be quoted or escaped.
    @Test func unquotedPunctuationIsRefused() {
        #expect(throws: TiCDCError.self) { try TableFilter(rules: ["dr-db.*"]) }
        #expect(throws: TiCDCError.self) { try TableFilter(rules: ["db.a b"]) }
        #expect(throws: TiCDCError.self) { try TableFilter(rules: ["db.t;"]) }
        #expect(throws: Never.self) { try TableFilter(rules: ["dr\\-db.*", "`dr-db`.*", "\"dr-db\".*", "d$b_1.*"]) }
        // Non-ASCII is literal.
        #expect(throws: Never.self) { try TableFilter(rules: ["数据.表*"]) }
    }

    /// TiCDC replaces an empty `rules` list with `["*.*"]` (`VerifyTableRules`, §a.2).
    @Test func emptyRuleListReplicatesEverything() throws {
        let config = try ReplicaConfig(merging: .object(["filter": .object(["rules": .array([])])]))
        let filter = try TableFilter(rules: config.filterRules, caseSensitive: config.caseSensitive)
        #expect(filter.accepts(schema: "app", table: "t"))
        #expect(filter.accepts(schema: "app"))
        // Only an empty list: comments alone are rules that take nothing.
        let comments = try TableFilter(rules: ["# nothing yet"])
        #expect(!comments.accepts(schema: "app", table: "t"))
    }

    /// Empty lines are skipped and `#` starts a comment (§a.1 step 1).
    @Test func commentsAndEmptyLinesAreSkipped() throws {
        let filter = try TableFilter(rules: ["# replicate the app", "", "  \t", "  # indented", "app.*"])
        #expect(filter.accepts(schema: "app", table: "t"))
        #expect(!filter.accepts(schema: "other", table: "t"))
        #expect(try TableFilter.Rule(parsing: "#app.*") == nil)
        // The changefeed's config check takes them too.
        #expect(throws: Never.self) {
            try ReplicaConfig(
                merging: .object([
                    "filter": .object(["rules": .array([.string("# c"), .string(""), .string("app.*")])])
                ])
            )
        }
    }

    /// `""` inside double quotes and ` `` ` inside backquotes stand for one quote; `/re/` is an
    /// unanchored regexp; `^` inside a class is literal (§a.1).
    @Test func lessCommonSyntax() throws {
        let doubled = try TableFilter(rules: ["`a``b`.t", "\"c\"\"d\".t"])
        #expect(doubled.accepts(schema: "a`b", table: "t"))
        #expect(doubled.accepts(schema: "c\"d", table: "t"))
        #expect(!doubled.accepts(schema: "a", table: "t"))

        let regexp = try TableFilter(rules: ["/^app/.*"])
        #expect(regexp.accepts(schema: "app01", table: "t"))
        #expect(!regexp.accepts(schema: "myapp", table: "t"))

        let caret = try TableFilter(rules: ["db.[^a]"])
        #expect(caret.accepts(schema: "db", table: "^"))
        #expect(caret.accepts(schema: "db", table: "a"))
        #expect(!caret.accepts(schema: "db", table: "b"))
    }

    /// `/re/` matches anywhere in the name unless anchored; `\/` stands for `/`; the filter's case
    /// rule applies (`(?i)`); a bad regexp is refused (§a.1, §a.3).
    @Test func regexpPatterns() throws {
        let filter = try TableFilter(rules: [#"/b/./^t\d+$/"#, #"/a\/b/.x"#], caseSensitive: true)
        #expect(filter.accepts(schema: "db01", table: "t12"))
        #expect(!filter.accepts(schema: "db01", table: "t12x"))
        #expect(!filter.accepts(schema: "DB01", table: "t1"))
        #expect(!filter.accepts(schema: "app", table: "t1"))
        #expect(filter.accepts(schema: "xa/bx", table: "x"))
        let insensitive = try TableFilter(rules: ["/^App$/.*"])
        #expect(insensitive.accepts(schema: "APP", table: "t"))
        #expect(!insensitive.accepts(schema: "APP2", table: "t"))

        let error = #expect(throws: TiCDCError.self) { try TableFilter(rules: ["/(/.*"]) }
        #expect(error?.code == "CDC:ErrFilterRuleInvalid")
        #expect(error?.text.hasPrefix("filter rule is invalid /(/.*: at <cmdline>:1: invalid pattern: ") == true)
        // No closing `/`: Go's regexp backtracks to the last `\/`, which leaves a trailing `\`.
        let unclosed = #expect(throws: TiCDCError.self) { try TableFilter(rules: [#"/a\/.t"#]) }
        #expect(unclosed?.text.contains("at <cmdline>:1: invalid pattern: error parsing regexp: ") == true)
    }

    /// TiDB's corners, from its parser: an empty unquoted schema pattern is the literal "", `$`
    /// in a wildcard pattern anchors (it is copied into the regexp), `?` is one Unicode scalar.
    @Test func tiDBsCorners() throws {
        let empty = try TableFilter(rules: [".t"], caseSensitive: true)
        #expect(empty.accepts(schema: "", table: "t"))
        #expect(!empty.accepts(schema: "db", table: "t"))

        let dollar = try TableFilter(rules: ["d$b.*", "x$y*.*", "z*$.*"], caseSensitive: true)
        #expect(dollar.accepts(schema: "d$b", table: "t"))  // a literal
        #expect(!dollar.accepts(schema: "x$y", table: "t"))
        #expect(!dollar.accepts(schema: "x$yz", table: "t"))
        #expect(dollar.accepts(schema: "zz", table: "t"))

        let scalar = try TableFilter(rules: ["db.t?", "数据.*"])
        #expect(scalar.accepts(schema: "db", table: "té"))
        #expect(!scalar.accepts(schema: "db", table: "te\u{301}"))  // two scalars
        #expect(scalar.accepts(schema: "数据", table: "x"))

        // `[!]` ... `[a]` is one Go class: neither `]`, `[` nor `a`.
        let swallowed = try TableFilter(rules: ["db.[!][a]"], caseSensitive: true)
        #expect(swallowed.accepts(schema: "db", table: "b"))
        #expect(!swallowed.accepts(schema: "db", table: "a"))
        #expect(!swallowed.accepts(schema: "db", table: "["))
    }

    /// `[!...]` and classes follow the filter's case rule, as Go's `(?i)` does.
    @Test func classesIgnoreCaseUnlessCaseSensitive() throws {
        let insensitive = try TableFilter(rules: ["db.[!a-c]x"])
        #expect(!insensitive.accepts(schema: "db", table: "Bx"))
        #expect(insensitive.accepts(schema: "db", table: "DX"))
        let sensitive = try TableFilter(rules: ["db.[!a-c]x", "db.[A-C]y"], caseSensitive: true)
        #expect(sensitive.accepts(schema: "db", table: "Bx"))
        #expect(!sensitive.accepts(schema: "db", table: "by"))
        #expect(sensitive.accepts(schema: "db", table: "By"))
    }

    /// TiDB imports `@file` on the server; the mock refuses it plainly.
    @Test func importingFilesIsRefused() {
        let error = #expect(throws: TiCDCError.self) { try TableFilter(rules: ["@rules.txt"]) }
        #expect(error?.text.contains("importing filter files (@rules.txt) is not supported") == true)
    }
}
