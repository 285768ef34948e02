/// Encodes an `Encodable` to `GoJSON`, keeping keys in the order `encode(to:)` writes them, which
/// for synthesized conformances is the properties' declaration order: Go's struct order. A
/// `[String: T]` is written with sorted keys, as Go writes a map. (Foundation's `JSONEncoder` on
/// Linux writes keys in hash order, different from run to run.)
public struct GoJSONEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> GoJSON {
        let node = Node()
        try node.encode(value, codingPath: [])
        return node.json
    }
}

/// One value being built.
private final class Node {
    enum Content {
        case unset
        case value(GoJSON)
        case object([(String, Node)])
        case array([Node])
    }

    var content = Content.unset

    var json: GoJSON {
        switch self.content {
        case .unset: .object([])
        case .value(let value): value
        case .object(let entries): .object(entries.map { ($0.0, $0.1.json) })
        case .array(let items): .array(items.map(\.json))
        }
    }

    func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let map = value as? [String: any Encodable] {
            var entries: [(String, Node)] = []
            for key in map.keys.sorted() {
                let child = Node()
                try child.encode(map[key]!, codingPath: codingPath + [GoJSONKey(stringValue: key)])
                entries.append((key, child))
            }
            self.content = .object(entries)
            return
        }
        try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
    }

    /// The child for `key`, replacing an earlier one of the same key in place.
    func child(forKey key: String) -> Node {
        var entries: [(String, Node)]
        if case .object(let existing) = self.content { entries = existing } else { entries = [] }
        let node = Node()
        if let index = entries.firstIndex(where: { $0.0 == key }) {
            entries[index].1 = node
        } else {
            entries.append((key, node))
        }
        self.content = .object(entries)
        return node
    }

    func appendChild() -> Node {
        var items: [Node]
        if case .array(let existing) = self.content { items = existing } else { items = [] }
        let node = Node()
        items.append(node)
        self.content = .array(items)
        return node
    }

    var count: Int {
        if case .array(let items) = self.content { return items.count }
        return 0
    }

    static func number(_ value: Double) -> GoJSON {
        if value == value.rounded(), abs(value) < 1e21 { return .number(String(Int64(value))) }
        return .number(String(describing: value))
    }

    /// A `float32` as Go writes it: the shortest text that reads back as the same float32
    /// (`0.33333334`, not the float64 widening's `0.3333333432674408`).
    static func number(_ value: Float) -> GoJSON {
        if value == value.rounded(), abs(value) < 1e21 { return .number(String(Int64(value))) }
        return .number(String(describing: value))
    }
}

struct GoJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = self.node.content {} else { self.node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: self.node, codingPath: self.codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = self.node.content {} else { self.node.content = .array([]) }
        return UnkeyedContainer(node: self.node, codingPath: self.codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: self.node, codingPath: self.codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { self.node.child(forKey: key.stringValue).content = .value(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        self.node.child(forKey: key.stringValue).content = .value(.bool(value))
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        self.node.child(forKey: key.stringValue).content = .value(.string(value))
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        self.node.child(forKey: key.stringValue).content = .value(Node.number(value))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        self.node.child(forKey: key.stringValue).content = .value(Node.number(value))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        self.node.child(forKey: key.stringValue).content = .value(.int(value))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        self.node.child(forKey: key.stringValue).content = .value(.int(value))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        self.node.child(forKey: key.stringValue).content = .value(.int(value))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try self.node.child(forKey: key.stringValue).encode(value, codingPath: self.codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = self.node.child(forKey: key.stringValue)
        child.content = .object([])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: self.codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = self.node.child(forKey: key.stringValue)
        child.content = .array([])
        return UnkeyedContainer(node: child, codingPath: self.codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: self.node.child(forKey: "super"), codingPath: self.codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: self.node.child(forKey: key.stringValue), codingPath: self.codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { self.node.count }

    private var nextPath: [any CodingKey] { self.codingPath + [GoJSONKey(intValue: self.count)] }

    mutating func encodeNil() throws { self.node.appendChild().content = .value(.null) }
    mutating func encode(_ value: Bool) throws { self.node.appendChild().content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { self.node.appendChild().content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { self.node.appendChild().content = .value(Node.number(value)) }
    mutating func encode(_ value: Int) throws { self.node.appendChild().content = .value(.int(value)) }
    mutating func encode(_ value: Int64) throws { self.node.appendChild().content = .value(.int(value)) }
    mutating func encode(_ value: UInt64) throws { self.node.appendChild().content = .value(.int(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = self.nextPath
        try self.node.appendChild().encode(value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let path = self.nextPath
        let child = self.node.appendChild()
        child.content = .object([])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = self.nextPath
        let child = self.node.appendChild()
        child.content = .array([])
        return UnkeyedContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = self.nextPath
        return NodeEncoder(node: self.node.appendChild(), codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { self.node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { self.node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { self.node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { self.node.content = .value(Node.number(value)) }
    mutating func encode(_ value: Float) throws { self.node.content = .value(Node.number(value)) }
    mutating func encode(_ value: Int) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: Int8) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: Int16) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: Int32) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: Int64) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: UInt) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: UInt8) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: UInt16) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: UInt32) throws { self.node.content = .value(.int(value)) }
    mutating func encode(_ value: UInt64) throws { self.node.content = .value(.int(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try self.node.encode(value, codingPath: self.codingPath) }
}
