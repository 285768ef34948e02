import MySQLTypes

/// A JSON path (`$.a[0]`, `$.*`, `$**.b`, `$[last - 1]`, `$[1 to 3]`), parsed as TiDB's
/// `parseJSONPathExpr` does, with its error: 3143 naming the byte position where parsing stopped.
struct JSONPath: Sendable {
    /// An array index: from the start (>= 0) or from the end (`last` is -1, `last - 2` is -3).
    struct Index: Sendable {
        var raw: Int

        func resolved(count: Int) -> Int { self.raw < 0 ? count + self.raw : self.raw }
    }

    enum Leg: Sendable {
        case key(String)
        case anyKey
        case index(Index)
        case range(Index, Index)
        case anyIndex
        case anyDescendant
    }

    var legs: [Leg] = []

    /// Wildcards or ranges: the path can select several values.
    var couldMatchMultipleValues: Bool {
        self.legs.contains {
            switch $0 {
            case .key, .index: return false
            default: return true
            }
        }
    }

    static func invalid(position: Int) -> MySQLError {
        MySQLError(
            code: 3143,
            sqlState: "42000",
            message: "Invalid JSON path expression. The error is around character position \(position)."
        )
    }

    static let multipleSelection = MySQLError(
        code: 3149,
        sqlState: "42000",
        message: "In this situation, path expressions may not contain the * and ** tokens or an array range."
    )

    static func parse(_ text: String) throws(MySQLError) -> JSONPath {
        var stream = Stream(bytes: Array(text.utf8))
        stream.skipSpace()
        guard !stream.exhausted, stream.read() == UInt8(ascii: "$") else { throw self.invalid(position: 1) }
        stream.skipSpace()
        var path = JSONPath()
        while !stream.exhausted {
            let leg: Leg?
            switch stream.peek() {
            case UInt8(ascii: "."): leg = stream.member()
            case UInt8(ascii: "["): leg = stream.arraySelection()
            case UInt8(ascii: "*"): leg = stream.doubleAsterisk()
            default: leg = nil
            }
            guard let leg else { throw self.invalid(position: stream.position) }
            path.legs.append(leg)
            stream.skipSpace()
        }
        if case .anyDescendant? = path.legs.last { throw self.invalid(position: stream.position) }
        return path
    }

    private struct Stream {
        let bytes: [UInt8]
        var position = 0

        var exhausted: Bool { self.position >= self.bytes.count }
        func peek() -> UInt8 { self.bytes[self.position] }

        mutating func read() -> UInt8 {
            defer { self.position += 1 }
            return self.bytes[self.position]
        }

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || (0x09...0x0D).contains(byte) || byte == 0x85 || byte == 0xA0
        }

        mutating func skipSpace() {
            while !self.exhausted, Self.isSpace(self.peek()) { self.position += 1 }
        }

        mutating func doubleAsterisk() -> Leg? {
            self.position += 1
            guard !self.exhausted, self.read() == UInt8(ascii: "*") else { return nil }
            guard !self.exhausted, self.peek() != UInt8(ascii: "*") else { return nil }
            return .anyDescendant
        }

        mutating func member() -> Leg? {
            self.position += 1
            self.skipSpace()
            guard !self.exhausted else { return nil }
            if self.peek() == UInt8(ascii: "*") {
                self.position += 1
                return .anyKey
            }
            if self.peek() == UInt8(ascii: "\"") {
                self.position += 1
                let start = self.position
                while !self.exhausted, self.peek() != UInt8(ascii: "\"") {
                    if self.peek() == UInt8(ascii: "\\") { self.position += 1 }
                    self.position += 1
                }
                guard !self.exhausted else { return nil }
                let raw = Array(self.bytes[start..<self.position])
                self.position += 1
                return Self.unquotedKey(raw).map(Leg.key)
            }
            let start = self.position
            while !self.exhausted {
                let byte = self.peek()
                if Self.isSpace(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "[")
                    || byte == UInt8(ascii: "*")
                {
                    break
                }
                self.position += 1
            }
            guard let key = Self.unquotedKey(Array(self.bytes[start..<self.position])),
                Self.isIdentifier(key)
            else { return nil }
            return .key(key)
        }

        /// A key's text through the JSON string parser (escapes resolved), nil when not valid.
        static func unquotedKey(_ raw: [UInt8]) -> String? {
            var parser = JSONText.JSONParser(bytes: [UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")])
            guard case .string(let key)? = parser.parseString(), parser.index == parser.bytes.count else {
                return nil
            }
            return key
        }

        static func isIdentifier(_ key: String) -> Bool {
            guard !key.isEmpty else { return false }
            for (offset, byte) in key.utf8.enumerated() {
                let letter =
                    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                if letter || (digit && offset > 0) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
                    || byte >= 0x80
                {
                    continue
                }
                return false
            }
            return true
        }

        mutating func arraySelection() -> Leg? {
            self.position += 1
            self.skipSpace()
            guard !self.exhausted else { return nil }
            var leg: Leg
            if self.peek() == UInt8(ascii: "*") {
                self.position += 1
                leg = .anyIndex
            } else {
                guard let start = self.arrayIndex() else { return nil }
                leg = .index(start)
                if !self.exhausted, Self.isSpace(self.peek()) {
                    self.skipSpace()
                    if self.readWord("to"), !self.exhausted, Self.isSpace(self.peek()) {
                        self.skipSpace()
                        guard !self.exhausted, let end = self.arrayIndex() else { return nil }
                        // Both from the start or both from the end must be in order.
                        if (start.raw >= 0) == (end.raw >= 0), start.raw > end.raw { return nil }
                        leg = .range(start, end)
                    }
                }
            }
            self.skipSpace()
            guard !self.exhausted, self.read() == UInt8(ascii: "]") else { return nil }
            return leg
        }

        mutating func readWord(_ word: String) -> Bool {
            let expected = Array(word.utf8)
            // TiDB's `tryReadString` wants a byte after the word.
            guard self.position + expected.count < self.bytes.count,
                Array(self.bytes[self.position..<self.position + expected.count]) == expected
            else { return false }
            self.position += expected.count
            return true
        }

        mutating func number() -> Int? {
            let start = self.position
            while !self.exhausted, self.peek() >= UInt8(ascii: "0"), self.peek() <= UInt8(ascii: "9") {
                self.position += 1
            }
            // TiDB wants a byte after the digits (`]` at least).
            guard !self.exhausted, let value = Int(String(decoding: self.bytes[start..<self.position], as: UTF8.self)),
                value <= Int(UInt32.max)
            else {
                self.position = start
                return nil
            }
            return value
        }

        mutating func arrayIndex() -> Index? {
            let saved = self.position
            self.skipSpace()
            guard !self.exhausted else { return nil }
            let byte = self.peek()
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                guard let value = self.number() else {
                    self.position = saved
                    return nil
                }
                return Index(raw: value)
            }
            guard byte == UInt8(ascii: "l"), self.readWord("last") else { return nil }
            self.skipSpace()
            guard !self.exhausted, self.peek() == UInt8(ascii: "-") else { return Index(raw: -1) }
            self.position += 1
            self.skipSpace()
            guard let value = self.number() else {
                self.position = saved
                return nil
            }
            return Index(raw: -1 - value)
        }
    }
}

extension JSONValue {
    /// Every value the path selects, in document order (TiDB's `extractTo`): an index leg on a
    /// non-array selects the value itself for `[0]` (and ranges from 0), as MySQL's auto-wrap does.
    func extract(_ path: JSONPath) -> [JSONValue] {
        var found: [JSONValue] = []
        self.extract(path.legs[...], into: &found)
        return found
    }

    private func extract(_ legs: ArraySlice<JSONPath.Leg>, into found: inout [JSONValue]) {
        guard let leg = legs.first else {
            found.append(self)
            return
        }
        let rest = legs.dropFirst()
        switch (leg, self) {
        case (.index(let index), .array(let items)):
            let position = index.resolved(count: items.count)
            if position >= 0, position < items.count { items[position].extract(rest, into: &found) }
        case (.range(let start, let end), .array(let items)):
            let first = start.resolved(count: items.count)
            let last = Swift.min(end.resolved(count: items.count), items.count - 1)
            if first >= 0, first <= last {
                for item in items[first...last] { item.extract(rest, into: &found) }
            }
        case (.anyIndex, .array(let items)):
            for item in items { item.extract(rest, into: &found) }
        case (.index(let index), _):
            if index.raw == 0 { self.extract(rest, into: &found) }
        case (.range(let start, let end), _):
            if start.raw == 0, end.raw >= -1 { self.extract(rest, into: &found) }
        case (.key(let key), .object):
            self.member(key)?.extract(rest, into: &found)
        case (.anyKey, .object(let members)):
            for member in members { member.value.extract(rest, into: &found) }
        case (.anyDescendant, _):
            self.extract(rest, into: &found)
            switch self {
            case .array(let items): for item in items { item.extract(legs, into: &found) }
            case .object(let members): for member in members { member.value.extract(legs, into: &found) }
            default: break
            }
        default:
            break
        }
    }

    enum ModifyMode {
        case set, insert, replace
    }

    /// JSON_SET / JSON_INSERT / JSON_REPLACE at one path without wildcards (TiDB's `Modify`):
    /// a missing last leg is created (set, insert) on an object (key) or by appending to an
    /// array (an index past the end; a scalar becomes `[scalar, value]`).
    func modifying(_ legs: ArraySlice<JSONPath.Leg>, to value: JSONValue, mode: ModifyMode) -> JSONValue {
        guard let leg = legs.first else { return mode == .insert ? self : value }
        let rest = legs.dropFirst()
        switch (leg, self) {
        case (.key(let key), .object):
            if let child = self.member(key) {
                return self.settingMember(key, to: child.modifying(rest, to: value, mode: mode))
            }
            guard rest.isEmpty, mode != .replace else { return self }
            return self.settingMember(key, to: value)
        case (.index(let index), .array(var items)):
            let position = index.resolved(count: items.count)
            if position >= 0, position < items.count {
                items[position] = items[position].modifying(rest, to: value, mode: mode)
                return .array(items)
            }
            guard rest.isEmpty, mode != .replace, position >= items.count else { return self }
            items.append(value)
            return .array(items)
        case (.index(let index), _):
            if index.raw == 0 || index.raw == -1 { return self.modifying(rest, to: value, mode: mode) }
            guard rest.isEmpty, mode != .replace, index.raw > 0 else { return self }
            return .array([self, value])
        default:
            return self
        }
    }

    /// JSON_REMOVE at one path without wildcards; `$` itself is refused by the caller.
    func removing(_ legs: ArraySlice<JSONPath.Leg>) -> JSONValue {
        guard let leg = legs.first else { return self }
        let rest = legs.dropFirst()
        switch (leg, self) {
        case (.key(let key), .object(var members)):
            guard let index = members.firstIndex(where: { $0.key == key }) else { return self }
            if rest.isEmpty {
                members.remove(at: index)
            } else {
                members[index].value = members[index].value.removing(rest)
            }
            return .object(members)
        case (.index(let index), .array(var items)):
            let position = index.resolved(count: items.count)
            guard position >= 0, position < items.count else { return self }
            if rest.isEmpty {
                items.remove(at: position)
            } else {
                items[position] = items[position].removing(rest)
            }
            return .array(items)
        default:
            return self
        }
    }
}
