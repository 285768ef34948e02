public import MySQLTypes

/// TiDB's account and privilege errors (`pkg/errno/errname.go`).
extension MySQLError {
    /// 1396, e.g. `Operation DROP USER failed for u@%`.
    static func operationFailed(_ operation: String, for users: String) -> MySQLError {
        .tidb(1396, "HY000", "Operation \(operation) failed for \(users)")
    }

    static let passwordNoMatch = MySQLError.tidb(1133, "42000", "Can't find any matching row in the user table")

    static func noSuchGrant(user: String, host: String) -> MySQLError {
        .tidb(1141, "42000", "There is no such grant defined for user '\(user)' on host '\(host)'")
    }

    /// 1142: `SELECT command denied to user 'u'@'h' for table 't'`.
    public static func tableAccessDenied(command: String, user: String, host: String, table: String) -> MySQLError {
        .tidb(1142, "42000", "\(command) command denied to user '\(user)'@'\(host)' for table '\(table)'")
    }

    /// 1044: `Access denied for user 'u'@'h' to database 'd'`.
    public static func databaseAccessDenied(user: String, host: String, database: String) -> MySQLError {
        .tidb(1044, "42000", "Access denied for user '\(user)'@'\(host)' to database '\(database)'")
    }

    static let cannotCreateUserWithGrant = MySQLError.tidb(
        1410,
        "42000",
        "You are not allowed to create a user with GRANT"
    )

    static func accountLocked(user: String, host: String) -> MySQLError {
        .tidb(3118, "HY000", "Access denied for user '\(user)'@'\(host)'. Account is locked.")
    }

    static func dynamicPrivilegeNotRegistered(_ name: String) -> MySQLError {
        .tidb(3929, "HY000", "Dynamic privilege '\(name)' is not registered with the server.")
    }

    static func illegalPrivilegeLevel(_ name: String) -> MySQLError {
        .tidb(3619, "HY000", "Illegal privilege level specified for \(name)")
    }

    static func pluginNotLoaded(_ name: String) -> MySQLError {
        .tidb(1524, "HY000", "Plugin '\(name)' is not loaded")
    }
}
