public import MySQLTypes
public import NIOCore

/// `Protocol::OK_Packet`. With `CLIENT_DEPRECATE_EOF` the same layout with header `0xFE` ends a
/// result set in place of the EOF packet.
public struct OKPacket: Sendable, Equatable {
    public var affectedRows: UInt64
    public var lastInsertID: UInt64
    public var status: ServerStatus
    public var warnings: UInt16
    public var info: String

    public init(
        affectedRows: UInt64 = 0,
        lastInsertID: UInt64 = 0,
        status: ServerStatus,
        warnings: UInt16 = 0,
        info: String = ""
    ) {
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
        self.status = status
        self.warnings = warnings
        self.info = info
    }

    public func encode(into buffer: inout ByteBuffer, header: UInt8 = 0x00) {
        buffer.writeInteger(header)
        buffer.writeLengthEncodedInteger(self.affectedRows)
        buffer.writeLengthEncodedInteger(self.lastInsertID)
        buffer.writeInteger(self.status.rawValue, endianness: .little)
        buffer.writeInteger(self.warnings, endianness: .little)
        // As TiDB (and what libmariadb reads): a length-encoded info string, only when present.
        if !self.info.isEmpty {
            buffer.writeLengthEncodedString(self.info)
        }
    }

    public static func decode(from buffer: inout ByteBuffer) -> OKPacket? {
        guard let header = buffer.readInteger(as: UInt8.self), header == 0x00 || header == 0xFE,
            let affected = buffer.readLengthEncodedInteger(),
            let lastID = buffer.readLengthEncodedInteger(),
            let status = buffer.readInteger(endianness: .little, as: UInt16.self),
            let warnings = buffer.readInteger(endianness: .little, as: UInt16.self)
        else { return nil }
        let info = buffer.readableBytes > 0 ? buffer.readLengthEncodedString() ?? "" : ""
        return OKPacket(
            affectedRows: affected,
            lastInsertID: lastID,
            status: ServerStatus(rawValue: status),
            warnings: warnings,
            info: info
        )
    }
}

/// `Protocol::EOF_Packet`, for clients without `CLIENT_DEPRECATE_EOF`.
public struct EOFPacket: Sendable, Equatable {
    public var warnings: UInt16
    public var status: ServerStatus

    public init(warnings: UInt16 = 0, status: ServerStatus) {
        self.warnings = warnings
        self.status = status
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0xFE))
        buffer.writeInteger(self.warnings, endianness: .little)
        buffer.writeInteger(self.status.rawValue, endianness: .little)
    }

    public static func decode(from buffer: inout ByteBuffer) -> EOFPacket? {
        guard buffer.readableBytes == 5, buffer.readInteger(as: UInt8.self) == 0xFE,
            let warnings = buffer.readInteger(endianness: .little, as: UInt16.self),
            let status = buffer.readInteger(endianness: .little, as: UInt16.self)
        else { return nil }
        return EOFPacket(warnings: warnings, status: ServerStatus(rawValue: status))
    }
}

/// `Protocol::ERR_Packet` carrying a `MySQLError`. Like TiDB, the message is not truncated;
/// clients cut it to their own buffer size.
public enum ERRPacket {
    public static func encode(_ error: MySQLError, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0xFF))
        buffer.writeInteger(error.code, endianness: .little)
        buffer.writeInteger(UInt8(ascii: "#"))
        var state = Array(error.sqlState.utf8.prefix(5))
        while state.count < 5 { state.append(UInt8(ascii: "0")) }
        buffer.writeBytes(state)
        buffer.writeString(error.message)
    }

    public static func decode(from buffer: inout ByteBuffer) -> MySQLError? {
        guard buffer.readInteger(as: UInt8.self) == 0xFF,
            let code = buffer.readInteger(endianness: .little, as: UInt16.self),
            buffer.readInteger(as: UInt8.self) == UInt8(ascii: "#"),
            let state = buffer.readString(length: 5)
        else { return nil }
        return MySQLError(code: code, sqlState: state, message: buffer.readString(length: buffer.readableBytes) ?? "")
    }
}
