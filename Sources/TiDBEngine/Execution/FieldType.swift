public import MySQLTypes

/// The type of a result column as TiDB reports it: what goes into the column definition.
public struct FieldType: Sendable, Equatable {
    public var type: ColumnType
    public var length: UInt32
    /// 31 means "not specified" (TiDB's `UnspecifiedLength` on the wire).
    public var decimals: UInt8
    public var flags: ColumnFlags
    public var charset: UInt16

    public init(type: ColumnType, length: UInt32, decimals: UInt8 = 0, flags: ColumnFlags = [], charset: UInt16) {
        self.type = type
        self.length = length
        self.decimals = decimals
        self.flags = flags
        self.charset = charset
    }

    static let notSpecified: UInt8 = 31

    /// A string sysvar value: VAR_STRING with unspecified length.
    static let variableString = FieldType(
        type: .varString,
        length: 0,
        decimals: notSpecified,
        charset: CollationID.utf8mb4Bin
    )

    static func string(characters: Int, nullable: Bool = false) -> FieldType {
        FieldType(
            type: .varString,
            length: UInt32(characters * 4),
            decimals: notSpecified,
            flags: nullable ? [] : .notNull,
            charset: CollationID.utf8mb4Bin
        )
    }

    /// A DOUBLE function result (SQRT, SIN, ...): TiDB's `MaxRealWidth`, unspecified decimals.
    static let double = FieldType(
        type: .double,
        length: 23,
        decimals: notSpecified,
        flags: .binary,
        charset: CollationID.binary
    )

    /// A VARCHAR(n) function result in the connection's default charset (MD5, CONV, ...).
    static func varString(length characters: Int) -> FieldType {
        FieldType(
            type: .varString,
            length: UInt32(characters * 4),
            decimals: notSpecified,
            charset: CollationID.utf8mb4Bin
        )
    }

    static func bigint(length: UInt32 = 20, flags: ColumnFlags = [.binary, .notNull]) -> FieldType {
        FieldType(type: .longLong, length: length, flags: flags, charset: CollationID.binary)
    }

    /// A `SHOW` statement's VARCHAR column, widened to its longest value as TiDB does.
    static func showColumn(longest: Int, minimum: Int = 5) -> FieldType {
        FieldType(type: .varString, length: UInt32(max(minimum, longest) * 4), charset: CollationID.utf8mb4Bin)
    }

    public func column(
        named name: String,
        table: String = "",
        schema: String = "",
        originalTable: String? = nil,
        originalName: String = ""
    ) -> ColumnDefinition {
        ColumnDefinition(
            name: name,
            type: self.type,
            length: self.length,
            characterSet: self.charset,
            flags: self.flags,
            decimals: self.decimals,
            schema: schema,
            table: table,
            originalTable: originalTable ?? table,
            originalName: originalName
        )
    }
}
