public import NIOCore

/// Asks the client to authenticate again with another plugin (`Protocol::AuthSwitchRequest`).
public struct AuthSwitchRequest: Sendable, Equatable {
    public var pluginName: String
    public var pluginData: [UInt8]

    public init(pluginName: String, pluginData: [UInt8]) {
        self.pluginName = pluginName
        self.pluginData = pluginData
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0xFE))
        buffer.writeNullTerminatedString(self.pluginName)
        buffer.writeBytes(self.pluginData)
        // MySQL terminates the scramble with NUL; clients use the first 20 bytes.
        buffer.writeInteger(UInt8(0))
    }

    public static func decode(from buffer: inout ByteBuffer) -> AuthSwitchRequest? {
        guard buffer.readInteger(as: UInt8.self) == 0xFE, let name = buffer.readNullTerminatedString() else {
            return nil
        }
        var data = Array(buffer.readableBytesView)
        buffer.moveReaderIndex(forwardBy: data.count)
        if data.last == 0 { data.removeLast() }
        return AuthSwitchRequest(pluginName: name, pluginData: data)
    }
}
