/// `SERVER_STATUS_*` flags sent in OK and EOF packets.
public struct ServerStatus: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let inTransaction = ServerStatus(rawValue: 0x0001)
    public static let autocommit = ServerStatus(rawValue: 0x0002)
    public static let moreResultsExist = ServerStatus(rawValue: 0x0008)
    public static let noGoodIndexUsed = ServerStatus(rawValue: 0x0010)
    public static let noIndexUsed = ServerStatus(rawValue: 0x0020)
    public static let cursorExists = ServerStatus(rawValue: 0x0040)
    public static let lastRowSent = ServerStatus(rawValue: 0x0080)
    public static let databaseDropped = ServerStatus(rawValue: 0x0100)
    public static let noBackslashEscapes = ServerStatus(rawValue: 0x0200)
    public static let metadataChanged = ServerStatus(rawValue: 0x0400)
    public static let queryWasSlow = ServerStatus(rawValue: 0x0800)
    public static let psOutParams = ServerStatus(rawValue: 0x1000)
    public static let inTransactionReadOnly = ServerStatus(rawValue: 0x2000)
    public static let sessionStateChanged = ServerStatus(rawValue: 0x4000)
}
