import MySQLTypes

/// VARIABLES_INFO (every system variable with its scope, default, current value and bounds) and
/// TIDB_CHECK_CONSTRAINTS (CHECK_CONSTRAINTS with the table), as TiDB v8.5's
/// `infoschema_reader.go` fills them.
extension InformationSchema {
    static let variablesInfoColumns: [(String, FieldType)] = [
        ("VARIABLE_NAME", varchar(64, notNull: true)), ("VARIABLE_SCOPE", varchar(64, notNull: true)),
        ("DEFAULT_VALUE", varchar(64, notNull: true)), ("CURRENT_VALUE", varchar(64, notNull: true)),
        ("MIN_VALUE", bigint(21)),
        ("MAX_VALUE", FieldType(type: .longLong, length: 21, flags: .unsigned, charset: CollationID.binary)),
        ("POSSIBLE_VALUES", varchar(256)), ("IS_NOOP", varchar(64, notNull: true)),
    ]

    /// Bounds only for numeric variables, possible values only for enumerations.
    func variablesInfoRows() -> [[Value]] {
        SystemVariables.sortedNames.compactMap { name -> [Value]? in
            guard let definition = SystemVariables.definition(name) else { return nil }
            let current = (try? self.session.readSystemVariable(definition.name, scope: nil).1) ?? ""
            var minimum = Value.null
            var maximum = Value.null
            var possible = Value.null
            switch definition.type {
            case .int(let low, let high):
                (minimum, maximum) = (.int(low), high < 0 ? .null : .uint(UInt64(high)))
            case .unsigned(let low, let high):
                (minimum, maximum) = (.int(Int64(clamping: low)), .uint(high))
            case .float(let low, let high):
                // SysVar keeps the bounds as integers; huge ones saturate rather than trap.
                let lowest = low <= -9.2e18 ? Int64.min : Int64(low)
                let highest = high >= 1.8e19 ? UInt64.max : UInt64(max(0, high))
                (minimum, maximum) = (.int(lowest), .uint(highest))
            case .enumeration(let values):
                possible = .string(values.joined(separator: ","))
            case .string, .bool, .time, .duration:
                break
            }
            return [
                .string(definition.name), .string(Self.scopeText(definition.scope)), .string(definition.defaultValue),
                .string(current), minimum, maximum, possible, .string(definition.isNoop ? "YES" : "NO"),
            ]
        }
    }

    /// TiDB's `ScopeFlag.String()`.
    static func scopeText(_ scope: SystemVariableDefinition.Scope) -> String {
        if scope == .none { return "NONE" }
        var parts: [String] = []
        if scope.contains(.session) { parts.append("SESSION") }
        if scope.contains(.global) { parts.append("GLOBAL") }
        if scope.contains(.instance) { parts.append("INSTANCE") }
        return parts.joined(separator: ",")
    }

    static var tidbCheckConstraintsColumns: [(String, FieldType)] {
        Self.checkConstraintsColumns + [("TABLE_NAME", varchar(64)), ("TABLE_ID", bigint(21))]
    }

    func tidbCheckConstraintsRows() -> [[Value]] {
        self.userTables.flatMap { table in
            table.checks.map { check -> [Value] in
                [
                    .string("def"), .string(table.database), .string(check.name), .string("(\(check.text))"),
                    .string(table.name), .int(table.id),
                ]
            }
        }
    }
}
