import MySQLTypes

extension SQLType {
    /// An ENUM or SET element as `SHOW CREATE TABLE` quotes it: `'it''s'`.
    static func quotedElement(_ element: String) -> String {
        var quoted = "'"
        for character in element {
            quoted.append(character)
            if character == "'" { quoted.append("'") }
        }
        return quoted + "'"
    }

    /// TiDB's flen: the longest element for ENUM; for SET, every element plus the commas between.
    var enumSetLength: Int {
        let lengths = self.elements.map { $0.utf8.count }
        if self.kind == .set { return lengths.reduce(0, +) + max(0, lengths.count - 1) }
        return lengths.max() ?? 0
    }

    /// ENUM and SET columns go out as MYSQL_TYPE_STRING with the ENUM or SET flag (TiDB's
    /// `dumpType`/`DumpFlag`), their flen times the charset's widest character.
    func enumSetFieldType(flags: ColumnFlags) -> FieldType {
        var flags = flags
        flags.insert(self.kind == .set ? .set : .enumeration)
        let collation = self.resolvedCollation
        let width = CharacterSets.charset(named: collation.charset)?.maxLength ?? 4
        return FieldType(
            type: .string,
            length: UInt32(self.enumSetLength * width),
            flags: flags,
            charset: UInt16(collation.id)
        )
    }

    /// The bytes of BIT(M): (M + 7) / 8.
    var bitWidth: Int { ((self.length ?? 1) + 7) / 8 }
}
