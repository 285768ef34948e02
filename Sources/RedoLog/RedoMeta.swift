/// A redo meta file's content: the changefeed's checkpoint (what the downstream has) and the redo
/// log's resolved TS (what the log files hold). Encoded as TiCDC encodes it, a MessagePack map
/// with the keys `checkpointTs` and `resolvedTs` (cdc/redo/common/redo_meta.go), so either side
/// can read the other's; other keys (ticdc's `version`) are skipped when read.
public struct RedoMeta: Sendable, Equatable {
    public var checkpointTS: UInt64
    public var resolvedTS: UInt64

    public init(checkpointTS: UInt64, resolvedTS: UInt64) {
        self.checkpointTS = checkpointTS
        self.resolvedTS = resolvedTS
    }

    static let checkpointKey = "checkpointTs"
    static let resolvedKey = "resolvedTs"

    /// `fixmap(2) { fixstr "checkpointTs": uint64, fixstr "resolvedTs": uint64 }`.
    public var msgpack: [UInt8] {
        var bytes: [UInt8] = [0x82]
        for (key, value) in [(Self.checkpointKey, self.checkpointTS), (Self.resolvedKey, self.resolvedTS)] {
            bytes.append(0xA0 | UInt8(key.utf8.count))
            bytes += key.utf8
            bytes.append(0xCF)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// Reads a map of string keys to integers (any MessagePack integer form, nil as 0); a
    /// missing key reads as 0, as Go's zero value. Anything else is `RedoLogError.badMeta`.
    public init(msgpack bytes: [UInt8], file: String) throws(RedoLogError) {
        var reader = MessagePackReader(bytes: bytes)
        var checkpoint: UInt64 = 0
        var resolved: UInt64 = 0
        do throws(MessagePackReader.Failure) {
            let count = try reader.mapHeader()
            for _ in 0..<count {
                let key = try reader.string()
                let value = try reader.unsigned()
                if key == Self.checkpointKey { checkpoint = value }
                if key == Self.resolvedKey { resolved = value }
            }
        } catch {
            throw RedoLogError(
                .badMeta,
                code: "CDC:ErrUnmarshalFailed",
                "redo meta \(file) cannot be read: \(error.reason)"
            )
        }
        self.init(checkpointTS: checkpoint, resolvedTS: resolved)
    }
}

/// Just enough MessagePack to read a meta file.
struct MessagePackReader {
    struct Failure: Error {
        var reason: String
    }

    let bytes: [UInt8]
    var offset = 0

    mutating func byte() throws(Failure) -> UInt8 {
        guard self.offset < self.bytes.count else { throw Failure(reason: "truncated at byte \(self.offset)") }
        defer { self.offset += 1 }
        return self.bytes[self.offset]
    }

    mutating func bigEndian(_ width: Int) throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<width { value = value << 8 | UInt64(try self.byte()) }
        return value
    }

    mutating func mapHeader() throws(Failure) -> Int {
        let marker = try self.byte()
        switch marker {
        case 0x80...0x8F: return Int(marker & 0x0F)
        case 0xDE: return Int(try self.bigEndian(2))
        case 0xDF: return Int(try self.bigEndian(4))
        default: throw Failure(reason: "expected a map, found type byte 0x\(String(marker, radix: 16))")
        }
    }

    mutating func string() throws(Failure) -> String {
        let marker = try self.byte()
        let length: Int
        switch marker {
        case 0xA0...0xBF: length = Int(marker & 0x1F)
        case 0xD9: length = Int(try self.bigEndian(1))
        case 0xDA: length = Int(try self.bigEndian(2))
        case 0xDB: length = Int(try self.bigEndian(4))
        default: throw Failure(reason: "expected a string key, found type byte 0x\(String(marker, radix: 16))")
        }
        guard length <= self.bytes.count - self.offset else { throw Failure(reason: "a string beyond the data") }
        defer { self.offset += length }
        return String(decoding: self.bytes[self.offset..<(self.offset + length)], as: UTF8.self)
    }

    /// A non-negative integer in any of MessagePack's integer forms.
    mutating func unsigned() throws(Failure) -> UInt64 {
        let marker = try self.byte()
        switch marker {
        case 0x00...0x7F: return UInt64(marker)
        case 0xC0: return 0
        case 0xCC: return try self.bigEndian(1)
        case 0xCD: return try self.bigEndian(2)
        case 0xCE: return try self.bigEndian(4)
        case 0xCF: return try self.bigEndian(8)
        case 0xD0, 0xD1, 0xD2, 0xD3:
            let width = 1 << Int(marker - 0xD0)
            let raw = try self.bigEndian(width)
            let shift = UInt64(64 - 8 * width)
            let value = Int64(bitPattern: raw << shift) >> Int64(shift)
            guard value >= 0 else { throw Failure(reason: "a negative timestamp \(value)") }
            return UInt64(value)
        default: throw Failure(reason: "expected an integer, found type byte 0x\(String(marker, radix: 16))")
        }
    }
}
