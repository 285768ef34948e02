/// Expressions as TiDB's EXPLAIN prints them in "operator info": function form with TiDB's
/// names (`eq(test.t.a, 1)`, `and(gt(...), lt(...))`), columns as `schema.table.column`,
/// strings in double quotes, NULL as `<nil>`.
struct ExplainExpressionText {
    /// The qualified name of a column reference, `test.t.a`.
    let qualify: (ColumnName) -> String

    func text(_ expression: Expression) -> String {
        switch expression {
        case .literal(let literal): return Self.literal(literal)
        case .column(let column): return self.qualify(column)
        case .systemVariable(let name, _): return "@@" + name
        case .userVariable(let name): return "getvar(\"\(name)\")"
        case .unary(let op, let operand):
            switch op {
            case .minus: return self.call("unaryminus", operand)
            case .plus: return self.text(operand)
            case .not: return self.call("not", operand)
            case .bitNot: return self.call("bitneg", operand)
            case .binary: return "cast(\(self.text(operand)), binary)"
            }
        case .binary(let op, let lhs, let rhs): return self.call(Self.functionName(op), lhs, rhs)
        case .isNull(let operand, let negated):
            let test = self.call("isnull", operand)
            return negated ? "not(\(test))" : test
        case .isTruth(let operand, let value, let negated):
            let name = value.map { $0 ? "istrue" : "isfalse" } ?? "isnull"
            let test = self.call(name, operand)
            return negated ? "not(\(test))" : test
        case .like(let operand, let pattern, let escape, let negated):
            let escapeText = escape.map(self.text) ?? "92"
            let test = "like(\(self.text(operand)), \(self.text(pattern)), \(escapeText))"
            return negated ? "not(\(test))" : test
        case .between(let operand, let low, let high, let negated):
            // TiDB rewrites BETWEEN into its two comparisons.
            if negated {
                return "or(lt(\(self.text(operand)), \(self.text(low))), gt(\(self.text(operand)), \(self.text(high))))"
            }
            return "and(ge(\(self.text(operand)), \(self.text(low))), le(\(self.text(operand)), \(self.text(high))))"
        case .inList(let operand, let values, let negated):
            let test = "in(" + ([operand] + values).map(self.text).joined(separator: ", ") + ")"
            return negated ? "not(\(test))" : test
        case .function(let name, let arguments):
            return self.functionCall(name, arguments)
        case .caseWhen(let operand, let branches, let otherwise):
            var parts: [String] = []
            for branch in branches {
                let condition = operand.map { Expression.binary(.equal, $0, branch.condition) } ?? branch.condition
                parts += [self.text(condition), self.text(branch.result)]
            }
            if let otherwise { parts.append(self.text(otherwise)) }
            return "case(" + parts.joined(separator: ", ") + ")"
        case .cast(let operand, let target): return "cast(\(self.text(operand)), \(Self.castName(target)))"
        case .collate(let operand, _): return self.text(operand)
        case .defaultValue: return "default"
        case .star: return "1"
        case .parameter: return "?"
        case .row(let items):
            return "row(" + items.map(self.text).joined(separator: ", ") + ")"
        case .window(let call):
            return call.name + "(" + call.arguments.map(self.text).joined(separator: ", ") + ")"
        case .subquery, .exists, .inSubquery, .quantified:
            // TiDB shows an Apply or a semi join here; the mock evaluates subqueries in place.
            return "subquery"
        }
    }

    /// A call; aggregates as TiDB prints them: `count(distinct a)`, `group_concat(a order by a
    /// separator ",")` (an ORDER BY position names the argument).
    private func functionCall(_ name: String, _ arguments: [Expression]) -> String {
        var base = name
        var prefix = ""
        // APPROX_COUNT_DISTINCT is a name of its own, not a DISTINCT form.
        if name.hasSuffix("_distinct"), name != "approx_count_distinct",
            Expression.aggregateFunctionNames.contains(name)
        {
            base = String(name.dropLast("_distinct".count))
            prefix = "distinct "
        }
        guard base == "group_concat" else {
            return base + "(" + prefix + arguments.map(self.text).joined(separator: ", ") + ")"
        }
        var values: [Expression] = []
        var order: [String] = []
        var separator = ","
        for argument in arguments {
            switch argument {
            case .function(GroupConcat.ascending, let keys), .function(GroupConcat.descending, let keys):
                var key = keys.first ?? .star
                if case .literal(.integer(let position)) = key, position >= 1, position <= values.count {
                    key = values[Int(position) - 1]
                }
                let descending = argument == .function(name: GroupConcat.descending, arguments: keys)
                order.append(self.text(key) + (descending ? " desc" : ""))
            case .function(GroupConcat.separator, let texts):
                if case .literal(.string(let bytes, _)) = texts.first {
                    separator = String(decoding: bytes, as: UTF8.self)
                }
            default:
                values.append(argument)
            }
        }
        let ordering = order.isEmpty ? "" : " order by " + order.joined(separator: ", ")
        return "group_concat(" + prefix + values.map(self.text).joined(separator: ", ") + ordering
            + " separator \"" + separator + "\")"
    }

    private func call(_ name: String, _ arguments: Expression...) -> String {
        name + "(" + arguments.map(self.text).joined(separator: ", ") + ")"
    }

    static func functionName(_ op: BinaryOperator) -> String {
        switch op {
        case .add: "plus"
        case .subtract: "minus"
        case .multiply: "mul"
        case .divide: "div"
        case .integerDivide: "intdiv"
        case .modulo: "mod"
        case .equal: "eq"
        case .nullSafeEqual: "nulleq"
        case .notEqual: "ne"
        case .less: "lt"
        case .lessOrEqual: "le"
        case .greater: "gt"
        case .greaterOrEqual: "ge"
        case .and: "and"
        case .or: "or"
        case .xor: "xor"
        case .bitAnd: "bitand"
        case .bitOr: "bitor"
        case .bitXor: "bitxor"
        case .shiftLeft: "leftshift"
        case .shiftRight: "rightshift"
        }
    }

    static func literal(_ literal: Literal) -> String {
        switch literal {
        case .null: "<nil>"
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        case .decimal(let text): text
        case .double(let value): String(value)
        case .string(let bytes, _): "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        case .hex(let bytes), .bits(let bytes): "0x" + bytes.map { Self.hexByte($0) }.joined()
        case .boolean(let value): value ? "1" : "0"
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    private static func castName(_ target: CastTarget) -> String {
        switch target {
        case .signed: "bigint(22)"
        case .unsigned: "bigint(22) UNSIGNED"
        case .char: "var_string(-1)"
        case .binary: "varbinary(-1)"
        case .decimal(let precision, let scale): "decimal(\(precision ?? 10),\(scale ?? 0))"
        case .double: "double"
        case .date: "date"
        case .datetime(let fsp): "datetime(\(fsp ?? 0))"
        case .time(let fsp): "time(\(fsp ?? 0))"
        case .json: "json"
        }
    }
}
