import MySQLTypes

/// Evaluates expressions, optionally over a row. What they need besides the row comes from the
/// environment (variables, parameters, the statement's time, where warnings go).
struct Evaluator {
    let environment: any ExpressionEnvironment
    var schema: RowSchema?
    var row: [Value] = []
    /// The clause named in 1054 errors.
    var clause = "field list"
    /// The row an `INSERT ... ON DUPLICATE KEY UPDATE` would have inserted (`VALUES(col)`).
    var insertedRow: [Value]?

    init(environment: any ExpressionEnvironment, schema: RowSchema? = nil, row: [Value] = []) {
        self.environment = environment
        self.schema = schema
        self.row = row
    }

    func warn(_ error: MySQLError) {
        self.environment.warn(error)
    }

    func evaluate(_ expression: Expression) throws(MySQLError) -> Value {
        switch expression {
        case .literal(let literal):
            return Self.value(of: literal)
        case .column(let reference):
            do throws(MySQLError) {
                guard let schema = self.schema else {
                    throw .unknownColumn(Self.qualifiedName(reference), in: self.clause)
                }
                return self.row[try schema.index(of: reference, clause: self.clause)]
            } catch  where error.code == 1054 {
                return try self.outerColumn(reference, missing: error).0
            }
        case .systemVariable(let name, let scope):
            let (definition, text) = try self.environment.readSystemVariable(name, scope: scope)
            return SystemVariables.columnValue(definition, text).0
        case .userVariable(let name):
            return self.environment.userVariable(name.lowercased()) ?? .null
        case .unary(let op, let operand):
            return try self.evaluateUnary(op, operand)
        case .binary(let op, let lhs, let rhs):
            return try self.evaluateBinary(op, lhs, rhs, expression: expression)
        case .isNull(let operand, let negated):
            return .int((try self.evaluate(operand).isNull) != negated ? 1 : 0)
        case .isTruth(let operand, let value, let negated):
            let truth = try self.evaluate(operand).truth(warn: self.warn)
            return .int((truth == value) != negated ? 1 : 0)
        case .like(let operand, let pattern, let escape, let negated):
            let subject = try self.evaluate(operand)
            let patternValue = try self.evaluate(pattern)
            guard let text = subject.textBytes, let patternBytes = patternValue.textBytes else { return .null }
            var escapeByte = UInt8(ascii: "\\")
            if let escape, let bytes = try self.evaluate(escape).textBytes, let first = bytes.first {
                escapeByte = first
            }
            let collation = try self.comparisonCollation(operand, pattern, operation: "like")
            let matched = Arithmetic.like(text, patternBytes, escape: escapeByte, collation: collation)
            return .int(matched != negated ? 1 : 0)
        case .between(let operand, let low, let high, let negated):
            let value = try self.evaluate(operand)
            let lowValue = try self.evaluate(low)
            let highValue = try self.evaluate(high)
            let collation = value.isStringOrBytes ? try self.aggregateCollation([operand, low, high])?.collation : nil
            guard let lower = Arithmetic.compare(value, lowValue, collation: collation, warn: self.warn),
                let upper = Arithmetic.compare(value, highValue, collation: collation, warn: self.warn)
            else { return .null }
            return .int((lower >= 0 && upper <= 0) != negated ? 1 : 0)
        case .inList(let operand, let items, let negated):
            if operand.isRowOperand || items.contains(where: \.isRowOperand) {
                return try self.isInRows(operand, items, negated: negated)
            }
            let value = try self.evaluate(operand)
            if value.isNull { return .null }
            var sawNull = false
            for item in items {
                let candidate = try self.evaluate(item)
                let collation =
                    value.isStringOrBytes && candidate.isStringOrBytes
                    ? try self.comparisonCollation(operand, item, operation: "in") : nil
                switch Arithmetic.compare(value, candidate, collation: collation, warn: self.warn) {
                case 0?: return .int(negated ? 0 : 1)
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .int(negated ? 1 : 0)
        case .subquery(let select):
            let rows = try self.subqueryRows(select)
            guard rows.count <= 1 else { throw .tidb(1242, "21000", "Subquery returns more than 1 row") }
            return rows.first?.first ?? .null
        case .exists(let select):
            return .int(try self.subqueryRows(select, anyColumns: true).isEmpty ? 0 : 1)
        case .inSubquery(let operand, let select, let negated):
            return try self.isIn(operand, subquery: select, negated: negated)
        case .quantified(let operand, let op, let quantifier, let select):
            return try self.quantifiedComparison(operand, op, quantifier, subquery: select)
        case .row:
            throw .operandColumns(1)
        case .window(let call):
            // The executor computes window calls into columns; one left here is in a clause that
            // cannot have them (WHERE, GROUP BY, ...).
            throw .windowFunctionMisused(call.name)
        case .function(let name, let arguments):
            if name == "values" { return try self.insertedValue(arguments) }
            return try self.callFunction(name, arguments)
        case .caseWhen(let operand, let branches, let otherwise):
            let subject = try operand.map { (operand) throws(MySQLError) in try self.evaluate(operand) }
            for branch in branches {
                if let subject, let operand {
                    let candidate = try self.evaluate(branch.condition)
                    let collation =
                        subject.isStringOrBytes && candidate.isStringOrBytes
                        ? try self.comparisonCollation(operand, branch.condition, operation: "case") : nil
                    if Arithmetic.compare(subject, candidate, collation: collation, warn: self.warn) == 0 {
                        return try self.evaluate(branch.result)
                    }
                } else if try self.evaluate(branch.condition).truth(warn: self.warn) == true {
                    return try self.evaluate(branch.result)
                }
            }
            return try otherwise.map { (otherwise) throws(MySQLError) in try self.evaluate(otherwise) } ?? .null
        case .cast(let operand, .json):
            return try self.castToJSON(operand)
        case .cast(let operand, let target):
            return try self.cast(try self.castOperand(operand, to: target), to: target, text: expression.sqlText)
        case .collate(let operand, _):
            // Checks the name and that it fits the operand's charset (1273, 1253).
            _ = try self.derivedCollation(of: expression)
            return try self.evaluate(operand)
        case .defaultValue:
            throw .syntaxError(in: "DEFAULT", SQLSyntaxError(offset: 0, end: 7))
        case .star:
            throw .notSupportedYet("*")
        case .parameter(let index):
            guard let value = self.environment.parameter(index) else { throw .incorrectExecuteArguments }
            return value
        }
    }

    /// `VALUES(col)`: the value the row being inserted has for `col` (NULL outside ODKU).
    private func insertedValue(_ arguments: [Expression]) throws(MySQLError) -> Value {
        guard arguments.count == 1, case .column(let reference) = arguments[0] else {
            throw .wrongParameterCount("values")
        }
        guard let row = self.insertedRow, let schema = self.schema else { return .null }
        return row[try schema.index(of: reference, clause: "field list")]
    }

    /// Whether an expression reads no row: a constant for a statement's execution.
    static func isConstant(_ expression: Expression) -> Bool {
        switch expression {
        case .literal, .parameter, .systemVariable, .userVariable: return true
        case .column, .defaultValue, .star, .subquery, .exists, .inSubquery, .quantified, .window: return false
        case .unary(_, let operand), .isNull(let operand, _), .isTruth(let operand, _, _), .cast(let operand, _),
            .collate(let operand, _):
            return isConstant(operand)
        case .binary(_, let lhs, let rhs): return isConstant(lhs) && isConstant(rhs)
        case .like(let operand, let pattern, let escape, _):
            return isConstant(operand) && isConstant(pattern) && (escape.map(isConstant) ?? true)
        case .between(let operand, let low, let high, _):
            return isConstant(operand) && isConstant(low) && isConstant(high)
        case .inList(let operand, let items, _): return isConstant(operand) && items.allSatisfy(isConstant)
        case .row(let items): return items.allSatisfy(isConstant)
        case .function(let name, let arguments):
            return Builtins.functions[name] != nil && arguments.allSatisfy(isConstant)
        case .caseWhen(let operand, let branches, let otherwise):
            return (operand.map(isConstant) ?? true)
                && branches.allSatisfy { isConstant($0.condition) && isConstant($0.result) }
                && (otherwise.map(isConstant) ?? true)
        }
    }

    static func qualifiedName(_ reference: ColumnName) -> String {
        [reference.schema, reference.table, reference.name].compactMap { $0 }.joined(separator: ".")
    }

    static func value(of literal: Literal) -> Value {
        switch literal {
        case .null: return .null
        case .integer(let value): return .int(value)
        case .unsigned(let value): return .uint(value)
        case .decimal(let text):
            if let decimal = SQLDecimal(parsing: text) { return .decimal(decimal) }
            return .double(Double(text) ?? 0)
        case .double(let value): return .double(value)
        case .string(let bytes, let introducer):
            if introducer == "binary" { return .bytes(bytes) }
            return .characterString(bytes)
        case .hex(let bytes): return .bytes(bytes)
        case .bits(let bytes):
            // A bit literal is a number in numeric context (b'101' + 0 = 5), bytes elsewhere.
            guard !bytes.isEmpty, bytes.count <= 8, let number = BitValue.number(ofBigEndian: bytes) else {
                return .bytes(bytes)
            }
            return .bit(BitValue(number: number, width: bytes.count))
        case .boolean(let value): return .int(value ? 1 : 0)
        }
    }

    private func evaluateUnary(_ op: UnaryOperator, _ operand: Expression) throws(MySQLError) -> Value {
        let value = op == .plus ? try self.evaluate(operand) : try self.evaluateNumericOperand(operand)
        switch op {
        case .plus:
            return value
        case .minus:
            switch value.number(warn: self.warn) {
            case nil: return .null
            case .int(let number):
                if number == .min { return .decimal(SQLDecimal(number).negated()) }
                return .int(-number)
            case .uint(let number):
                if number <= UInt64(Int64.max) { return .int(-Int64(number)) }
                return .decimal(SQLDecimal(number).negated())
            case .decimal(let number): return .decimal(number.negated())
            case .double(let number): return .double(-number)
            }
        case .not:
            guard let truth = value.truth(warn: self.warn) else { return .null }
            return .int(truth ? 0 : 1)
        case .bitNot:
            guard let number = value.int64(warn: self.warn) else { return .null }
            return .uint(~UInt64(bitPattern: number))
        case .binary:
            return value.textBytes.map(Value.bytes) ?? .null
        }
    }

    private func evaluateBinary(
        _ op: BinaryOperator,
        _ lhs: Expression,
        _ rhs: Expression,
        expression: Expression
    ) throws(MySQLError) -> Value {
        switch op {
        case .and:
            let left = try self.evaluate(lhs).truth(warn: self.warn)
            if left == false { return .int(0) }
            let right = try self.evaluate(rhs).truth(warn: self.warn)
            if right == false { return .int(0) }
            return left == nil || right == nil ? .null : .int(1)
        case .or:
            let left = try self.evaluate(lhs).truth(warn: self.warn)
            if left == true { return .int(1) }
            let right = try self.evaluate(rhs).truth(warn: self.warn)
            if right == true { return .int(1) }
            return left == nil || right == nil ? .null : .int(0)
        case .xor:
            guard let left = try self.evaluate(lhs).truth(warn: self.warn),
                let right = try self.evaluate(rhs).truth(warn: self.warn)
            else { return .null }
            return .int(left != right ? 1 : 0)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .nullSafeEqual:
            if lhs.isRowOperand || rhs.isRowOperand { return try self.compareRows(op, lhs, rhs) }
            let (left, right) = try self.comparisonOperands(lhs, rhs)
            if op == .nullSafeEqual {
                if left.isNull || right.isNull { return .int(left.isNull && right.isNull ? 1 : 0) }
            }
            let collation =
                left.isStringOrBytes && right.isStringOrBytes
                ? try self.comparisonCollation(lhs, rhs, operation: op == .notEqual ? "<>" : op.rawValue) : nil
            guard let order = Arithmetic.compare(left, right, collation: collation, warn: self.warn) else {
                return .null
            }
            let result: Bool
            switch op {
            case .equal, .nullSafeEqual: result = order == 0
            case .notEqual: result = order != 0
            case .less: result = order < 0
            case .lessOrEqual: result = order <= 0
            case .greater: result = order > 0
            default: result = order >= 0
            }
            return .int(result ? 1 : 0)
        case .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight:
            guard let left = try self.evaluateNumericOperand(lhs).int64(warn: self.warn),
                let right = try self.evaluateNumericOperand(rhs).int64(warn: self.warn)
            else { return .null }
            let l = UInt64(bitPattern: left)
            let r = UInt64(bitPattern: right)
            switch op {
            case .bitAnd: return .uint(l & r)
            case .bitOr: return .uint(l | r)
            case .bitXor: return .uint(l ^ r)
            case .shiftLeft: return .uint(r >= 64 ? 0 : l << r)
            default: return .uint(r >= 64 ? 0 : l >> r)
            }
        case .add, .subtract, .multiply, .divide, .integerDivide, .modulo:
            let left = try self.evaluateNumericOperand(lhs)
            let right = try self.evaluateNumericOperand(rhs)
            guard let l = left.number(warn: self.warn), let r = right.number(warn: self.warn) else { return .null }
            return try Arithmetic.apply(op, l, r, text: { self.overflowText(expression) }, warn: self.warn)
        }
    }

    func cast(_ value: Value, to target: CastTarget, text: String) throws(MySQLError) -> Value {
        if value.isNull { return .null }
        switch target {
        case .signed:
            if let integer = self.integerPrefix(of: value) { return .int(integer) }
            return value.int64(warn: self.warn).map(Value.int) ?? .null
        case .unsigned:
            if let integer = self.integerPrefix(of: value) { return .uint(UInt64(bitPattern: integer)) }
            if case .decimal(let decimal) = value { return .uint(Self.unsignedOfDecimal(decimal)) }
            return value.int64(warn: self.warn).map { .uint(UInt64(bitPattern: $0)) } ?? .null
        case .char(let length):
            guard let text = value.text else { return .null }
            return .string(length.map { String(text.prefix($0)) } ?? text)
        case .binary(let length):
            guard let bytes = value.textBytes else { return .null }
            return .bytes(length.map { Array(bytes.prefix($0)) } ?? bytes)
        case .decimal(_, let scale):
            // A string that is not entirely a number warns as the DECIMAL it is read into.
            let warnDecimal = { (warning: MySQLError) in
                self.warn(warning.code == 1292 ? .truncatedWrongValue("DECIMAL", value.text ?? "") : warning)
            }
            guard let number = value.number(warn: warnDecimal), let decimal = number.decimalValue,
                let rescaled = decimal.rescaled(to: scale ?? 0)
            else { return .null }
            return .decimal(rescaled)
        case .double:
            return value.number(warn: self.warn).map { .double($0.doubleValue) } ?? .null
        case .date, .datetime:
            let parsed: SQLDateTime?
            switch value {
            case .datetime(let time), .date(let time): parsed = time
            case .int, .uint, .decimal, .double: parsed = Self.datetimeOfNumber(value)
            default: parsed = value.text.flatMap { self.datetimeOfText($0.trimmingASCIISpaces()) }
            }
            guard var time = parsed else {
                self.warn(.incorrectDatetimeValue(value.text ?? ""))
                return .null
            }
            if case .date = target {
                (time.hour, time.minute, time.second, time.microsecond, time.fractionDigits) = (0, 0, 0, 0, 0)
                return .date(time)
            }
            if case .datetime(let fsp) = target {
                time.fractionDigits = fsp ?? 0
                let divisor = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1][min(6, fsp ?? 0)]
                time.microsecond = time.microsecond / divisor * divisor
            }
            return .datetime(time)
        case .time(let fsp):
            guard let time = Self.timeText(value, fractionDigits: fsp ?? 0) else {
                self.warn(.truncatedWrongValue("time", value.text ?? ""))
                return .null
            }
            return .string(time)
        case .json:
            throw .notSupportedYet("CAST AS JSON")
        }
    }

    /// A TIME value's text (`[-]HH:MM:SS[.f]`, hours up to 838) from a time, datetime, number or
    /// `[-][D ]H:M:S[.f]` / `HHMMSS[.f]` text, its fraction rounded to `fractionDigits`; nil when
    /// the value is no time.
    static func timeText(_ value: Value, fractionDigits: Int) -> String? {
        var negative = false
        var hours = 0
        var minutes = 0
        var seconds = 0
        var micros = 0
        switch value {
        case .datetime(let time), .date(let time):
            (hours, minutes, seconds, micros) = (time.hour, time.minute, time.second, time.microsecond)
        default:
            guard var text = value.text?.trimmingASCIISpaces(), !text.isEmpty else { return nil }
            if text.hasPrefix("-") {
                negative = true
                text.removeFirst()
            }
            var whole = Substring(text)
            if let point = text.firstIndex(of: ".") {
                let fraction = text[text.index(after: point)...].prefix(6)
                guard fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                micros = (Int(fraction) ?? 0) * [1, 100_000, 10_000, 1000, 100, 10, 1][fraction.count]
                whole = text[..<point]
            }
            var days = 0
            if let space = whole.firstIndex(of: " ") {
                guard let parsed = Int(whole[..<space]) else { return nil }
                days = parsed
                whole = whole[whole.index(after: space)...]
            }
            let parts = whole.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 1 {
                guard let number = Int(parts[0]) else { return nil }
                (hours, minutes, seconds) = (number / 10_000, number / 100 % 100, number % 100)
            } else {
                guard parts.count <= 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
                (hours, minutes, seconds) = (h, m, parts.count == 3 ? Int(parts[2]) ?? -1 : 0)
            }
            hours += days * 24
            guard minutes < 60, seconds >= 0, seconds < 60 else { return nil }
        }
        let divisor = [1_000_000, 100_000, 10_000, 1000, 100, 10, 1][min(6, max(0, fractionDigits))]
        var total = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
        total = (total + divisor / 2) / divisor * divisor
        total = min(total, (838 * 3600 + 59 * 60 + 59) * 1_000_000 + (fractionDigits > 0 ? 1_000_000 - divisor : 0))
        let totalSeconds = total / 1_000_000
        return TemporalText.time(
            negative: negative && total > 0,
            hours: totalSeconds / 3600,
            minutes: totalSeconds / 60 % 60,
            seconds: totalSeconds % 60,
            microseconds: total % 1_000_000,
            fractionDigits: max(0, fractionDigits)
        )
    }
}

extension Evaluator {
    /// The rows for which `condition` is true (WHERE): NULL and false drop a row.
    func rows(_ rows: [[Value]], matching condition: Expression) throws(MySQLError) -> [[Value]] {
        var evaluator = self
        evaluator.clause = "where clause"
        var kept: [[Value]] = []
        for row in rows {
            evaluator.row = row
            if try evaluator.evaluate(condition).truth(warn: evaluator.warn) == true { kept.append(row) }
        }
        return kept
    }
}

extension Session {
    func evaluate(_ expression: Expression) throws(MySQLError) -> Value {
        try Evaluator(environment: self).evaluate(expression)
    }
}
