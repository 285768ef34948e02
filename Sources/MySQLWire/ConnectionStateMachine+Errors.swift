public import MySQLTypes

/// The errors the connection state machine answers with.
extension MySQLError {
    /// ER_UNKNOWN_COM_ERROR, naming the command. (TiDB itself answers 1105 "command N not
    /// supported now"; the project's contract is the standard code, with the command named.)
    static func unknownCommand(_ code: CommandCode) -> MySQLError {
        MySQLError(
            code: 1047,
            sqlState: "08S01",
            message: "Unknown command: \(code) (\(code.rawValue)) is not supported by TiDB"
        )
    }

    /// TiDB answers any packet it cannot parse with its plain "malform packet error".
    public static let malformedPacket = MySQLError(code: 1105, sqlState: "HY000", message: "malform packet error")

    /// ER_NOT_SUPPORTED_AUTH_MODE: a pre-4.1 client, or one that will not use the user's plugin.
    static func unsupportedAuthentication(detail: String?) -> MySQLError {
        var message =
            "Client does not support authentication protocol requested by server; consider upgrading MySQL client"
        if let detail { message += " (\(detail))" }
        return MySQLError(code: 1251, sqlState: "08004", message: message)
    }

    /// TiDB's ErrInvalidSequence. TiDB writes it during the handshake only and silently closes
    /// in the command phase; we always write it, so the client learns why it was cut off.
    static func invalidSequence(received: UInt8, expected: UInt8) -> MySQLError {
        MySQLError(
            code: 8052,
            sqlState: "HY000",
            message: "invalid sequence, received \(received) while expecting \(expected)"
        )
    }

    /// ER_NET_PACKET_TOO_LARGE.
    static let packetTooLarge = MySQLError(
        code: 1153,
        sqlState: "08S01",
        message: "Got a packet bigger than 'max_allowed_packet' bytes"
    )
}
