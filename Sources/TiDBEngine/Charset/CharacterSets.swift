/// The character sets and collations TiDB v8.5 supports with new collations enabled (its default),
/// as `SHOW CHARACTER SET` and `SHOW COLLATION` list them (docs/tidb/charsets-collations.md §6).
/// gb18030 came after v8.5.
public enum CharacterSets {
    public struct Charset: Sendable {
        public var name: String
        public var description: String
        public var defaultCollation: String
        public var maxLength: Int
    }

    public static let charsets: [Charset] = [
        Charset(name: "ascii", description: "US ASCII", defaultCollation: "ascii_bin", maxLength: 1),
        Charset(name: "binary", description: "binary", defaultCollation: "binary", maxLength: 1),
        Charset(
            name: "gbk",
            description: "Chinese Internal Code Specification",
            defaultCollation: "gbk_chinese_ci",
            maxLength: 2
        ),
        Charset(name: "latin1", description: "Latin1", defaultCollation: "latin1_bin", maxLength: 1),
        Charset(name: "utf8", description: "UTF-8 Unicode", defaultCollation: "utf8_bin", maxLength: 3),
        Charset(name: "utf8mb4", description: "UTF-8 Unicode", defaultCollation: "utf8mb4_bin", maxLength: 4),
    ]

    public static let collations: [Collation] = [
        Collation("ascii_bin", "ascii", 65, isDefault: true, .paddedBinary),
        Collation("binary", "binary", 63, isDefault: true, .binary),
        Collation("gbk_bin", "gbk", 87, .gbkBin),
        Collation("gbk_chinese_ci", "gbk", 28, isDefault: true, .gbkChineseCI),
        Collation("latin1_bin", "latin1", 47, isDefault: true, .paddedBinary),
        Collation("utf8_bin", "utf8", 83, isDefault: true, .paddedBinary),
        Collation("utf8_general_ci", "utf8", 33, .generalCI),
        Collation("utf8_unicode_ci", "utf8", 192, sortLength: 8, .unicodeCI),
        Collation("utf8mb4_0900_ai_ci", "utf8mb4", 255, sortLength: 0, .unicode0900AICI),
        Collation("utf8mb4_0900_bin", "utf8mb4", 309, .binary),
        Collation("utf8mb4_bin", "utf8mb4", 46, isDefault: true, .paddedBinary),
        Collation("utf8mb4_general_ci", "utf8mb4", 45, .generalCI),
        Collation("utf8mb4_unicode_ci", "utf8mb4", 224, sortLength: 8, .unicodeCI),
    ]

    public static func charset(named name: String) -> Charset? {
        var lower = name.lowercased()
        if lower == "utf8mb3" { lower = "utf8" }
        return charsets.first { $0.name == lower }
    }

    public static func collation(named name: String) -> Collation? {
        var lower = name.lowercased()
        if lower.hasPrefix("utf8mb3_") { lower = "utf8_" + lower.dropFirst("utf8mb3_".count) }
        return collations.first { $0.name == lower }
    }

    public static func collation(id: Int) -> Collation? {
        collations.first { $0.id == id }
    }

    private static let byName = Dictionary(uniqueKeysWithValues: collations.map { ($0.name, $0) })

    /// By the exact (lower-case) name columns store: one hash lookup, for paths that run per row.
    static func collation(exactly name: String) -> Collation? {
        byName[name]
    }

    /// The id TiDB puts in column definitions for a charset: its default collation's
    /// (`mysql.CharsetNameToID`), 0 for a name it does not know.
    public static func defaultCollationID(ofCharset name: String) -> UInt16 {
        charset(named: name).flatMap { collation(named: $0.defaultCollation) }.map { UInt16($0.id) } ?? 0
    }
}
