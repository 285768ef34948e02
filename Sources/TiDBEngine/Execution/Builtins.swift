import MySQLTypes

/// Built-in functions. TiDB checks the argument count first (1582), then evaluates.
extension Evaluator {
    func callFunction(_ name: String, _ arguments: [Expression]) throws(MySQLError) -> Value {
        guard let function = self.environment.builtin(named: name) else {
            if Builtins.knownToTiDB.contains(name) { throw .notSupportedYet("function \(name)") }
            guard let database = self.environment.currentDatabase else { throw .noDatabaseSelected }
            throw .functionDoesNotExist("\(database).\(name)")
        }
        guard function.arity.contains(arguments.count) else { throw .wrongParameterCount(name) }
        if let special = try self.charsetSpecificCall(name, arguments) { return special }
        return try function.evaluate(self, try self.charsetAwareArguments(name, arguments))
    }

    func argument(_ arguments: [Expression], _ index: Int) throws(MySQLError) -> Value {
        try self.evaluate(arguments[index])
    }

    /// The statement's time in the session zone with `fsp` fraction digits.
    func now(
        fractionArgument arguments: [Expression],
        utc: Bool = false,
        statementTime: Bool = true
    )
        throws(MySQLError) -> Value
    {
        var fsp = 0
        if let first = arguments.first {
            guard let value = try self.evaluate(first).int64(warn: self.warn) else { return .null }
            guard (0...6).contains(value) else {
                throw .tidb(1426, "42000", "Too-big precision \(value) specified for 'now'. Maximum is 6.")
            }
            fsp = Int(value)
        }
        let micros =
            statementTime
            ? self.environment.statementMicroseconds : self.environment.currentMicroseconds()
        let offset = utc ? 0 : self.environment.timeZone.offsetSeconds(atMicroseconds: micros)
        return .datetime(
            SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: offset, fractionDigits: fsp)
        )
    }
}

/// A class: every function call looks one up (twice, with its column type), and handing out a
/// reference is one retain where a struct copy retained each field.
final class Builtin: Sendable {
    /// How the result column is typed (docs/tidb/sql-semantics.md §2).
    enum ResultType: Sendable {
        case fixed(FieldType)
        /// Follows the computed value (CONCAT, IF, ...).
        case ofValue
        /// DATETIME with the value's fraction digits.
        case datetime
        /// BIGINT, or DECIMAL when the value has a fraction (UNIX_TIMESTAMP of a datetime).
        case integerOrDecimal(length: UInt32)
        /// VAR_STRING as long as TIDB_VERSION()'s text.
        case versionText
        /// TIME with the fraction digits of the value's text.
        case time
    }

    let arity: ClosedRange<Int>
    /// Whether TiDB folds a call with constant arguments at plan time.
    let foldable: Bool
    let resultType: ResultType
    let evaluate: @Sendable (Evaluator, [Expression]) throws(MySQLError) -> Value

    init(
        arity: ClosedRange<Int>,
        foldable: Bool,
        resultType: ResultType,
        evaluate: @escaping @Sendable (Evaluator, [Expression]) throws(MySQLError) -> Value
    ) {
        self.arity = arity
        self.foldable = foldable
        self.resultType = resultType
        self.evaluate = evaluate
    }

    /// The same function as an object of its own, for one session: sessions on every CPU
    /// retaining the one shared object would all write its reference count.
    func copy() -> Builtin {
        Builtin(arity: self.arity, foldable: self.foldable, resultType: self.resultType, evaluate: self.evaluate)
    }
}

enum Builtins {
    static let functions: [String: Builtin] = {
        var table: [String: Builtin] = [:]
        func define(
            _ names: [String],
            _ arity: ClosedRange<Int>,
            type: Builtin.ResultType = .ofValue,
            foldable: Bool = true,
            _ body: @escaping @Sendable (Evaluator, [Expression]) throws(MySQLError) -> Value
        ) {
            let builtin = Builtin(arity: arity, foldable: foldable, resultType: type, evaluate: body)
            for name in names { table[name] = builtin }
        }
        let text256 = FieldType(
            type: .varString,
            length: 256,
            decimals: FieldType.notSpecified,
            charset: CollationID.utf8mb4Bin
        )
        let bigint = FieldType.bigint(length: 20, flags: .binary)
        let date = FieldType(type: .date, length: 10, flags: .binary, charset: CollationID.binary)

        // Server and session information.
        define(["version"], 0...0, type: .fixed(text256)) { e, _ in .string(e.environment.serverVersion) }
        define(["tidb_version"], 0...0, type: .versionText) { e, _ in .string(e.environment.versionInfo) }
        define(["database", "schema"], 0...0, type: .fixed(text256), foldable: false) { e, _ in
            e.environment.currentDatabase.map(Value.string) ?? .null
        }
        define(["user", "session_user", "system_user"], 0...0, type: .fixed(text256)) { e, _ in
            .string("\(e.environment.user)@\(e.environment.clientHost)")
        }
        define(["current_user"], 0...0, type: .fixed(text256)) { e, _ in
            .string("\(e.environment.account.name)@\(e.environment.account.host)")
        }
        define(["connection_id"], 0...0, type: .fixed(.bigint(length: 20, flags: [.binary, .unsigned]))) { e, _ in
            .uint(e.environment.connectionID)
        }
        define(["last_insert_id"], 0...1, type: .fixed(bigint), foldable: false) { e, args throws(MySQLError) in
            if args.isEmpty { return .uint(e.environment.lastInsertID) }
            let value = try e.argument(args, 0)
            if let number = value.int64(warn: e.warn) {
                e.environment.lastInsertID = UInt64(bitPattern: number)
            }
            return value
        }

        // TSO functions (docs/tidb/sql-semantics.md §3).
        define(["tidb_current_tso"], 0...0, type: .fixed(bigint)) { e, _ in
            .int(Int64(bitPattern: e.environment.transactionStartTS?.rawValue ?? 0))
        }
        define(
            ["tidb_parse_tso"],
            1...1,
            type: .fixed(FieldType(type: .datetime, length: 10, flags: .binary, charset: CollationID.binary))
        ) { e, args throws(MySQLError) in
            guard let raw = try e.argument(args, 0).int64(warn: e.warn), raw > 0 else { return .null }
            let micros = TSO(rawValue: UInt64(raw)).physical * 1000
            let offset = e.environment.timeZone.offsetSeconds(atMicroseconds: micros)
            return .datetime(
                SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: offset, fractionDigits: 6)
            )
        }
        define(["tidb_parse_tso_logical"], 1...1, type: .fixed(bigint)) { e, args throws(MySQLError) in
            guard let raw = try e.argument(args, 0).int64(warn: e.warn), raw > 0 else { return .null }
            return .int(Int64(TSO(rawValue: UInt64(raw)).logical))
        }

        // Time.
        define(["now", "current_timestamp", "localtime", "localtimestamp"], 0...1, type: .datetime) {
            e,
            args throws(MySQLError) in
            try e.now(fractionArgument: args)
        }
        define(["sysdate"], 0...1, type: .datetime, foldable: false) { e, args throws(MySQLError) in
            try e.now(fractionArgument: args, statementTime: false)
        }
        define(["utc_timestamp"], 0...1, type: .datetime) { e, args throws(MySQLError) in
            try e.now(fractionArgument: args, utc: true)
        }
        define(["curdate", "current_date"], 0...0, type: .fixed(date)) { e, _ throws(MySQLError) in
            guard case .datetime(let time) = try e.now(fractionArgument: []) else { return .null }
            return .date(time)
        }
        define(["utc_date"], 0...0, type: .fixed(date)) { e, _ throws(MySQLError) in
            guard case .datetime(let time) = try e.now(fractionArgument: [], utc: true) else {
                return .null
            }
            return .date(time)
        }
        define(["unix_timestamp"], 0...1, type: .integerOrDecimal(length: 11)) { e, args throws(MySQLError) in
            if args.isEmpty { return .int(e.environment.statementMicroseconds / 1_000_000) }
            let value = try e.argument(args, 0)
            let time: SQLDateTime
            switch value {
            case .null: return .null
            case .datetime(let t), .date(let t): time = t
            default:
                guard let text = value.text, let parsed = SQLDateTime(parsing: text) else {
                    return .decimal(SQLDecimal(Int64(0)))
                }
                time = parsed
            }
            var micros = time.microsecondsSinceEpoch(offsetSeconds: 0)
            micros -= Int64(e.environment.timeZone.offsetSeconds(atMicroseconds: micros)) * 1_000_000
            if time.fractionDigits > 0 {
                return .decimal(
                    SQLDecimal(unscaled: Int128(micros), scale: 6).rescaled(to: time.fractionDigits)
                        ?? SQLDecimal(Int64(0))
                )
            }
            return .int(micros / 1_000_000)
        }

        define(["date_add"], 3...3, type: .datetime) { e, args throws(MySQLError) in
            try DateInterval.evaluate(e, args, subtracting: false)
        }
        define(["date_sub"], 3...3, type: .datetime) { e, args throws(MySQLError) in
            try DateInterval.evaluate(e, args, subtracting: true)
        }
        // TIMESTAMPADD(unit, n, date): the parser writes the unit first.
        define(["timestampadd"], 3...3, type: .datetime) { e, args throws(MySQLError) in
            try DateInterval.evaluate(e, [args[2], args[1], args[0]], subtracting: false)
        }
        // Control flow and NULL handling.
        define(["if"], 3...3) { e, args throws(MySQLError) in
            try e.argument(args, 0).truth(warn: e.warn) == true
                ? try e.argument(args, 1) : try e.argument(args, 2)
        }
        define(["ifnull"], 2...2) { e, args throws(MySQLError) in
            let first = try e.argument(args, 0)
            return first.isNull ? try e.argument(args, 1) : first
        }
        // ANY_VALUE(x): x (on a group, its first row's); it only exempts x from ONLY_FULL_GROUP_BY.
        define(["any_value"], 1...1) { e, args throws(MySQLError) in try e.argument(args, 0) }
        define(["nullif"], 2...2) { e, args throws(MySQLError) in
            let first = try e.argument(args, 0)
            return Arithmetic.compare(first, try e.argument(args, 1), warn: e.warn) == 0 ? .null : first
        }
        define(["coalesce"], 1...Int.max) { e, args throws(MySQLError) in
            for index in args.indices {
                let value = try e.argument(args, index)
                if !value.isNull { return value }
            }
            return .null
        }
        define(["isnull"], 1...1, type: .fixed(.bigint(length: 1, flags: .binary))) { e, args throws(MySQLError) in
            .int(try e.argument(args, 0).isNull ? 1 : 0)
        }
        for greatest in [true, false] {
            define([greatest ? "greatest" : "least"], 2...Int.max) { e, args throws(MySQLError) in
                var best = try e.argument(args, 0)
                for index in args.indices.dropFirst() {
                    let value = try e.argument(args, index)
                    guard let order = Arithmetic.compare(value, best, warn: e.warn) else { return .null }
                    if greatest ? order > 0 : order < 0 { best = value }
                }
                return best
            }
        }

        // Charsets and collations (docs/tidb/charsets-collations.md §7).
        define(["collation"], 1...1, type: .fixed(text256)) { e, args throws(MySQLError) in
            .string(try e.derivedCollation(of: args[0])?.collation.name ?? "binary")
        }
        define(["charset"], 1...1, type: .fixed(text256)) { e, args throws(MySQLError) in
            .string(try e.derivedCollation(of: args[0])?.collation.charset ?? "binary")
        }
        define(["coercibility"], 1...1, type: .fixed(bigint)) { e, args throws(MySQLError) in
            if let derived = try e.derivedCollation(of: args[0]) { return .int(Int64(derived.coercibility.rawValue)) }
            let ignorable = try e.argument(args, 0).isNull && args[0] == .literal(.null)
            return .int(Int64((ignorable ? Coercibility.ignorable : .numeric).rawValue))
        }
        define(["convert_using"], 2...2) { e, args throws(MySQLError) in
            guard case .literal(.string(let name, _)) = args[1] else { return .null }
            return try e.convert(try e.argument(args, 0), to: String(decoding: name, as: UTF8.self))
        }

        // Strings. CONCAT of a binary string is binary, as in TiDB.
        define(["concat"], 1...Int.max) { e, args throws(MySQLError) in
            var bytes: [UInt8] = []
            var binary = false
            for index in args.indices {
                let part = try e.argument(args, index)
                guard let partBytes = part.textBytes else { return .null }
                if case .bytes = part { binary = true }
                bytes += partBytes
            }
            return binary ? .bytes(bytes) : .characterString(bytes)
        }
        define(["concat_ws"], 2...Int.max) { e, args throws(MySQLError) in
            guard let separator = try e.argument(args, 0).text else { return .null }
            var parts: [String] = []
            for index in args.indices.dropFirst() {
                if let part = try e.argument(args, index).text { parts.append(part) }
            }
            return .string(parts.joined(separator: separator))
        }
        // A binary string has no letters: LOWER/UPPER leave it as it is.
        define(["lower", "lcase"], 1...1) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            if case .bytes = value { return value }
            return value.text.map { .string($0.lowercased()) } ?? .null
        }
        define(["upper", "ucase"], 1...1) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            if case .bytes = value { return value }
            return value.text.map { .string($0.uppercased()) } ?? .null
        }
        define(["length", "octet_length"], 1...1, type: .fixed(.bigint(length: 10, flags: .binary))) {
            e,
            args throws(MySQLError) in
            try e.argument(args, 0).textBytes.map { .int(Int64($0.count)) } ?? .null
        }
        define(["char_length", "character_length"], 1...1, type: .fixed(.bigint(length: 10, flags: .binary))) {
            e,
            args throws(MySQLError) in
            // Characters, not grapheme clusters: `e` + a combining accent is two.
            switch try e.argument(args, 0) {
            case .null: return .null
            case .bytes(let bytes): return .int(Int64(bytes.count))
            case let value: return .int(Int64(value.text?.unicodeScalars.count ?? 0))
            }
        }
        define(["hex"], 1...1) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            switch value {
            case .null: return .null
            case .int(let n): return .string(String(UInt64(bitPattern: n), radix: 16).uppercased())
            case .uint(let n): return .string(String(n, radix: 16).uppercased())
            // TiDB reads a number (and a BIT value) as an integer, rounded: HEX(12.8) is D.
            case .decimal, .double, .bit:
                guard let n = value.int64(warn: e.warn) else { return .null }
                return .string(String(UInt64(bitPattern: n), radix: 16).uppercased())
            default:
                let bytes = value.textBytes ?? []
                return .string(
                    bytes.map {
                        String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
                    }.joined().uppercased()
                )
            }
        }

        // Numbers.
        define(["abs"], 1...1) { e, args throws(MySQLError) in
            switch try e.argument(args, 0).number(warn: e.warn) {
            case nil: return .null
            case .int(let n):
                guard n != .min else { throw .valueOutOfRange("BIGINT", "abs(\(n))") }
                return .int(abs(n))
            case .uint(let n): return .uint(n)
            case .decimal(let d): return .decimal(d.unscaled < 0 ? d.negated() : d)
            case .double(let d): return .double(abs(d))
            }
        }
        for name in ["floor", "ceil", "ceiling"] {
            define([name], 1...1) { e, args throws(MySQLError) in
                guard let number = try e.argument(args, 0).number(warn: e.warn) else { return .null }
                switch number {
                case .int, .uint: return number.value
                case .double(let d): return .double(d.rounded(name == "floor" ? .down : .up))
                case .decimal(let d):
                    let divisor = SQLDecimal.powerOfTen(d.scale)
                    var whole = d.unscaled / divisor
                    let remainder = d.unscaled % divisor
                    if name == "floor" {
                        if remainder < 0 { whole -= 1 }
                    } else if remainder > 0 {
                        whole += 1
                    }
                    return Int64(exactly: whole).map(Value.int)
                        ?? .decimal(SQLDecimal(unscaled: whole, scale: 0))
                }
            }
        }
        // The families in files of their own.
        let add: MathBuiltins.Define = { names, arity, type, body in define(names, arity, type: type, body) }
        MathBuiltins.add(add)
        StringBuiltins.add(add)
        TimeBuiltins.add(add)
        DateBuiltins.add(add)
        JSONBuiltins.add(add)
        RegexpBuiltins.add(add)
        WeekBuiltins.add(add)
        DurationBuiltins.add(add)
        StrToDateBuiltin.add(add)
        MoreStringBuiltins.add(add)
        EncryptionBuiltins.add(add)
        SubstringIndexBuiltin.add(add)
        ByteStringBuiltins.add(add)

        // `@name := value` inside expressions.
        define(["set_user_variable"], 2...2, foldable: false) { e, args throws(MySQLError) in
            guard case .literal(.string(let nameBytes, _)) = args[0] else { return .null }
            let value = try e.argument(args, 1)
            e.environment.setUserVariable(String(decoding: nameBytes, as: UTF8.self).lowercased(), to: value)
            return value
        }
        return table
    }()

    /// Functions TiDB has that the mock does not implement yet: "not supported" rather than
    /// "does not exist".
    static let knownToTiDB: Set<String> = [
        "count", "sum", "avg", "min", "max", "group_concat", "bit_and", "bit_or", "bit_xor", "std",
        "stddev",
        "variance", "json_extract", "json_object", "json_array", "json_unquote", "json_valid",
        "json_type",
        "substring", "substr", "left", "right", "trim", "ltrim", "rtrim", "replace", "repeat",
        "reverse", "lpad",
        "rpad", "locate", "instr", "position", "field", "elt", "format", "space", "ascii", "ord",
        "char", "bin", "oct",
        "conv", "unhex", "md5", "sha1", "sha", "sha2", "crc32", "uuid", "uuid_short", "rand", "sleep",
        "benchmark",
        "date", "time", "year", "month", "day", "dayofmonth", "dayofweek", "dayofyear", "hour",
        "minute", "second",
        "microsecond", "week", "weekday", "weekofyear", "yearweek", "quarter", "addtime", "subtime", "datediff",
        "timediff", "timestampdiff", "timestampadd",
        "date_format",
        "time_format", "str_to_date", "from_unixtime", "makedate", "maketime", "last_day", "curtime",
        "current_time",
        "utc_time", "to_days", "from_days", "to_seconds", "sec_to_time", "time_to_sec", "convert_tz",
        "extract",
        "mod", "pow", "power", "sqrt", "exp", "ln", "log", "log2", "log10", "sign", "pi", "sin", "cos",
        "tan",
        "asin", "acos", "atan", "atan2", "cot", "degrees", "radians", "truncate", "crc32", "inet_aton",
        "inet_ntoa",
        "inet6_aton", "inet6_ntoa", "is_ipv4", "is_ipv6", "get_lock", "release_lock", "is_free_lock",
        "is_used_lock",
        "release_all_locks", "found_rows", "row_count",
        "current_role",
        "tidb_is_ddl_owner", "tidb_decode_key", "tidb_decode_plan", "tidb_decode_sql_digests",
        "tidb_shard",
        "tidb_row_checksum", "tidb_bounded_staleness", "regexp_like", "regexp_substr", "regexp_instr",
        "regexp_replace", "bit_count", "bit_length", "compress", "uncompress",
        "to_base64",
        "from_base64", "weight_string", "interval", "strcmp", "soundex", "quote", "export_set",
        "make_set",
        "find_in_set", "insert", "substring_index", "mid", "lag", "lead", "row_number", "rank",
        "dense_rank",
        "first_value", "last_value", "nth_value", "ntile", "cume_dist", "percent_rank", "vitess_hash",
        "any_value",
        "grouping", "json_arrayagg", "json_objectagg", "approx_count_distinct", "approx_percentile",
        "count_distinct", "sum_distinct", "avg_distinct",
    ]
}
