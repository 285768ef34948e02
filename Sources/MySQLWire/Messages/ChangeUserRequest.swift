public import NIOCore

/// The body of `COM_CHANGE_USER` after the command byte.
public struct ChangeUserRequest: Sendable, Equatable {
    public var username: String
    public var authResponse: [UInt8]
    public var database: String?
    public var characterSet: UInt16?
    public var authPluginName: String?

    public init(
        username: String,
        authResponse: [UInt8],
        database: String? = nil,
        characterSet: UInt16? = nil,
        authPluginName: String? = nil
    ) {
        self.username = username
        self.authResponse = authResponse
        self.database = database
        self.characterSet = characterSet
        self.authPluginName = authPluginName
    }

    public static func decode(from buffer: inout ByteBuffer, capabilities: CapabilityFlags) -> ChangeUserRequest? {
        guard let username = buffer.readNullTerminatedString() else { return nil }
        // COM_CHANGE_USER always uses the 1-byte length form when SECURE_CONNECTION is set.
        guard let authResponse = buffer.readAuthResponse(capabilities.subtracting(.pluginAuthLengthEncodedClientData))
        else { return nil }
        var request = ChangeUserRequest(username: username, authResponse: authResponse)
        guard let database = buffer.readNullTerminatedString() else { return nil }
        request.database = database.isEmpty ? nil : database
        if buffer.readableBytes >= 2 {
            request.characterSet = buffer.readInteger(endianness: .little, as: UInt16.self)
        }
        if capabilities.contains(.pluginAuth), buffer.readableBytes > 0 {
            request.authPluginName =
                buffer.readNullTerminatedString() ?? buffer.readString(length: buffer.readableBytes)
        }
        // Connection attributes may follow; a new session keeps the ones from the handshake.
        return request
    }

    public func encode(into buffer: inout ByteBuffer, capabilities: CapabilityFlags) {
        buffer.writeNullTerminatedString(self.username)
        buffer.writeInteger(UInt8(self.authResponse.count))
        buffer.writeBytes(self.authResponse)
        buffer.writeNullTerminatedString(self.database ?? "")
        buffer.writeInteger(self.characterSet ?? 46, endianness: .little)
        if capabilities.contains(.pluginAuth) {
            buffer.writeNullTerminatedString(self.authPluginName ?? "")
        }
    }
}
