import MySQLTypes

/// The columns a row source offers to expressions (`FROM t` or a system table).
struct RowSchema {
    struct Column {
        var schema: String
        var table: String
        var name: String
        var type: FieldType
    }

    var columns: [Column]

    /// The position of a column reference; 1054 when unknown, as TiDB names the clause.
    func index(of reference: ColumnName, clause: String) throws(MySQLError) -> Int {
        let name = reference.name.lowercased()
        let table = reference.table?.lowercased()
        let schema = reference.schema?.lowercased()
        let matches = self.columns.indices.filter { index in
            let column = self.columns[index]
            return column.name.lowercased() == name && (table == nil || column.table.lowercased() == table)
                && (schema == nil || column.schema.lowercased() == schema)
        }
        guard let first = matches.first else {
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
