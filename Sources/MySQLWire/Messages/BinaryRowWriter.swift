public import MySQLTypes
public import NIOCore

/// Writes the cells of one `ProtocolBinary::ResultsetRow` in column order. The header and a zeroed
/// NULL bitmap are already written; `writeNull` sets the current column's bit, every other call
/// appends the current column's value. Values go straight into the packet buffer.
public struct BinaryRowWriter {
    @usableFromInline var buffer: ByteBuffer
    @usableFromInline let bitmapStart: Int
    @usableFromInline var column: Int
    public let columnCount: Int

    /// Moves `buffer` in (leaving an empty one behind, so the writes below never copy it) and writes
    /// the header and the bitmap.
    @inlinable
    init(taking buffer: inout ByteBuffer, columnCount: Int) {
        self.columnCount = columnCount
        self.column = 0
        self.bitmapStart = buffer.writerIndex + 1
        self.buffer = ByteBuffer()
        swap(&self.buffer, &buffer)
        self.buffer.writeInteger(UInt8(0x00))
        self.buffer.writeRepeatingByte(0, count: BinaryResultsetRow.nullBitmapLength(columnCount: columnCount))
    }

    /// Hands the buffer back to its owner.
    @inlinable
    mutating func finish(into buffer: inout ByteBuffer) {
        assert(self.column == self.columnCount, "binary row has \(self.column) of \(self.columnCount) cells")
        swap(&self.buffer, &buffer)
    }

    /// The index of the column the next call writes.
    public var currentColumn: Int { self.column }

    @inlinable
    public mutating func writeNull() {
        // Binary rows offset the bitmap by 2 bits (a left-over of the OK/EOF header byte).
        let bit = self.column + 2
        let index = self.bitmapStart + bit >> 3
        let byte = self.buffer.getInteger(at: index, as: UInt8.self) ?? 0
        self.buffer.setInteger(byte | UInt8(1) << UInt8(bit & 7), at: index)
        self.column += 1
    }

    @inlinable
    public mutating func writeInteger(_ value: Int64, type: ColumnType) {
        self.buffer.writeBinaryInteger(value, type: type)
        self.column += 1
    }

    @inlinable
    public mutating func writeUnsigned(_ value: UInt64, type: ColumnType) {
        self.buffer.writeBinaryUnsigned(value, type: type)
        self.column += 1
    }

    @inlinable
    public mutating func writeFloat(_ value: Float) {
        self.buffer.writeBinaryFloat(value)
        self.column += 1
    }

    @inlinable
    public mutating func writeDouble(_ value: Double) {
        self.buffer.writeBinaryDouble(value)
        self.column += 1
    }

    /// A DATE column's cell.
    @inlinable
    public mutating func writeDate(year: UInt16, month: UInt8, day: UInt8) {
        self.buffer.writeBinaryDate(year: year, month: month, day: day)
        self.column += 1
    }

    /// A DATETIME or TIMESTAMP column's cell.
    @inlinable
    public mutating func writeDatetime(
        year: UInt16,
        month: UInt8,
        day: UInt8,
        hour: UInt8,
        minute: UInt8,
        second: UInt8,
        microsecond: UInt32
    ) {
        self.buffer.writeBinaryDatetime(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            microsecond: microsecond
        )
        self.column += 1
    }

    @inlinable
    public mutating func writeTime(
        negative: Bool,
        days: UInt32,
        hours: UInt8,
        minutes: UInt8,
        seconds: UInt8,
        microseconds: UInt32
    ) {
        self.buffer.writeBinaryTime(
            negative: negative,
            days: days,
            hours: hours,
            minutes: minutes,
            seconds: seconds,
            microseconds: microseconds
        )
        self.column += 1
    }

    /// A string, decimal (as text), blob, JSON, BIT, ENUM or SET cell.
    @inlinable
    public mutating func writeBytes<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        self.buffer.writeLengthEncodedBytes(bytes)
        self.column += 1
    }

    @inlinable
    public mutating func writeString(_ string: String) {
        self.buffer.writeLengthEncodedString(string)
        self.column += 1
    }

    /// Any value, in the form `type` requires (see `ByteBuffer.writeBinaryValue`); `.null` and the
    /// NULL type set the bitmap bit.
    public mutating func writeValue(_ value: BinaryValue, type: ColumnType) {
        if value == .null || type == .null {
            self.writeNull()
        } else {
            self.buffer.writeBinaryValue(value, type: type)
            self.column += 1
        }
    }
}

extension ByteBuffer {
    /// Writes the payload of a `ProtocolBinary::ResultsetRow`: header `0x00`, the NULL bitmap, then
    /// the cells `body` writes in column order.
    @inlinable
    public mutating func writeBinaryResultsetRow(columnCount: Int, _ body: (inout BinaryRowWriter) -> Void) {
        var row = BinaryRowWriter(taking: &self, columnCount: columnCount)
        body(&row)
        row.finish(into: &self)
    }
}

public enum BinaryResultsetRow {
    /// The NULL bitmap of a binary row starts at bit 2, so it is `(columnCount + 7 + 2) / 8` bytes.
    @inlinable
    public static func nullBitmapLength(columnCount: Int) -> Int {
        (columnCount + 7 + 2) / 8
    }

    /// Writes a whole row of values; each column's type (and UNSIGNED flag) decides the encoding.
    public static func encode(_ values: [BinaryValue], columns: [ColumnDefinition], into buffer: inout ByteBuffer) {
        precondition(values.count == columns.count, "one value per column")
        buffer.writeBinaryResultsetRow(columnCount: columns.count) { row in
            for (value, column) in zip(values, columns) {
                row.writeValue(value, type: column.type)
            }
        }
    }

    /// Reads the cells of a binary row; used by tests and test peers. Integers of UNSIGNED columns
    /// come back as `.unsigned`. `nil` when the row is malformed, cut short or followed by more bytes.
    public static func decode(from buffer: inout ByteBuffer, columns: [ColumnDefinition]) -> [BinaryValue]? {
        guard buffer.readInteger(as: UInt8.self) == 0x00,
            let bitmap = buffer.readBytes(length: Self.nullBitmapLength(columnCount: columns.count))
        else { return nil }
        var values: [BinaryValue] = []
        values.reserveCapacity(columns.count)
        for (index, column) in columns.enumerated() {
            let bit = index + 2
            if bitmap[bit >> 3] & (1 << (bit & 7)) != 0 {
                values.append(.null)
                continue
            }
            do {
                let value = try buffer.readBinaryValue(
                    BinaryEncoding(column.type),
                    isUnsigned: column.flags.contains(.unsigned),
                    lengthEncodedNull: false
                )
                values.append(value)
            } catch {
                return nil
            }
        }
        return buffer.readableBytes == 0 ? values : nil
    }
}
