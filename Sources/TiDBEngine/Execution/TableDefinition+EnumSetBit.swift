import MySQLTypes

extension TableDefinition {
    /// TiDB's checks of ENUM, SET and BIT definitions: BIT's size (3013, 1439), SET's 64
    /// members (1097) and commas (1367), and duplicated elements (1291).
    static func checkEnumSetBit(_ type: SQLType, column: String) throws(MySQLError) {
        if type.kind == .bit {
            let bits = type.length ?? 1
            if bits <= 0 { throw .tidb(3013, "HY000", "Invalid size for column '\(column)'.") }
            if bits > 64 {
                throw .tidb(1439, "42000", "Display width out of range for column '\(column)' (max = 64)")
            }
            return
        }
        let kind = type.kind == .set ? "SET" : "ENUM"
        if type.kind == .set {
            if type.elements.count > 64 { throw .tidb(1097, "HY000", "Too many strings for column \(column) and SET") }
            if let element = type.elements.first(where: { $0.contains(",") }) {
                throw .tidb(1367, "22007", "Illegal set '\(element)' value found during parsing")
            }
        }
        let collation = type.resolvedCollation
        for (position, element) in type.elements.enumerated() {
            let earlier = type.elements[..<position]
            if earlier.contains(where: { collation.compare(Array($0.utf8), Array(element.utf8)) == 0 }) {
                throw .tidb(1291, "HY000", "Column '\(column)' has duplicated value '\(element)' in \(kind)")
            }
        }
    }
}
