/// An expression written back as TiDB's restorer writes it (`format.RestoreNameBackQuotes |
/// RestoreStringSingleQuotes | RestoreKeyWordUppercase`): names in backquotes, keywords
/// uppercase, string literals with their `_UTF8MB4` introducer. CHECK constraints keep this text.
enum ExpressionRestore {
    /// What differs between restorers: a view's SELECT (ViewText.swift) writes symbol operators
    /// without spaces (`a`>0) and its subqueries in full.
    struct Style {
        var compactOperators = false
        var subquery: ((SelectStatement) -> String)?
        /// `_utf8mb4'x'`, as a CHECK constraint's text has it (a view's has `_UTF8MB4'x'`).
        var lowercaseIntroducer = false
    }

    static func text(_ expression: Expression, style: Style = Style()) -> String {
        Self.render(expression, parentPrecedence: 0, style: style)
    }

    private static func precedence(_ expression: Expression) -> Int {
        switch expression {
        case .binary(let op, _, _):
            switch op {
            case .or, .xor: return 1
            case .and: return 2
            case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
            case .bitOr: return 5
            case .bitAnd: return 6
            case .shiftLeft, .shiftRight: return 7
            case .add, .subtract: return 8
            case .multiply, .divide, .integerDivide, .modulo: return 9
            case .bitXor: return 10
            }
        case .unary(.not, _): return 3
        case .isNull, .isTruth, .like, .between, .inList, .inSubquery: return 4
        default: return 11
        }
    }

    private static func render(_ expression: Expression, parentPrecedence: Int, style: Style) -> String {
        let own = Self.precedence(expression)
        let body = Self.body(expression, style: style)
        return own < parentPrecedence ? "(\(body))" : body
    }

    private static func name(_ name: String) -> String {
        "`" + name.replacing("`", with: "``") + "`"
    }

    private static func body(_ expression: Expression, style: Style) -> String {
        let own = Self.precedence(expression)
        func sub(_ expression: Expression, tighter: Bool = false) -> String {
            Self.render(expression, parentPrecedence: tighter ? own + 1 : own, style: style)
        }
        switch expression {
        case .literal(let literal):
            return Self.literal(literal, lowercaseIntroducer: style.lowercaseIntroducer)
        case .column(let column):
            return [column.schema, column.table, column.name].compactMap { $0 }.map(Self.name).joined(separator: ".")
        case .systemVariable(let name, let scope):
            return "@@" + (scope.map { "\($0)".lowercased() + "." } ?? "") + name
        case .userVariable(let name):
            return "@" + Self.name(name)
        case .unary(let op, let operand):
            switch op {
            case .minus: return "-" + sub(operand)
            case .plus: return "+" + sub(operand)
            case .not: return "NOT " + sub(operand)
            case .bitNot: return "~" + sub(operand)
            case .binary: return "BINARY " + sub(operand)
            }
        case .binary(let op, let left, let right):
            let isWord = op.rawValue.first?.isLetter ?? false
            if style.compactOperators, !isWord { return sub(left) + op.rawValue + sub(right, tighter: true) }
            return "\(sub(left)) \(op.rawValue) \(sub(right, tighter: true))"
        case .isNull(let operand, let negated):
            return sub(operand) + (negated ? " IS NOT NULL" : " IS NULL")
        case .isTruth(let operand, let value, let negated):
            let word = value.map { $0 ? "TRUE" : "FALSE" } ?? "UNKNOWN"
            return sub(operand) + (negated ? " IS NOT " : " IS ") + word
        case .like(let operand, let pattern, let escape, let negated):
            let escapeText = escape.map { " ESCAPE " + sub($0) } ?? " ESCAPE '\\\\'"
            return sub(operand) + (negated ? " NOT LIKE " : " LIKE ") + sub(pattern) + escapeText
        case .between(let operand, let low, let high, let negated):
            return sub(operand) + (negated ? " NOT BETWEEN " : " BETWEEN ") + sub(low) + " AND " + sub(high)
        case .inList(let operand, let items, let negated):
            let list = items.map { Self.render($0, parentPrecedence: 0, style: style) }.joined(separator: ",")
            return sub(operand) + (negated ? " NOT IN (" : " IN (") + list + ")"
        case .function(let name, let arguments) where style.compactOperators:
            // TiDB's FuncCallExpr/AggregateFuncExpr: names uppercase, COUNT(*) parsed as COUNT(1).
            var upper = name.uppercased()
            var prefix = ""
            if upper.hasSuffix("_DISTINCT") {
                upper.removeLast("_DISTINCT".count)
                prefix = "DISTINCT "
            }
            let list = arguments.map { $0 == .star ? "1" : Self.render($0, parentPrecedence: 0, style: style) }
            return upper + "(" + prefix + list.joined(separator: ", ") + ")"
        case .function(let name, let arguments):
            return name + "("
                + arguments.map { Self.render($0, parentPrecedence: 0, style: style) }.joined(separator: ", ") + ")"
        case .caseWhen(let operand, let branches, let otherwise):
            var text = "CASE"
            if let operand { text += " " + Self.render(operand, parentPrecedence: 0, style: style) }
            for branch in branches {
                text += " WHEN " + Self.render(branch.condition, parentPrecedence: 0, style: style)
                text += " THEN " + Self.render(branch.result, parentPrecedence: 0, style: style)
            }
            if let otherwise { text += " ELSE " + Self.render(otherwise, parentPrecedence: 0, style: style) }
            return text + " END"
        case .cast(let operand, let target):
            return "CAST(" + Self.render(operand, parentPrecedence: 0, style: style) + " AS \(target))"
        case .collate(let operand, let collation):
            return sub(operand) + " COLLATE " + collation
        case .defaultValue: return "DEFAULT"
        case .star: return "*"
        case .parameter: return "?"
        case .row(let items):
            return "(" + items.map { Self.render($0, parentPrecedence: 0, style: style) }.joined(separator: ", ") + ")"
        case .window(let call):
            return call.name + "("
                + call.arguments.map { Self.render($0, parentPrecedence: 0, style: style) }.joined(separator: ", ")
                + ") OVER (...)"
        case .subquery(let select):
            return "(" + (style.subquery?(select) ?? "SELECT ...") + ")"
        case .exists(let select):
            return "EXISTS (" + (style.subquery?(select) ?? "SELECT ...") + ")"
        case .inSubquery(let operand, let select, let negated):
            return sub(operand) + (negated ? " NOT IN (" : " IN (") + (style.subquery?(select) ?? "SELECT ...") + ")"
        case .quantified: return "(SELECT ...)"
        }
    }

    private static func literal(_ literal: Literal, lowercaseIntroducer: Bool) -> String {
        switch literal {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .unsigned(let value): return String(value)
        case .decimal(let text): return text
        case .double(let value): return "\(value)"
        case .boolean(let value): return value ? "TRUE" : "FALSE"
        case .string(let bytes, let introducer):
            let text = String(decoding: bytes, as: UTF8.self)
                .replacing("\\", with: "\\\\")
                .replacing("'", with: "''")
            let charset = introducer ?? "utf8mb4"
            return "_\(lowercaseIntroducer ? charset.lowercased() : charset.uppercased())'\(text)'"
        case .hex(let bytes), .bits(let bytes):
            return "x'" + bytes.map { String($0, radix: 16, uppercase: false).leftPadded(to: 2) }.joined() + "'"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
