import MySQLTypes

/// The text of SHOW CREATE TABLE, in the layout of TiDB's `constructResultOfShowCreateTable`
/// (docs/tidb/data-semantics.md §3.1).
extension Session {
    func createTableStatement(_ table: TableSchema) -> String {
        var lines = table.columns.indices.map { "  " + self.columnDefinition(table, column: $0) }
        for index in table.indexes {
            var line = "  "
            if index.isPrimary {
                line += "PRIMARY KEY "
            } else {
                line += (index.isUnique ? "UNIQUE KEY " : "KEY ") + Self.quoted(index.name) + " "
            }
            let parts = index.keyParts.map { (part) -> String in
                switch part {
                case .column(let position): return Self.quoted(table.columns[position].name)
                case .expression(let expression): return "(\(expression.text))"
                }
            }
            line += "(" + parts.joined(separator: ",") + ")"
            if !index.isVisible { line += " /*!80000 INVISIBLE */" }
            // A handle primary key comes from the column in TiDB, so it has no comment.
            if !index.comment.isEmpty, !(index.isPrimary && table.primaryKeyIsHandle) {
                line += " COMMENT '\(Self.escaped(index.comment))'"
            }
            if index.isPrimary {
                line +=
                    table.isClustered ? " /*T![clustered_index] CLUSTERED */" : " /*T![clustered_index] NONCLUSTERED */"
            }
            lines.append(line)
        }
        lines += Self.constraintLines(table)
        let create: String
        switch table.temporary {
        case nil: create = "CREATE TABLE"
        case .local: create = "CREATE TEMPORARY TABLE"
        case .global: create = "CREATE GLOBAL TEMPORARY TABLE"
        }
        var text = "\(create) \(Self.quoted(table.name)) (\n" + lines.joined(separator: ",\n") + "\n) ENGINE=InnoDB"
        text += " DEFAULT CHARSET=\(table.charset)"
        if !table.collation.isEmpty, table.collation != "binary" { text += " COLLATE=\(table.collation)" }
        if table.autoIncrementColumn != nil {
            let next = self.cluster.storage.nextAutoIncrement(tableID: table.id)
            if next > 1 { text += " AUTO_INCREMENT=\(next)" }
        }
        if let cache = table.autoIDCache { text += " /*T![auto_id_cache] AUTO_ID_CACHE=\(cache) */" }
        if table.autoRandomColumn != nil {
            let next = self.cluster.storage.nextAutoIncrement(tableID: table.id)
            if next > 1 { text += " /*T![auto_rand_base] AUTO_RANDOM_BASE=\(next) */" }
        }
        if !table.comment.isEmpty { text += " COMMENT='\(Self.escaped(table.comment))'" }
        if let partitioning = table.partitioning { text += partitioning.showCreateText }
        if table.temporary == .global { text += " ON COMMIT DELETE ROWS" }
        return text
    }

    /// `` `c` type [CHARACTER SET] [COLLATE] [NOT NULL] [DEFAULT] [AUTO_INCREMENT] [ON UPDATE] [COMMENT] ``.
    private func columnDefinition(_ table: TableSchema, column position: Int) -> String {
        let column = table.columns[position]
        var text =
            Self.quoted(column.name) + " "
            + column.type.definition(
                deprecateIntegerDisplayLength: self.instance.deprecateIntegerDisplayLength
            )
        let (charset, collation) = ColumnDescription.characterSet(of: column, in: table)
        if let charset, let collation {
            if charset != table.charset { text += " CHARACTER SET \(charset)" }
            if collation != table.collation || CharacterSets.charset(named: charset)?.defaultCollation != collation {
                text += " COLLATE \(collation)"
            }
        }
        if let generated = column.generated {
            // TiDB shows no DEFAULT for a generated column.
            text += " GENERATED ALWAYS AS (\(generated.text)) " + (generated.isStored ? "STORED" : "VIRTUAL")
            if !column.isNullable { text += " NOT NULL" }
        } else if column.isAutoIncrement {
            text += " NOT NULL AUTO_INCREMENT"
        } else {
            let fraction = column.type.fractionDigits > 0 ? "(\(column.type.fractionDigits))" : ""
            if !column.isNullable { text += " NOT NULL" }
            switch column.defaultValue {
            case .none, .null:
                // A nullable TIMESTAMP says NULL explicitly, as MySQL does.
                if column.isNullable { text += column.type.kind == .timestamp ? " NULL DEFAULT NULL" : " DEFAULT NULL" }
            case .currentTimestamp:
                text += " DEFAULT CURRENT_TIMESTAMP" + fraction
            case .value(let value):
                let shown = ColumnDescription.text(of: value, type: column.type, timeZone: self.timeZone) ?? ""
                // A BIT default is a bit literal, unquoted (TiDB's `ToBitLiteralString`).
                text += column.type.kind == .bit ? " DEFAULT \(shown)" : " DEFAULT '\(Self.escaped(shown))'"
            }
            if column.onUpdateCurrentTimestamp { text += " ON UPDATE CURRENT_TIMESTAMP" + fraction }
        }
        if let autoRandom = column.autoRandom {
            let bits =
                autoRandom.rangeBits == AutoRandom.defaultRangeBits
                ? "\(autoRandom.shardBits)" : "\(autoRandom.shardBits), \(autoRandom.rangeBits)"
            text += " /*T![auto_rand] AUTO_RANDOM(\(bits)) */"
        }
        if !column.comment.isEmpty { text += " COMMENT '\(Self.escaped(column.comment))'" }
        return text
    }

    /// A string literal's body as TiDB's `format.OutputFormat` escapes it.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "\0": result += "\\0"
            case "'": result += "''"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
