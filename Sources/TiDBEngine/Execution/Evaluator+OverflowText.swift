import MySQLTypes

/// An expression as TiDB quotes it in a 1690 "value is out of range in '...'" message: TiDB
/// folds constant casts before evaluating (`cast(-1 as unsigned)` shows as
/// 18446744073709551615) and names columns `schema.table.column`.
extension Evaluator {
    func overflowText(_ expression: Expression) -> String {
        switch expression {
        case .binary(let op, let lhs, let rhs):
            return "(" + self.overflowText(lhs) + " " + op.rawValue.lowercased() + " " + self.overflowText(rhs) + ")"
        case .unary(.minus, let operand):
            return "-" + self.overflowText(operand)
        case .cast where Self.isConstant(expression):
            switch try? self.evaluate(expression) {
            case .int(let value)?: return String(value)
            case .uint(let value)?: return String(value)
            case .decimal(let value)?: return value.description
            default: return expression.sqlText
            }
        case .column(let reference):
            guard let schema = self.schema, let index = try? schema.index(of: reference, clause: "field list") else {
                return expression.sqlText
            }
            let column = schema.columns[index]
            return [column.schema, column.table, column.name].filter { !$0.isEmpty }.joined(separator: ".")
        default:
            return expression.sqlText
        }
    }
}
