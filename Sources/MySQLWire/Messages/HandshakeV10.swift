public import MySQLTypes
public import NIOCore

/// The server's greeting (`Protocol::HandshakeV10`).
public struct HandshakeV10: Sendable, Equatable {
    public var serverVersion: String
    public var connectionID: UInt32
    /// The 20-byte scramble; sent as 8 bytes, a filler, then 12 bytes and a NUL.
    public var authPluginData: [UInt8]
    public var capabilities: CapabilityFlags
    public var characterSet: UInt8
    public var status: ServerStatus
    public var authPluginName: String

    public init(
        serverVersion: String,
        connectionID: UInt32,
        authPluginData: [UInt8],
        capabilities: CapabilityFlags,
        characterSet: UInt8,
        status: ServerStatus,
        authPluginName: String
    ) {
        precondition(authPluginData.count == 20, "the scramble is 20 bytes")
        self.serverVersion = serverVersion
        self.connectionID = connectionID
        self.authPluginData = authPluginData
        self.capabilities = capabilities
        self.characterSet = characterSet
        self.status = status
        self.authPluginName = authPluginName
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(10))
        buffer.writeNullTerminatedString(self.serverVersion)
        buffer.writeInteger(self.connectionID, endianness: .little)
        buffer.writeBytes(self.authPluginData[0..<8])
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt16(truncatingIfNeeded: self.capabilities.rawValue), endianness: .little)
        buffer.writeInteger(self.characterSet)
        buffer.writeInteger(self.status.rawValue, endianness: .little)
        buffer.writeInteger(UInt16(truncatingIfNeeded: self.capabilities.rawValue >> 16), endianness: .little)
        buffer.writeInteger(UInt8(self.authPluginData.count + 1))
        buffer.writeRepeatingByte(0, count: 10)
        buffer.writeBytes(self.authPluginData[8...])
        buffer.writeInteger(UInt8(0))
        buffer.writeNullTerminatedString(self.authPluginName)
    }

    /// Decodes a greeting; used by tests and test peers.
    public static func decode(from buffer: inout ByteBuffer) -> HandshakeV10? {
        guard buffer.readInteger(as: UInt8.self) == 10,
            let version = buffer.readNullTerminatedString(),
            let connectionID = buffer.readInteger(endianness: .little, as: UInt32.self),
            let part1 = buffer.readBytes(length: 8),
            buffer.readInteger(as: UInt8.self) == 0,
            let capsLow = buffer.readInteger(endianness: .little, as: UInt16.self),
            let charset = buffer.readInteger(as: UInt8.self),
            let status = buffer.readInteger(endianness: .little, as: UInt16.self),
            let capsHigh = buffer.readInteger(endianness: .little, as: UInt16.self),
            let dataLength = buffer.readInteger(as: UInt8.self),
            buffer.readBytes(length: 10) != nil,
            dataLength >= 21,
            let part2 = buffer.readBytes(length: Int(dataLength) - 8),
            let pluginName = buffer.readNullTerminatedString()
        else { return nil }
        return HandshakeV10(
            serverVersion: version,
            connectionID: connectionID,
            authPluginData: part1 + part2.dropLast(),
            capabilities: CapabilityFlags(rawValue: UInt32(capsLow) | UInt32(capsHigh) << 16),
            characterSet: charset,
            status: ServerStatus(rawValue: status),
            authPluginName: pluginName
        )
    }
}
