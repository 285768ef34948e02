/// A result column's metadata as the server described it.
public struct Column: Sendable, Hashable {
    /// The MySQL protocol type code (`MYSQL_TYPE_*`).
    public struct FieldType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let decimal = FieldType(rawValue: 0)
        public static let tiny = FieldType(rawValue: 1)
        public static let short = FieldType(rawValue: 2)
        public static let long = FieldType(rawValue: 3)
        public static let float = FieldType(rawValue: 4)
        public static let double = FieldType(rawValue: 5)
        public static let null = FieldType(rawValue: 6)
        public static let timestamp = FieldType(rawValue: 7)
        public static let longLong = FieldType(rawValue: 8)
        public static let int24 = FieldType(rawValue: 9)
        public static let date = FieldType(rawValue: 10)
        public static let time = FieldType(rawValue: 11)
        public static let datetime = FieldType(rawValue: 12)
        public static let year = FieldType(rawValue: 13)
        public static let varchar = FieldType(rawValue: 15)
        public static let bit = FieldType(rawValue: 16)
        public static let json = FieldType(rawValue: 245)
        public static let newDecimal = FieldType(rawValue: 246)
        public static let enumeration = FieldType(rawValue: 247)
        public static let set = FieldType(rawValue: 248)
        public static let tinyBlob = FieldType(rawValue: 249)
        public static let mediumBlob = FieldType(rawValue: 250)
        public static let longBlob = FieldType(rawValue: 251)
        public static let blob = FieldType(rawValue: 252)
        public static let varString = FieldType(rawValue: 253)
        public static let string = FieldType(rawValue: 254)
        public static let geometry = FieldType(rawValue: 255)

        var isInteger: Bool { [.tiny, .short, .long, .longLong, .int24, .year].contains(self) }
        var isTemporal: Bool { [.timestamp, .date, .datetime].contains(self) }
        var isStringLike: Bool {
            [.varchar, .varString, .string, .tinyBlob, .mediumBlob, .longBlob, .blob, .enumeration, .set, .json]
                .contains(self)
        }

        public var description: String {
            let names: [UInt32: String] = [
                0: "DECIMAL", 1: "TINY", 2: "SHORT", 3: "LONG", 4: "FLOAT", 5: "DOUBLE", 6: "NULL", 7: "TIMESTAMP",
                8: "LONGLONG", 9: "INT24", 10: "DATE", 11: "TIME", 12: "DATETIME", 13: "YEAR", 15: "VARCHAR",
                16: "BIT", 245: "JSON", 246: "NEWDECIMAL", 247: "ENUM", 248: "SET", 249: "TINY_BLOB",
                250: "MEDIUM_BLOB", 251: "LONG_BLOB", 252: "BLOB", 253: "VAR_STRING", 254: "STRING", 255: "GEOMETRY",
            ]
            return names[self.rawValue] ?? "type \(self.rawValue)"
        }
    }

    /// The binary pseudo-charset: bytes, not text.
    public static let binaryCharset: UInt32 = 63

    public var name: String
    public var table: String
    public var database: String
    public var type: FieldType
    public var length: UInt64
    public var flags: UInt32
    public var charset: UInt32
    public var decimals: UInt32

    public init(
        name: String,
        table: String = "",
        database: String = "",
        type: FieldType,
        length: UInt64 = 0,
        flags: UInt32 = 0,
        charset: UInt32 = Column.binaryCharset,
        decimals: UInt32 = 0
    ) {
        self.name = name
        self.table = table
        self.database = database
        self.type = type
        self.length = length
        self.flags = flags
        self.charset = charset
        self.decimals = decimals
    }

    public var isNullable: Bool { self.flags & 1 == 0 }  // NOT_NULL_FLAG
    public var isUnsigned: Bool { self.flags & 32 != 0 }  // UNSIGNED_FLAG
    /// A string column holding bytes (BINARY, VARBINARY, BLOB) rather than text.
    public var isBinary: Bool { self.charset == Self.binaryCharset && self.type.isStringLike && self.type != .json }
}
