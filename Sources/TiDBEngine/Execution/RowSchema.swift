import MySQLTypes

/// The columns a row source offers to expressions (`FROM t` or a system table).
struct RowSchema {
    struct Column {
        var schema: String
        var table: String
        var name: String
        var type: FieldType
        /// `_tidb_rowid` and row handles: not part of `*`.
        var isHidden = false
        /// The table's real name when `table` is an alias.
        var originalTable = ""
        /// Set on the hidden column that carries a row's encoded handle, for locking reads.
        var handleOfTable: Int64?
        /// The other side's copy of a `USING`/`NATURAL` join column: only a qualified name reaches it.
        var mergedByUsing = false
    }

    var columns: [Column]

    /// The position of a column reference; 1054 when unknown, as TiDB names the clause.
    func index(of reference: ColumnName, clause: String) throws(MySQLError) -> Int {
        var first: Int?
        for index in self.columns.indices {
            let column = self.columns[index]
            guard column.name.equalsIgnoringCase(reference.name),
                reference.table.map({ column.table.equalsIgnoringCase($0) }) ?? !column.mergedByUsing,
                reference.schema.map({ column.schema.equalsIgnoringCase($0) }) ?? true
            else { continue }
            if first != nil, reference.table == nil {
                throw MySQLError(
                    code: 1052,
                    sqlState: "23000",
                    message: "Column '\(reference.name)' in \(clause) is ambiguous"
                )
            }
            first = index
        }
        guard let first else {
            var qualified = reference.name
            if let table = reference.table { qualified = table + "." + qualified }
            if let schema = reference.schema { qualified = schema + "." + qualified }
            throw .unknownColumn(qualified, in: clause)
        }
        return first
    }
}

/// Renders an expression back to SQL, as TiDB quotes it in error messages such as 1690.
extension Expression {
    var sqlText: String {
        switch self {
        case .literal(let literal):
            switch literal {
            case .null: return "NULL"
            case .integer(let value): return String(value)
            case .unsigned(let value): return String(value)
            case .decimal(let text): return text
            case .double(let value): return DoubleFormatter.mysqlText(value)
            case .string(let bytes, _): return "'" + String(decoding: bytes, as: UTF8.self) + "'"
            case .hex(let bytes), .bits(let bytes):
                return "0x"
                    + bytes.map {
                        String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
                    }.joined()
            case .boolean(let value): return value ? "TRUE" : "FALSE"
            }
        case .column(let name):
            return "`" + [name.schema, name.table, name.name].compactMap { $0 }.joined(separator: "`.`") + "`"
        case .systemVariable(let name, let scope):
            switch scope {
            case .global: return "@@GLOBAL." + name
            case .session: return "@@SESSION." + name
            case .instance: return "@@INSTANCE." + name
            case nil: return "@@" + name
            }
        case .userVariable(let name): return "@" + name
        case .unary(let op, let operand):
            switch op {
            case .minus: return "-" + operand.sqlText
            case .plus: return operand.sqlText
            case .not: return "not(" + operand.sqlText + ")"
            case .bitNot: return "~" + operand.sqlText
            case .binary: return "BINARY " + operand.sqlText
            }
        case .binary(let op, let lhs, let rhs):
            return "(" + lhs.sqlText + " " + op.rawValue.lowercased() + " " + rhs.sqlText + ")"
        case .function(let name, let arguments):
            return name + "(" + arguments.map(\.sqlText).joined(separator: ", ") + ")"
        default:
            return "expression"
        }
    }
}

extension String {
    /// Identifier comparison: ASCII case folding without allocating, full lowercasing otherwise.
    func equalsIgnoringCase(_ other: String) -> Bool {
        var lhs = self
        var rhs = other
        let ascii: Bool? = lhs.withUTF8 { left in
            rhs.withUTF8 { right -> Bool? in
                guard left.count == right.count else {
                    return left.contains { $0 >= 0x80 } || right.contains { $0 >= 0x80 } ? nil : false
                }
                for index in 0..<left.count {
                    let l = left[index]
                    let r = right[index]
                    if l >= 0x80 || r >= 0x80 { return nil }
                    if l == r { continue }
                    let foldedL = l >= 0x41 && l <= 0x5A ? l + 0x20 : l
                    let foldedR = r >= 0x41 && r <= 0x5A ? r + 0x20 : r
                    if foldedL != foldedR { return false }
                }
                return true
            }
        }
        return ascii ?? (self.lowercased() == other.lowercased())
    }
}
