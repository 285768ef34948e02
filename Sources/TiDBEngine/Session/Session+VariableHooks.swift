import MySQLTypes

/// TiDB's per-variable hooks: where a value really lives (GC rows, PD, the transaction, the
/// instance) and the extra checks some variables make when set.
extension Session {
    func hookedGlobalValue(_ name: String) -> String? {
        let table = self.cluster.mysqlTiDB
        switch name {
        case "tidb_gc_enable":
            return table.value(MySQLTiDBRows.gcEnable.0).map { $0 == "true" ? "ON" : "OFF" }
        case "tidb_gc_run_interval":
            return table.value(MySQLTiDBRows.gcRunInterval.0)
        case "tidb_gc_life_time":
            return table.value(MySQLTiDBRows.gcLifeTime.0)
        case "tidb_gc_concurrency":
            if table.value(MySQLTiDBRows.gcAutoConcurrency.0) == "true" { return "-1" }
            return table.value(MySQLTiDBRows.gcConcurrency.0)
        case "tidb_gc_scan_lock_mode":
            return table.value(MySQLTiDBRows.gcScanLockMode.0)?.uppercased()
        case "tidb_external_ts":
            return String(self.cluster.pd.currentExternalTimestamp.rawValue)
        case "version":
            return self.instance.serverVersion
        case "hostname":
            return self.instance.hostName
        case "port":
            return String(self.instance.port)
        case "system_time_zone":
            return SystemTimeZone.name
        case "datadir":
            return "/tmp/tidb"
        case "version_compile_machine":
            #if arch(arm64)
            return "arm64"
            #else
            return "amd64"
            #endif
        case "tidb_config":
            return """
                {
                  "host": "\(self.instance.host)",
                  "port": \(self.instance.port),
                  "status": {
                    "status-port": \(self.instance.statusPort)
                  },
                  "store": "tikv",
                  "server-version": "\(self.instance.serverVersion)"
                }
                """
        default:
            return nil
        }
    }

    func hookedSessionValue(_ name: String) -> String? {
        switch name {
        case "tidb_current_ts":
            return String(self.transaction?.startTS.rawValue ?? 0)
        case "warning_count":
            return String(self.diagnostics.previousWarningCount)
        case "error_count":
            return String(self.diagnostics.previousErrorCount)
        case "last_insert_id", "identity":
            return String(self.variables.lastInsertID)
        case "autocommit":
            return self.variables.autocommit ? "ON" : "OFF"
        case "timestamp":
            if let set = self.variables.sessionValues["timestamp"], set != "0" { return set }
            let micros = self.statementMicroseconds
            let fraction = Int(micros % 1_000_000).zeroPadded(6)
            return "\(micros / 1_000_000).\(fraction)"
        default:
            return nil
        }
    }

    /// Checks beyond the type: returns the value to store.
    func checkedValue(
        _ definition: SystemVariableDefinition,
        _ value: String,
        original: String,
        global: Bool
    ) throws(MySQLError) -> String {
        let name = definition.name
        switch name {
        case "sql_mode":
            return try SQLModes.normalize(value)
        case "time_zone":
            guard SessionTimeZone(value) != nil else { throw .unknownTimeZone(value) }
            return value.equalsIgnoringASCIICase("SYSTEM") ? "SYSTEM" : value
        case "character_set_client", "character_set_connection", "character_set_database", "character_set_server",
            "character_set_results", "character_set_filesystem":
            if value.isEmpty {
                if name == "character_set_results" { return value }
                throw .wrongValueForVariable(name, "NULL")
            }
            guard let charset = CharacterSets.charset(named: value) else { throw .unknownCharacterSet(value) }
            return charset.name
        case "collation_connection", "collation_database", "collation_server":
            guard let collation = CharacterSets.collation(named: value) else { throw .unknownCollation(value) }
            return collation.name
        case "tx_isolation", "transaction_isolation":
            try self.checkIsolationLevel(value)
            return value
        case "tx_read_only", "transaction_read_only":
            if value == "ON" { try self.checkNoopFunction("READ ONLY", variable: "tidb_enable_noop_functions") }
            return value
        case "read_only", "super_read_only":
            if value == "ON" { try self.checkNoopFunction("READ ONLY", variable: "tidb_enable_noop_functions") }
            return value
        case "offline_mode":
            if value == "ON" { try self.checkNoopFunction("OFFLINE MODE", variable: "tidb_enable_noop_functions") }
            return value
        case "sql_auto_is_null":
            if value == "ON" { try self.checkNoopFunction("sql_auto_is_null", variable: "tidb_enable_noop_functions") }
            return value
        case "max_allowed_packet":
            guard let number = UInt64(value), number % 1024 != 0 else { return value }
            self.addWarning(.truncatedWrongValue(name, original))
            return String(number - number % 1024)
        case "tidb_super_read_only":
            // TiDB's Validation: the restricted flag holds the super one on.
            if value == "OFF", self.cluster.readOnly.isRestricted {
                throw .unknown("can't turn off tidb_super_read_only when tidb_restricted_read_only is on")
            }
            return value
        case "tidb_snapshot":
            if value.isEmpty { return value }
            _ = try self.snapshotTimestamp(value)
            return value
        default:
            return value
        }
    }

    /// Stores a GLOBAL value where TiDB keeps it; false when it is an ordinary global variable.
    func applyGlobalHook(_ name: String, _ value: String) throws(MySQLError) -> Bool {
        let table = self.cluster.mysqlTiDB
        switch name {
        case "tidb_gc_enable":
            table.update(
                MySQLTiDBRows.gcEnable.0,
                value == "ON" ? "true" : "false",
                commentIfNew: MySQLTiDBRows.gcEnable.1
            )
        case "tidb_gc_run_interval":
            table.update(MySQLTiDBRows.gcRunInterval.0, value, commentIfNew: MySQLTiDBRows.gcRunInterval.1)
        case "tidb_gc_life_time":
            table.update(MySQLTiDBRows.gcLifeTime.0, value, commentIfNew: MySQLTiDBRows.gcLifeTime.1)
        case "tidb_gc_concurrency":
            let auto = value == "-1"
            table.update(
                MySQLTiDBRows.gcAutoConcurrency.0,
                auto ? "true" : "false",
                commentIfNew: MySQLTiDBRows.gcAutoConcurrency.1
            )
            if !auto {
                table.update(MySQLTiDBRows.gcConcurrency.0, value, commentIfNew: MySQLTiDBRows.gcConcurrency.1)
            }
        case "tidb_gc_scan_lock_mode":
            table.update(
                MySQLTiDBRows.gcScanLockMode.0,
                value.lowercased(),
                commentIfNew: MySQLTiDBRows.gcScanLockMode.1
            )
        case "tidb_restricted_read_only":
            // TiDB's SetGlobal: turning it on also turns tidb_super_read_only on; off leaves it.
            let on = value == "ON"
            self.cluster.setGlobalValue(name, value)
            if on {
                self.cluster.setGlobalValue("tidb_super_read_only", "ON")
                self.cluster.readOnly.setSuperReadOnly(true)
            }
            self.cluster.readOnly.setRestricted(on)
        case "tidb_super_read_only":
            self.cluster.setGlobalValue(name, value)
            self.cluster.readOnly.setSuperReadOnly(value == "ON")
        case "tidb_external_ts":
            let ts = try self.parseTimestamp(value)
            do {
                try self.cluster.pd.setExternalTimestamp(ts)
            } catch {
                throw .unknown(error.message)
            }
        default:
            return false
        }
        return true
    }

    func applySessionHook(_ name: String, _ value: String) throws(MySQLError) {
        switch name {
        case "autocommit":
            let enable = value == "ON"
            // Turning autocommit on commits the open transaction.
            if enable, !self.variables.autocommit, self.transaction != nil { try self.commit() }
            self.variables.autocommit = enable
        case "sql_mode":
            self.lexerOptions.apply(sqlMode: value)
            self.variables.dataModes = DataModes(sqlMode: value)
        case "tidb_snapshot":
            self.variables.snapshotSetting = value
        case "tidb_enable_external_ts_read":
            self.variables.readsExternalTimestamp = value == "ON"
        default:
            break
        }
    }

    /// TiDB's `parseTSFromNumberOrTime`: an unsigned TSO, or a datetime in the session zone.
    func parseTimestamp(_ value: String) throws(MySQLError) -> TSO {
        if let number = UInt64(value) { return TSO(rawValue: number) }
        guard let datetime = SQLDateTime(parsing: value.trimmingASCIISpaces()) else {
            throw .incorrectDatetimeValue(value)
        }
        let zone = self.timeZone
        var micros = datetime.microsecondsSinceEpoch(offsetSeconds: 0)
        micros -= Int64(zone.offsetSeconds(atMicroseconds: micros)) * 1_000_000
        return TSO(physicalMilliseconds: micros / 1000)
    }

    /// `tidb_snapshot`'s timestamp: not in the future, not below the GC safe point.
    func snapshotTimestamp(_ value: String) throws(MySQLError) -> TSO {
        let ts = try self.parseTimestamp(value)
        let current = self.cluster.pd.oracle.next()
        if ts > current {
            throw .unknown(
                "cannot set read timestamp to a future time, readTS: \(ts.rawValue), currentTS: \(current.rawValue)"
            )
        }
        let safePoint = self.cluster.pd.gcSafePoint
        if ts < safePoint {
            throw .snapshotOlderThanGCSafePoint(GCTimeFormat.goTimeString(safePoint.physical * 1000))
        }
        return ts
    }

    var timeZone: SessionTimeZone {
        SessionTimeZone(self.sessionVariableValue("time_zone")) ?? .system
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}

/// `sql_mode` validation and normalisation (`FormatSQLModeStr`, `GetSQLMode`).
enum SQLModes {
    static let known: Set<String> = [
        "REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "NOT_USED", "ONLY_FULL_GROUP_BY",
        "NO_UNSIGNED_SUBTRACTION", "NO_DIR_IN_CREATE", "POSTGRESQL", "ORACLE", "MSSQL", "DB2", "MAXDB",
        "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_FIELD_OPTIONS", "MYSQL323", "MYSQL40", "ANSI",
        "NO_AUTO_VALUE_ON_ZERO", "NO_BACKSLASH_ESCAPES", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_IN_DATE",
        "NO_ZERO_DATE", "ALLOW_INVALID_DATES", "ERROR_FOR_DIVISION_BY_ZERO", "TRADITIONAL", "NO_AUTO_CREATE_USER",
        "HIGH_NOT_PRECEDENCE", "NO_ENGINE_SUBSTITUTION", "PAD_CHAR_TO_FULL_LENGTH", "TIME_TRUNCATE_FRACTIONAL",
    ]

    static let combinations: [String: [String]] = [
        "ANSI": ["REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "ONLY_FULL_GROUP_BY"],
        "TRADITIONAL": [
            "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_IN_DATE", "NO_ZERO_DATE", "ERROR_FOR_DIVISION_BY_ZERO",
            "NO_AUTO_CREATE_USER", "NO_ENGINE_SUBSTITUTION",
        ],
        "POSTGRESQL": [
            "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_FIELD_OPTIONS",
        ],
        "ORACLE": [
            "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_FIELD_OPTIONS",
            "NO_AUTO_CREATE_USER",
        ],
        "MSSQL": [
            "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_FIELD_OPTIONS",
        ],
        "DB2": [
            "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_FIELD_OPTIONS",
        ],
        "MAXDB": [
            "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_FIELD_OPTIONS",
            "NO_AUTO_CREATE_USER",
        ],
        "MYSQL323": ["MYSQL323", "HIGH_NOT_PRECEDENCE"],
        "MYSQL40": ["MYSQL40", "HIGH_NOT_PRECEDENCE"],
    ]

    static func normalize(_ value: String) throws(MySQLError) -> String {
        var trimmed = Substring(value.uppercased())
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        var result: [String] = []
        for part in trimmed.split(separator: ",") where !part.isEmpty {
            let mode = String(part)
            guard Self.known.contains(mode) else { throw .wrongValueForVariable("sql_mode", mode) }
            for expanded in (Self.combinations[mode] ?? []) + [mode] where !result.contains(expanded) {
                result.append(expanded)
            }
        }
        return result.joined(separator: ",")
    }
}
