import MySQLTypes
import Synchronization

/// Statements made to fail on demand (`/mock/v1/failures`), in the manner of Vitess's fakesqldb:
/// a statement whose text matches a rule's pattern gets the rule's ERR packet instead of running,
/// so nothing of it is executed or half-written.
///
/// Rules are checked in the order they were added; the first that matches and has tries left
/// answers. Matching happens under the lock (a rule's count changes when it fires), which is fine
/// because it happens only while some rule can still fire: the hot path reads one atomic flag.
final class FailureRules: Sendable {
    private let state = Mutex(State())
    /// Whether some rule can still fire; read on every statement without taking the lock.
    private let armed = Atomic<Bool>(false)

    private struct State {
        var rules: [FailureRule] = []
        var nextID = 1
    }

    /// Whether any statement could fail now.
    var isArmed: Bool { self.armed.load(ordering: .relaxed) }

    /// The error for a statement with this text, if a rule matches it (counting the match).
    func failure(for text: [UInt8]) -> MySQLError? {
        guard self.isArmed else { return nil }
        let statement = String(decoding: text, as: UTF8.self)
        return self.state.withLock { state in
            for index in state.rules.indices where state.rules[index].canFire {
                guard state.rules[index].matches(statement) else { continue }
                state.rules[index].fired()
                self.armed.store(state.rules.contains(where: \.canFire), ordering: .relaxed)
                return state.rules[index].error
            }
            return nil
        }
    }

    /// Adds a rule after the existing ones; returns it as listed.
    @discardableResult
    func add(_ request: FailureRuleRequest) throws(ControlInputError) -> FailureRule.Listing {
        let compiled = try request.compiled()
        return self.state.withLock { state in
            let rule = FailureRule(id: state.nextID, compiled: compiled)
            state.nextID += 1
            state.rules.append(rule)
            self.armed.store(true, ordering: .relaxed)
            return rule.listing
        }
    }

    /// Replaces every rule; nothing changes if any of them is invalid.
    func replaceAll(with requests: [FailureRuleRequest]) throws(ControlInputError) -> [FailureRule.Listing] {
        var compiled: [FailureRule.Compiled] = []
        for request in requests { compiled.append(try request.compiled()) }
        return self.state.withLock { state in
            state.rules = compiled.map { rule in
                defer { state.nextID += 1 }
                return FailureRule(id: state.nextID, compiled: rule)
            }
            self.armed.store(state.rules.contains(where: \.canFire), ordering: .relaxed)
            return state.rules.map(\.listing)
        }
    }

    func removeAll() {
        self.state.withLock { state in
            state.rules.removeAll()
            self.armed.store(false, ordering: .relaxed)
        }
    }

    /// Removes one rule; false if there is none with this id.
    func remove(id: Int) -> Bool {
        self.state.withLock { state in
            guard let index = state.rules.firstIndex(where: { $0.id == id }) else { return false }
            state.rules.remove(at: index)
            self.armed.store(state.rules.contains(where: \.canFire), ordering: .relaxed)
            return true
        }
    }

    var listings: [FailureRule.Listing] {
        self.state.withLock { $0.rules.map(\.listing) }
    }
}

/// One rule: a pattern, the error to answer with, and how many more times it may fire.
struct FailureRule {
    /// A checked request: the pattern compiled, the error built.
    struct Compiled: @unchecked Sendable {
        // `Regex` is not `Sendable`; a compiled rule is only read under `FailureRules`' lock
        // once it is stored, and only moved (never shared) before that.
        var pattern: String
        var regex: Regex<AnyRegexOutput>
        var error: MySQLError
        var times: Int?
    }

    var id: Int
    var compiled: Compiled
    var matched = 0

    init(id: Int, compiled: Compiled) {
        self.id = id
        self.compiled = compiled
    }

    var error: MySQLError { self.compiled.error }

    /// A rule limited to `times` stops firing once it has.
    var canFire: Bool { self.compiled.times.map { self.matched < $0 } ?? true }

    func matches(_ statement: String) -> Bool {
        (try? self.compiled.regex.firstMatch(in: statement)) != nil
    }

    mutating func fired() { self.matched += 1 }

    /// How `GET /mock/v1/failures` shows a rule.
    struct Listing: Encodable, Sendable, Equatable {
        var id: Int
        var pattern: String
        var errno: UInt16
        var sqlstate: String
        var message: String
        /// Omitted for a rule without a limit.
        var times: Int?
        /// How many statements it failed so far.
        var matched: Int
    }

    var listing: Listing {
        Listing(
            id: self.id,
            pattern: self.compiled.pattern,
            errno: self.compiled.error.code,
            sqlstate: self.compiled.error.sqlState,
            message: self.compiled.error.message,
            times: self.compiled.times,
            matched: self.matched
        )
    }
}

/// A rule as a client sends it: `{"pattern": "...", "errno": 1105, "sqlstate": "HY000",
/// "message": "...", "times": 2}`; `errno` may also be a string of digits.
struct FailureRuleRequest: Decodable, Sendable {
    var pattern: String
    var errno: UInt16
    var sqlstate: String
    var message: String
    var times: Int?

    static let defaultMessage = "injected by mock-tidb: a statement matched a /mock/v1/failures rule"

    init(pattern: String, errno: UInt16, sqlstate: String = "HY000", message: String? = nil, times: Int? = nil) {
        self.pattern = pattern
        self.errno = errno
        self.sqlstate = sqlstate
        self.message = message ?? Self.defaultMessage
        self.times = times
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case pattern, errno, sqlstate, message, times
    }

    init(from decoder: any Decoder) throws {
        try ControlJSON.refuseUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.pattern = try container.decode(String.self, forKey: .pattern)
        if let number = try? container.decode(UInt16.self, forKey: .errno) {
            self.errno = number
        } else if let text = try? container.decode(String.self, forKey: .errno), let number = UInt16(text) {
            self.errno = number
        } else {
            throw ControlInputError("errno must be a MySQL error number between 1 and 65535, such as 1105 or \"1105\"")
        }
        self.sqlstate = try container.decodeIfPresent(String.self, forKey: .sqlstate) ?? "HY000"
        self.message = try container.decodeIfPresent(String.self, forKey: .message) ?? Self.defaultMessage
        self.times = try container.decodeIfPresent(Int.self, forKey: .times)
    }

    /// Checks every field; the pattern is case-insensitive and may match anywhere in the text.
    func compiled() throws(ControlInputError) -> FailureRule.Compiled {
        guard !self.pattern.isEmpty else { throw ControlInputError("pattern must not be empty") }
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(self.pattern).ignoresCase()
        } catch {
            throw ControlInputError("pattern is not a valid regular expression: \(error)")
        }
        // ERR packets start with 0xFF, and clients take errno 0 for success.
        guard self.errno > 0 else { throw ControlInputError("errno must be between 1 and 65535") }
        guard self.sqlstate.utf8.count == 5, self.sqlstate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else {
            throw ControlInputError("sqlstate must be five letters or digits, such as HY000")
        }
        if let times = self.times, times < 1 {
            throw ControlInputError("times must be at least 1 (leave it out to fail every time)")
        }
        return FailureRule.Compiled(
            pattern: self.pattern,
            regex: regex,
            error: MySQLError(code: self.errno, sqlState: self.sqlstate.uppercased(), message: self.message),
            times: self.times
        )
    }
}
