public import NIOCore

/// Cells of a `ProtocolText::ResultsetRow`: each a length-encoded string, or `0xFB` for NULL.
extension ByteBuffer {
    @inlinable public mutating func writeTextNull() {
        self.writeInteger(UInt8(0xFB))
    }

    /// Writes a signed integer cell as decimal digits without building a `String`.
    @inlinable public mutating func writeTextInteger(_ value: Int64) {
        if value < 0 {
            let magnitude = value.magnitude
            self.writeInteger(UInt8(Self.decimalDigitCount(magnitude) + 1))
            self.writeInteger(UInt8(ascii: "-"))
            self.writeDecimalDigits(magnitude)
        } else {
            self.writeTextUnsigned(UInt64(value))
        }
    }

    @inlinable public mutating func writeTextUnsigned(_ value: UInt64) {
        self.writeInteger(UInt8(Self.decimalDigitCount(value)))
        self.writeDecimalDigits(value)
    }

    @inlinable mutating func writeDecimalDigits(_ value: UInt64) {
        let count = Self.decimalDigitCount(value)
        let start = self.writerIndex
        self.writeRepeatingByte(UInt8(ascii: "0"), count: count)
        var rest = value
        var index = start + count - 1
        while rest > 0 {
            self.setInteger(UInt8(ascii: "0") + UInt8(rest % 10), at: index)
            rest /= 10
            index -= 1
        }
    }

    @inlinable static func decimalDigitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }
}

/// Reads the cells of a text row; used by tests and test peers.
public enum TextResultsetRow {
    public static func decode(from buffer: inout ByteBuffer, columnCount: Int) -> [String?]? {
        var cells: [String?] = []
        cells.reserveCapacity(columnCount)
        for _ in 0..<columnCount {
            if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0xFB {
                buffer.moveReaderIndex(forwardBy: 1)
                cells.append(nil)
            } else {
                guard let cell = buffer.readLengthEncodedString() else { return nil }
                cells.append(cell)
            }
        }
        return buffer.readableBytes == 0 ? cells : nil
    }
}
