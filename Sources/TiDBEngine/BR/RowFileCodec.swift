/// The row files of a mock-tidb backup (`docs/backup-format.md`): a magic header, then per row
/// its handle and its stored values, each value a tag byte and a fixed or length-prefixed
/// payload, integers little-endian. Values are stored as the engine keeps them (TIMESTAMP in
/// UTC), so a restore needs no conversion and loses nothing.
enum RowFileCodec {
    static let magic: [UInt8] = Array("MTDBROW1".utf8)

    private enum Tag: UInt8 {
        case null = 0
        case int
        case uint
        case double
        case decimal
        case string
        case bytes
        case datetime
        case date
        /// ENUM and SET: the number, then the name.
        case enumSet
        /// BIT: the number, then the width in bytes.
        case bit
    }

    struct DecodingError: Error, Equatable {
        var reason: String
    }

    static func encode(_ rows: [StoredRow]) -> [UInt8] {
        var out = Self.magic
        out.reserveCapacity(rows.count * 64)
        Self.append(UInt64(rows.count), to: &out)
        for row in rows {
            Self.appendBytes(row.handle, to: &out)
            Self.append(UInt64(row.values.count), to: &out)
            for value in row.values { Self.append(value, to: &out) }
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) throws(DecodingError) -> [StoredRow] {
        var reader = Reader(bytes: bytes[...])
        guard try reader.take(Self.magic.count).elementsEqual(Self.magic) else {
            throw DecodingError(reason: "not a mock-tidb row file")
        }
        let count = try reader.integer()
        guard count <= UInt64(bytes.count) else { throw DecodingError(reason: "row count \(count) exceeds the file") }
        var rows: [StoredRow] = []
        rows.reserveCapacity(Int(count))
        for _ in 0..<count {
            let handle = Array(try reader.lengthPrefixed())
            let columns = try reader.integer()
            guard columns <= 4096 else { throw DecodingError(reason: "implausible column count \(columns)") }
            var values: [Value] = []
            values.reserveCapacity(Int(columns))
            for _ in 0..<columns { values.append(try reader.value()) }
            rows.append(StoredRow(handle: handle, values: values))
        }
        guard reader.bytes.isEmpty else {
            throw DecodingError(reason: "\(reader.bytes.count) bytes after the last row")
        }
        return rows
    }

    private static func append(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func appendBytes(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        Self.append(UInt64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    private static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(Tag.null.rawValue)
        case .int(let number):
            out.append(Tag.int.rawValue)
            Self.append(UInt64(bitPattern: number), to: &out)
        case .uint(let number):
            out.append(Tag.uint.rawValue)
            Self.append(number, to: &out)
        case .double(let number):
            out.append(Tag.double.rawValue)
            Self.append(number.bitPattern, to: &out)
        case .decimal(let decimal):
            out.append(Tag.decimal.rawValue)
            Self.append(UInt64(truncatingIfNeeded: decimal.unscaled), to: &out)
            Self.append(UInt64(truncatingIfNeeded: decimal.unscaled >> 64), to: &out)
            out.append(UInt8(decimal.scale))
        case .string(let text):
            out.append(Tag.string.rawValue)
            Self.appendBytes(text.utf8, to: &out)
        case .bytes(let bytes):
            out.append(Tag.bytes.rawValue)
            Self.appendBytes(bytes, to: &out)
        case .datetime(let time), .date(let time):
            if case .date = value { out.append(Tag.date.rawValue) } else { out.append(Tag.datetime.rawValue) }
            for part in [
                time.year, time.month, time.day, time.hour, time.minute, time.second, time.microsecond,
                time.fractionDigits,
            ] {
                Self.append(UInt64(bitPattern: Int64(part)), to: &out)
            }
        case .enumSet(let element):
            out.append(Tag.enumSet.rawValue)
            Self.append(element.number, to: &out)
            Self.appendBytes(element.name.utf8, to: &out)
        case .bit(let bit):
            out.append(Tag.bit.rawValue)
            Self.append(bit.number, to: &out)
            Self.append(UInt64(bit.width), to: &out)
        }
    }

    private struct Reader {
        var bytes: ArraySlice<UInt8>

        mutating func take(_ count: Int) throws(DecodingError) -> ArraySlice<UInt8> {
            guard count >= 0, self.bytes.count >= count else { throw DecodingError(reason: "truncated") }
            defer { self.bytes = self.bytes.dropFirst(count) }
            return self.bytes.prefix(count)
        }

        mutating func integer() throws(DecodingError) -> UInt64 {
            var result: UInt64 = 0
            for (shift, byte) in try self.take(8).enumerated() { result |= UInt64(byte) << (8 * UInt64(shift)) }
            return result
        }

        mutating func lengthPrefixed() throws(DecodingError) -> ArraySlice<UInt8> {
            let length = try self.integer()
            guard length <= UInt64(self.bytes.count) else { throw DecodingError(reason: "truncated") }
            return try self.take(Int(length))
        }

        mutating func value() throws(DecodingError) -> Value {
            guard let tag = Tag(rawValue: try self.take(1).first!) else {
                throw DecodingError(reason: "unknown value tag")
            }
            switch tag {
            case .null: return .null
            case .int: return .int(Int64(bitPattern: try self.integer()))
            case .uint: return .uint(try self.integer())
            case .double: return .double(Double(bitPattern: try self.integer()))
            case .decimal:
                let low = try self.integer()
                let high = try self.integer()
                let scale = Int(try self.take(1).first!)
                let unscaled = Int128(Int64(bitPattern: high)) << 64 | Int128(low)
                return .decimal(SQLDecimal(unscaled: unscaled, scale: scale))
            case .string: return .string(String(decoding: try self.lengthPrefixed(), as: UTF8.self))
            case .bytes: return .bytes(Array(try self.lengthPrefixed()))
            case .datetime, .date:
                var parts: [Int] = []
                for _ in 0..<8 { parts.append(Int(Int64(bitPattern: try self.integer()))) }
                let time = SQLDateTime(
                    year: parts[0],
                    month: parts[1],
                    day: parts[2],
                    hour: parts[3],
                    minute: parts[4],
                    second: parts[5],
                    microsecond: parts[6],
                    fractionDigits: parts[7]
                )
                return tag == .date ? .date(time) : .datetime(time)
            case .enumSet:
                let number = try self.integer()
                return .enumSet(
                    EnumSetValue(name: String(decoding: try self.lengthPrefixed(), as: UTF8.self), number: number)
                )
            case .bit:
                let number = try self.integer()
                let width = try self.integer()
                guard (1...8).contains(width) else { throw DecodingError(reason: "bad BIT width") }
                return .bit(BitValue(number: number, width: Int(width)))
            }
        }
    }
}
