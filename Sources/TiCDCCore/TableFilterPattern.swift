import Synchronization

extension TableFilter {
    /// One half of a rule, as TiDB's table-filter builds its matchers (`parser.go`, `matchers.go`).
    struct Pattern: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            /// `*` alone: TiDB's `trueMatcher`, the only pattern `MatchSchema` sees as "every table".
            case everything
            /// A quoted name, or a wildcard pattern without `*`, `?` or `[...]` (`stringMatcher`).
            case literal(String)
            /// Any other wildcard pattern. TiDB compiles it to the Go regexp `(?s)^…$`; the elements
            /// are that regexp, matched here without a regexp engine, one Unicode scalar (Go rune) at
            /// a time.
            case wildcard([Element])
            /// `/re/`: a regular expression, unanchored.
            case regexp(Regexp)
        }

        enum Element: Sendable, Equatable {
            case scalar(Unicode.Scalar)
            /// `?` (`.` under `(?s)`).
            case anyScalar
            /// `*` (`.*`).
            case anyRun
            /// An unescaped `$`: TiDB copies it into the regexp, where it anchors, so `d$b*` matches
            /// nothing (while `d$b`, a literal, matches `d$b`).
            case endOfText
            case set(ScalarSet)
        }

        /// A character class in Go's regexp syntax.
        struct ScalarSet: Sendable, Equatable {
            var ranges: [ClosedRange<Unicode.Scalar>]
            var negated: Bool
            /// Under `(?i)`: a scalar is in the class when it or its other case is.
            var ignoresCase = false

            func contains(_ scalar: Unicode.Scalar) -> Bool {
                func has(_ scalar: Unicode.Scalar) -> Bool { self.ranges.contains { $0.contains(scalar) } }
                let found =
                    has(scalar)
                    || (self.ignoresCase && (has(Pattern.lowercase(scalar)) || has(Pattern.uppercase(scalar))))
                return found != self.negated
            }
        }

        /// A `/re/` pattern: Go RE2 syntax, compiled with Swift's `Regex`, which reads the common
        /// subset the same way (and `$` also anchors at the very end only). Unlike RE2 it also
        /// takes lookarounds and back-references.
        struct Regexp: Sendable, Equatable {
            let source: String
            let ignoresCase: Bool
            private let compiled: Compiled

            /// Swift's `Regex` is not `Sendable`: each pattern keeps its two forms behind a lock.
            private final class Compiled: Sendable {
                let forms: Mutex<(exact: Regex<AnyRegexOutput>, ignoringCase: Regex<AnyRegexOutput>)>

                init(_ source: String) throws {
                    let exact = try Regex(source).matchingSemantics(.unicodeScalar)
                    self.forms = Mutex((exact, exact.ignoresCase()))
                }
            }

            init(_ source: String) throws(SyntaxError) {
                do {
                    self.compiled = try Compiled(source)
                } catch {
                    throw SyntaxError("invalid pattern: error parsing regexp: \(error): `\(source)`")
                }
                self.source = source
                self.ignoresCase = false
            }

            private init(source: String, ignoresCase: Bool, compiled: Compiled) {
                self.source = source
                self.ignoresCase = ignoresCase
                self.compiled = compiled
            }

            /// TiDB's `toLower`: the same regexp under `(?i)`.
            func ignoringCase() -> Regexp {
                Regexp(source: self.source, ignoresCase: true, compiled: self.compiled)
            }

            /// Anywhere in the name, as Go's `MatchString`.
            func matches(_ name: String) -> Bool {
                let ignoresCase = self.ignoresCase
                return self.compiled.forms.withLock { name.contains(ignoresCase ? $0.ignoringCase : $0.exact) }
            }

            static func == (lhs: Regexp, rhs: Regexp) -> Bool {
                lhs.source == rhs.source && lhs.ignoresCase == rhs.ignoresCase
            }
        }

        var kind: Kind

        var isEverything: Bool { self.kind == .everything }

        func matches(_ name: String) -> Bool {
            switch self.kind {
            case .everything: true
            // Go compares bytes: no Unicode canonical equivalence.
            case .literal(let literal): name.utf8.elementsEqual(literal.utf8)
            case .wildcard(let elements): Self.matches(elements, name.unicodeScalars)
            case .regexp(let regexp): regexp.matches(name)
            }
        }

        /// For a case-insensitive filter (TiCDC's `CaseInsensitive`), which also lower-cases the
        /// names it matches: literals lower-cased, regexps under `(?i)`.
        func ignoringCase() -> Pattern {
            switch self.kind {
            case .everything: self
            case .literal(let literal): Pattern(kind: .literal(literal.lowercased()))
            case .regexp(let regexp): Pattern(kind: .regexp(regexp.ignoringCase()))
            case .wildcard(let elements):
                Pattern(
                    kind: .wildcard(
                        elements.map { element in
                            switch element {
                            case .scalar(let scalar): return .scalar(Self.lowercase(scalar))
                            case .set(var set):
                                set.ignoresCase = true
                                return .set(set)
                            case .anyScalar, .anyRun, .endOfText: return element
                            }
                        }
                    )
                )
            }
        }

        /// Whole-name matching with backtracking to the last `*` only: every other element matches
        /// one scalar or none, so this is exact.
        private static func matches(_ elements: [Element], _ name: String.UnicodeScalarView) -> Bool {
            var element = 0
            var position = name.startIndex
            var lastRun: (element: Int, position: String.Index)?
            while true {
                if element == elements.count {
                    if position == name.endIndex { return true }
                } else {
                    let next = position < name.endIndex ? name[position] : nil
                    var matched = true
                    switch (elements[element], next) {
                    case (.anyRun, _):
                        lastRun = (element, position)
                        element += 1
                        continue
                    case (.endOfText, nil):
                        element += 1
                        continue
                    case (.anyScalar, .some): break
                    case (.scalar(let scalar), .some(let next)): matched = scalar == next
                    case (.set(let set), .some(let next)): matched = set.contains(next)
                    case (.endOfText, .some), (.anyScalar, nil), (.scalar, nil), (.set, nil): matched = false
                    }
                    if matched {
                        element += 1
                        position = name.index(after: position)
                        continue
                    }
                }
                guard let run = lastRun, run.position < name.endIndex else { return false }
                lastRun = (run.element, name.index(after: run.position))
                element = run.element + 1
                position = name.index(after: run.position)
            }
        }

        /// Go's simple case mapping, one scalar to one scalar.
        static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            let mapped = scalar.properties.lowercaseMapping.unicodeScalars
            return mapped.count == 1 ? mapped.first! : scalar
        }

        static func uppercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            let mapped = scalar.properties.uppercaseMapping.unicodeScalars
            return mapped.count == 1 ? mapped.first! : scalar
        }
    }
}
