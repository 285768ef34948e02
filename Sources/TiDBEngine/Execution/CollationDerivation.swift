import MySQLTypes

/// MySQL's coercibility of a string's collation (what `COERCIBILITY()` returns): the lower, the
/// stronger its claim when two strings meet.
enum Coercibility: Int, Comparable {
    case explicit = 0
    case none, implicit, systemConstant, coercible, numeric, ignorable

    static func < (lhs: Coercibility, rhs: Coercibility) -> Bool { lhs.rawValue < rhs.rawValue }

    var name: String {
        switch self {
        case .explicit: "EXPLICIT"
        case .none: "NONE"
        case .implicit: "IMPLICIT"
        case .systemConstant: "SYSCONST"
        case .coercible: "COERCIBLE"
        case .numeric: "NUMERIC"
        case .ignorable: "IGNORABLE"
        }
    }
}

/// The collation a string expression carries and how strongly (docs/tidb/charsets-collations.md §7).
struct DerivedCollation: Equatable {
    var collation: Collation
    var coercibility: Coercibility

    /// TiDB's `inferCollation` for two strings that meet (a comparison, CONCAT, CASE): binary wins
    /// at equal strength, then the lower coercibility; at equal coercibility a `_bin` collation of
    /// the charset wins, two EXPLICIT ones are an error, and anything else has no collation (NONE).
    static func combined(_ lhs: DerivedCollation, _ rhs: DerivedCollation) -> DerivedCollation? {
        if lhs.collation == rhs.collation {
            return lhs.coercibility <= rhs.coercibility ? lhs : rhs
        }
        if lhs.collation == .binary || rhs.collation == .binary {
            if lhs.coercibility != rhs.coercibility { return lhs.coercibility < rhs.coercibility ? lhs : rhs }
            return lhs.collation == .binary ? lhs : rhs
        }
        if lhs.coercibility != rhs.coercibility {
            return lhs.coercibility < rhs.coercibility ? lhs : rhs
        }
        if lhs.coercibility == .explicit { return nil }
        if lhs.collation.charset == rhs.collation.charset {
            if lhs.collation.algorithm == .paddedBinary { return lhs }
            if rhs.collation.algorithm == .paddedBinary { return rhs }
            return DerivedCollation(collation: lhs.collation, coercibility: .none)
        }
        // Different charsets at equal strength: Unicode wins, utf8mb4 over utf8.
        let rank = ["utf8mb4": 2, "utf8": 1]
        return (rank[lhs.collation.charset] ?? 0) >= (rank[rhs.collation.charset] ?? 0) ? lhs : rhs
    }
}

extension MySQLError {
    /// 1267 in TiDB's words.
    static func illegalMixOfCollations(
        _ lhs: DerivedCollation,
        _ rhs: DerivedCollation,
        operation: String
    )
        -> MySQLError
    {
        .tidb(
            1267,
            "HY000",
            "Illegal mix of collations (\(lhs.collation.name),\(lhs.coercibility.name)) and "
                + "(\(rhs.collation.name),\(rhs.coercibility.name)) for operation '\(operation)'"
        )
    }
}

extension Evaluator {
    /// The collation of an expression's string value; nil for numbers, temporal values and NULL.
    func derivedCollation(of expression: Expression) throws(MySQLError) -> DerivedCollation? {
        let connection = self.environment.connectionCollation
        switch expression {
        case .literal(let literal):
            switch literal {
            case .string(_, let introducer):
                guard let introducer else { return DerivedCollation(collation: connection, coercibility: .coercible) }
                return DerivedCollation(collation: try self.introducerCollation(introducer), coercibility: .coercible)
            case .hex, .bits: return DerivedCollation(collation: .binary, coercibility: .coercible)
            default: return nil
            }
        case .column(let reference):
            let type: FieldType
            if let schema = self.schema {
                do {
                    type = schema.columns[try schema.index(of: reference, clause: self.clause)].type
                } catch  where error.code == 1054 {
                    type = try self.outerColumn(reference, missing: error).1
                }
            } else if let outer = try? self.outerColumn(reference, missing: .unknownColumn(reference.name, in: "")) {
                type = outer.1
            } else {
                return nil
            }
            guard type.isStringLike, let collation = CharacterSets.collation(id: Int(type.charset)) else { return nil }
            return DerivedCollation(collation: collation, coercibility: .implicit)
        case .parameter, .userVariable, .systemVariable:
            switch try self.evaluate(expression) {
            case .string:
                let strength: Coercibility =
                    if case .parameter = expression { .coercible } else if case .userVariable = expression {
                        .implicit
                    } else { .systemConstant }
                return DerivedCollation(collation: connection, coercibility: strength)
            case .bytes: return DerivedCollation(collation: .binary, coercibility: .implicit)
            default: return nil
            }
        case .collate(let operand, let name):
            guard let collation = CharacterSets.collation(named: name) else { throw .unsupportedCollation(name) }
            let charset = try self.derivedCollation(of: operand)?.collation.charset ?? connection.charset
            guard charset == collation.charset else {
                throw .collationMismatch(collation: collation.name, charset: charset)
            }
            return DerivedCollation(collation: collation, coercibility: .explicit)
        case .cast(_, let target):
            switch target {
            case .char: return DerivedCollation(collation: connection, coercibility: .implicit)
            case .binary: return DerivedCollation(collation: .binary, coercibility: .implicit)
            default: return nil
            }
        case .unary(.binary, _):
            return DerivedCollation(collation: .binary, coercibility: .implicit)
        case .function(let name, let arguments):
            return try self.functionCollation(name, arguments)
        case .caseWhen(_, let branches, let otherwise):
            return try self.aggregateCollation(branches.map(\.result) + (otherwise.map { [$0] } ?? []))
        default:
            return nil
        }
    }

    /// The collation two string operands compare with; 1267 when TiDB finds none.
    func comparisonCollation(
        _ lhs: Expression,
        _ rhs: Expression,
        operation: String
    ) throws(MySQLError)
        -> Collation
    {
        let left = try self.derivedCollation(of: lhs)
        let right = try self.derivedCollation(of: rhs)
        guard let left else { return right?.collation ?? self.environment.connectionCollation }
        guard let right else { return left.collation }
        guard let combined = DerivedCollation.combined(left, right), combined.coercibility != .none else {
            throw .illegalMixOfCollations(left, right, operation: operation)
        }
        return combined.collation
    }

    /// The collation a list of string operands ends up with (CASE, COALESCE, CONCAT, ...).
    func aggregateCollation(_ expressions: [Expression]) throws(MySQLError) -> DerivedCollation? {
        var result: DerivedCollation?
        for expression in expressions {
            guard let next = try self.derivedCollation(of: expression) else { continue }
            guard let current = result else {
                result = next
                continue
            }
            result =
                DerivedCollation.combined(current, next)
                ?? DerivedCollation(collation: current.collation, coercibility: .none)
        }
        return result
    }

    /// `_charset'...'`: the charset's default collation; `_utf8mb4` the session's
    /// `default_collation_for_utf8mb4`. TiDB allows only these introducers (1115 otherwise).
    func introducerCollation(_ introducer: String) throws(MySQLError) -> Collation {
        switch introducer {
        case "binary": return .binary
        case "utf8mb4":
            let name = self.environment.sessionVariableValue("default_collation_for_utf8mb4")
            return CharacterSets.collation(named: name) ?? .utf8mb4Bin
        case "utf8", "utf8mb3", "ascii", "latin1":
            let charset = introducer == "utf8mb3" ? "utf8" : introducer
            return CharacterSets.collation(named: charset + "_bin") ?? .utf8mb4Bin
        default:
            throw .tidb(1115, "42000", "Unsupported character introducer: '\(introducer)'")
        }
    }

    private func functionCollation(
        _ name: String,
        _ arguments: [Expression]
    ) throws(MySQLError)
        -> DerivedCollation?
    {
        switch name {
        case "version", "user", "current_user", "session_user", "system_user", "database", "schema", "tidb_version",
            "current_role", "collation", "charset":
            return DerivedCollation(collation: .utf8mb4Bin, coercibility: .systemConstant)
        case "concat", "concat_ws", "lower", "lcase", "upper", "ucase", "substring", "substr", "left", "right",
            "trim", "ltrim", "rtrim", "replace", "lpad", "rpad", "reverse", "repeat", "ifnull", "coalesce", "if",
            "nullif", "greatest", "least", "min", "max", "any_value", "elt", "insert", "space", "mid":
            let strings = name == "if" ? Array(arguments.dropFirst()) : arguments
            return try self.aggregateCollation(strings)
        case "convert_using":
            guard arguments.count == 2, case .literal(.string(let bytes, _)) = arguments[1],
                let charset = CharacterSets.charset(named: String(decoding: bytes, as: UTF8.self)),
                let collation = CharacterSets.collation(named: charset.defaultCollation)
            else { return nil }
            return DerivedCollation(collation: collation, coercibility: .implicit)
        case "hex", "unhex", "md5", "sha1", "sha2", "uuid", "date_format", "format", "tidb_parse_tso":
            return DerivedCollation(
                collation: self.environment.connectionCollation,
                coercibility: .coercible
            )
        default:
            return nil
        }
    }
}

extension Evaluator {
    /// `CONVERT(value USING charset)` as TiDB evaluates it: bytes decoded into the charset (NULL
    /// when they are not valid in it), text encoded into binary, characters a charset lacks `?`.
    func convert(_ value: Value, to name: String) throws(MySQLError) -> Value {
        guard let charset = CharacterSets.charset(named: name) else { throw .unknownCharacterSet(name) }
        switch value {
        case .null:
            return .null
        case .bytes(let bytes):
            if charset.name == "binary" { return value }
            if charset.name == "gbk" { return GBK.decode(bytes).map(Value.string) ?? .null }
            guard CharsetValidation.firstInvalid(bytes, charset: charset.name) == nil else { return .null }
            return .characterString(bytes)
        default:
            let bytes = value.textBytes ?? []
            if charset.name == "binary" { return .bytes(bytes) }
            return .characterString(CharsetValidation.repaired(bytes, charset: charset.name, binarySource: false))
        }
    }
}

extension Session {
    /// What SHOW ... LIKE matches names with.
    static let caseInsensitive = CharacterSets.collation(named: "utf8mb4_general_ci")!
}

extension FieldType {
    /// Types whose values carry a collation (strings, BLOBs, JSON).
    var isStringLike: Bool {
        switch self.type {
        case .string, .varString, .varchar, .tinyBlob, .mediumBlob, .longBlob, .blob, .json, .enumeration, .set:
            return true
        default:
            return false
        }
    }
}
