public import MySQLTypes

/// TiDB's errors with their codes, SQLSTATEs and message templates (`pkg/errno/errname.go`,
/// `pkg/parser/mysql/state.go`; see docs/tidb/).
extension MySQLError {
    static func tidb(_ code: UInt16, _ state: String, _ message: String) -> MySQLError {
        MySQLError(code: code, sqlState: state, message: message)
    }

    /// A plain error TiDB does not map to a MySQL code (PD errors, executor checks).
    public static func unknown(_ message: String) -> MySQLError { .tidb(1105, "HY000", message) }

    public static let syntaxPrefix =
        "You have an error in your SQL syntax; check the manual that corresponds to your TiDB version for the right syntax to use"

    /// 1064 in TiDB's format: `line L column C near "<rest of the SQL>" `.
    public static func syntaxError(in sql: String, _ error: SQLSyntaxError) -> MySQLError {
        Self.syntaxError(in: Array(sql.utf8), error)
    }

    public static func syntaxError(in bytes: [UInt8], _ error: SQLSyntaxError) -> MySQLError {
        let start = min(error.offset, bytes.count)
        let end = min(max(error.end, start), bytes.count)
        var line = 1
        var lastNewline = -1
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lastNewline = index
        }
        // The reader position after the failing token; TiDB counts the newline itself on later lines.
        let column = line == 1 ? end : end - lastNewline
        let rest = bytes[start...]
        var near = String(decoding: rest.prefix(2048), as: UTF8.self)
        var suffix = " "
        if rest.count > 2048 {
            near = String(decoding: rest.prefix(2048), as: UTF8.self)
            suffix = " (total length \(rest.count))"
        }
        return .tidb(1064, "42000", "\(syntaxPrefix) line \(line) column \(column) near \"\(near)\"\(suffix)")
    }

    public static func notSupportedYet(_ what: String) -> MySQLError {
        .tidb(1235, "42000", "This version of TiDB doesn't yet support '\(what)'")
    }

    public static func noopFunction(_ name: String) -> MySQLError {
        .tidb(
            1235,
            "42000",
            "function \(name) has only noop implementation in tidb now, use tidb_enable_noop_functions to enable these functions"
        )
    }

    public static func accessDenied(user: String, host: String, usingPassword: Bool) -> MySQLError {
        .tidb(
            1045,
            "28000",
            "Access denied for user '\(user)'@'\(host)' (using password: \(usingPassword ? "YES" : "NO"))"
        )
    }

    public static let noDatabaseSelected = MySQLError.tidb(1046, "3D000", "No database selected")

    public static func unknownDatabase(_ name: String) -> MySQLError {
        .tidb(1049, "42000", "Unknown database '\(name)'")
    }

    public static func unknownColumn(_ name: String, in clause: String) -> MySQLError {
        .tidb(1054, "42S22", "Unknown column '\(name)' in '\(clause)'")
    }

    public static func tableDoesNotExist(schema: String, table: String) -> MySQLError {
        .tidb(1146, "42S02", "Table '\(schema).\(table)' doesn't exist")
    }

    public static func unknownCharacterSet(_ name: String) -> MySQLError {
        .tidb(1115, "42000", "Unknown character set: '\(name)'")
    }

    public static func unknownCollation(_ name: String) -> MySQLError {
        .tidb(1273, "HY000", "Unknown collation: '\(name)'")
    }

    /// A collation name TiDB does not have: MySQL's names get TiDB's "unsupported" wording.
    public static func unsupportedCollation(_ name: String) -> MySQLError {
        let charset = name.lowercased().split(separator: "_").first.map(String.init) ?? ""
        guard MySQLCollationIDs.mysqlCharsets.contains(charset) else { return .unknownCollation(name) }
        return .tidb(1273, "HY000", "Unsupported collation when new collation is enabled: '\(name)'")
    }

    public static func collationMismatch(collation: String, charset: String) -> MySQLError {
        .tidb(1253, "42000", "COLLATION '\(collation)' is not valid for CHARACTER SET '\(charset)'")
    }

    public static func unknownSystemVariable(_ name: String) -> MySQLError {
        .tidb(1193, "HY000", "Unknown system variable '\(name)'")
    }

    public static func sessionVariableWithSetGlobal(_ name: String) -> MySQLError {
        .tidb(1228, "HY000", "Variable '\(name)' is a SESSION variable and can't be used with SET GLOBAL")
    }

    public static func globalVariableNeedsSetGlobal(_ name: String) -> MySQLError {
        .tidb(1229, "HY000", "Variable '\(name)' is a GLOBAL variable and should be set with SET GLOBAL")
    }

    public static func wrongValueForVariable(_ name: String, _ value: String) -> MySQLError {
        .tidb(1231, "42000", "Variable '\(name)' can't be set to the value of '\(value)'")
    }

    public static func wrongTypeForVariable(_ name: String) -> MySQLError {
        .tidb(1232, "42000", "Incorrect argument type to variable '\(name)'")
    }

    /// 1238 with `kind` = `SESSION`, `GLOBAL` or `read only`.
    public static func incorrectScope(_ name: String, _ kind: String) -> MySQLError {
        .tidb(1238, "HY000", "Variable '\(name)' is a \(kind) variable")
    }

    public static func truncatedWrongValue(_ kind: String, _ value: String) -> MySQLError {
        .tidb(1292, "22007", "Truncated incorrect \(kind) value: '\(value)'")
    }

    public static func incorrectDatetimeValue(_ value: String) -> MySQLError {
        .tidb(1292, "22007", "Incorrect datetime value: '\(value)'")
    }

    public static func unknownTimeZone(_ value: String) -> MySQLError {
        .tidb(1298, "HY000", "Unknown or incorrect time zone: '\(value)'")
    }

    public static func functionDoesNotExist(_ name: String) -> MySQLError {
        .tidb(1305, "42000", "FUNCTION \(name) does not exist")
    }

    /// ROLLBACK TO or RELEASE of a savepoint the transaction does not have (TiDB names it as given).
    public static func savepointDoesNotExist(_ name: String) -> MySQLError {
        .tidb(1305, "42000", "SAVEPOINT \(name) does not exist")
    }

    public static func wrongParameterCount(_ function: String) -> MySQLError {
        .tidb(1582, "42000", "Incorrect parameter count in the call to native function '\(function)'")
    }

    public static func maxAllowedPacketSessionReadOnly() -> MySQLError {
        .tidb(1621, "HY000", "SESSION variable 'max_allowed_packet' is read-only. Use SET GLOBAL to assign the value")
    }

    public static func specificAccessDenied(_ privileges: String) -> MySQLError {
        .tidb(
            1227,
            "42000",
            "Access denied; you need (at least one of) the \(privileges) privilege(s) for this operation"
        )
    }

    public static let queryInterrupted = MySQLError.tidb(1317, "70100", "Query execution was interrupted")

    public static let divisionByZero = MySQLError.tidb(1365, "22012", "Division by 0")

    public static func valueOutOfRange(_ type: String, _ expression: String) -> MySQLError {
        .tidb(1690, "22003", "\(type) value is out of range in '\(expression)'")
    }

    public static func unsupportedIsolationLevel(_ level: String) -> MySQLError {
        .tidb(
            8048,
            "HY000",
            "The isolation level '\(level)' is not supported. Set tidb_skip_isolation_level_check=1 to skip this error"
        )
    }

    public static let multiStatementDisabled = MySQLError.tidb(
        8130,
        "HY000",
        "client has multi-statement capability disabled. Run SET GLOBAL tidb_multi_statement_mode='ON' after you understand the security risk"
    )

    public static func snapshotOlderThanGCSafePoint(_ safePoint: String) -> MySQLError {
        .tidb(8055, "HY000", "snapshot is older than GC safe point \(safePoint)")
    }

    public static let transactionCharacteristicsInProgress = MySQLError.tidb(
        1568,
        "25001",
        "Transaction characteristics can't be changed while a transaction is in progress"
    )
}
