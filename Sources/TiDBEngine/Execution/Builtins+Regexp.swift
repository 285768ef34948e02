import MySQLTypes

/// REGEXP / RLIKE (the parser makes them REGEXP_LIKE), REGEXP_LIKE, REGEXP_INSTR, REGEXP_SUBSTR and
/// REGEXP_REPLACE as TiDB v8.5 runs them: Go's RE2 syntax, case-insensitive under a `_ci`
/// collation unless match_type says `c`, positions in characters, errors as 1139 `Got error
/// '...' from regexp`. Matching uses Swift Regex over Unicode scalars; `RE2Syntax` first refuses
/// what RE2 refuses (backreferences, lookaround) with Go's messages
/// (docs/tidb/json-regexp-multitable.md).
enum RegexpBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        define(["regexp_like"], 2...3, .fixed(.bigint(length: 1, flags: .binary))) { e, args throws(MySQLError) in
            guard let subject = try e.argument(args, 0).text, let pattern = try e.argument(args, 1).text else {
                return .null
            }
            guard let matchType = try Self.matchType(e, args, at: 2) else { return .null }
            let regex = try Self.compile(e, args, pattern, matchType: matchType)
            return .int(subject.firstMatch(of: regex) != nil ? 1 : 0)
        }
        define(["regexp_substr"], 2...5, .ofValue) { e, args throws(MySQLError) in
            guard let subject = try e.argument(args, 0).text, let pattern = try e.argument(args, 1).text else {
                return .null
            }
            try Self.refuseBinary(e, args)
            if pattern.isEmpty { throw Self.error(Self.emptyPattern) }
            guard let rest = try Self.fromPosition(e, args, at: 2, subject),
                let occurrence = try Self.integer(e, args, at: 3, default: 1),
                let matchType = try Self.matchType(e, args, at: 4)
            else { return .null }
            let regex = try Self.compile(e, args, pattern, matchType: matchType)
            let matches = rest.matches(of: regex)
            let wanted = Int(max(occurrence, 1))
            guard wanted <= matches.count else { return .null }
            return .string(String(Substring(rest.unicodeScalars[matches[wanted - 1].range])))
        }
        define(["regexp_instr"], 2...6, .fixed(.bigint(length: 20, flags: .binary))) { e, args throws(MySQLError) in
            guard let subject = try e.argument(args, 0).text, let pattern = try e.argument(args, 1).text else {
                return .null
            }
            try Self.refuseBinary(e, args)
            if pattern.isEmpty { throw Self.error(Self.emptyPattern) }
            guard let rest = try Self.fromPosition(e, args, at: 2, subject),
                let occurrence = try Self.integer(e, args, at: 3, default: 1),
                let option = try Self.integer(e, args, at: 4, default: 0)
            else { return .null }
            guard option == 0 || option == 1 else {
                throw Self.error("Incorrect arguments to regexp_instr: return_option must be 1 or 0")
            }
            guard let matchType = try Self.matchType(e, args, at: 5) else { return .null }
            let regex = try Self.compile(e, args, pattern, matchType: matchType)
            let matches = rest.matches(of: regex)
            let wanted = Int(max(occurrence, 1))
            guard wanted <= matches.count else { return .int(0) }
            let range = matches[wanted - 1].range
            let end = option == 0 ? range.lowerBound : range.upperBound
            let scalars = subject.unicodeScalars
            return .int(Int64(scalars.distance(from: scalars.startIndex, to: end) + 1))
        }
        define(["regexp_replace"], 3...6, .ofValue) { e, args throws(MySQLError) in
            guard let subject = try e.argument(args, 0).text, let pattern = try e.argument(args, 1).text else {
                return .null
            }
            try Self.refuseBinary(e, args)
            if pattern.isEmpty { throw Self.error(Self.emptyPattern) }
            guard let replacement = try e.argument(args, 2).text,
                let rest = try Self.fromPosition(e, args, at: 3, subject),
                let occurrence = try Self.integer(e, args, at: 4, default: 0),
                let matchType = try Self.matchType(e, args, at: 5)
            else { return .null }
            let regex = try Self.compile(e, args, pattern, matchType: matchType)
            let scalars = subject.unicodeScalars
            var output = String.UnicodeScalarView(scalars[..<rest.startIndex])
            var cursor = rest.startIndex
            for (number, match) in rest.matches(of: regex).enumerated()
            where occurrence <= 0 || number + 1 == occurrence {
                output.append(contentsOf: scalars[cursor..<match.range.lowerBound])
                output.append(contentsOf: Self.substitute(replacement, match.output).unicodeScalars)
                cursor = match.range.upperBound
            }
            output.append(contentsOf: scalars[cursor...])
            return .string(String(output))
        }
    }

    static let emptyPattern = "Empty pattern is invalid"

    static func error(_ reason: String) -> MySQLError {
        .tidb(1139, "42000", "Got error '\(String(reason.prefix(64)))' from regexp")
    }

    /// REGEXP_SUBSTR, _INSTR and _REPLACE refuse the `binary` collation (REGEXP_LIKE does not).
    private static func refuseBinary(_ e: Evaluator, _ args: [Expression]) throws(MySQLError) {
        let collation = try e.aggregateCollation([args[0], args[1]])?.collation
        if collation?.algorithm == .binary, collation?.charset == "binary" {
            throw self.error("Not support binary collation so far")
        }
    }

    /// An optional integer argument; nil when given as NULL.
    private static func integer(
        _ e: Evaluator,
        _ args: [Expression],
        at index: Int,
        default fallback: Int64
    ) throws(MySQLError) -> Int64? {
        guard index < args.count else { return fallback }
        return try e.argument(args, index).int64(warn: e.warn)
    }

    /// The optional match_type; nil when given as NULL.
    private static func matchType(_ e: Evaluator, _ args: [Expression], at index: Int) throws(MySQLError) -> String? {
        guard index < args.count else { return "" }
        return try e.argument(args, index).text
    }

    /// The subject from the 1-based character `pos` on (1139 outside the subject; an empty
    /// subject takes position 1).
    private static func fromPosition(
        _ e: Evaluator,
        _ args: [Expression],
        at index: Int,
        _ subject: String
    ) throws(MySQLError) -> Substring? {
        let scalars = subject.unicodeScalars
        guard index < args.count else { return subject[...] }
        guard let position = try e.argument(args, index).int64(warn: e.warn) else { return nil }
        let count = scalars.count
        if position < 1 || position > count {
            if count != 0 || position != 1 { throw self.error("Index out of bounds in regular expression search") }
        }
        let start = scalars.index(scalars.startIndex, offsetBy: max(0, Int(min(position, Int64(count + 1))) - 1))
        return Substring(scalars[start...])
    }

    /// The pattern with TiDB's flags: `i` from a `_ci` collation, then match_type's letters in
    /// order (`c` drops `i`); anything else is "Invalid match type".
    private static func compile(
        _ e: Evaluator,
        _ args: [Expression],
        _ pattern: String,
        matchType: String
    ) throws(MySQLError) -> Regex<AnyRegexOutput> {
        if pattern.isEmpty { throw self.error(self.emptyPattern) }
        var flags = Set<Character>()
        let collation = try e.aggregateCollation([args[0], args[1]])?.collation
        if let collation, !collation.isBinaryOrder { flags.insert("i") }
        for flag in matchType {
            switch flag {
            case "c": flags.remove("i")
            case "i", "m", "s": flags.insert(flag)
            default: throw self.error("Invalid match type")
            }
        }
        if let problem = RE2Syntax.problem(in: pattern) { throw self.error("error parsing regexp: " + problem) }
        do {
            var regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
            if flags.contains("i") { regex = regex.ignoresCase() }
            if flags.contains("m") { regex = regex.anchorsMatchLineEndings() }
            if flags.contains("s") { regex = regex.dotMatchesNewlines() }
            return regex
        } catch {
            throw self.error("error parsing regexp: invalid or unsupported syntax: `\(pattern)`")
        }
    }

    /// The replacement with `\N` (N a digit) replaced by the N-th group, as TiDB v8.5 does.
    private static func substitute(_ replacement: String, _ output: AnyRegexOutput) -> String {
        guard replacement.contains("\\") else { return replacement }
        var result = ""
        var iterator = replacement.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                result.append(character)
                continue
            }
            guard let next = iterator.next() else {
                result.append(character)
                break
            }
            if let digit = next.wholeNumberValue, next.isASCII {
                if digit < output.count, let captured = output[digit].substring { result += captured }
            } else {
                result.append(next)
            }
        }
        return result
    }
}

/// What Go's RE2 parser refuses that Swift Regex would accept (or reports differently), with
/// Go's error text: unbalanced parentheses and brackets, a repetition without an operand or
/// repeated, backreferences and lookaround.
enum RE2Syntax {
    static func problem(in pattern: String) -> String? {
        let characters = Array(pattern)
        var depth = 0
        var index = 0
        var previousWasRepeat = false
        var atExpressionStart = true
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                guard index + 1 < characters.count else { return "trailing backslash at end of expression: ``" }
                let escaped = characters[index + 1]
                if escaped.isNumber, escaped != "0" { return "invalid escape sequence: `\\\(escaped)`" }
                index += 2
                previousWasRepeat = false
                atExpressionStart = false
                continue
            case "(":
                if index + 2 < characters.count, characters[index + 1] == "?",
                    ["=", "!", "<"].contains(characters[index + 2])
                {
                    let end = min(characters.count, index + (characters[index + 2] == "<" ? 4 : 3))
                    return "invalid or unsupported Perl syntax: `\(String(characters[index..<end]))`"
                }
                depth += 1
                atExpressionStart = true
                previousWasRepeat = false
            case ")":
                if depth == 0 { return "unexpected ): `\(pattern)`" }
                depth -= 1
                atExpressionStart = false
                previousWasRepeat = false
            case "|":
                atExpressionStart = true
                previousWasRepeat = false
            case "[":
                var end = index + 1
                if end < characters.count, characters[end] == "^" { end += 1 }
                if end < characters.count, characters[end] == "]" { end += 1 }
                while end < characters.count, characters[end] != "]" {
                    end += characters[end] == "\\" ? 2 : 1
                }
                if end >= characters.count { return "missing closing ]: `\(String(characters[index...]))`" }
                index = end + 1
                atExpressionStart = false
                previousWasRepeat = false
                continue
            case "*", "+", "?":
                if atExpressionStart { return "missing argument to repetition operator: `\(character)`" }
                if previousWasRepeat, character != "?" {
                    return "invalid nested repetition operator: `\(String(characters[(index - 1)...index]))`"
                }
                previousWasRepeat = character != "?" || !previousWasRepeat
            default:
                atExpressionStart = false
                previousWasRepeat = false
            }
            index += 1
        }
        if depth > 0 { return "missing closing ): `\(pattern)`" }
        return nil
    }
}
