import MySQLTypes

/// The column type TiDB reports for an expression (docs/tidb/sql-semantics.md §2). Constant
/// expressions are folded at plan time, which marks a non-NULL result NOT NULL.
extension Evaluator {
    func fieldType(of expression: Expression, value: Value) throws(MySQLError) -> FieldType {
        var type: FieldType
        let foldable: Bool
        // ANY_VALUE(x) is x, exempt from ONLY_FULL_GROUP_BY.
        if case .function("any_value", let arguments) = expression, arguments.count == 1 {
            return try self.fieldType(of: arguments[0], value: value)
        }
        if case .function(let name, let arguments) = expression {
            // The common case, with one lookup of the builtin for both answers.
            let builtin = self.environment.builtin(named: name)
            type = try self.timeBranchType(function: name, arguments) ?? self.functionType(builtin, value: value)
            foldable = (builtin?.foldable ?? false) && arguments.allSatisfy(Self.isFoldable)
        } else {
            type = try self.baseType(of: expression, value: value)
            foldable = Self.isFoldable(expression)
        }
        if foldable {
            if value.isNull { type.flags.remove(.notNull) } else { type.flags.insert(.notNull) }
        }
        return type
    }

    /// Literals, operators and deterministic functions over them (no variables or columns).
    static func isFoldable(_ expression: Expression) -> Bool {
        switch expression {
        case .literal: return true
        case .column, .systemVariable, .userVariable, .defaultValue, .star, .parameter, .subquery, .exists, .inSubquery,
            .quantified, .window:
            return false
        case .unary(_, let operand), .isNull(let operand, _), .isTruth(let operand, _, _), .cast(let operand, _),
            .collate(let operand, _):
            return isFoldable(operand)
        case .binary(_, let lhs, let rhs): return isFoldable(lhs) && isFoldable(rhs)
        case .like(let operand, let pattern, let escape, _):
            return isFoldable(operand) && isFoldable(pattern) && (escape.map(isFoldable) ?? true)
        case .between(let operand, let low, let high, _):
            return isFoldable(operand) && isFoldable(low) && isFoldable(high)
        case .inList(let operand, let items, _): return isFoldable(operand) && items.allSatisfy(isFoldable)
        case .row(let items): return items.allSatisfy(isFoldable)
        case .function(let name, let arguments):
            return (Builtins.functions[name]?.foldable ?? false) && arguments.allSatisfy(isFoldable)
        case .caseWhen(let operand, let branches, let otherwise):
            return (operand.map(isFoldable) ?? true)
                && branches.allSatisfy { isFoldable($0.condition) && isFoldable($0.result) }
                && (otherwise.map(isFoldable) ?? true)
        }
    }

    func baseType(of expression: Expression, value: Value) throws(MySQLError) -> FieldType {
        switch expression {
        case .literal(let literal):
            return Self.literalType(literal)
        case .column(let reference):
            do throws(MySQLError) {
                guard let schema = self.schema else {
                    throw .unknownColumn(Self.qualifiedName(reference), in: self.clause)
                }
                return schema.columns[try schema.index(of: reference, clause: self.clause)].type
            } catch  where error.code == 1054 {
                return try self.outerColumn(reference, missing: error).1
            }
        case .systemVariable(let name, let scope):
            let (definition, text) = try self.environment.readSystemVariable(name, scope: scope)
            return SystemVariables.columnValue(definition, text).1
        case .userVariable, .parameter:
            return Self.typeOfStoredValue(value)
        case .unary(let op, let operand):
            switch op {
            case .not: return .bigint(length: 1, flags: .binary)
            case .bitNot: return .bigint(length: 20, flags: [.binary, .unsigned])
            case .binary:
                var type = try self.baseType(of: operand, value: value)
                type.charset = CollationID.binary
                type.flags.insert(.binary)
                return type
            case .plus: return try self.baseType(of: operand, value: value)
            case .minus:
                var type = try self.baseType(of: operand, value: value)
                if case .decimal = value, type.type != .newDecimal {
                    type = FieldType(
                        type: .newDecimal,
                        length: type.length + 2,
                        flags: .binary,
                        charset: CollationID.binary
                    )
                }
                type.length += 1
                return type
            }
        case .binary(let op, let lhs, let rhs):
            switch op {
            case .add, .subtract, .multiply, .divide, .integerDivide, .modulo:
                return try self.arithmeticType(op, lhs, rhs, value: value)
            case .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight:
                return .bigint(length: 20, flags: [.binary, .unsigned])
            default:
                return .bigint(length: 1, flags: .binary)
            }
        case .isNull, .isTruth, .like, .between, .inList, .exists, .inSubquery, .quantified:
            return .bigint(length: 1, flags: .binary)
        case .row:
            throw .operandColumns(1)
        case .window(let call):
            // Window calls are columns by the time a result is typed; elsewhere they are refused.
            throw .windowFunctionMisused(call.name)
        case .subquery(let select):
            // The subquery's own column type, nullable (no row gives NULL).
            var type =
                try self.subqueryResult(for: select, anyColumns: true).columns.first.map {
                    FieldType(
                        type: $0.type,
                        length: $0.length,
                        decimals: $0.decimals,
                        flags: $0.flags,
                        charset: $0.characterSet
                    )
                } ?? Self.typeOfStoredValue(value)
            type.flags.remove(.notNull)
            return type
        case .function(let name, let arguments):
            if let type = try self.timeBranchType(function: name, arguments) { return type }
            return self.functionType(self.environment.builtin(named: name), value: value)
        case .cast(_, .time(let fsp)):
            let digits = min(6, fsp ?? 0)
            return FieldType(
                type: .time,
                length: UInt32(digits > 0 ? 11 + digits : 10),
                decimals: UInt8(digits),
                flags: .binary,
                charset: CollationID.binary
            )
        case .cast(_, .json):
            return JSONBuiltins.jsonType
        case .caseWhen(_, let branches, let otherwise):
            if let type = try self.timeBranchType(branches.map(\.result) + (otherwise.map { [$0] } ?? [])) {
                return type
            }
            return Self.typeOfStoredValue(value, nullable: false)
        case .cast, .collate:
            return Self.typeOfStoredValue(value, nullable: false)
        case .defaultValue, .star:
            return Self.typeOfStoredValue(value)
        }
    }

    static func literalType(_ literal: Literal) -> FieldType {
        switch literal {
        case .null:
            return FieldType(type: .null, length: 0, flags: .binary, charset: CollationID.binary)
        case .integer(let value):
            return .bigint(length: UInt32(String(value).count))
        case .unsigned(let value):
            return .bigint(length: UInt32(String(value).count), flags: [.binary, .notNull, .unsigned])
        case .decimal(let text):
            let fraction = text.split(separator: ".", omittingEmptySubsequences: false).last.map(\.count) ?? 0
            return FieldType(
                type: .newDecimal,
                length: UInt32(text.utf8.count + 2),
                decimals: UInt8(min(fraction, 30)),
                flags: [.binary, .notNull],
                charset: CollationID.binary
            )
        case .double(let value):
            return FieldType(
                type: .double,
                length: UInt32(DoubleFormatter.mysqlText(value).count),
                decimals: FieldType.notSpecified,
                flags: [.binary, .notNull],
                charset: CollationID.binary
            )
        case .string(let bytes, let introducer):
            if introducer == "binary" {
                return FieldType(
                    type: .varString,
                    length: UInt32(bytes.count),
                    decimals: FieldType.notSpecified,
                    flags: [.binary, .notNull],
                    charset: CollationID.binary
                )
            }
            return .string(characters: String(decoding: bytes, as: UTF8.self).count)
        case .hex(let bytes), .bits(let bytes):
            return FieldType(
                type: .varString,
                length: UInt32(bytes.count),
                decimals: FieldType.notSpecified,
                flags: [.binary, .notNull],
                charset: CollationID.binary
            )
        case .boolean:
            return .bigint(length: 1)
        }
    }

    /// The type of a computed value whose static type follows its content (user variables,
    /// CASE, CAST).
    static func typeOfStoredValue(_ value: Value, nullable: Bool = true) -> FieldType {
        let notNull: ColumnFlags = nullable ? [] : .notNull
        switch value {
        case .null:
            return FieldType(
                type: .varString,
                length: 65535 * 4,
                decimals: FieldType.notSpecified,
                charset: CollationID.utf8mb4Bin
            )
        case .int: return .bigint(length: 20, flags: [.binary])
        case .uint: return .bigint(length: 20, flags: [.binary, .unsigned])
        case .double:
            return FieldType(
                type: .double,
                length: 22,
                decimals: FieldType.notSpecified,
                flags: .binary,
                charset: CollationID.binary
            )
        case .decimal(let number):
            return FieldType(
                type: .newDecimal,
                length: 67,
                decimals: UInt8(number.scale),
                flags: .binary,
                charset: CollationID.binary
            )
        case .string(let text):
            var type = FieldType.string(characters: max(text.count, 1), nullable: true)
            if nullable { type.length = 65535 * 4 }
            type.flags.formUnion(notNull)
            return type
        case .bytes(let bytes):
            return FieldType(
                type: .varString,
                length: UInt32(max(bytes.count, 1)),
                decimals: FieldType.notSpecified,
                flags: .binary,
                charset: CollationID.binary
            )
        case .datetime(let time):
            return Self.datetimeType(fsp: time.fractionDigits)
        case .date:
            return FieldType(type: .date, length: 10, flags: .binary, charset: CollationID.binary)
        case .enumSet(let element):
            return Self.typeOfStoredValue(.string(element.name), nullable: nullable)
        case .bit(let bit):
            return Self.typeOfStoredValue(.bytes(bit.bytes), nullable: nullable)
        }
    }

    static func datetimeType(fsp: Int) -> FieldType {
        FieldType(
            type: .datetime,
            length: UInt32(fsp > 0 ? 20 + fsp : 19),
            decimals: UInt8(fsp),
            flags: .binary,
            charset: CollationID.binary
        )
    }

    private func arithmeticType(
        _ op: BinaryOperator,
        _ lhs: Expression,
        _ rhs: Expression,
        value: Value
    ) throws(MySQLError) -> FieldType {
        let divides = op == .divide
        switch value {
        case .double:
            return FieldType(
                type: .double,
                length: 22,
                decimals: FieldType.notSpecified,
                flags: .binary,
                charset: CollationID.binary
            )
        case .uint:
            return .bigint(length: 20, flags: [.binary, .unsigned])
        case .decimal(let number):
            let left = try self.baseType(of: lhs, value: .null)
            let length = divides ? left.length + UInt32(number.scale) + 2 : max(left.length, 20) + 2
            return FieldType(
                type: .newDecimal,
                length: length,
                decimals: UInt8(number.scale),
                flags: .binary,
                charset: CollationID.binary
            )
        default:
            guard divides else { return .bigint(length: 20, flags: .binary) }
            // `/` of integers is DECIMAL with div_precision_increment (4) more fraction digits.
            let left = try self.baseType(of: lhs, value: .null)
            return FieldType(
                type: .newDecimal,
                length: left.length + 6,
                decimals: 4,
                flags: .binary,
                charset: CollationID.binary
            )
        }
    }

    private func functionType(_ builtin: Builtin?, value: Value) -> FieldType {
        switch builtin?.resultType ?? .ofValue {
        case .fixed(let type):
            return type
        case .ofValue:
            return Self.typeOfStoredValue(value, nullable: false)
        case .datetime:
            if case .datetime(let time) = value { return Self.datetimeType(fsp: time.fractionDigits) }
            return Self.datetimeType(fsp: 0)
        case .integerOrDecimal(let length):
            if case .decimal(let number) = value {
                return FieldType(
                    type: .newDecimal,
                    length: length + 8,
                    decimals: UInt8(number.scale),
                    flags: .binary,
                    charset: CollationID.binary
                )
            }
            return .bigint(length: length, flags: .binary)
        case .versionText:
            return FieldType.string(characters: self.environment.versionInfo.utf8.count, nullable: true)
        case .time:
            let digits = value.text?.split(separator: ".").dropFirst().first?.count ?? 0
            return SQLDuration.fieldType(fsp: min(6, digits))
        }
    }
}
