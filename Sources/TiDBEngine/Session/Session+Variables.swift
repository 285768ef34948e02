import MySQLTypes

/// Reading and setting system variables with TiDB's scope rules and errors.
extension Session {
    func definition(_ name: String) throws(MySQLError) -> SystemVariableDefinition {
        guard let definition = SystemVariables.definition(name) else { throw .unknownSystemVariable(name.lowercased()) }
        return definition
    }

    /// `@@name`, `@@global.name`, `@@session.name`: the value and the variable's definition.
    func readSystemVariable(
        _ name: String,
        scope: VariableScope?
    ) throws(MySQLError) -> (SystemVariableDefinition, String) {
        let definition = try self.definition(name)
        let hasSession = definition.scope.contains(.session)
        let hasGlobal =
            definition.scope.contains(.global) || definition.scope.contains(.instance) || definition.scope == .none
        switch scope {
        case .global, .instance:
            guard hasGlobal else { throw .incorrectScope(definition.name, "SESSION") }
            return (definition, self.globalValue(definition))
        case .session:
            guard hasSession else { throw .incorrectScope(definition.name, "GLOBAL") }
            return (definition, self.sessionValue(definition))
        case nil:
            return (definition, hasSession ? self.sessionValue(definition) : self.globalValue(definition))
        }
    }

    func globalVariableValue(_ name: String) -> String {
        guard let definition = SystemVariables.definition(name) else { return "" }
        return self.globalValue(definition)
    }

    func sessionVariableValue(_ name: String) -> String {
        guard let definition = SystemVariables.definition(name) else { return "" }
        return self.sessionValue(definition)
    }

    /// The global value: a hook's (GC rows, PD, instance facts) or the stored one.
    func globalValue(_ definition: SystemVariableDefinition) -> String {
        if let hooked = self.hookedGlobalValue(definition.name) { return hooked }
        return self.cluster.globalValue(definition.name) ?? definition.defaultValue
    }

    func sessionValue(_ definition: SystemVariableDefinition) -> String {
        if let hooked = self.hookedSessionValue(definition.name) { return hooked }
        if let value = self.variables.sessionValues[definition.name] { return value }
        if !definition.scope.contains(.global) { return definition.defaultValue }
        return self.variables.globalsAtStart[definition.name] ?? self.hookedGlobalValue(definition.name)
            ?? definition.defaultValue
    }

    // MARK: SET

    func executeSet(_ assignments: [SetAssignment]) throws(MySQLError) {
        for assignment in assignments {
            switch assignment {
            case .userVariable(let name, let expression):
                let value = try self.evaluate(expression)
                self.variables.userVariables[name.lowercased()] = value
            case .systemVariable(let name, let scope, let expression):
                try self.setSystemVariable(name, scope: scope, expression: expression)
            case .names(let charset, let collation):
                try self.setNames(charset: charset, collation: collation)
            case .characterSet(let charset):
                try self.setCharacterSet(charset)
            }
        }
    }

    func setSystemVariable(_ name: String, scope: VariableScope?, expression: Expression) throws(MySQLError) {
        let definition = try self.definition(name)
        let global = scope == .global || scope == .instance
        if definition.isReadOnly || definition.scope == .none {
            throw .incorrectScope(definition.name, "read only")
        }
        if global, !definition.scope.contains(.global), !definition.scope.contains(.instance) {
            throw .sessionVariableWithSetGlobal(definition.name)
        }
        if !global, !definition.scope.contains(.session) {
            throw .globalVariableNeedsSetGlobal(definition.name)
        }
        if !global, definition.name == "max_allowed_packet" {
            throw .maxAllowedPacketSessionReadOnly()
        }
        let raw: String
        if case .defaultValue = expression {
            raw = global ? definition.defaultValue : self.globalValue(definition)
        } else {
            let value = try self.evaluate(expression)
            guard let text = value.text else {
                if definition.allowsEmpty { raw = "" } else { throw .wrongValueForVariable(definition.name, "NULL") }
                try self.assign(definition, "", global: global)
                return
            }
            raw = text
        }
        var validated = try SystemVariables.validate(definition, raw)
        validated.value = try self.checkedValue(definition, validated.value, original: raw, global: global)
        if let warning = validated.warning { self.addWarning(warning) }
        try self.assign(definition, validated.value, global: global)
    }

    func assign(_ definition: SystemVariableDefinition, _ value: String, global: Bool) throws(MySQLError) {
        if global {
            if try self.applyGlobalHook(definition.name, value) { return }
            self.cluster.setGlobalValue(definition.name, value)
            return
        }
        try self.applySessionHook(definition.name, value)
        self.variables.sessionValues[definition.name] = value
        for alias in Self.aliases[definition.name] ?? [] {
            self.variables.sessionValues[alias] = value
        }
        if Self.charsetVariables.contains(definition.name) {
            self.applyCharsetVariable(definition.name, value)
            self.refreshConnectionCharsets()
        }
    }

    /// Variables TiDB keeps in step with each other.
    static let aliases: [String: [String]] = [
        "tx_isolation": ["transaction_isolation"], "transaction_isolation": ["tx_isolation"],
        "tx_read_only": ["transaction_read_only"], "transaction_read_only": ["tx_read_only"],
    ]

    /// Session state that mirrors variables (autocommit, sql_mode) after a (re)start.
    func applyGlobalDefaultsToSessionState() {
        // Not `sessionVariableValue`: its autocommit hook reads the state being set here.
        self.variables.autocommit = (self.variables.globalsAtStart["autocommit"] ?? "ON") == "ON"
        let sqlMode = self.sessionVariableValue("sql_mode")
        self.lexerOptions.apply(sqlMode: sqlMode)
        self.variables.dataModes = DataModes(sqlMode: sqlMode)
        self.variables.snapshotSetting = self.sessionVariableValue("tidb_snapshot")
        self.variables.readsExternalTimestamp = self.sessionVariableValue("tidb_enable_external_ts_read") == "ON"
        self.refreshConnectionCharsets()
    }

    // MARK: SET NAMES, SET CHARACTER SET, SET TRANSACTION

    func setNames(charset: String?, collation: String?) throws(MySQLError) {
        let charsetName = charset ?? "utf8mb4"
        guard let info = CharacterSets.charset(named: charsetName) else { throw .unknownCharacterSet(charsetName) }
        // TiDB gives utf8mb4 the collation `default_collation_for_utf8mb4` names.
        var collationName =
            info.name == "utf8mb4" ? self.sessionVariableValue("default_collation_for_utf8mb4") : info.defaultCollation
        if let collation {
            guard let found = CharacterSets.collation(named: collation) else { throw .unsupportedCollation(collation) }
            guard found.charset == info.name else {
                throw .collationMismatch(collation: found.name, charset: info.name)
            }
            collationName = found.name
        }
        for name in ["character_set_client", "character_set_connection", "character_set_results"] {
            self.variables.sessionValues[name] = info.name
        }
        self.variables.sessionValues["collation_connection"] = collationName
        self.refreshConnectionCharsets()
    }

    func setCharacterSet(_ charset: String?) throws(MySQLError) {
        let charsetName = charset ?? "utf8mb4"
        guard let info = CharacterSets.charset(named: charsetName) else { throw .unknownCharacterSet(charsetName) }
        self.variables.sessionValues["character_set_client"] = info.name
        self.variables.sessionValues["character_set_results"] = info.name
        self.variables.sessionValues["character_set_connection"] = self.globalVariableValue("character_set_database")
        self.variables.sessionValues["collation_connection"] = self.globalVariableValue("collation_database")
        self.refreshConnectionCharsets()
    }

    func executeSetTransaction(_ statement: SetTransactionStatement) throws(MySQLError) {
        if let level = statement.isolationLevel {
            try self.checkIsolationLevel(level)
            switch statement.scope {
            case .nextTransaction:
                self.variables.nextTransactionIsolation = level
            case .session:
                self.variables.sessionValues["tx_isolation"] = level
                self.variables.sessionValues["transaction_isolation"] = level
            case .global:
                self.cluster.setGlobalValue("tx_isolation", level)
                self.cluster.setGlobalValue("transaction_isolation", level)
            }
        }
        if let readOnly = statement.readOnly {
            let value = readOnly ? "ON" : "OFF"
            if readOnly { try self.checkNoopFunction("READ ONLY", variable: "tidb_enable_noop_functions") }
            switch statement.scope {
            case .nextTransaction, .session:
                self.variables.sessionValues["tx_read_only"] = value
                self.variables.sessionValues["transaction_read_only"] = value
            case .global:
                self.cluster.setGlobalValue("tx_read_only", value)
                self.cluster.setGlobalValue("transaction_read_only", value)
            }
        }
    }

    func checkIsolationLevel(_ level: String) throws(MySQLError) {
        guard level == "SERIALIZABLE" || level == "READ-UNCOMMITTED" else { return }
        if self.sessionVariableValue("tidb_skip_isolation_level_check") == "ON" {
            self.addWarning(.unsupportedIsolationLevel(level).with(code: 1105))
        } else {
            throw .unsupportedIsolationLevel(level)
        }
    }

    /// TiDB's `tidb_enable_noop_functions` gate for features it only pretends to have.
    func checkNoopFunction(_ function: String, variable: String) throws(MySQLError) {
        switch self.sessionVariableValue(variable) {
        case "ON": return
        case "WARN": self.addWarning(.noopFunction(function))
        default: throw .noopFunction(function)
        }
    }
}

extension MySQLError {
    func with(code: UInt16) -> MySQLError {
        MySQLError(code: code, sqlState: self.sqlState, message: self.message)
    }
}
