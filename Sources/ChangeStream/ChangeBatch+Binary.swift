/// `ChangeBatch`'s binary form (`GET /mock/v1/changes?format=binary`, docs/ticdc/change-stream.md):
/// the same values as the JSON form, without JSON's cost, which under load was most of the time
/// a changefeed spent per batch. Little-endian integers; strings and byte strings are a `u32`
/// length and the bytes; optionals a `u8` 0/1 then the value.
///
///     "MTCS" u8:version(2) u64:resolved_ts
///     u32:tables   { str:key str:database str:name i64:table_id u32:n str*n u32:m u32*m }
///     u32:events   { u64:commit_ts u8:kind str:database opt(str):table opt(str):table_key
///                    opt(cells):before opt(cells):after opt(str):query u64:write_source }
///     cells = u32:n cell*n; cell = u8:tag payload (0 NULL, 1 i64, 2 u64, 3 str decimal,
///             4 f64 bits, 5 str, 6 bytes, 7 str datetime, 8 str date)
extension ChangeBatch {
    public static let binaryContentType = "application/x-mock-tidb-changes"
    static let magic: [UInt8] = Array("MTCS".utf8) + [2]

    public var binary: [UInt8] {
        var writer = BinaryWriter()
        writer.bytes.append(contentsOf: Self.magic)
        writer.u64(self.resolvedTS)
        writer.u32(self.tables.count)
        for (key, table) in self.tables.sorted(by: { $0.key < $1.key }) {
            writer.string(key)
            writer.string(table.database)
            writer.string(table.name)
            writer.u64(UInt64(bitPattern: table.tableID))
            writer.u32(table.columns.count)
            for column in table.columns { writer.string(column) }
            writer.u32(table.handle.count)
            for position in table.handle { writer.u32(position) }
        }
        writer.u32(self.events.count)
        for event in self.events {
            writer.u64(event.commitTS)
            writer.u8(Self.kindCode(event.kind))
            writer.string(event.database)
            writer.optional(event.table) { $0.string($1) }
            writer.optional(event.tableKey) { $0.string($1) }
            writer.optional(event.before) { $0.cells($1) }
            writer.optional(event.after) { $0.cells($1) }
            writer.optional(event.query) { $0.string($1) }
            writer.u64(event.writeSource)
        }
        return writer.bytes
    }

    /// Reads the binary form; anything malformed or truncated is `BinaryChangeError`.
    public init(binary bytes: [UInt8]) throws(BinaryChangeError) {
        var reader = BinaryReader(bytes: bytes)
        guard try reader.take(Self.magic.count) == Self.magic[...] else {
            throw BinaryChangeError("not a change batch")
        }
        let resolvedTS = try reader.u64()
        var tables: [String: TableInfo] = [:]
        for _ in 0..<(try reader.count()) {
            let key = try reader.string()
            let database = try reader.string()
            let name = try reader.string()
            let tableID = Int64(bitPattern: try reader.u64())
            var columns: [String] = []
            for _ in 0..<(try reader.count()) { columns.append(try reader.string()) }
            var handle: [Int] = []
            for _ in 0..<(try reader.count()) {
                let position = Int(try reader.u32())
                guard position < columns.count else {
                    throw BinaryChangeError("handle column \(position) out of range")
                }
                handle.append(position)
            }
            tables[key] = TableInfo(database: database, name: name, tableID: tableID, columns: columns, handle: handle)
        }
        var events: [ChangeEvent] = []
        let eventCount = try reader.count()
        events.reserveCapacity(eventCount)
        for _ in 0..<eventCount {
            let commitTS = try reader.u64()
            let kind = try Self.kind(try reader.u8())
            let database = try reader.string()
            let table = try reader.optional { (reader) throws(BinaryChangeError) in try reader.string() }
            let tableKey = try reader.optional { (reader) throws(BinaryChangeError) in try reader.string() }
            let before = try reader.optional { (reader) throws(BinaryChangeError) in try reader.cells() }
            let after = try reader.optional { (reader) throws(BinaryChangeError) in try reader.cells() }
            let query = try reader.optional { (reader) throws(BinaryChangeError) in try reader.string() }
            let writeSource = try reader.u64()
            events.append(
                ChangeEvent(
                    commitTS: commitTS,
                    kind: kind,
                    database: database,
                    table: table,
                    tableKey: tableKey,
                    before: before,
                    after: after,
                    query: query,
                    writeSource: writeSource
                )
            )
        }
        guard reader.isAtEnd else { throw BinaryChangeError("trailing bytes after the last event") }
        self.init(events: events, tables: tables, resolvedTS: resolvedTS)
    }

    static func kindCode(_ kind: ChangeEvent.Kind) -> UInt8 {
        switch kind {
        case .insert: 1
        case .update: 2
        case .delete: 3
        case .ddl: 4
        }
    }

    static func kind(_ code: UInt8) throws(BinaryChangeError) -> ChangeEvent.Kind {
        switch code {
        case 1: .insert
        case 2: .update
        case 3: .delete
        case 4: .ddl
        default: throw BinaryChangeError("unknown event kind \(code)")
        }
    }
}

/// A binary change batch that cannot be read.
public struct BinaryChangeError: Error, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = "bad binary change batch: " + description }
}

struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { self.bytes.append(value) }
    mutating func u32(_ value: Int) { self.u32(UInt32(truncatingIfNeeded: value)) }
    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { self.bytes.append(contentsOf: $0) }
    }
    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { self.bytes.append(contentsOf: $0) }
    }
    mutating func raw(_ value: some Collection<UInt8>) {
        self.u32(value.count)
        self.bytes.append(contentsOf: value)
    }
    mutating func string(_ value: String) { self.raw(value.utf8) }

    mutating func optional<T>(_ value: T?, _ write: (inout BinaryWriter, T) -> Void) {
        guard let value else { return self.u8(0) }
        self.u8(1)
        write(&self, value)
    }

    mutating func cells(_ cells: [CellValue]) {
        self.u32(cells.count)
        for cell in cells {
            switch cell {
            case .null: self.u8(0)
            case .int(let value):
                self.u8(1)
                self.u64(UInt64(bitPattern: value))
            case .uint(let value):
                self.u8(2)
                self.u64(value)
            case .decimal(let text):
                self.u8(3)
                self.string(text)
            case .double(let value):
                self.u8(4)
                self.u64(value.bitPattern)
            case .string(let text):
                self.u8(5)
                self.string(text)
            case .bytes(let bytes):
                self.u8(6)
                self.raw(bytes)
            case .datetime(let text):
                self.u8(7)
                self.string(text)
            case .date(let text):
                self.u8(8)
                self.string(text)
            }
        }
    }
}

struct BinaryReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { self.offset == self.bytes.count }

    mutating func take(_ count: Int) throws(BinaryChangeError) -> ArraySlice<UInt8> {
        guard count >= 0, self.bytes.count - self.offset >= count else { throw BinaryChangeError("truncated") }
        defer { self.offset += count }
        return self.bytes[self.offset..<(self.offset + count)]
    }

    mutating func u8() throws(BinaryChangeError) -> UInt8 { try self.take(1).first! }

    mutating func u32() throws(BinaryChangeError) -> UInt32 {
        try self.take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(BinaryChangeError) -> UInt64 {
        try self.take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A count, which can never exceed the bytes left (each item takes at least one), so a
    /// corrupt count fails here instead of reserving gigabytes.
    mutating func count() throws(BinaryChangeError) -> Int {
        let count = Int(try self.u32())
        guard count <= self.bytes.count - self.offset else { throw BinaryChangeError("count \(count) beyond the data") }
        return count
    }

    mutating func raw() throws(BinaryChangeError) -> ArraySlice<UInt8> {
        try self.take(Int(try self.u32()))
    }

    mutating func string() throws(BinaryChangeError) -> String {
        String(decoding: try self.raw(), as: UTF8.self)
    }

    mutating func optional<T>(
        _ read: (inout BinaryReader) throws(BinaryChangeError) -> T
    ) throws(BinaryChangeError) -> T? {
        switch try self.u8() {
        case 0: return nil
        case 1: return try read(&self)
        case let flag: throw BinaryChangeError("bad optional flag \(flag)")
        }
    }

    mutating func cells() throws(BinaryChangeError) -> [CellValue] {
        var cells: [CellValue] = []
        let count = try self.count()
        cells.reserveCapacity(count)
        for _ in 0..<count {
            switch try self.u8() {
            case 0: cells.append(.null)
            case 1: cells.append(.int(Int64(bitPattern: try self.u64())))
            case 2: cells.append(.uint(try self.u64()))
            case 3: cells.append(.decimal(try self.string()))
            case 4: cells.append(.double(Double(bitPattern: try self.u64())))
            case 5: cells.append(.string(try self.string()))
            case 6: cells.append(.bytes(Array(try self.raw())))
            case 7: cells.append(.datetime(try self.string()))
            case 8: cells.append(.date(try self.string()))
            case let tag: throw BinaryChangeError("unknown cell tag \(tag)")
            }
        }
        return cells
    }
}
