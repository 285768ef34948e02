/// An ENUM or SET value as TiDB's `types.Enum` and `types.Set` hold it: the text a string
/// context sees and the number a numeric context (and ORDER BY) sees. ENUM numbers are 1-based
/// element indexes, 0 for the error value `''`; SET numbers are bit masks of the elements.
public struct EnumSetValue: Sendable, Hashable {
    public var name: String
    public var number: UInt64

    public init(name: String, number: UInt64) {
        self.name = name
        self.number = number
    }
}

/// A BIT(M) value: an unsigned number sent as `width` big-endian bytes, (M + 7) / 8 of them.
public struct BitValue: Sendable, Hashable {
    public var number: UInt64
    public var width: Int

    public init(number: UInt64, width: Int) {
        self.number = number
        self.width = max(1, min(8, width))
    }

    /// The bytes the text and binary protocols send.
    public var bytes: [UInt8] {
        (0..<self.width).reversed().map { UInt8(truncatingIfNeeded: self.number >> UInt64($0 * 8)) }
    }

    /// `b'101'`, leading zeros dropped, as TiDB shows BIT defaults.
    public var literal: String {
        self.number == 0 ? "b''" : "b'" + String(self.number, radix: 2) + "'"
    }

    /// A binary string read as a big-endian number (b'101', X'05', a string stored into BIT);
    /// nil when it needs more than 64 bits.
    static func number(ofBigEndian bytes: some Collection<UInt8>) -> UInt64? {
        let significant = bytes.drop { $0 == 0 }
        guard significant.count <= 8 else { return nil }
        var number: UInt64 = 0
        for byte in significant { number = number << 8 | UInt64(byte) }
        return number
    }
}
