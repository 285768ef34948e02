import MySQLTypes

/// A column's declared type, as `CREATE TABLE` gives it.
public struct SQLType: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case tinyint, smallint, mediumint, int, bigint
        case decimal, float, double
        case char, varchar, tinytext, text, mediumtext, longtext
        case binary, varbinary, tinyblob, blob, mediumblob, longblob
        case date, datetime, timestamp, time, year
        case json
        case enumeration = "enum"
        case set
        case bit
    }

    public var kind: Kind
    /// Display width (integers), character length (char, varchar) or byte length (binary, varbinary).
    public var length: Int?
    public var scale: Int?
    public var isUnsigned = false
    public var isZerofill = false
    public var charset: String?
    public var collation: String?
    /// ENUM and SET elements, trailing spaces removed (TiDB's parser trims them).
    public var elements: [String] = []
    /// Fraction digits of DATETIME, TIMESTAMP, TIME.
    public var fractionDigits: Int {
        self.kind == .datetime || self.kind == .timestamp || self.kind == .time ? self.scale ?? 0 : 0
    }

    public init(_ kind: Kind, length: Int? = nil, scale: Int? = nil, unsigned: Bool = false) {
        self.kind = kind
        self.length = length
        self.scale = scale
        self.isUnsigned = unsigned
    }

    public var isInteger: Bool {
        switch self.kind {
        case .tinyint, .smallint, .mediumint, .int, .bigint: return true
        default: return false
        }
    }

    public var isString: Bool {
        switch self.kind {
        case .char, .varchar, .tinytext, .text, .mediumtext, .longtext: return true
        default: return false
        }
    }

    public var isBinary: Bool {
        switch self.kind {
        case .binary, .varbinary, .tinyblob, .blob, .mediumblob, .longblob: return true
        default: return false
        }
    }

    public var isEnumOrSet: Bool { self.kind == .enumeration || self.kind == .set }

    /// The column's collation: the one it names, else its charset's default, else TiDB's
    /// `utf8mb4_bin`; `binary` for binary strings and every other type.
    public var resolvedCollation: Collation {
        guard self.isString || self.isEnumOrSet else { return .binary }
        if let name = self.collation, let collation = CharacterSets.collation(exactly: name) { return collation }
        if let name = self.collation, let collation = CharacterSets.collation(named: name) { return collation }
        if let name = self.charset, let charset = CharacterSets.charset(named: name),
            let collation = CharacterSets.collation(named: charset.defaultCollation)
        {
            return collation
        }
        return .utf8mb4Bin
    }

    public var isTemporal: Bool {
        switch self.kind {
        case .date, .datetime, .timestamp, .time, .year: return true
        default: return false
        }
    }

    /// Inclusive range of an integer column.
    var integerRange: (min: Int128, max: Int128) {
        let bits: Int
        switch self.kind {
        case .tinyint: bits = 8
        case .smallint: bits = 16
        case .mediumint: bits = 24
        case .int: bits = 32
        default: bits = 64
        }
        if self.isUnsigned { return (0, (Int128(1) << bits) - 1) }
        return (-(Int128(1) << (bits - 1)), (Int128(1) << (bits - 1)) - 1)
    }

    /// Maximum characters (strings) or bytes (binaries).
    var maximumLength: Int {
        switch self.kind {
        case .char: return self.length ?? 1
        case .binary: return self.length ?? 1
        case .varchar, .varbinary: return self.length ?? 65535
        case .tinytext, .tinyblob: return 255
        case .text, .blob: return 65535
        case .mediumtext, .mediumblob: return 16_777_215
        case .longtext, .longblob, .json: return 4_294_967_295
        default: return 0
        }
    }

    var precision: Int { self.length ?? 10 }

    /// An integer's display width: the declared one, else TiDB's default for the type (one less
    /// for unsigned types below BIGINT, which have no minus sign to show).
    var displayWidth: Int {
        if let length = self.length { return length }
        let width: Int =
            switch self.kind {
            case .tinyint: 4
            case .smallint: 6
            case .mediumint: 9
            case .int: 11
            default: 20
            }
        return self.isUnsigned && self.kind != .bigint ? width - 1 : width
    }

    /// The type as `SHOW CREATE TABLE`, DESCRIBE and `information_schema.COLUMNS.COLUMN_TYPE` spell
    /// it. `deprecateIntegerDisplayLength` is TiDB's config item of that name (true in v8.5): it
    /// drops integer display widths except `tinyint(1)` (a BOOL to connectors) and ZEROFILL columns.
    public func definition(deprecateIntegerDisplayLength: Bool) -> String {
        var text: String
        switch self.kind {
        case .tinyint, .smallint, .mediumint, .int, .bigint:
            text = self.kind.rawValue
            let isBoolean = self.kind == .tinyint && self.displayWidth == 1
            if !deprecateIntegerDisplayLength || self.isZerofill || isBoolean { text += "(\(self.displayWidth))" }
        case .decimal:
            text = "decimal(\(self.length ?? 10),\(self.scale ?? 0))"
        case .float, .double:
            text = self.kind.rawValue
            if let length = self.length, let scale = self.scale { text += "(\(length),\(scale))" }
        case .char, .varchar, .binary, .varbinary:
            text = "\(self.kind.rawValue)(\(self.length ?? 1))"
        case .datetime, .timestamp, .time:
            text = self.kind.rawValue
            if self.fractionDigits > 0 { text += "(\(self.fractionDigits))" }
        case .year:
            text = "year(4)"
        case .enumeration, .set:
            text = self.kind.rawValue + "(" + self.elements.map(Self.quotedElement).joined(separator: ",") + ")"
        case .bit:
            text = "bit(\(self.length ?? 1))"
        default:
            text = self.kind.rawValue
        }
        if self.isUnsigned { text += " unsigned" }
        if self.isZerofill { text += " zerofill" }
        return text
    }

    /// What result sets say about a column of this type (TiDB's `ConvertColumnInfo`).
    public func fieldType(
        notNull: Bool,
        primaryKey: Bool = false,
        uniqueKey: Bool = false,
        multipleKey: Bool = false,
        autoIncrement: Bool = false
    ) -> FieldType {
        var flags: ColumnFlags = []
        if notNull { flags.insert(.notNull) }
        if primaryKey { flags.insert(.primaryKey) }
        if uniqueKey { flags.insert(.uniqueKey) }
        if multipleKey { flags.insert(.multipleKey) }
        if autoIncrement { flags.insert(.autoIncrement) }
        if self.isUnsigned { flags.insert(.unsigned) }
        if self.isZerofill { flags.insert(.zeroFill) }
        let binary = CollationID.binary
        switch self.kind {
        case .tinyint, .smallint, .mediumint, .int, .bigint:
            let (type, defaultWidth): (ColumnType, UInt32) =
                switch self.kind {
                case .tinyint: (.tiny, 4)
                case .smallint: (.short, 6)
                case .mediumint: (.int24, 9)
                case .int: (.long, 11)
                default: (.longLong, 20)
                }
            flags.insert(.binary)
            return FieldType(
                type: type,
                length: UInt32(self.length ?? Int(defaultWidth)),
                flags: flags,
                charset: binary
            )
        case .decimal:
            flags.insert(.binary)
            let scale = self.scale ?? 0
            let length = UInt32(self.precision + 1 + (scale > 0 ? 1 : 0))
            return FieldType(type: .newDecimal, length: length, decimals: UInt8(scale), flags: flags, charset: binary)
        case .float:
            flags.insert(.binary)
            return FieldType(
                type: .float,
                length: UInt32(self.length ?? 12),
                decimals: UInt8(self.scale ?? 31),
                flags: flags,
                charset: binary
            )
        case .double:
            flags.insert(.binary)
            return FieldType(
                type: .double,
                length: UInt32(self.length ?? 22),
                decimals: UInt8(self.scale ?? 31),
                flags: flags,
                charset: binary
            )
        case .char, .varchar, .tinytext, .text, .mediumtext, .longtext:
            // The collation's own id: the result encoder turns it into what the client is sent
            // (`Session.encodedForClient`). Lengths are in bytes of the charset's widest character.
            let collation = self.resolvedCollation
            let width = CharacterSets.charset(named: collation.charset)?.maxLength ?? 4
            let length = UInt32(truncatingIfNeeded: min(self.maximumLength * width, Int(UInt32.max)))
            switch self.kind {
            case .char:
                return FieldType(type: .string, length: length, flags: flags, charset: UInt16(collation.id))
            case .varchar:
                return FieldType(type: .varString, length: length, flags: flags, charset: UInt16(collation.id))
            default:
                flags.insert(.blob)
                return FieldType(type: .blob, length: length, flags: flags, charset: UInt16(collation.id))
            }
        case .binary:
            flags.insert(.binary)
            return FieldType(type: .string, length: UInt32(self.maximumLength), flags: flags, charset: binary)
        case .varbinary:
            flags.insert(.binary)
            return FieldType(type: .varString, length: UInt32(self.maximumLength), flags: flags, charset: binary)
        case .tinyblob, .blob, .mediumblob, .longblob:
            flags.formUnion([.binary, .blob])
            return FieldType(
                type: .blob,
                length: UInt32(truncatingIfNeeded: self.maximumLength),
                flags: flags,
                charset: binary
            )
        case .date:
            flags.insert(.binary)
            return FieldType(type: .date, length: 10, flags: flags, charset: binary)
        case .datetime, .timestamp:
            flags.insert(.binary)
            if self.kind == .timestamp { flags.insert(.timestamp) }
            let fsp = self.fractionDigits
            return FieldType(
                type: self.kind == .timestamp ? .timestamp : .datetime,
                length: UInt32(fsp > 0 ? 20 + fsp : 19),
                decimals: UInt8(fsp),
                flags: flags,
                charset: binary
            )
        case .time:
            flags.insert(.binary)
            let fsp = self.fractionDigits
            return FieldType(
                type: .time,
                length: UInt32(fsp > 0 ? 11 + fsp : 10),
                decimals: UInt8(fsp),
                flags: flags,
                charset: binary
            )
        case .year:
            flags.formUnion([.binary, .unsigned, .zeroFill])
            return FieldType(type: .year, length: 4, flags: flags, charset: binary)
        case .json:
            flags.formUnion([.binary, .blob])
            return FieldType(type: .json, length: UInt32.max, flags: flags, charset: binary)
        case .enumeration, .set:
            return self.enumSetFieldType(flags: flags)
        case .bit:
            flags.formUnion([.binary, .unsigned])
            return FieldType(type: .bit, length: UInt32(self.length ?? 1), flags: flags, charset: binary)
        }
    }
}
