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
    }

    var columns: [Column]

    /// The position of a column reference; 1054 when unknown, as TiDB names the clause.
    func index(of reference: ColumnName, clause: String) throws(MySQLError) -> Int {
        let name = reference.name.lowercased()
        let table = reference.table?.lowercased()
        let schema = reference.schema?.lowercased()
        var first: Int?
        for index in self.columns.indices {
            let column = self.columns[index]
            guard column.name.lowercased() == name, table == nil || column.table.lowercased() == table,
                schema == nil || column.schema.lowercased() == schema
            else { continue }
            if first != nil, table == nil {
                throw MySQLError(code: 1052, sqlState: "23000", message: "Column '\(reference.name)' in \(clause) is ambiguous")
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
