/// TiCDC's `filter.rules`: TiDB's table-filter syntax (pingcap/tidb-tools `table-filter`;
/// docs/ticdc/filter-and-sink.md). A rule is `[!]schema.table`, each half a pattern with `*`, `?`,
/// `[a-z]`, `[!a-z]`, `\` escapes and `` ` `` or `"` quoting; the last rule that matches a table
/// decides, and a table no rule matches is not replicated. TiCDC never replicates the system
/// schemas, whatever the rules say.
public struct TableFilter: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        var negated: Bool
        var schema: Pattern
        var table: Pattern

        public init(parsing text: String) throws(TiCDCError) {
            var characters = Array(text.trimmingSpaces())[...]
            guard !characters.isEmpty else { throw Self.invalid(text) }
            self.negated = characters.first == "!"
            if self.negated { characters = characters.dropFirst() }
            var parts: [[Pattern.Element]] = [[]]
            while let character = characters.first {
                characters = characters.dropFirst()
                switch character {
                case "`", "\"":
                    guard let end = characters.firstIndex(of: character) else { throw Self.invalid(text) }
                    parts[parts.count - 1] += characters[..<end].map { .literal($0) }
                    characters = characters[characters.index(after: end)...]
                case "\\":
                    guard let escaped = characters.first else { throw Self.invalid(text) }
                    parts[parts.count - 1].append(.literal(escaped))
                    characters = characters.dropFirst()
                case ".":
                    guard parts.count == 1 else { throw Self.invalid(text) }
                    parts.append([])
                case "*": parts[parts.count - 1].append(.anyRun)
                case "?": parts[parts.count - 1].append(.anyOne)
                case "[":
                    guard let end = characters.firstIndex(of: "]") else { throw Self.invalid(text) }
                    var set = Array(characters[..<end])
                    let negatedSet = set.first == "!" || set.first == "^"
                    if negatedSet { set.removeFirst() }
                    guard !set.isEmpty else { throw Self.invalid(text) }
                    parts[parts.count - 1].append(.set(Pattern.ranges(set), negated: negatedSet))
                    characters = characters[characters.index(after: end)...]
                default:
                    parts[parts.count - 1].append(.literal(character))
                }
            }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw Self.invalid(text) }
            self.schema = Pattern(elements: parts[0])
            self.table = Pattern(elements: parts[1])
        }

        static func invalid(_ rule: String) -> TiCDCError {
            TiCDCError(code: "CDC:ErrFilterRuleInvalid", text: "filter rule is invalid \(rule)")
        }

        func matches(schema: String, table: String) -> Bool {
            self.schema.matches(Array(schema)[...]) && self.table.matches(Array(table)[...])
        }
    }

    /// One half of a rule.
    struct Pattern: Sendable, Equatable {
        enum Element: Sendable, Equatable {
            case literal(Character)
            case anyOne
            case anyRun
            case set([ClosedRange<Character>], negated: Bool)
        }
        var elements: [Element]

        static func ranges(_ characters: [Character]) -> [ClosedRange<Character>] {
            var ranges: [ClosedRange<Character>] = []
            var index = 0
            while index < characters.count {
                if index + 2 < characters.count, characters[index + 1] == "-", characters[index] <= characters[index + 2] {
                    ranges.append(characters[index]...characters[index + 2])
                    index += 3
                } else {
                    ranges.append(characters[index]...characters[index])
                    index += 1
                }
            }
            return ranges
        }

        func lowercased() -> Pattern {
            Pattern(
                elements: self.elements.map { element in
                    switch element {
                    case .literal(let character): return .literal(Character(character.lowercased()))
                    case .set(let ranges, let negated):
                        return .set(
                            ranges.map { Character($0.lowerBound.lowercased())...Character($0.upperBound.lowercased()) },
                            negated: negated
                        )
                    default: return element
                    }
                }
            )
        }

        func matches(_ text: ArraySlice<Character>) -> Bool {
            Self.match(self.elements[...], text)
        }

        private static func match(_ pattern: ArraySlice<Element>, _ text: ArraySlice<Character>) -> Bool {
            guard let first = pattern.first else { return text.isEmpty }
            switch first {
            case .anyRun:
                var rest = text
                while true {
                    if Self.match(pattern.dropFirst(), rest) { return true }
                    guard !rest.isEmpty else { return false }
                    rest = rest.dropFirst()
                }
            case .anyOne:
                return !text.isEmpty && Self.match(pattern.dropFirst(), text.dropFirst())
            case .literal(let character):
                return text.first == character && Self.match(pattern.dropFirst(), text.dropFirst())
            case .set(let ranges, let negated):
                guard let character = text.first else { return false }
                return ranges.contains { $0.contains(character) } != negated
                    && Self.match(pattern.dropFirst(), text.dropFirst())
            }
        }
    }

    /// Schemas TiCDC never replicates (`pkg/filter/utils.go` `isSysSchema`).
    public static let systemSchemas: Set<String> = [
        "information_schema", "performance_schema", "metrics_schema", "inspection_schema", "mysql", "sys",
        "tidb_cdc", "lightning_task_info", "workload_schema",
    ]

    let rules: [Rule]
    let caseSensitive: Bool

    public init(rules: [String], caseSensitive: Bool = false) throws(TiCDCError) {
        var parsed: [Rule] = []
        for text in rules {
            var rule = try Rule(parsing: text)
            if !caseSensitive {
                rule.schema = rule.schema.lowercased()
                rule.table = rule.table.lowercased()
            }
            parsed.append(rule)
        }
        self.rules = parsed
        self.caseSensitive = caseSensitive
    }

    /// Whether a table's changes are replicated.
    public func accepts(schema: String, table: String) -> Bool {
        guard !Self.systemSchemas.contains(schema.lowercased()) else { return false }
        let schema = self.caseSensitive ? schema : schema.lowercased()
        let table = self.caseSensitive ? table : table.lowercased()
        for rule in self.rules.reversed() where rule.matches(schema: schema, table: table) {
            return !rule.negated
        }
        return false
    }

    /// Whether a schema-level DDL (CREATE/DROP DATABASE) is replicated: some rule could take a
    /// table of it.
    public func accepts(schema: String) -> Bool {
        guard !Self.systemSchemas.contains(schema.lowercased()) else { return false }
        let schema = self.caseSensitive ? schema : schema.lowercased()
        for rule in self.rules.reversed() where rule.schema.matches(Array(schema)[...]) {
            if !rule.negated { return true }
            // `!db.*` excludes the whole schema; `!db.t` leaves the rest of it to earlier rules.
            if rule.table.elements == [.anyRun] { return false }
        }
        return false
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
