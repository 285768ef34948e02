public import MySQLTypes
public import NIOCore

/// `Protocol::ColumnDefinition41` for a `ColumnDefinition`.
public enum ColumnDefinition41 {
    public static func encode(_ column: ColumnDefinition, into buffer: inout ByteBuffer) {
        buffer.writeLengthEncodedString("def")
        buffer.writeLengthEncodedString(column.schema)
        buffer.writeLengthEncodedString(column.table)
        buffer.writeLengthEncodedString(column.originalTable)
        buffer.writeLengthEncodedString(column.name)
        buffer.writeLengthEncodedString(column.originalName)
        buffer.writeInteger(UInt8(0x0C))
        buffer.writeInteger(column.characterSet, endianness: .little)
        buffer.writeInteger(column.length, endianness: .little)
        buffer.writeInteger(column.type.rawValue)
        buffer.writeInteger(column.flags.rawValue, endianness: .little)
        buffer.writeInteger(column.decimals)
        buffer.writeInteger(UInt16(0))
    }

    /// Encodes the definition as `COM_FIELD_LIST` answers it: with the default value appended.
    public static func encodeForFieldList(
        _ column: ColumnDefinition,
        defaultValue: String?,
        into buffer: inout ByteBuffer
    ) {
        Self.encode(column, into: &buffer)
        if let defaultValue {
            buffer.writeLengthEncodedString(defaultValue)
        } else {
            buffer.writeInteger(UInt8(0xFB))
        }
    }

    public static func decode(from buffer: inout ByteBuffer) -> ColumnDefinition? {
        guard buffer.readLengthEncodedString() == "def",
            let schema = buffer.readLengthEncodedString(),
            let table = buffer.readLengthEncodedString(),
            let originalTable = buffer.readLengthEncodedString(),
            let name = buffer.readLengthEncodedString(),
            let originalName = buffer.readLengthEncodedString(),
            buffer.readLengthEncodedInteger() == 0x0C,
            let charset = buffer.readInteger(endianness: .little, as: UInt16.self),
            let length = buffer.readInteger(endianness: .little, as: UInt32.self),
            let rawType = buffer.readInteger(as: UInt8.self), let type = ColumnType(rawValue: rawType),
            let flags = buffer.readInteger(endianness: .little, as: UInt16.self),
            let decimals = buffer.readInteger(as: UInt8.self),
            buffer.readInteger(as: UInt16.self) != nil
        else { return nil }
        return ColumnDefinition(
            name: name,
            type: type,
            length: length,
            characterSet: charset,
            flags: ColumnFlags(rawValue: flags),
            decimals: decimals,
            schema: schema,
            table: table,
            originalTable: originalTable,
            originalName: originalName
        )
    }
}
