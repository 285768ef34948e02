/// The character sets and collations TiDB supports (with new collations enabled).
public enum CharacterSets {
    public struct Charset: Sendable {
        public var name: String
        public var description: String
        public var defaultCollation: String
        public var maxLength: Int
    }

    public struct Collation: Sendable {
        public var name: String
        public var charset: String
        public var id: Int
        public var isDefault: Bool
        public var padAttribute: String
    }

    public static let charsets: [Charset] = [
        Charset(name: "ascii", description: "US ASCII", defaultCollation: "ascii_bin", maxLength: 1),
        Charset(name: "binary", description: "binary", defaultCollation: "binary", maxLength: 1),
        Charset(
            name: "gb18030",
            description: "China National Standard GB18030",
            defaultCollation: "gb18030_chinese_ci",
            maxLength: 4
        ),
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
        Collation(name: "ascii_bin", charset: "ascii", id: 65, isDefault: true, padAttribute: "PAD SPACE"),
        Collation(name: "binary", charset: "binary", id: 63, isDefault: true, padAttribute: "NO PAD"),
        Collation(name: "gb18030_bin", charset: "gb18030", id: 249, isDefault: false, padAttribute: "PAD SPACE"),
        Collation(name: "gb18030_chinese_ci", charset: "gb18030", id: 248, isDefault: true, padAttribute: "PAD SPACE"),
        Collation(name: "gbk_bin", charset: "gbk", id: 87, isDefault: false, padAttribute: "PAD SPACE"),
        Collation(name: "gbk_chinese_ci", charset: "gbk", id: 28, isDefault: true, padAttribute: "PAD SPACE"),
        Collation(name: "latin1_bin", charset: "latin1", id: 47, isDefault: true, padAttribute: "PAD SPACE"),
        Collation(name: "utf8_bin", charset: "utf8", id: 83, isDefault: true, padAttribute: "PAD SPACE"),
        Collation(name: "utf8_general_ci", charset: "utf8", id: 33, isDefault: false, padAttribute: "PAD SPACE"),
        Collation(name: "utf8_unicode_ci", charset: "utf8", id: 192, isDefault: false, padAttribute: "PAD SPACE"),
        Collation(name: "utf8mb4_0900_ai_ci", charset: "utf8mb4", id: 255, isDefault: false, padAttribute: "NO PAD"),
        Collation(name: "utf8mb4_0900_bin", charset: "utf8mb4", id: 309, isDefault: false, padAttribute: "NO PAD"),
        Collation(name: "utf8mb4_bin", charset: "utf8mb4", id: 46, isDefault: true, padAttribute: "PAD SPACE"),
        Collation(name: "utf8mb4_general_ci", charset: "utf8mb4", id: 45, isDefault: false, padAttribute: "PAD SPACE"),
        Collation(name: "utf8mb4_unicode_ci", charset: "utf8mb4", id: 224, isDefault: false, padAttribute: "PAD SPACE"),
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
}
