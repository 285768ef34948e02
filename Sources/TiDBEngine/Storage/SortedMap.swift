/// An ordered map from byte-string keys to values: sorted chunks of at most `chunkCapacity`
/// entries, found by binary search. Point lookups and range scans follow key order, inserts
/// move at most one chunk's worth of entries. (swift-collections' sorted containers are
/// still behind an "unstable" trait.)
struct SortedMap<Element> {
    private struct Chunk {
        var keys: [[UInt8]]
        var values: [Element]
    }

    static var chunkCapacity: Int { 512 }

    private var chunks: [Chunk] = []
    private(set) var count = 0
    /// With `hashed`, the same entries by key: a point lookup then costs a hash and one or two
    /// cache misses instead of a binary search that chases a pointer per step (table rows,
    /// which every primary-key lookup reads).
    private var exact: [[UInt8]: Element]?

    init(hashed: Bool = false) {
        self.exact = hashed ? [:] : nil
    }

    var isEmpty: Bool { self.count == 0 }

    /// The chunk that holds `key` or would: the last chunk whose first key is ≤ `key`.
    private func chunkIndex(for key: [UInt8]) -> Int {
        var low = 0
        var high = self.chunks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if ByteOrder.compare(self.chunks[middle].keys[0], key) <= 0 { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Position of the first key ≥ `key` in `keys`, and whether it is equal.
    private static func position(of key: [UInt8], in keys: [[UInt8]]) -> (Int, Bool) {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if ByteOrder.compare(keys[middle], key) < 0 { low = middle + 1 } else { high = middle }
        }
        return (low, low < keys.count && ByteOrder.compare(keys[low], key) == 0)
    }

    subscript(key: [UInt8]) -> Element? {
        if let exact = self.exact { return exact[key] }
        guard !self.chunks.isEmpty else { return nil }
        let chunk = self.chunks[self.chunkIndex(for: key)]
        let (position, found) = Self.position(of: key, in: chunk.keys)
        return found ? chunk.values[position] : nil
    }

    /// Inserts or replaces; returns the previous value.
    @discardableResult
    mutating func set(_ key: [UInt8], _ value: Element) -> Element? {
        self.exact?[key] = value
        guard !self.chunks.isEmpty else {
            self.chunks = [Chunk(keys: [key], values: [value])]
            self.count = 1
            return nil
        }
        let index = self.chunkIndex(for: key)
        let (position, found) = Self.position(of: key, in: self.chunks[index].keys)
        if found {
            let previous = self.chunks[index].values[position]
            self.chunks[index].values[position] = value
            return previous
        }
        self.chunks[index].keys.insert(key, at: position)
        self.chunks[index].values.insert(value, at: position)
        self.count += 1
        if self.chunks[index].keys.count > 2 * Self.chunkCapacity {
            let chunk = self.chunks[index]
            let half = chunk.keys.count / 2
            self.chunks[index] = Chunk(keys: Array(chunk.keys[..<half]), values: Array(chunk.values[..<half]))
            self.chunks.insert(
                Chunk(keys: Array(chunk.keys[half...]), values: Array(chunk.values[half...])),
                at: index + 1
            )
        }
        return nil
    }

    @discardableResult
    mutating func remove(_ key: [UInt8]) -> Element? {
        self.exact?[key] = nil
        guard !self.chunks.isEmpty else { return nil }
        let index = self.chunkIndex(for: key)
        let (position, found) = Self.position(of: key, in: self.chunks[index].keys)
        guard found else { return nil }
        self.chunks[index].keys.remove(at: position)
        let removed = self.chunks[index].values.remove(at: position)
        self.count -= 1
        if self.chunks[index].keys.isEmpty { self.chunks.remove(at: index) }
        return removed
    }

    mutating func removeAll() {
        if self.exact != nil { self.exact = [:] }
        self.chunks.removeAll()
        self.count = 0
    }

    /// Visits entries with `lower ≤ key < upper` (nil bounds are open) in key order, or in reverse;
    /// `body` returns false to stop.
    func scan(from lower: [UInt8]?, to upper: [UInt8]?, reverse: Bool = false, _ body: ([UInt8], Element) -> Bool) {
        guard !self.chunks.isEmpty else { return }
        if reverse {
            var chunkIndex = upper.map { self.chunkIndex(for: $0) } ?? self.chunks.count - 1
            var position: Int
            if let upper {
                position = Self.position(of: upper, in: self.chunks[chunkIndex].keys).0 - 1
            } else {
                position = self.chunks[chunkIndex].keys.count - 1
            }
            while chunkIndex >= 0 {
                let chunk = self.chunks[chunkIndex]
                while position >= 0 {
                    let key = chunk.keys[position]
                    if let lower, ByteOrder.compare(key, lower) < 0 { return }
                    if !body(key, chunk.values[position]) { return }
                    position -= 1
                }
                chunkIndex -= 1
                if chunkIndex >= 0 { position = self.chunks[chunkIndex].keys.count - 1 }
            }
            return
        }
        var chunkIndex = lower.map { self.chunkIndex(for: $0) } ?? 0
        var position = lower.map { Self.position(of: $0, in: self.chunks[chunkIndex].keys).0 } ?? 0
        while chunkIndex < self.chunks.count {
            let chunk = self.chunks[chunkIndex]
            while position < chunk.keys.count {
                let key = chunk.keys[position]
                if let upper, ByteOrder.compare(key, upper) >= 0 { return }
                if !body(key, chunk.values[position]) { return }
                position += 1
            }
            chunkIndex += 1
            position = 0
        }
    }

    /// Every value, in key order.
    var values: [Element] {
        self.chunks.flatMap(\.values)
    }
}

/// Byte-string order (memcmp, then length).
enum ByteOrder {
    static func compare(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        let common = min(lhs.count, rhs.count)
        let result = lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in
                common == 0 ? 0 : memcmpBytes(left.baseAddress!, right.baseAddress!, common)
            }
        }
        if result != 0 { return result }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    /// The smallest key greater than every key that starts with `prefix`.
    static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always)
private func memcmpBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Int {
    Int(memcmp(lhs, rhs, count))
}
