import MySQLTypes

extension Evaluator {
    /// COALESCE, IFNULL, IF and CASE whose every non-NULL branch is a TIME are TIME (with the
    /// most fraction digits), as in TiDB; otherwise nil and the usual typing applies.
    func timeBranchType(function name: String, _ arguments: [Expression]) throws(MySQLError) -> FieldType? {
        switch name {
        case "coalesce", "ifnull": return try self.timeBranchType(arguments)
        case "if" where arguments.count == 3: return try self.timeBranchType(Array(arguments.dropFirst()))
        case "str_to_date" where arguments.count == 2: return try self.strToDateType(format: arguments[1])
        default: return nil
        }
    }

    func timeBranchType(_ branches: [Expression]) throws(MySQLError) -> FieldType? {
        var digits = 0
        var sawTime = false
        for branch in branches {
            if case .literal(.null) = branch { continue }
            let type = try self.baseType(of: branch, value: .null)
            guard type.type == .time else { return nil }
            sawTime = true
            digits = max(digits, Int(type.decimals))
        }
        return sawTime ? SQLDuration.fieldType(fsp: digits) : nil
    }
}

extension Evaluator {
    func evaluateNumericOperand(_ expression: Expression) throws(MySQLError) -> Value {
        if let number = Self.binaryLiteralNumber(expression) { return number }
        if let weekday = try self.numericDayName(expression) { return weekday }
        return try self.evaluate(expression)
    }

    /// A comparison's two values; DAYNAME against a number compares as its weekday number.
    func comparisonOperands(_ lhs: Expression, _ rhs: Expression) throws(MySQLError) -> (Value, Value) {
        let left = try self.evaluate(lhs)
        let right = try self.evaluate(rhs)
        if right.isNumber, let weekday = try self.numericDayName(lhs) { return (weekday, right) }
        if left.isNumber, let weekday = try self.numericDayName(rhs) { return (left, weekday) }
        return (left, right)
    }

    /// DAYNAME read as a number is the weekday's number (0 = Monday): TiDB's DAYNAME evaluates
    /// to that as an integer or real, its name only as a string. nil for any other expression.
    func numericDayName(_ expression: Expression) throws(MySQLError) -> Value? {
        guard case .function("dayname", let arguments) = expression, arguments.count == 1 else { return nil }
        guard let time = try DateBuiltins.datetime(self, arguments, 0) else { return .null }
        return .int(Int64(DateBuiltins.weekday(time, sundayFirst: false)))
    }

    /// X'41', 0x41 and b'1000001' in arithmetic are the unsigned integer of their bytes (65),
    /// as TiDB reads binary literals in a numeric context; nil for any other expression.
    static func binaryLiteralNumber(_ expression: Expression) -> Value? {
        guard case .literal(let literal) = expression else { return nil }
        switch literal {
        case .hex(let bytes), .bits(let bytes):
            let significant = bytes.drop { $0 == 0 }
            // Longer than eight bytes: TiDB's 1690 overflow; the text reading keeps that path.
            guard significant.count <= 8 else { return nil }
            return .uint(significant.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        default:
            return nil
        }
    }
}

extension Value {
    fileprivate var isNumber: Bool {
        switch self {
        case .int, .uint, .double, .decimal: return true
        default: return false
        }
    }
}
