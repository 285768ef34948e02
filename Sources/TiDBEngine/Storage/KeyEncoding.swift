/// Memcomparable encoding of key columns: byte order of encoded keys is the column order of the
/// values (per type and collation), so ordered maps of encoded keys give index and primary-key
/// order. Every component is self-delimiting, so composite keys are concatenations.
enum KeyEncoding {
    static let nullTag: UInt8 = 0x00
    static let bytesTag: UInt8 = 0x01
    static let binaryTag: UInt8 = 0x02
    static let intTag: UInt8 = 0x03
    static let unsignedTag: UInt8 = 0x04
    static let doubleTag: UInt8 = 0x05
    static let decimalTag: UInt8 = 0x06
    static let timeTag: UInt8 = 0x07

    /// Appends `value`, already converted to `type`, to `key`.
    static func append(_ value: Value, type: SQLType, to key: inout [UInt8]) {
        switch value {
        case .null:
            key.append(Self.nullTag)
        case .int(let number):
            key.append(Self.intTag)
            Self.appendBigEndian(UInt64(bitPattern: number) ^ (1 << 63), to: &key)
        case .uint(let number):
            key.append(Self.unsignedTag)
            Self.appendBigEndian(number, to: &key)
        case .double(let number):
            key.append(Self.doubleTag)
            let bits = number.bitPattern
            Self.appendBigEndian(number.sign == .minus ? ~bits : bits | (1 << 63), to: &key)
        case .decimal(let number):
            key.append(Self.decimalTag)
            let scaled = number.rescaled(to: type.scale ?? number.scale) ?? number
            let bits = UInt128(bitPattern: scaled.unscaled) ^ (UInt128(1) << 127)
            Self.appendBigEndian(UInt64(truncatingIfNeeded: bits >> 64), to: &key)
            Self.appendBigEndian(UInt64(truncatingIfNeeded: bits), to: &key)
        case .string(let text):
            key.append(Self.bytesTag)
            Self.appendEscaped(type.resolvedCollation.sortKey(text.utf8), to: &key)
        case .bytes(let bytes) where type.isString:
            // A latin1 column's bytes that are not UTF-8: keyed like its strings.
            key.append(Self.bytesTag)
            Self.appendEscaped(type.resolvedCollation.sortKey(bytes), to: &key)
        case .bytes(let bytes):
            key.append(Self.binaryTag)
            Self.appendEscaped(bytes[...], to: &key)
        case .datetime(let time), .date(let time):
            key.append(Self.timeTag)
            Self.appendBigEndian(Self.packed(time), to: &key)
        case .enumSet(let value):
            // By number, as TiDB keys ENUM and SET: index order is element order.
            key.append(Self.unsignedTag)
            Self.appendBigEndian(value.number, to: &key)
        case .bit(let value):
            key.append(Self.unsignedTag)
            Self.appendBigEndian(value.number, to: &key)
        }
    }

    static func encode(_ values: [Value], types: [SQLType]) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(values.count * 10)
        for (value, type) in zip(values, types) { Self.append(value, type: type, to: &key) }
        return key
    }

    /// The key of a hidden `_tidb_rowid`.
    static func rowID(_ id: Int64) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(9)
        Self.append(.int(id), type: SQLType(.bigint), to: &key)
        return key
    }

    static func packed(_ time: SQLDateTime) -> UInt64 {
        UInt64(max(0, time.year)) << 46 | UInt64(time.month) << 42 | UInt64(time.day) << 37 | UInt64(time.hour) << 32
            | UInt64(time.minute) << 26 | UInt64(time.second) << 20 | UInt64(time.microsecond)
    }

    @inline(__always)
    static func appendBigEndian(_ value: UInt64, to key: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            key.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// `0x00` becomes `0x00 0xFF`; the end is `0x00 0x01`, so a prefix sorts first.
    static func appendEscaped<Bytes: Collection<UInt8>>(_ bytes: Bytes, to key: inout [UInt8]) {
        for byte in bytes {
            key.append(byte)
            if byte == 0 { key.append(0xFF) }
        }
        key.append(0x00)
        key.append(0x01)
    }
}
