import MySQLTypes

/// A JSON value as TiDB's binary JSON holds it: integers that fit int64 (else uint64) stay
/// integers, other numbers are doubles, and an object's keys are unique (the last duplicate wins)
/// and sorted by their bytes (TiDB's `cmp.Compare` of keys; MySQL sorts by length first).
indirect enum JSONValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys unique and in byte order.
    case object([(key: String, value: JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        JSONComparison.compare(lhs, rhs) == 0
    }

    /// TiDB's nesting limit (`maxJSONDepth`).
    static let maximumDepth = 100

    static let documentTooDeep = MySQLError(
        code: 3157,
        sqlState: "22032",
        message: "The JSON document exceeds the maximum depth."
    )

    static func invalidText(_ reason: String) -> MySQLError {
        MySQLError(code: 3140, sqlState: "22032", message: "Invalid JSON text: \(reason)")
    }

    /// Parses a JSON document as TiDB's `ParseBinaryJSONFromString` does, with its errors.
    static func parse(_ text: String) throws(MySQLError) -> JSONValue {
        if text.isEmpty { throw self.invalidText("The document is empty") }
        var parser = JSONText.JSONParser(bytes: Array(text.utf8))
        guard let node = parser.parseValue() else {
            throw self.invalidText("The document root must not be followed by other values.")
        }
        parser.skipSpace()
        guard parser.index == parser.bytes.count else {
            throw self.invalidText("The document root must not be followed by other values.")
        }
        let value = try self.value(of: node, depth: 1)
        return value
    }

    private static func value(of node: JSONText.Node, depth: Int) throws(MySQLError) -> JSONValue {
        switch node {
        case .null: return .null
        case .boolean(let flag): return .boolean(flag)
        case .string(let text): return .string(text)
        case .number(let text):
            if let integer = Int64(text) { return .int(integer) }
            if let unsigned = UInt64(text) { return .uint(unsigned) }
            guard let double = Double(text), double.isFinite else {
                throw self.invalidText("The document root must not be followed by other values.")
            }
            return .double(double)
        case .array(let items):
            guard depth <= self.maximumDepth else { throw self.documentTooDeep }
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try self.value(of: item, depth: depth + 1)) }
            return .array(values)
        case .object(let members):
            guard depth <= self.maximumDepth else { throw self.documentTooDeep }
            var pairs: [(String, JSONValue)] = []
            for (key, item) in members { pairs.append((key, try self.value(of: item, depth: depth + 1))) }
            return self.makeObject(pairs)
        }
    }

    /// An object from members in any order: the last of duplicate keys wins, keys sorted.
    static func makeObject(_ members: [(String, JSONValue)]) -> JSONValue {
        var latest: [String: JSONValue] = [:]
        for (key, value) in members { latest[key] = value }
        let keys = latest.keys.sorted(by: self.keyPrecedes)
        let sorted: [(key: String, value: JSONValue)] = keys.map { (key: $0, value: latest[$0]!) }
        return .object(sorted)
    }

    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// TiDB's text form: `{"a": 1, "b": [1, 2.0]}`.
    var text: String {
        var out = ""
        self.write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .boolean(let flag): out += flag ? "true" : "false"
        case .int(let n): out += String(n)
        case .uint(let n): out += String(n)
        case .double(let d): out += Self.doubleText(d)
        case .string(let s): out += JSONText.quote(s)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += ", " }
                out += JSONText.quote(member.key)
                out += ": "
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// TiDB v8.5.0's `marshalFloat64To` (Go's encoding/json): the shortest digits, plain in
    /// [1e-6, 1e21) without a fraction for whole numbers (`1.0` is `1`), else `1e+21` / `1e-7`.
    /// (tidb#58888 and #58894 changed this after v8.5.0.)
    static func doubleText(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let magnitude = Swift.abs(value)
        // Swift's description has the shortest round-trip digits: "123.45", "1e-07", "1.5e+20".
        let text = magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        var exponent = parts.count == 2 ? Int(parts[1].filter { $0 != "+" }) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var digits = String(pieces[0]) + (pieces.count == 2 ? String(pieces[1]) : "")
        exponent += pieces[0].count - 1
        // Normalize to digits without leading or trailing zeros, value = d.ddd × 10^exponent.
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        if magnitude < 1e-6 || magnitude >= 1e21 {
            let fraction = digits.count > 1 ? "." + digits.dropFirst() : ""
            let power = Swift.abs(exponent)
            // Go writes at least two exponent digits, and encoding/json then drops a zero after `e-`.
            let powerText = exponent < 0 ? String(power) : (power < 10 ? "0" : "") + String(power)
            return sign + String(digits.prefix(1)) + fraction + "e" + (exponent < 0 ? "-" : "+") + powerText
        }
        if exponent < 0 { return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits }
        if digits.count <= exponent + 1 {
            return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count)
        }
        let point = digits.index(digits.startIndex, offsetBy: exponent + 1)
        return sign + digits[..<point] + "." + digits[point...]
    }

    /// JSON_TYPE's names.
    var typeName: String {
        switch self {
        case .null: return "NULL"
        case .boolean: return "BOOLEAN"
        case .int: return "INTEGER"
        case .uint: return "UNSIGNED INTEGER"
        case .double: return "DOUBLE"
        case .string: return "STRING"
        case .array: return "ARRAY"
        case .object: return "OBJECT"
        }
    }

    var depth: Int {
        switch self {
        case .array(let items): return 1 + (items.map(\.depth).max() ?? 0)
        case .object(let members): return 1 + (members.map(\.value.depth).max() ?? 0)
        default: return 1
        }
    }

    func member(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The object with `key` set to `value` (added in key order when new).
    func settingMember(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            let index = members.firstIndex { Self.keyPrecedes(key, $0.key) } ?? members.count
            members.insert((key: key, value: value), at: index)
        }
        return .object(members)
    }

    /// JSON_UNQUOTE's text: a string's contents, anything else its JSON text.
    var unquotedText: String {
        if case .string(let text) = self { return text }
        return self.text
    }
}

/// TiDB's JSON comparison (`CompareBinaryJSON`) for equality and containment: numbers compare
/// by value across integer kinds and doubles, strings by bytes, arrays element by element.
enum JSONComparison {
    private static func precedence(_ value: JSONValue) -> Int {
        switch value {
        case .null: return 0
        case .int, .uint, .double: return 1
        case .string: return 2
        case .object: return 3
        case .array: return 4
        case .boolean: return 5
        }
    }

    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        let pa = self.precedence(a)
        let pb = self.precedence(b)
        if pa != pb { return pa < pb ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.string(let x), .string(let y)):
            return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.array(let x), .array(let y)):
            for (left, right) in zip(x, y) {
                let order = self.compare(left, right)
                if order != 0 { return order }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return x.count < y.count ? -1 : 1 }
            for (left, right) in zip(x, y) {
                if left.key != right.key { return self.keyOrder(left.key, right.key) }
                let order = self.compare(left.value, right.value)
                if order != 0 { return order }
            }
            return 0
        default:
            return self.compareNumbers(a, b)
        }
    }

    private static func keyOrder(_ a: String, _ b: String) -> Int {
        JSONValue.keyPrecedes(a, b) ? -1 : 1
    }

    private static func compareNumbers(_ a: JSONValue, _ b: JSONValue) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.uint(let x), .uint(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int(let x), .uint(let y)): return x < 0 || UInt64(x) < y ? -1 : (UInt64(x) == y ? 0 : 1)
        case (.uint, .int): return -self.compareNumbers(b, a)
        default:
            let x = self.doubleValue(a)
            let y = self.doubleValue(b)
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    private static func doubleValue(_ value: JSONValue) -> Double {
        switch value {
        case .int(let n): return Double(n)
        case .uint(let n): return Double(n)
        case .double(let d): return d
        default: return 0
        }
    }
}
