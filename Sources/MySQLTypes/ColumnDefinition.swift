/// What a result set says about one of its columns: the content of a `ColumnDefinition41` packet.
///
/// The engine fills it exactly as TiDB would; the codec only serialises it.
public struct ColumnDefinition: Sendable, Hashable {
    public var schema: String
    public var table: String
    public var originalTable: String
    public var name: String
    public var originalName: String
    /// Collation id of the column's character set (63 = binary for numbers and blobs).
    public var characterSet: UInt16
    public var length: UInt32
    public var type: ColumnType
    public var flags: ColumnFlags
    public var decimals: UInt8

    public init(
        name: String,
        type: ColumnType,
        length: UInt32,
        characterSet: UInt16,
        flags: ColumnFlags = [],
        decimals: UInt8 = 0,
        schema: String = "",
        table: String = "",
        originalTable: String = "",
        originalName: String = ""
    ) {
        self.schema = schema
        self.table = table
        self.originalTable = originalTable
        self.name = name
        self.originalName = originalName
        self.characterSet = characterSet
        self.length = length
        self.type = type
        self.flags = flags
        self.decimals = decimals
    }
}

/// Collation ids the protocol layer needs to name.
public enum CollationID {
    /// `utf8mb4_bin`, TiDB's default collation and the one it announces in the handshake.
    public static let utf8mb4Bin: UInt16 = 46
    /// `binary`, used for numeric, temporal and binary-string columns.
    public static let binary: UInt16 = 63
}
