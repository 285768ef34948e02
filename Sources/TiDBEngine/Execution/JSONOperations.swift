import MySQLTypes

/// Merging, containment and overlap of JSON values, as TiDB's `MergeBinaryJSON`,
/// `MergePatchBinaryJSON`, `ContainsBinaryJSON` and `OverlapsBinaryJSON` define them.
enum JSONMerge {
    /// JSON_MERGE_PRESERVE: adjacent objects merge (a shared key's values merge in turn), and
    /// the pieces, when more than one, become one array with arrays spliced in.
    static func preserve(_ documents: [JSONValue]) -> JSONValue {
        var results: [JSONValue] = []
        var pendingObjects: [JSONValue] = []
        func flushObjects() {
            if !pendingObjects.isEmpty { results.append(self.mergeObjects(pendingObjects)) }
            pendingObjects.removeAll()
        }
        for document in documents {
            if case .object = document {
                pendingObjects.append(document)
            } else {
                flushObjects()
                results.append(document)
            }
        }
        flushObjects()
        if results.count == 1 { return results[0] }
        var items: [JSONValue] = []
        for result in results {
            if case .array(let elements) = result { items += elements } else { items.append(result) }
        }
        return .array(items)
    }

    private static func mergeObjects(_ objects: [JSONValue]) -> JSONValue {
        var merged = JSONValue.object([])
        for case .object(let members) in objects {
            for member in members {
                let value = merged.member(member.key).map { self.preserve([$0, member.value]) } ?? member.value
                merged = merged.settingMember(member.key, to: value)
            }
        }
        return merged
    }

    /// JSON_MERGE_PATCH (RFC 7396) over arguments that may be SQL NULL: the merge starts at the
    /// last argument that is NULL or not an object; NULL then wins over any object patch.
    static func patch(_ documents: [JSONValue?]) -> JSONValue? {
        var start = 0
        for index in documents.indices.reversed() {
            guard let document = documents[index], case .object = document else {
                start = index
                break
            }
        }
        var target = documents[start]
        for patch in documents[(start + 1)...] {
            guard let patch, let current = target else { return nil }
            target = self.patch(current, patch)
        }
        return target
    }

    private static func patch(_ target: JSONValue?, _ patch: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result: JSONValue
        if let target, case .object = target { result = target } else { result = .object([]) }
        for member in members {
            if case .null = member.value {
                if case .object(let current) = result { result = .object(current.filter { $0.key != member.key }) }
            } else {
                result = result.settingMember(member.key, to: self.patch(result.member(member.key), member.value))
            }
        }
        return result
    }

    static func contains(_ document: JSONValue, _ candidate: JSONValue) -> Bool {
        switch document {
        case .object:
            guard case .object(let wanted) = candidate else { return false }
            return wanted.allSatisfy { member in
                document.member(member.key).map { self.contains($0, member.value) } ?? false
            }
        case .array(let items):
            if case .array(let wanted) = candidate {
                return wanted.allSatisfy { element in items.contains { self.contains($0, element) } }
            }
            return items.contains { self.contains($0, candidate) }
        default:
            return document == candidate
        }
    }

    static func overlaps(_ first: JSONValue, _ second: JSONValue) -> Bool {
        var a = first
        var b = second
        if case .array = b, !Self.isArray(a) { swap(&a, &b) }
        switch a {
        case .object(let members):
            guard case .object = b else { return false }
            return members.contains { member in b.member(member.key).map { $0 == member.value } ?? false }
        case .array(let items):
            if case .array(let others) = b { return items.contains { item in others.contains(item) } }
            return items.contains(b)
        default:
            return a == b
        }
    }

    private static func isArray(_ value: JSONValue) -> Bool {
        if case .array = value { return true }
        return false
    }
}

/// JSON_SEARCH(doc, 'one'|'all', pattern[, escape[, path...]]): the paths of string values that
/// match the LIKE pattern (bytes compared as they are), in document order.
enum JSONSearch {
    static func evaluate(_ e: Evaluator, _ args: [Expression]) throws(MySQLError) -> Value {
        guard let document = try e.jsonDocument(args, 0, function: "json_search"),
            let mode = try e.argument(args, 1).text?.lowercased()
        else { return .null }
        guard mode == "one" || mode == "all" else {
            throw .tidb(3154, "42000", "The oneOrAll argument to json_search may take these values: 'one' or 'all'.")
        }
        guard let pattern = try e.argument(args, 2).textBytes else { return .null }
        var escape = UInt8(ascii: "\\")
        if args.count >= 4 {
            let given = try e.argument(args, 3)
            if let bytes = given.textBytes {
                guard bytes.count <= 1 else { throw .tidb(1210, "HY000", "Incorrect arguments to ESCAPE") }
                if let first = bytes.first { escape = first }
            }
        }
        var roots: [JSONPath] = []
        for index in args.indices.dropFirst(4) {
            guard let path = try e.jsonPath(args, index) else { return .null }
            roots.append(path)
        }
        var found: [String] = []
        func visit(_ value: JSONValue, _ path: String) {
            if mode == "one", !found.isEmpty { return }
            switch value {
            case .string(let text):
                if Arithmetic.like(Array(text.utf8), pattern, escape: escape, collation: .binary) { found.append(path) }
            case .array(let items):
                for (index, item) in items.enumerated() { visit(item, path + "[\(index)]") }
            case .object(let members):
                for member in members { visit(member.value, path + "." + Self.keyText(member.key)) }
            default:
                break
            }
        }
        if roots.isEmpty {
            visit(document, "$")
        } else {
            // Only the paths of the values the given paths select, each once.
            var seen = Set<String>()
            func collect(_ value: JSONValue, _ path: String, _ legs: ArraySlice<JSONPath.Leg>) {
                guard let leg = legs.first else {
                    if seen.insert(path).inserted { visit(value, path) }
                    return
                }
                let rest = legs.dropFirst()
                switch (leg, value) {
                case (.key(let key), .object):
                    if let child = value.member(key) { collect(child, path + "." + Self.keyText(key), rest) }
                case (.anyKey, .object(let members)):
                    for member in members { collect(member.value, path + "." + Self.keyText(member.key), rest) }
                case (.index(let index), .array(let items)):
                    let position = index.resolved(count: items.count)
                    if position >= 0, position < items.count { collect(items[position], path + "[\(position)]", rest) }
                case (.anyIndex, .array(let items)):
                    for (position, item) in items.enumerated() { collect(item, path + "[\(position)]", rest) }
                case (.range(let start, let end), .array(let items)):
                    let first = start.resolved(count: items.count)
                    let last = min(end.resolved(count: items.count), items.count - 1)
                    if first >= 0, first <= last {
                        for position in first...last { collect(items[position], path + "[\(position)]", rest) }
                    }
                case (.index(let index), _) where index.raw == 0 || index.raw == -1:
                    collect(value, path, rest)
                case (.anyDescendant, _):
                    collect(value, path, rest)
                    switch value {
                    case .array(let items):
                        for (position, item) in items.enumerated() { collect(item, path + "[\(position)]", legs) }
                    case .object(let members):
                        for member in members { collect(member.value, path + "." + Self.keyText(member.key), legs) }
                    default: break
                    }
                default:
                    break
                }
            }
            for root in roots { collect(document, "$", root.legs[...]) }
        }
        if found.isEmpty { return .null }
        if found.count == 1 { return JSONBuiltins.value(.string(found[0])) }
        return JSONBuiltins.value(.array(found.map(JSONValue.string)))
    }

    /// A key in a path: bare when it is an identifier, else quoted.
    static func keyText(_ key: String) -> String {
        let identifier =
            !key.isEmpty
            && key.utf8.enumerated().allSatisfy { offset, byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (offset > 0 && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
            }
        return identifier ? key : JSONText.quote(key)
    }
}
