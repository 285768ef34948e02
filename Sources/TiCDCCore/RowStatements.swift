public import ChangeStream

/// The statements TiCDC's MySQL sink writes for row changes (docs/ticdc/filter-and-sink.md,
/// ticdc-sink-redo-metrics.md §5), with values interpolated as go-sql-driver does with
/// `interpolateParams=true`: `INSERT INTO` (`REPLACE INTO` in safe mode), `UPDATE ... LIMIT 1`
/// (in safe mode a `DELETE` and a `REPLACE`), `DELETE ... LIMIT 1`, rows identified by the table's
/// handle columns (all columns for a table without one). Consecutive inserts into one table
/// become one multi-row statement, as the sink's batch mode writes them.
public struct RowStatements: Sendable {
    public struct Row: Sendable {
        public var kind: ChangeEvent.Kind
        public var table: TableInfo
        public var before: [CellValue]?
        public var after: [CellValue]?
        /// Written idempotently (REPLACE; UPDATE as DELETE + REPLACE): a row committed before the
        /// changefeed (re)started may already be downstream.
        public var safeMode: Bool

        public init(kind: ChangeEvent.Kind, table: TableInfo, before: [CellValue]?, after: [CellValue]?, safeMode: Bool)
        {
            self.kind = kind
            self.table = table
            self.before = before
            self.after = after
            self.safeMode = safeMode
        }
    }

    /// The statements for `rows`, in their order.
    public static func statements(for rows: [Row], maximumBatch: Int = 256) -> [String] {
        var statements: [String] = []
        var pendingInsert: (prefix: String, values: [String])?
        func flushInsert() {
            if let pending = pendingInsert {
                statements.append(pending.prefix + pending.values.joined(separator: ","))
                pendingInsert = nil
            }
        }
        for row in rows {
            switch row.kind {
            case .insert:
                guard let after = row.after else { continue }
                let prefix = Self.insertPrefix(row.table, replace: row.safeMode)
                let values = Self.tuple(after)
                if let pending = pendingInsert, pending.prefix == prefix, pending.values.count < maximumBatch {
                    pendingInsert?.values.append(values)
                } else {
                    flushInsert()
                    pendingInsert = (prefix, [values])
                }
            case .update:
                flushInsert()
                guard let before = row.before, let after = row.after else { continue }
                if row.safeMode {
                    statements.append(Self.delete(row.table, before))
                    statements.append(Self.insertPrefix(row.table, replace: true) + Self.tuple(after))
                } else {
                    statements.append(Self.update(row.table, before: before, after: after))
                }
            case .delete:
                flushInsert()
                guard let before = row.before else { continue }
                statements.append(Self.delete(row.table, before))
            case .ddl:
                flushInsert()
            }
        }
        flushInsert()
        return statements
    }

    static func insertPrefix(_ table: TableInfo, replace: Bool) -> String {
        (replace ? "REPLACE INTO " : "INSERT INTO ") + Self.name(table) + " ("
            + table.columns.map(SQLText.identifier).joined(separator: ",") + ") VALUES "
    }

    static func update(_ table: TableInfo, before: [CellValue], after: [CellValue]) -> String {
        let assignments = zip(table.columns, after).map { SQLText.identifier($0) + " = " + SQLText.literal($1) }
        return "UPDATE " + Self.name(table) + " SET " + assignments.joined(separator: ", ") + " WHERE "
            + Self.condition(table, before) + " LIMIT 1"
    }

    static func delete(_ table: TableInfo, _ before: [CellValue]) -> String {
        "DELETE FROM " + Self.name(table) + " WHERE " + Self.condition(table, before) + " LIMIT 1"
    }

    static func condition(_ table: TableInfo, _ row: [CellValue]) -> String {
        let positions = table.handle.isEmpty ? Array(table.columns.indices) : table.handle
        return positions.filter { $0 < row.count }.map { position in
            let column = SQLText.identifier(table.columns[position])
            if case .null = row[position] { return column + " IS NULL" }
            return column + " = " + SQLText.literal(row[position])
        }.joined(separator: " AND ")
    }

    static func tuple(_ values: [CellValue]) -> String {
        "(" + values.map(SQLText.literal).joined(separator: ",") + ")"
    }

    static func name(_ table: TableInfo) -> String {
        SQLText.identifier(table.database) + "." + SQLText.identifier(table.name)
    }
}

/// SQL text for names and values, safe for any content.
public enum SQLText {
    /// `` `name` `` with backquotes doubled.
    public static func identifier(_ name: String) -> String {
        "`" + name.replacingBackquotes() + "`"
    }

    /// A value as a literal: strings quoted and escaped, bytes as `X'..'` (binary-safe in any
    /// connection charset), date-times quoted.
    public static func literal(_ value: CellValue) -> String {
        switch value {
        case .null: return "NULL"
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        case .decimal(let text): return text
        case .double(let number): return number.description
        case .string(let text): return Self.quoted(text)
        case .bytes(let bytes):
            let digits = Array("0123456789ABCDEF".utf8)
            var hex: [UInt8] = [UInt8(ascii: "X"), UInt8(ascii: "'")]
            hex.reserveCapacity(bytes.count * 2 + 3)
            for byte in bytes {
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0F)])
            }
            hex.append(UInt8(ascii: "'"))
            return String(decoding: hex, as: UTF8.self)
        case .datetime(let text), .date(let text): return Self.quoted(text)
        }
    }

    /// `'text'` with MySQL's escapes.
    public static func quoted(_ text: String) -> String {
        var output: [UInt8] = [UInt8(ascii: "'")]
        output.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case 0: output += [UInt8(ascii: "\\"), UInt8(ascii: "0")]
            case UInt8(ascii: "\n"): output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x1A: output += [UInt8(ascii: "\\"), UInt8(ascii: "Z")]
            case UInt8(ascii: "'"), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "'"))
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingBackquotes() -> String {
        var result = ""
        for character in self {
            if character == "`" { result.append("``") } else { result.append(character) }
        }
        return result
    }
}
