/// `CLIENT_*` capability flags exchanged in the handshake.
public struct CapabilityFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let longPassword = CapabilityFlags(rawValue: 1 << 0)
    public static let foundRows = CapabilityFlags(rawValue: 1 << 1)
    public static let longFlag = CapabilityFlags(rawValue: 1 << 2)
    public static let connectWithDB = CapabilityFlags(rawValue: 1 << 3)
    public static let noSchema = CapabilityFlags(rawValue: 1 << 4)
    public static let compress = CapabilityFlags(rawValue: 1 << 5)
    public static let odbc = CapabilityFlags(rawValue: 1 << 6)
    public static let localFiles = CapabilityFlags(rawValue: 1 << 7)
    public static let ignoreSpace = CapabilityFlags(rawValue: 1 << 8)
    public static let protocol41 = CapabilityFlags(rawValue: 1 << 9)
    public static let interactive = CapabilityFlags(rawValue: 1 << 10)
    public static let ssl = CapabilityFlags(rawValue: 1 << 11)
    public static let ignoreSigpipe = CapabilityFlags(rawValue: 1 << 12)
    public static let transactions = CapabilityFlags(rawValue: 1 << 13)
    public static let reserved = CapabilityFlags(rawValue: 1 << 14)
    public static let secureConnection = CapabilityFlags(rawValue: 1 << 15)
    public static let multiStatements = CapabilityFlags(rawValue: 1 << 16)
    public static let multiResults = CapabilityFlags(rawValue: 1 << 17)
    public static let psMultiResults = CapabilityFlags(rawValue: 1 << 18)
    public static let pluginAuth = CapabilityFlags(rawValue: 1 << 19)
    public static let connectAttributes = CapabilityFlags(rawValue: 1 << 20)
    public static let pluginAuthLengthEncodedClientData = CapabilityFlags(rawValue: 1 << 21)
    public static let canHandleExpiredPasswords = CapabilityFlags(rawValue: 1 << 22)
    public static let sessionTrack = CapabilityFlags(rawValue: 1 << 23)
    public static let deprecateEOF = CapabilityFlags(rawValue: 1 << 24)
    public static let optionalResultsetMetadata = CapabilityFlags(rawValue: 1 << 25)
    public static let zstdCompression = CapabilityFlags(rawValue: 1 << 26)
    public static let queryAttributes = CapabilityFlags(rawValue: 1 << 27)

    public var description: String { "0x" + String(self.rawValue, radix: 16) }
}
