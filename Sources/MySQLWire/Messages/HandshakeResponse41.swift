public import NIOCore

/// The client's answer to the greeting (`Protocol::HandshakeResponse41`).
public struct HandshakeResponse41: Sendable, Equatable {
    public var capabilities: CapabilityFlags
    public var maxPacketSize: UInt32
    public var characterSet: UInt8
    public var username: String
    public var authResponse: [UInt8]
    public var database: String?
    public var authPluginName: String?
    public var attributes: [(key: String, value: String)]
    public var zstdCompressionLevel: UInt8?

    public init(
        capabilities: CapabilityFlags,
        maxPacketSize: UInt32 = 16 << 20,
        characterSet: UInt8 = 45,
        username: String,
        authResponse: [UInt8],
        database: String? = nil,
        authPluginName: String? = nil,
        attributes: [(key: String, value: String)] = [],
        zstdCompressionLevel: UInt8? = nil
    ) {
        self.capabilities = capabilities
        self.maxPacketSize = maxPacketSize
        self.characterSet = characterSet
        self.username = username
        self.authResponse = authResponse
        self.database = database
        self.authPluginName = authPluginName
        self.attributes = attributes
        self.zstdCompressionLevel = zstdCompressionLevel
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.capabilities == rhs.capabilities && lhs.maxPacketSize == rhs.maxPacketSize
            && lhs.characterSet == rhs.characterSet && lhs.username == rhs.username
            && lhs.authResponse == rhs.authResponse && lhs.database == rhs.database
            && lhs.authPluginName == rhs.authPluginName
            && lhs.attributes.elementsEqual(rhs.attributes, by: { $0 == $1 })
            && lhs.zstdCompressionLevel == rhs.zstdCompressionLevel
    }

    /// The fixed part every 4.1 response starts with; an SSLRequest is exactly this part.
    public static let fixedPartLength = 32

    /// Decodes the response; `nil` when it is cut short or otherwise malformed.
    public static func decode(from buffer: inout ByteBuffer) -> HandshakeResponse41? {
        guard let rawCaps = buffer.readInteger(endianness: .little, as: UInt32.self),
            let maxPacket = buffer.readInteger(endianness: .little, as: UInt32.self),
            let charset = buffer.readInteger(as: UInt8.self),
            buffer.readBytes(length: 23) != nil
        else { return nil }
        let caps = CapabilityFlags(rawValue: rawCaps)
        guard caps.contains(.protocol41), let username = buffer.readNullTerminatedString() else { return nil }

        guard let authResponse = buffer.readAuthResponse(caps) else { return nil }

        var response = HandshakeResponse41(
            capabilities: caps,
            maxPacketSize: maxPacket,
            characterSet: charset,
            username: username,
            authResponse: authResponse
        )
        if caps.contains(.connectWithDB), buffer.readableBytes > 0 {
            guard let database = buffer.readNullTerminatedString() else { return nil }
            response.database = database
        }
        if caps.contains(.pluginAuth), buffer.readableBytes > 0 {
            // Some clients omit the trailing NUL of the last field.
            response.authPluginName =
                buffer.readNullTerminatedString() ?? buffer.readString(length: buffer.readableBytes)
        }
        if caps.contains(.connectAttributes), buffer.readableBytes > 0 {
            guard var attributes = buffer.readLengthEncodedSlice() else { return nil }
            while attributes.readableBytes > 0 {
                guard let key = attributes.readLengthEncodedString(),
                    let value = attributes.readLengthEncodedString()
                else { return nil }
                response.attributes.append((key, value))
            }
        }
        if caps.contains(.zstdCompression), buffer.readableBytes > 0 {
            response.zstdCompressionLevel = buffer.readInteger(as: UInt8.self)
        }
        return response
    }

    /// Encodes the response as a client would; used by tests and test peers.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(self.capabilities.rawValue, endianness: .little)
        buffer.writeInteger(self.maxPacketSize, endianness: .little)
        buffer.writeInteger(self.characterSet)
        buffer.writeRepeatingByte(0, count: 23)
        buffer.writeNullTerminatedString(self.username)
        if self.capabilities.contains(.pluginAuthLengthEncodedClientData) {
            buffer.writeLengthEncodedBytes(self.authResponse)
        } else if self.capabilities.contains(.secureConnection) {
            buffer.writeInteger(UInt8(self.authResponse.count))
            buffer.writeBytes(self.authResponse)
        } else {
            buffer.writeBytes(self.authResponse)
            buffer.writeInteger(UInt8(0))
        }
        if self.capabilities.contains(.connectWithDB) {
            buffer.writeNullTerminatedString(self.database ?? "")
        }
        if self.capabilities.contains(.pluginAuth) {
            buffer.writeNullTerminatedString(self.authPluginName ?? "")
        }
        if self.capabilities.contains(.connectAttributes) {
            var attributes = ByteBuffer()
            for (key, value) in self.attributes {
                attributes.writeLengthEncodedString(key)
                attributes.writeLengthEncodedString(value)
            }
            buffer.writeLengthEncodedInteger(UInt64(attributes.readableBytes))
            buffer.writeBuffer(&attributes)
        }
        if self.capabilities.contains(.zstdCompression), let level = self.zstdCompressionLevel {
            buffer.writeInteger(level)
        }
    }
}

extension ByteBuffer {
    /// The auth response in the form the capabilities select: length-encoded, 1-byte length, or
    /// NUL-terminated.
    mutating func readAuthResponse(_ capabilities: CapabilityFlags) -> [UInt8]? {
        if capabilities.contains(.pluginAuthLengthEncodedClientData) {
            return self.readLengthEncodedSlice().map { Array($0.readableBytesView) }
        }
        if capabilities.contains(.secureConnection) {
            guard let length = self.readInteger(as: UInt8.self) else { return nil }
            return self.readBytes(length: Int(length))
        }
        guard let end = self.readableBytesView.firstIndex(of: 0) else { return nil }
        defer { self.moveReaderIndex(forwardBy: 1) }
        return self.readBytes(length: end - self.readerIndex)
    }
}
