/// The first byte of a command-phase packet (`enum_server_command`).
public struct CommandCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let sleep = CommandCode(rawValue: 0x00)
    public static let quit = CommandCode(rawValue: 0x01)
    public static let initDB = CommandCode(rawValue: 0x02)
    public static let query = CommandCode(rawValue: 0x03)
    public static let fieldList = CommandCode(rawValue: 0x04)
    public static let createDB = CommandCode(rawValue: 0x05)
    public static let dropDB = CommandCode(rawValue: 0x06)
    public static let refresh = CommandCode(rawValue: 0x07)
    public static let shutdown = CommandCode(rawValue: 0x08)
    public static let statistics = CommandCode(rawValue: 0x09)
    public static let processInfo = CommandCode(rawValue: 0x0A)
    public static let connect = CommandCode(rawValue: 0x0B)
    public static let processKill = CommandCode(rawValue: 0x0C)
    public static let debug = CommandCode(rawValue: 0x0D)
    public static let ping = CommandCode(rawValue: 0x0E)
    public static let time = CommandCode(rawValue: 0x0F)
    public static let delayedInsert = CommandCode(rawValue: 0x10)
    public static let changeUser = CommandCode(rawValue: 0x11)
    public static let binlogDump = CommandCode(rawValue: 0x12)
    public static let tableDump = CommandCode(rawValue: 0x13)
    public static let connectOut = CommandCode(rawValue: 0x14)
    public static let registerSlave = CommandCode(rawValue: 0x15)
    public static let statementPrepare = CommandCode(rawValue: 0x16)
    public static let statementExecute = CommandCode(rawValue: 0x17)
    public static let statementSendLongData = CommandCode(rawValue: 0x18)
    public static let statementClose = CommandCode(rawValue: 0x19)
    public static let statementReset = CommandCode(rawValue: 0x1A)
    public static let setOption = CommandCode(rawValue: 0x1B)
    public static let statementFetch = CommandCode(rawValue: 0x1C)
    public static let daemon = CommandCode(rawValue: 0x1D)
    public static let binlogDumpGTID = CommandCode(rawValue: 0x1E)
    public static let resetConnection = CommandCode(rawValue: 0x1F)

    private static let names: [UInt8: String] = [
        0x00: "COM_SLEEP", 0x01: "COM_QUIT", 0x02: "COM_INIT_DB", 0x03: "COM_QUERY", 0x04: "COM_FIELD_LIST",
        0x05: "COM_CREATE_DB", 0x06: "COM_DROP_DB", 0x07: "COM_REFRESH", 0x08: "COM_SHUTDOWN",
        0x09: "COM_STATISTICS", 0x0A: "COM_PROCESS_INFO", 0x0B: "COM_CONNECT", 0x0C: "COM_PROCESS_KILL",
        0x0D: "COM_DEBUG", 0x0E: "COM_PING", 0x0F: "COM_TIME", 0x10: "COM_DELAYED_INSERT",
        0x11: "COM_CHANGE_USER", 0x12: "COM_BINLOG_DUMP", 0x13: "COM_TABLE_DUMP", 0x14: "COM_CONNECT_OUT",
        0x15: "COM_REGISTER_SLAVE", 0x16: "COM_STMT_PREPARE", 0x17: "COM_STMT_EXECUTE",
        0x18: "COM_STMT_SEND_LONG_DATA", 0x19: "COM_STMT_CLOSE", 0x1A: "COM_STMT_RESET",
        0x1B: "COM_SET_OPTION", 0x1C: "COM_STMT_FETCH", 0x1D: "COM_DAEMON", 0x1E: "COM_BINLOG_DUMP_GTID",
        0x1F: "COM_RESET_CONNECTION",
    ]

    public var description: String { Self.names[self.rawValue] ?? "command \(self.rawValue)" }
}
