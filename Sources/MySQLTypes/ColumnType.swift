/// MySQL column types as they appear on the wire (`enum_field_types`).
public enum ColumnType: UInt8, Sendable, Hashable {
    case decimal = 0x00
    case tiny = 0x01
    case short = 0x02
    case long = 0x03
    case float = 0x04
    case double = 0x05
    case null = 0x06
    case timestamp = 0x07
    case longLong = 0x08
    case int24 = 0x09
    case date = 0x0A
    case time = 0x0B
    case datetime = 0x0C
    case year = 0x0D
    case newDate = 0x0E
    case varchar = 0x0F
    case bit = 0x10
    case json = 0xF5
    case newDecimal = 0xF6
    case enumeration = 0xF7
    case set = 0xF8
    case tinyBlob = 0xF9
    case mediumBlob = 0xFA
    case longBlob = 0xFB
    case blob = 0xFC
    case varString = 0xFD
    case string = 0xFE
    case geometry = 0xFF
}

/// Column definition flags (`*_FLAG` in MySQL's `mysql_com.h`).
public struct ColumnFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let notNull = ColumnFlags(rawValue: 1)
    public static let primaryKey = ColumnFlags(rawValue: 2)
    public static let uniqueKey = ColumnFlags(rawValue: 4)
    public static let multipleKey = ColumnFlags(rawValue: 8)
    public static let blob = ColumnFlags(rawValue: 16)
    public static let unsigned = ColumnFlags(rawValue: 32)
    public static let zeroFill = ColumnFlags(rawValue: 64)
    public static let binary = ColumnFlags(rawValue: 128)
    public static let enumeration = ColumnFlags(rawValue: 256)
    public static let autoIncrement = ColumnFlags(rawValue: 512)
    public static let timestamp = ColumnFlags(rawValue: 1024)
    public static let set = ColumnFlags(rawValue: 2048)
    public static let noDefaultValue = ColumnFlags(rawValue: 4096)
    public static let onUpdateNow = ColumnFlags(rawValue: 8192)
    public static let numeric = ColumnFlags(rawValue: 32768)
}
