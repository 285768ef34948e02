import MySQLTypes

/// JSON functions (docs/tidb/json-regexp-multitable.md). JSON values travel as their TiDB text
/// in `Value.string`; whether an argument *is* JSON (a JSON column, a JSON function, CAST AS JSON)
/// is decided from the expression, as TiDB decides from its type: a document argument parses a
/// string as JSON text, a value argument (JSON_ARRAY's, JSON_SET's values) takes a string as a
/// JSON string.
enum JSONBuiltins {
    static let jsonType = FieldType(type: .json, length: UInt32.max, flags: .binary, charset: CollationID.binary)
    static let boolean = FieldType.bigint(length: 1, flags: .binary)

    /// Functions whose result is JSON.
    static let returningJSON: Set<String> = [
        "json_extract", "json_object", "json_array", "json_set", "json_insert", "json_replace",
        "json_remove", "json_merge_patch", "json_merge_preserve", "json_merge", "json_keys",
        "json_search", "json_array_append", "json_arrayagg", "json_objectagg",
    ]

    static func add(_ define: MathBuiltins.Define) {
        let json: Builtin.ResultType = .fixed(Self.jsonType)
        define(["json_extract"], 2...Int.max, json) { e, args throws(MySQLError) in
            guard let document = try e.jsonDocument(args, 0, function: "json_extract") else { return .null }
            var paths: [JSONPath] = []
            for index in args.indices.dropFirst() {
                guard let path = try e.jsonPath(args, index) else { return .null }
                paths.append(path)
            }
            return Self.extract(document, paths).map(Self.value) ?? .null
        }
        define(["json_unquote"], 1...1, .ofValue) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            try e.requireStringOrJSON(value, args[0], argument: 1, function: "json_unquote", jsonError: false)
            guard let text = value.text else { return .null }
            return .string(try Self.unquote(text))
        }
        define(["json_quote"], 1...1, .ofValue) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            if value.isNull { return .null }
            guard value.isStringOrBytes, !e.isJSONTyped(args[0]) else {
                throw .tidb(3064, "HY000", "Incorrect type for argument 1 in function json_quote.")
            }
            return .string(JSONText.quote(value.text ?? ""))
        }
        define(["json_valid"], 1...1, .fixed(.bigint(length: 1, flags: .binary))) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            if value.isNull { return .null }
            if e.isJSONTyped(args[0]) { return .int(1) }
            guard case .string(let text) = value else { return .int(0) }
            return .int((try? JSONValue.parse(text)) == nil ? 0 : 1)
        }
        define(["json_type"], 1...1, .fixed(FieldType.varString(length: 51))) { e, args throws(MySQLError) in
            try e.jsonDocument(args, 0, function: "json_type").map { .string($0.typeName) } ?? .null
        }
        define(["json_depth"], 1...1, .fixed(.bigint(length: 20, flags: .binary))) { e, args throws(MySQLError) in
            try e.jsonDocument(args, 0, function: "json_depth").map { .int(Int64($0.depth)) } ?? .null
        }
        define(["json_length"], 1...2, .fixed(.bigint(length: 20, flags: .binary))) { e, args throws(MySQLError) in
            guard var document = try e.jsonDocument(args, 0, function: "json_length") else { return .null }
            if args.count == 2 {
                guard let path = try e.jsonPath(args, 1) else { return .null }
                if path.couldMatchMultipleValues { throw JSONPath.multipleSelection }
                guard let found = document.extract(path).first else { return .null }
                document = found
            }
            switch document {
            case .array(let items): return .int(Int64(items.count))
            case .object(let members): return .int(Int64(members.count))
            default: return .int(1)
            }
        }
        define(["json_keys"], 1...2, json) { e, args throws(MySQLError) in
            guard var document = try e.jsonDocument(args, 0, function: "json_keys") else { return .null }
            if args.count == 2 {
                guard let path = try e.jsonPath(args, 1) else { return .null }
                if path.couldMatchMultipleValues { throw JSONPath.multipleSelection }
                guard let found = document.extract(path).first else { return .null }
                document = found
            }
            guard case .object(let members) = document else { return .null }
            return Self.value(.array(members.map { .string($0.key) }))
        }
        define(["json_array"], 0...Int.max, json) { e, args throws(MySQLError) in
            var items: [JSONValue] = []
            for index in args.indices { items.append(try e.jsonValue(args, index)) }
            return Self.value(.array(items))
        }
        define(["json_object"], 0...Int.max, json) { e, args throws(MySQLError) in
            guard args.count % 2 == 0 else { throw .wrongParameterCount("json_object") }
            var members: [(String, JSONValue)] = []
            for index in stride(from: 0, to: args.count, by: 2) {
                let key = try e.argument(args, index)
                if case .bytes = key {
                    throw .tidb(3144, "22032", "Cannot create a JSON value from a string with CHARACTER SET 'binary'.")
                }
                guard let name = key.text else {
                    throw .tidb(3158, "22032", "JSON documents may not contain NULL member names.")
                }
                members.append((name, try e.jsonValue(args, index + 1)))
            }
            return Self.value(JSONValue.makeObject(members))
        }
        for (name, mode) in [
            ("json_set", JSONValue.ModifyMode.set), ("json_insert", .insert), ("json_replace", .replace),
        ] {
            define([name], 3...Int.max, json) { e, args throws(MySQLError) in
                guard args.count % 2 == 1 else { throw .wrongParameterCount(name) }
                guard var document = try e.jsonDocument(args, 0, function: name, verify: false) else { return .null }
                var changes: [(JSONPath, JSONValue)] = []
                for index in stride(from: 1, to: args.count, by: 2) {
                    guard let path = try e.jsonPath(args, index) else { return .null }
                    changes.append((path, try e.jsonValue(args, index + 1)))
                }
                for (path, value) in changes {
                    if path.couldMatchMultipleValues { throw JSONPath.multipleSelection }
                    document = document.modifying(path.legs[...], to: value, mode: mode)
                }
                return Self.value(document)
            }
        }
        define(["json_remove"], 2...Int.max, json) { e, args throws(MySQLError) in
            guard var document = try e.jsonDocument(args, 0, function: "json_remove", verify: false) else {
                return .null
            }
            var paths: [JSONPath] = []
            for index in args.indices.dropFirst() {
                guard let path = try e.jsonPath(args, index) else { return .null }
                paths.append(path)
            }
            for path in paths {
                if path.legs.isEmpty {
                    throw .tidb(3153, "42000", "The path expression '$' is not allowed in this context.")
                }
                if path.couldMatchMultipleValues { throw JSONPath.multipleSelection }
                document = document.removing(path.legs[...])
            }
            return Self.value(document)
        }
        define(["json_merge_preserve", "json_merge"], 2...Int.max, json) { e, args throws(MySQLError) in
            var documents: [JSONValue] = []
            for index in args.indices {
                guard let document = try e.jsonDocument(args, index, function: "json_merge_preserve") else {
                    return .null
                }
                documents.append(document)
            }
            return Self.value(JSONMerge.preserve(documents))
        }
        define(["json_merge_patch"], 2...Int.max, json) { e, args throws(MySQLError) in
            var documents: [JSONValue?] = []
            for index in args.indices {
                documents.append(try e.jsonDocument(args, index, function: "json_merge_patch"))
            }
            return JSONMerge.patch(documents).map(Self.value) ?? .null
        }
        define(["json_contains"], 2...3, .fixed(Self.boolean)) { e, args throws(MySQLError) in
            guard var document = try e.jsonDocument(args, 0, function: "json_contains"),
                let candidate = try e.jsonDocument(args, 1, function: "json_contains")
            else { return .null }
            if args.count == 3 {
                guard let path = try e.jsonPath(args, 2) else { return .null }
                if path.couldMatchMultipleValues { throw JSONPath.multipleSelection }
                guard let found = Self.extract(document, [path]) else { return .null }
                document = found
            }
            return .int(JSONMerge.contains(document, candidate) ? 1 : 0)
        }
        define(["json_contains_path"], 3...Int.max, .fixed(Self.boolean)) { e, args throws(MySQLError) in
            guard let document = try e.jsonDocument(args, 0, function: "json_contains_path"),
                let mode = try e.argument(args, 1).text?.lowercased()
            else { return .null }
            guard mode == "one" || mode == "all" else {
                throw .tidb(
                    3154,
                    "42000",
                    "The oneOrAll argument to json_contains_path may take these values: 'one' or 'all'."
                )
            }
            var result: Int64 = 1
            for index in 2..<args.count {
                guard let path = try e.jsonPath(args, index) else { return .null }
                let exists = !document.extract(path).isEmpty
                if exists, mode == "one" { return .int(1) }
                if !exists {
                    if mode == "all" { return .int(0) }
                    result = 0
                }
            }
            return .int(result)
        }
        define(["json_memberof"], 2...2, .fixed(Self.boolean)) { e, args throws(MySQLError) in
            let target = try e.argument(args, 0)
            if target.isNull { return .null }
            let candidate = try e.jsonValue(args, 0)
            guard let document = try e.jsonDocument(args, 1, function: "member of") else { return .null }
            guard case .array(let items) = document else { return .int(document == candidate ? 1 : 0) }
            return .int(items.contains(candidate) ? 1 : 0)
        }
        define(["json_overlaps"], 2...2, .fixed(Self.boolean)) { e, args throws(MySQLError) in
            guard let first = try e.jsonDocument(args, 0, function: "json_overlaps"),
                let second = try e.jsonDocument(args, 1, function: "json_overlaps")
            else { return .null }
            return .int(JSONMerge.overlaps(first, second) ? 1 : 0)
        }
        define(["json_search"], 3...Int.max, json) { e, args throws(MySQLError) in
            try JSONSearch.evaluate(e, args)
        }
        define(["json_array_append"], 3...Int.max, json) { e, args throws(MySQLError) in
            guard args.count % 2 == 1 else { throw .wrongParameterCount("json_array_append") }
            guard var document = try e.jsonDocument(args, 0, function: "json_array_append") else { return .null }
            for index in stride(from: 1, to: args.count, by: 2) {
                guard let path = try e.jsonPath(args, index) else { return .null }
                if path.couldMatchMultipleValues { throw JSONPath.multipleSelection }
                let value = try e.jsonValue(args, index + 1)
                guard let current = document.extract(path).first else { continue }
                let appended: JSONValue
                if case .array(let items) = current {
                    appended = .array(items + [value])
                } else {
                    appended = .array([current, value])
                }
                document = path.legs.isEmpty ? appended : document.modifying(path.legs[...], to: appended, mode: .set)
            }
            return Self.value(document)
        }
    }

    static func value(_ json: JSONValue) -> Value { .string(json.text) }

    /// TiDB's `Extract`: NULL when nothing matched; one path that can match only one value gives
    /// that value, anything else an array of every match.
    static func extract(_ document: JSONValue, _ paths: [JSONPath]) -> JSONValue? {
        var found: [JSONValue] = []
        for path in paths { found += document.extract(path) }
        if found.isEmpty { return nil }
        if paths.count == 1, found.count == 1, !paths[0].couldMatchMultipleValues { return found[0] }
        return .array(found)
    }

    /// JSON_UNQUOTE: a `"..."` text must be a valid JSON string and loses its quotes and escapes;
    /// anything else is returned as it is.
    static func unquote(_ text: String) throws(MySQLError) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else {
            return text
        }
        var parser = JSONText.JSONParser(bytes: bytes)
        guard case .string(let unquoted)? = parser.parseString(), parser.index == bytes.count else {
            throw JSONValue.invalidText("The document root must not be followed by other values.")
        }
        return unquoted
    }
}

extension Evaluator {
    /// Whether the expression's type is JSON (TiDB decides by type, the mock by its shape).
    func isJSONTyped(_ expression: Expression) -> Bool {
        switch expression {
        case .column(let reference):
            guard let schema = self.schema, let index = try? schema.index(of: reference, clause: self.clause) else {
                return false
            }
            return schema.columns[index].type.type == .json
        case .function(let name, _): return JSONBuiltins.returningJSON.contains(name)
        case .cast(_, .json): return true
        default: return false
        }
    }

    /// A document argument: NULL as nil, JSON as itself, a string parsed as JSON text (3140), a
    /// binary string 3144, another type 3146 where TiDB checks the type (`verify`), else the
    /// number as JSON.
    func jsonDocument(
        _ arguments: [Expression],
        _ index: Int,
        function: String,
        verify: Bool = true
    ) throws(MySQLError) -> JSONValue? {
        let value = try self.argument(arguments, index)
        if value.isNull { return nil }
        if verify {
            try self.requireStringOrJSON(
                value,
                arguments[index],
                argument: index + 1,
                function: function,
                jsonError: true
            )
        }
        switch value {
        case .string(let text): return try JSONValue.parse(text)
        case .bytes(let bytes): return try JSONValue.parse(String(decoding: bytes, as: UTF8.self))
        default: return try self.jsonValue(of: value, arguments[index])
        }
    }

    /// TiDB's `verifyJSONArgsType`.
    func requireStringOrJSON(
        _ value: Value,
        _ expression: Expression,
        argument: Int,
        function: String,
        jsonError: Bool
    ) throws(MySQLError) {
        switch value {
        case .null, .string: return
        case .bytes:
            throw .tidb(3144, "22032", "Cannot create a JSON value from a string with CHARACTER SET 'binary'.")
        default:
            if self.isJSONTyped(expression) { return }
            if jsonError {
                throw .tidb(
                    3146,
                    "22032",
                    "Invalid data type for JSON data in argument \(argument) to function \(function); "
                        + "a JSON string or JSON type is required."
                )
            }
            throw .tidb(3064, "HY000", "Incorrect type for argument \(argument) in function \(function).")
        }
    }

    /// A path argument; nil for NULL.
    func jsonPath(_ arguments: [Expression], _ index: Int) throws(MySQLError) -> JSONPath? {
        guard let text = try self.argument(arguments, index).text else { return nil }
        return try JSONPath.parse(text)
    }

    /// A value argument: SQL NULL is JSON null, JSON stays JSON, a string is a JSON string.
    func jsonValue(_ arguments: [Expression], _ index: Int) throws(MySQLError) -> JSONValue {
        try self.jsonValue(of: try self.argument(arguments, index), arguments[index])
    }

    func jsonValue(of value: Value, _ expression: Expression) throws(MySQLError) -> JSONValue {
        if self.isJSONTyped(expression), let text = value.text { return try JSONValue.parse(text) }
        switch value {
        case .null: return .null
        case .int(let n): return Self.isBoolean(expression) ? .boolean(n != 0) : .int(n)
        case .uint(let n): return .uint(n)
        case .double(let d): return .double(d)
        case .decimal(let d): return .double(d.doubleValue)
        case .string(let text): return .string(text)
        case .bytes(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        case .enumSet(let member): return .string(member.name)
        // TiDB makes a BIT an opaque JSON value; the mock keeps its number.
        case .bit(let bits): return .uint(bits.number)
        case .date(let time): return .string(time.dateDescription)
        case .datetime(var time):
            // TiDB prints a JSON datetime with six fraction digits.
            time.fractionDigits = 6
            return .string(time.description)
        }
    }

    /// TRUE/FALSE and comparisons: TiDB's boolean flag makes them JSON booleans.
    private static func isBoolean(_ expression: Expression) -> Bool {
        switch expression {
        case .literal(.boolean): return true
        case .binary(let op, _, _):
            switch op {
            case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .and, .or, .xor:
                return true
            default: return false
            }
        case .isNull, .isTruth, .like, .between, .inList, .exists, .inSubquery: return true
        case .unary(.not, _): return true
        default: return false
        }
    }

    /// CAST(x AS JSON): JSON stays, a string is parsed, other values become JSON scalars.
    func castToJSON(_ operand: Expression) throws(MySQLError) -> Value {
        let value = try self.evaluate(operand)
        if value.isNull { return .null }
        if case .string(let text) = value, !self.isJSONTyped(operand) {
            return JSONBuiltins.value(try JSONValue.parse(text))
        }
        return JSONBuiltins.value(try self.jsonValue(of: value, operand))
    }
}
