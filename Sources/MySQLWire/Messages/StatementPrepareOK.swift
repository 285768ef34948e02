public import NIOCore

/// The first packet of the answer to `COM_STMT_PREPARE` (`COM_STMT_PREPARE_OK`).
public struct StatementPrepareOK: Sendable, Equatable {
    public var statementID: UInt32
    public var columnCount: UInt16
    public var parameterCount: UInt16
    /// TiDB always sends 0 here.
    public var warningCount: UInt16

    /// The payload is always this long: TiDB sends the filler and the warning count unconditionally.
    public static let encodedLength = 12

    public init(statementID: UInt32, columnCount: UInt16, parameterCount: UInt16, warningCount: UInt16 = 0) {
        self.statementID = statementID
        self.columnCount = columnCount
        self.parameterCount = parameterCount
        self.warningCount = warningCount
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0x00))
        buffer.writeInteger(self.statementID, endianness: .little)
        buffer.writeInteger(self.columnCount, endianness: .little)
        buffer.writeInteger(self.parameterCount, endianness: .little)
        buffer.writeInteger(UInt8(0x00))
        buffer.writeInteger(self.warningCount, endianness: .little)
    }

    /// Decodes the packet; used by tests and test peers.
    public static func decode(from buffer: inout ByteBuffer) -> StatementPrepareOK? {
        guard buffer.readableBytes >= Self.encodedLength, buffer.readInteger(as: UInt8.self) == 0x00,
            let statementID = buffer.readInteger(endianness: .little, as: UInt32.self),
            let columnCount = buffer.readInteger(endianness: .little, as: UInt16.self),
            let parameterCount = buffer.readInteger(endianness: .little, as: UInt16.self),
            buffer.readInteger(as: UInt8.self) != nil,
            let warningCount = buffer.readInteger(endianness: .little, as: UInt16.self)
        else { return nil }
        return StatementPrepareOK(
            statementID: statementID,
            columnCount: columnCount,
            parameterCount: parameterCount,
            warningCount: warningCount
        )
    }
}
