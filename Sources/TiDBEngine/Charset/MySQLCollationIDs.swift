/// MySQL's collation ids as TiDB knows them (`pkg/parser/charset` `collations`): a client's
/// handshake may name any of them, also ones TiDB cannot use (docs/tidb/charsets-collations.md §1).
enum MySQLCollationIDs {
    /// The charset of collation `id` (0–255), nil where MySQL has no collation.
    static func charset(ofID id: Int) -> String? {
        switch id {
        case 1, 84: return "big5"
        case 2, 9, 21, 27, 77: return "latin2"
        case 3, 69: return "dec8"
        case 4, 80: return "cp850"
        case 5, 8, 15, 31, 47, 48, 49, 94: return "latin1"
        case 6, 72: return "hp8"
        case 7, 74: return "koi8r"
        case 10, 82: return "swe7"
        case 11, 65: return "ascii"
        case 12, 91: return "ujis"
        case 13, 88: return "sjis"
        case 14, 23, 50, 51, 52: return "cp1251"
        case 16, 71: return "hebrew"
        case 18, 89: return "tis620"
        case 19, 85: return "euckr"
        case 20, 41, 42, 79: return "latin7"
        case 22, 75: return "koi8u"
        case 24, 86: return "gb2312"
        case 25, 70: return "greek"
        case 26, 34, 44, 66, 99: return "cp1250"
        case 28, 87: return "gbk"
        case 29, 58, 59: return "cp1257"
        case 30, 78: return "latin5"
        case 32, 64: return "armscii8"
        case 33, 76, 83, 192...215, 223: return "utf8"
        case 35, 90, 128...151, 159: return "ucs2"
        case 36, 68: return "cp866"
        case 37, 73: return "keybcs2"
        case 38, 43: return "macce"
        case 39, 53: return "macroman"
        case 40, 81: return "cp852"
        case 45, 46, 224...247, 255: return "utf8mb4"
        case 54, 55, 101...124: return "utf16"
        case 56, 62: return "utf16le"
        case 57, 67: return "cp1256"
        case 60, 61, 160...183: return "utf32"
        case 63: return "binary"
        case 92, 93: return "geostd8"
        case 95, 96: return "cp932"
        case 97, 98: return "eucjpms"
        case 248...250: return "gb18030"
        default: return nil
        }
    }

    /// Every charset MySQL has: a collation named after one of them that TiDB lacks is
    /// "unsupported", any other name "unknown".
    static let mysqlCharsets: Set<String> = [
        "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866",
        "cp932", "dec8", "eucjpms", "euckr", "gb18030", "gb2312", "gbk", "geostd8", "greek", "hebrew", "hp8",
        "keybcs2", "koi8r", "koi8u", "latin1", "latin2", "latin5", "latin7", "macce", "macroman", "sjis", "swe7",
        "tis620", "ucs2", "ujis", "utf16", "utf16le", "utf32", "utf8", "utf8mb3", "utf8mb4",
    ]
}
