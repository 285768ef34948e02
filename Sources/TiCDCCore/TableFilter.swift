/// TiCDC's `filter.rules`: TiDB's table-filter syntax (tidb `pkg/util/table-filter`;
/// docs/ticdc/filter-and-sink.md §a). A rule is `[!]schema.table`, each half a wildcard pattern
/// (`*`, `?`, `[a-z]`, `[!a-z]`, `\` escapes), a quoted name (`` `a``b` ``, `"a""b"`) or a
/// `/regexp/`; the last rule that matches a table decides, and a table no rule matches is not
/// replicated. TiCDC never replicates the system schemas, whatever the rules say.
public struct TableFilter: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        var negated: Bool
        var schema: Pattern
        var table: Pattern

        /// `nil` for an empty line or a `#` comment, which hold no rule (`tableRulesParser.parse`).
        public init?(parsing text: String) throws(TiCDCError) {
            do throws(SyntaxError) {
                guard let rule = try Self.parse(text) else { return nil }
                self = rule
            } catch {
                // TiCDC wraps the parser's error, which names the rule's origin (`VerifyTableRules`).
                throw TiCDCError(
                    code: "CDC:ErrFilterRuleInvalid",
                    text: "filter rule is invalid \(text): at <cmdline>:1: \(error.message)"
                )
            }
        }

        private init(negated: Bool, schema: Pattern, table: Pattern) {
            self.negated = negated
            self.schema = schema
            self.table = table
        }

        private static func parse(_ text: String) throws(SyntaxError) -> Rule? {
            var line = Array(text.unicodeScalars)[...]
            // Only spaces and tabs are trimmed (`strings.Trim(line, " \t")`).
            while line.first == " " || line.first == "\t" { line = line.dropFirst() }
            while line.last == " " || line.last == "\t" { line = line.dropLast() }
            var negated = false
            switch line.first {
            case nil, "#": return nil
            case "!":
                negated = true
                line = line.dropFirst()
            case "@":
                // TiDB reads the rules of a file on the server; the mock has no such files.
                throw SyntaxError(
                    "importing filter files (\(String(String.UnicodeScalarView(line)))) is not supported by mock-ticdc"
                )
            default: break
            }
            let schema = try Pattern.parse(&line)
            guard let separator = line.first else { throw SyntaxError("wrong table pattern") }
            guard separator == "." else {
                throw SyntaxError("syntax error: missing '.' between schema and table patterns")
            }
            line = line.dropFirst()
            let table = try Pattern.parse(&line)
            guard line.isEmpty else { throw SyntaxError("syntax error: stray characters after table pattern") }
            return Rule(negated: negated, schema: schema, table: table)
        }

        func matches(schema: String, table: String) -> Bool {
            self.schema.matches(schema) && self.table.matches(table)
        }
    }

    /// Compared upper-cased (tidb `pkg/util/filter/schema.go` `IsSystemSchema`).
    static let systemSchemas: Set<String> = [
        "DM_HEARTBEAT", "SYS", "MYSQL", "INFORMATION_SCHEMA", "INSPECTION_SCHEMA", "PERFORMANCE_SCHEMA",
        "METRICS_SCHEMA",
    ]
    /// TiCDC's own schema and Lightning's, compared exactly (tiflow `pkg/filter/utils.go` `isSysSchema`).
    static let exactSystemSchemas: Set<String> = ["tidb_cdc", "lightning_task_info"]

    /// Schemas TiCDC never replicates, checked before the rules (filter-and-sink.md §a.4).
    public static func isSystemSchema(_ schema: String) -> Bool {
        Self.exactSystemSchemas.contains(schema) || Self.systemSchemas.contains(schema.uppercased())
    }

    let rules: [Rule]
    let caseSensitive: Bool

    /// An empty list stands for `["*.*"]` (`VerifyTableRules`); a list of comments only takes nothing.
    public init(rules: [String], caseSensitive: Bool = false) throws(TiCDCError) {
        var parsed: [Rule] = []
        for text in rules.isEmpty ? ["*.*"] : rules {
            guard var rule = try Rule(parsing: text) else { continue }
            if !caseSensitive {
                rule.schema = rule.schema.ignoringCase()
                rule.table = rule.table.ignoringCase()
            }
            parsed.append(rule)
        }
        self.rules = parsed
        self.caseSensitive = caseSensitive
    }

    /// Whether a table's changes are replicated (`MatchTable`).
    public func accepts(schema: String, table: String) -> Bool {
        guard !Self.isSystemSchema(schema) else { return false }
        let schema = self.caseSensitive ? schema : schema.lowercased()
        let table = self.caseSensitive ? table : table.lowercased()
        for rule in self.rules.reversed() where rule.matches(schema: schema, table: table) {
            return !rule.negated
        }
        return false
    }

    /// Whether a schema-level DDL (CREATE/DROP DATABASE) is replicated (`MatchSchema`): the last
    /// rule whose schema pattern matches and which is positive or has the table pattern `*`.
    public func accepts(schema: String) -> Bool {
        guard !Self.isSystemSchema(schema) else { return false }
        let schema = self.caseSensitive ? schema : schema.lowercased()
        for rule in self.rules.reversed() where rule.schema.matches(schema) {
            // `!db.*` excludes the whole schema; `!db.t` leaves the rest of it to earlier rules.
            if !rule.negated || rule.table.isEverything { return !rule.negated }
        }
        return false
    }
}

extension TableFilter {
    /// A parse error of TiDB's table-filter, without its `at <cmdline>:1: ` prefix.
    struct SyntaxError: Error {
        var message: String

        init(_ message: String) {
            self.message = message
        }

        /// What Go's `regexp.Compile` reports, as TiDB annotates it (`invalid pattern: …`).
        static func invalidPattern(_ code: String, _ argument: some Sequence<Unicode.Scalar>) -> SyntaxError {
            SyntaxError(
                "invalid pattern: error parsing regexp: \(code): `\(String(String.UnicodeScalarView(argument)))`"
            )
        }
    }
}

// MARK: - Parsing (tidb `pkg/util/table-filter/parser.go` `parsePattern`)

extension TableFilter.Pattern {
    typealias SyntaxError = TableFilter.SyntaxError
    typealias Scalars = ArraySlice<Unicode.Scalar>

    /// Reads one pattern from the front of `line`, leaving what follows it (a `.` or nothing).
    static func parse(_ line: inout Scalars) throws(SyntaxError) -> Self {
        switch line.first {
        case nil: throw SyntaxError("syntax error: missing pattern")
        case "/":
            let source = String(String.UnicodeScalarView(try Self.regexp(&line)))
            return Self(kind: .regexp(try Regexp(source)))
        case "\"", "`": return Self(kind: .literal(try Self.quoted(&line)))
        default: return try Self.wildcard(&line)
        }
    }

    /// `^/(?:\\.|[^/])+/`: `\x` pairs are skipped, the first other `/` closes. Go's backtracking
    /// gives, when no `/` closes, the last `/` of a `\/` pair (the regexp is then bad: it ends in `\`).
    private static func regexp(_ line: inout Scalars) throws(SyntaxError) -> Scalars {
        let start = line.startIndex + 1
        var index = start
        var lastEscapedSlash: Int?
        var close: Int?
        while index < line.endIndex {
            if line[index] == "\\", index + 1 < line.endIndex, line[index + 1] != "\n" {
                if line[index + 1] == "/" { lastEscapedSlash = index + 1 }
                index += 2
            } else if line[index] == "/" {
                if index > start { close = index }
                break
            } else {
                index += 1
            }
        }
        guard let end = close ?? (index == line.endIndex ? lastEscapedSlash : nil) else {
            throw SyntaxError("syntax error: incomplete regexp")
        }
        defer { line = line[(end + 1)...] }
        return line[start..<end]
    }

    /// `^"(?:""|[^"])+"` (or with backquotes): a doubled quote stands for one. Without a closing
    /// quote, Go's backtracking closes at the last doubled one.
    private static func quoted(_ line: inout Scalars) throws(SyntaxError) -> String {
        let quote = line[line.startIndex]
        let start = line.startIndex + 1
        var name = String.UnicodeScalarView()
        var lastDoubled: (index: Int, nameCount: Int)?
        var index = start
        while index < line.endIndex {
            if line[index] != quote {
                name.append(line[index])
                index += 1
            } else if index + 1 < line.endIndex, line[index + 1] == quote {
                if index > start { lastDoubled = (index, name.count) }
                name.append(quote)
                index += 2
            } else {
                guard index > start else { break }
                line = line[(index + 1)...]
                return String(name)
            }
        }
        guard index == line.endIndex, let doubled = lastDoubled else {
            throw SyntaxError("syntax error: incomplete quoted identifier")
        }
        line = line[(doubled.index + 1)...]
        return String(String.UnicodeScalarView(name.prefix(doubled.nameCount)))
    }

    /// `parseWildcardPattern`: ASCII letters and digits, `$`, `_` and non-ASCII are literal; `*`,
    /// `?`, `[...]` and `\x` as in a shell; `.` ends the pattern; other punctuation is an error.
    /// TiDB writes the Go regexp as it goes; so does this, and then reads it (`elements`).
    private static func wildcard(_ line: inout Scalars) throws(SyntaxError) -> Self {
        var literal = String.UnicodeScalarView()
        var regexp: [Unicode.Scalar] = []
        var isLiteral = true
        var index = line.startIndex
        scan: while index < line.endIndex {
            let scalar = line[index]
            switch scalar {
            case "\\":
                guard index + 1 < line.endIndex else {
                    throw SyntaxError(#"syntax error: cannot place \ at end of line"#)
                }
                let escaped = line[index + 1]
                if escaped.isASCIIAlphanumeric {
                    throw SyntaxError(
                        #"cannot escape a letter or number (\\#(escaped)), it is reserved for future extension"#
                    )
                }
                literal.append(escaped)
                if escaped.isASCII { regexp.append("\\") }
                regexp.append(escaped)
                index += 2
            case ".":
                break scan
            case "*":
                isLiteral = false
                regexp += [".", "*"]
                index += 1
            case "?":
                isLiteral = false
                regexp.append(".")
                index += 1
            case "[":
                isLiteral = false
                guard let end = Self.classEnd(line, from: index) else {
                    throw SyntaxError("syntax error: failed to parse character class")
                }
                switch line[index + 1] {
                case "!":
                    regexp += ["[", "^"]
                    regexp += line[(index + 2)..<end]
                case "^":
                    // `[^` is not special in a glob: TiDB escapes the `^`.
                    regexp += ["[", "\\", "^"]
                    regexp += line[(index + 2)..<end]
                default:
                    regexp += line[index..<end]
                }
                index = end
            default:
                guard scalar == "$" || scalar == "_" || scalar.isASCIIAlphanumeric || !scalar.isASCII else {
                    throw SyntaxError("unexpected special character '\(scalar)'")
                }
                literal.append(scalar)
                regexp.append(scalar)
                index += 1
            }
        }
        line = line[index...]
        if isLiteral { return Self(kind: .literal(String(literal))) }
        if regexp == [".", "*"] { return Self(kind: .everything) }
        return Self(kind: .wildcard(try Self.elements(ofRegexp: regexp + ["$"])))
    }

    /// `^\[!?(?:\\[^0-9a-zA-Z]|[^\\\]])+\]`: the index after the closing `]`. `[!]` is a class of
    /// `!` here, and TiDB still turns it into `[^]`.
    private static func classEnd(_ line: Scalars, from start: Int) -> Int? {
        var index = start + 1
        let bang = index < line.endIndex && line[index] == "!"
        if bang { index += 1 }
        var count = 0
        while index < line.endIndex {
            switch line[index] {
            case "\\":
                guard index + 1 < line.endIndex, !line[index + 1].isASCIIAlphanumeric else { return nil }
                index += 2
            case "]":
                return count > 0 || bang ? index + 1 : nil
            default:
                index += 1
            }
            count += 1
        }
        return nil
    }

    /// Reads the subset of Go regexp syntax `wildcard` writes (`.`, `.*`, `\x`, `$`, classes) as
    /// Go's `regexp/syntax` does, errors included.
    private static func elements(ofRegexp regexp: [Unicode.Scalar]) throws(SyntaxError) -> [Element] {
        var elements: [Element] = []
        var index = 0
        while index < regexp.count {
            switch regexp[index] {
            case "." where index + 1 < regexp.count && regexp[index + 1] == "*":
                elements.append(.anyRun)
                index += 2
            case ".":
                elements.append(.anyScalar)
                index += 1
            case "\\":
                elements.append(.scalar(regexp[index + 1]))
                index += 2
            case "$":
                elements.append(.endOfText)
                index += 1
            case "[":
                elements.append(.set(try Self.characterClass(regexp, at: &index)))
            default:
                elements.append(.scalar(regexp[index]))
                index += 1
            }
        }
        return elements
    }

    /// Go's `parseClass` (Perl flags): a `]` right after `[` or `[^` is literal, `a-z` is a range
    /// unless the `-` is last. The class may run past what the glob's `[...]` held: `[!]x]` never
    /// parses, `[!][a]` is one class. (Go would also read `[:alpha:]` in it, which only a glob
    /// as broken as `[[:alpha:]` can produce; here those are plain characters.)
    private static func characterClass(
        _ regexp: [Unicode.Scalar],
        at index: inout Int
    ) throws(SyntaxError) -> ScalarSet {
        let whole = regexp[index...]
        index += 1
        var set = ScalarSet(ranges: [], negated: false)
        if index < regexp.count, regexp[index] == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while index == regexp.count || regexp[index] != "]" || first {
            first = false
            guard index < regexp.count else { throw .invalidPattern("missing closing ]", whole) }
            let rangeStart = index
            let low = Self.classScalar(regexp, at: &index)
            var high = low
            if index + 1 < regexp.count, regexp[index] == "-", regexp[index + 1] != "]" {
                index += 1
                high = Self.classScalar(regexp, at: &index)
                guard low <= high else {
                    throw .invalidPattern("invalid character class range", regexp[rangeStart..<index])
                }
            }
            set.ranges.append(low...high)
        }
        index += 1
        return set
    }

    private static func classScalar(_ regexp: [Unicode.Scalar], at index: inout Int) -> Unicode.Scalar {
        // `wildcard` only writes `\` before ASCII punctuation, which Go reads as itself.
        let escaped = regexp[index] == "\\" && index + 1 < regexp.count
        defer { index += escaped ? 2 : 1 }
        return escaped ? regexp[index + 1] : regexp[index]
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("0"..."9").contains(self) || ("a"..."z").contains(self) || ("A"..."Z").contains(self)
    }
}
