public import NIOCore

/// The body of `COM_STMT_SEND_LONG_DATA` after the command byte: one chunk of a parameter's value.
/// The server never answers it; chunks for the same parameter are appended until the next execute.
public struct StatementLongData: Sendable, Equatable {
    public var statementID: UInt32
    public var parameterIndex: UInt16
    public var data: [UInt8]

    /// Statement id and parameter index; TiDB calls a shorter body malformed.
    public static let headerLength = 6

    public init(statementID: UInt32, parameterIndex: UInt16, data: [UInt8]) {
        self.statementID = statementID
        self.parameterIndex = parameterIndex
        self.data = data
    }

    /// Decodes the body; `nil` when it is shorter than the 6-byte header. The data is the rest of the
    /// packet (possibly empty).
    public static func decode(from buffer: inout ByteBuffer) -> StatementLongData? {
        guard buffer.readableBytes >= Self.headerLength,
            let statementID = buffer.readInteger(endianness: .little, as: UInt32.self),
            let parameterIndex = buffer.readInteger(endianness: .little, as: UInt16.self),
            let data = buffer.readBytes(length: buffer.readableBytes)
        else { return nil }
        return StatementLongData(statementID: statementID, parameterIndex: parameterIndex, data: data)
    }

    /// Encodes the body as a client would; used by tests and test peers.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(self.statementID, endianness: .little)
        buffer.writeInteger(self.parameterIndex, endianness: .little)
        buffer.writeBytes(self.data)
    }
}
