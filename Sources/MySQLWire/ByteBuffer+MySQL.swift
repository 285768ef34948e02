public import NIOCore

/// The integer and string encodings of the MySQL protocol ("Basic Data Types" in the MySQL docs).
extension ByteBuffer {
    /// Reads a length-encoded integer. `0xFB` (NULL in rows) and `0xFF` (ERR) are not integers.
    public mutating func readLengthEncodedInteger() -> UInt64? {
        guard let first = self.getInteger(at: self.readerIndex, as: UInt8.self) else { return nil }
        switch first {
        case 0..<0xFB:
            self.moveReaderIndex(forwardBy: 1)
            return UInt64(first)
        case 0xFC:
            guard self.readableBytes >= 3 else { return nil }
            self.moveReaderIndex(forwardBy: 1)
            return self.readInteger(endianness: .little, as: UInt16.self).map(UInt64.init)
        case 0xFD:
            guard self.readableBytes >= 4, let bytes = self.getBytes(at: self.readerIndex + 1, length: 3) else {
                return nil
            }
            self.moveReaderIndex(forwardBy: 4)
            return UInt64(bytes[0]) | UInt64(bytes[1]) << 8 | UInt64(bytes[2]) << 16
        case 0xFE:
            guard self.readableBytes >= 9 else { return nil }
            self.moveReaderIndex(forwardBy: 1)
            return self.readInteger(endianness: .little, as: UInt64.self)
        default:
            return nil
        }
    }

    @discardableResult
    public mutating func writeLengthEncodedInteger(_ value: UInt64) -> Int {
        switch value {
        case 0..<0xFB:
            return self.writeInteger(UInt8(value))
        case 0xFB...0xFFFF:
            return self.writeInteger(UInt8(0xFC)) + self.writeInteger(UInt16(value), endianness: .little)
        case 0x1_0000...0xFF_FFFF:
            return self.writeInteger(UInt8(0xFD)) + self.writeInteger(UInt8(truncatingIfNeeded: value))
                + self.writeInteger(UInt16(truncatingIfNeeded: value >> 8), endianness: .little)
        default:
            return self.writeInteger(UInt8(0xFE)) + self.writeInteger(value, endianness: .little)
        }
    }

    /// Reads a length-encoded string as a slice of this buffer (no copy).
    public mutating func readLengthEncodedSlice() -> ByteBuffer? {
        let save = self.readerIndex
        guard let length = self.readLengthEncodedInteger(), length <= UInt64(self.readableBytes),
            let slice = self.readSlice(length: Int(length))
        else {
            self.moveReaderIndex(to: save)
            return nil
        }
        return slice
    }

    public mutating func readLengthEncodedString() -> String? {
        guard var slice = self.readLengthEncodedSlice() else { return nil }
        return slice.readString(length: slice.readableBytes)
    }

    @discardableResult
    public mutating func writeLengthEncodedString(_ string: String) -> Int {
        self.writeLengthEncodedInteger(UInt64(string.utf8.count)) + self.writeString(string)
    }

    @discardableResult
    public mutating func writeLengthEncodedBytes<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int {
        self.writeLengthEncodedInteger(UInt64(bytes.count)) + self.writeBytes(bytes)
    }

    /// Reads a string terminated by NUL and consumes the NUL.
    public mutating func readNullTerminatedString() -> String? {
        guard let end = self.readableBytesView.firstIndex(of: 0) else { return nil }
        let string = self.readString(length: end - self.readerIndex)
        self.moveReaderIndex(forwardBy: 1)
        return string
    }

    @discardableResult
    public mutating func writeNullTerminatedString(_ string: String) -> Int {
        self.writeString(string) + self.writeInteger(UInt8(0))
    }
}
