/// An expression as TiDB restores a generated column's (`GeneratedExprString`: keywords and
/// function names lowercase, names backquoted without schema or table, spaces around binary
/// operators, strings as `_utf8mb4'…'`). TiDB keeps the parentheses the user wrote; the AST here
/// has none, so they are put back where precedence needs them.
enum GeneratedExpressionText {
    static func render(_ expression: Expression) -> String {
        Self.render(expression, precedence: 0)
    }

    /// `precedence`: the binding strength of the context; weaker expressions get parentheses.
    private static func render(_ expression: Expression, precedence context: Int) -> String {
        let own = Self.precedence(of: expression)
        let text = Self.renderBare(expression)
        return own < context ? "(" + text + ")" : text
    }

    private static func renderBare(_ expression: Expression) -> String {
        switch expression {
        case .literal(let literal): return Self.literal(literal)
        case .column(let name): return "`" + name.name.replacingBackquotes() + "`"
        case .systemVariable(let name, let scope):
            switch scope {
            case .global: return "@@global." + name
            case .session: return "@@session." + name
            case .instance: return "@@instance." + name
            case nil: return "@@" + name
            }
        case .userVariable(let name): return "@`" + name + "`"
        case .unary(let op, let operand):
            let inner = Self.render(operand, precedence: op == .not ? 4 : 12)
            switch op {
            case .minus: return "-" + inner
            case .plus: return "+" + inner
            case .not: return "not " + inner
            case .bitNot: return "~" + inner
            case .binary: return "binary " + inner
            }
        case .binary(let op, let lhs, let rhs):
            let level = Self.precedence(of: op)
            return Self.render(lhs, precedence: level) + " " + Self.symbol(op) + " "
                + Self.render(rhs, precedence: level + 1)
        case .isNull(let operand, let negated):
            return Self.render(operand, precedence: 6) + (negated ? " is not null" : " is null")
        case .isTruth(let operand, let value, let negated):
            let word = value.map { $0 ? "true" : "false" } ?? "unknown"
            return Self.render(operand, precedence: 6) + (negated ? " is not " : " is ") + word
        case .like(let operand, let pattern, let escape, let negated):
            var text =
                Self.render(operand, precedence: 6) + (negated ? " not like " : " like ")
                + Self.render(pattern, precedence: 6)
            if let escape { text += " escape " + Self.render(escape, precedence: 6) }
            return text
        case .between(let operand, let low, let high, let negated):
            return Self.render(operand, precedence: 6) + (negated ? " not between " : " between ")
                + Self.render(low, precedence: 6) + " and " + Self.render(high, precedence: 6)
        case .inList(let operand, let items, let negated):
            return Self.render(operand, precedence: 6) + (negated ? " not in (" : " in (")
                + items.map { Self.render($0) }.joined(separator: ", ") + ")"
        case .function(let name, let arguments):
            return name + "(" + arguments.map { Self.render($0) }.joined(separator: ", ") + ")"
        case .caseWhen(let operand, let branches, let otherwise):
            var text = "case"
            if let operand { text += " " + Self.render(operand) }
            for branch in branches {
                text += " when " + Self.render(branch.condition) + " then " + Self.render(branch.result)
            }
            if let otherwise { text += " else " + Self.render(otherwise) }
            return text + " end"
        case .cast(let operand, let target):
            return "cast(" + Self.render(operand) + " as " + Self.castTarget(target) + ")"
        case .collate(let operand, let collation):
            return Self.render(operand, precedence: 13) + " collate " + collation
        default:
            // Subqueries, parameters and the like are refused before a column is defined.
            return expression.sqlText
        }
    }

    private static func literal(_ literal: Literal) -> String {
        switch literal {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .unsigned(let value): return String(value)
        case .decimal(let text): return text
        case .double(let value): return DoubleFormatter.mysqlText(value)
        case .string(let bytes, let introducer):
            var text = "_" + (introducer ?? "utf8mb4") + "'"
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                switch scalar {
                case "'": text += "''"
                case "\\": text += "\\\\"
                default: text.unicodeScalars.append(scalar)
                }
            }
            return text + "'"
        case .hex(let bytes):
            return "x'" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "'"
        case .bits(let bytes):
            let number = BitValue.number(ofBigEndian: bytes) ?? 0
            return "b'" + String(number, radix: 2) + "'"
        case .boolean(let value): return value ? "TRUE" : "FALSE"
        }
    }

    private static func castTarget(_ target: CastTarget) -> String {
        switch target {
        case .signed: return "signed"
        case .unsigned: return "unsigned"
        case .char(let length): return "char" + (length.map { "(\($0))" } ?? "")
        case .binary(let length): return "binary" + (length.map { "(\($0))" } ?? "")
        case .decimal(let precision, let scale):
            guard let precision else { return "decimal" }
            return "decimal(\(precision)" + (scale.map { ", \($0)" } ?? "") + ")"
        case .double: return "double"
        case .date: return "date"
        case .datetime(let fsp): return "datetime" + (fsp.map { "(\($0))" } ?? "")
        case .time(let fsp): return "time" + (fsp.map { "(\($0))" } ?? "")
        case .json: return "json"
        }
    }

    private static func symbol(_ op: BinaryOperator) -> String {
        switch op {
        case .and, .or, .xor, .integerDivide: return op.rawValue.lowercased()
        default: return op.rawValue
        }
    }

    /// MySQL's operator precedence, weakest first.
    private static func precedence(of op: BinaryOperator) -> Int {
        switch op {
        case .or: return 1
        case .xor: return 2
        case .and: return 3
        case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 5
        case .bitOr: return 7
        case .bitAnd: return 8
        case .shiftLeft, .shiftRight: return 9
        case .add, .subtract: return 10
        case .multiply, .divide, .integerDivide, .modulo: return 11
        case .bitXor: return 12
        }
    }

    private static func precedence(of expression: Expression) -> Int {
        switch expression {
        case .binary(let op, _, _): return Self.precedence(of: op)
        case .unary(.not, _): return 4
        case .isNull, .isTruth, .like, .between, .inList: return 6
        case .unary: return 13
        default: return 14
        }
    }
}

extension String {
    fileprivate func replacingBackquotes() -> String {
        var text = ""
        for character in self {
            text.append(character)
            if character == "`" { text.append("`") }
        }
        return text
    }
}
