/// SHOW CREATE TABLE's FOREIGN KEY and CHECK lines, as TiDB v8.5's
/// `constructResultOfShowCreateTable` writes them.
extension Session {
    static func constraintLines(_ table: TableSchema) -> [String] {
        var lines: [String] = []
        for foreignKey in table.foreignKeys {
            // v8.5 always names the referenced table's schema (later versions drop it when it is
            // the table's own).
            var line = "  CONSTRAINT \(Self.quoted(foreignKey.name)) FOREIGN KEY "
            line += "(" + foreignKey.columns.map(Self.quoted).joined(separator: ",") + ")"
            line +=
                " REFERENCES \(Self.quoted(foreignKey.referencedDatabase)).\(Self.quoted(foreignKey.referencedTable)) "
            line += "(" + foreignKey.referencedColumns.map(Self.quoted).joined(separator: ",") + ")"
            if let onDelete = foreignKey.onDelete { line += " ON DELETE \(onDelete.rawValue)" }
            if let onUpdate = foreignKey.onUpdate { line += " ON UPDATE \(onUpdate.rawValue)" }
            lines.append(line)
        }
        // TiDB writes CHECK constraints without the two-space indent.
        for check in table.checks {
            var line = "CONSTRAINT \(Self.quoted(check.name)) CHECK ((\(check.text)))"
            if !check.enforced { line += " /*!80016 NOT ENFORCED */" }
            lines.append(line)
        }
        return lines
    }
}
