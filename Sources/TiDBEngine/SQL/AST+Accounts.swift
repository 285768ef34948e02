/// `'user'@'host'`, or the session's own account (`CURRENT_USER()`, `USER()` in ALTER USER).
public enum AccountName: Sendable, Hashable {
    case named(user: String, host: String)
    case current
}

/// `IDENTIFIED BY 'x'`, `IDENTIFIED BY PASSWORD '*hash'`, `IDENTIFIED WITH plugin [BY 'x' | AS 'y']`.
public struct AccountAuthentication: Sendable, Hashable {
    public var plugin: String?
    /// A clear-text password (`BY`).
    public var password: String?
    /// A stored form (`AS`, `BY PASSWORD`).
    public var hashed: String?
}

public struct AccountSpecification: Sendable, Hashable {
    public var account: AccountName
    public var authentication: AccountAuthentication?
}

/// Where GRANT and REVOKE apply: `*.*`, `db.*` (`*`: the current database), `db.table`.
public enum PrivilegeLevel: Sendable, Hashable {
    case global
    case database(String?)
    case table(database: String?, table: String)
}

/// A privilege as GRANT names it: a static one (bits) or a dynamic one (its name), with an
/// optional column list.
public struct PrivilegeItem: Sendable, Hashable {
    public var name: String
    public var columns: [String] = []
}

public enum AccountStatement: Sendable, Hashable {
    /// `metadata`: the `COMMENT` (as `{"comment": "..."}`) or `ATTRIBUTE` JSON text.
    case createUser(ifNotExists: Bool, specifications: [AccountSpecification], isRole: Bool, metadata: String?)
    case dropUser(ifExists: Bool, accounts: [AccountName], isRole: Bool)
    case alterUser(ifExists: Bool, specifications: [AccountSpecification], lock: Bool?, metadata: String?)
    case renameUser([AccountRename])
    case setPassword(account: AccountName, authentication: AccountAuthentication)
    case grant(privileges: [PrivilegeItem], level: PrivilegeLevel, to: [AccountSpecification], withGrantOption: Bool)
    case revoke(privileges: [PrivilegeItem], level: PrivilegeLevel, from: [AccountName])
    case flushPrivileges
    /// `FLUSH TABLES [WITH READ LOCK]`: TiDB's other FlushStmt, kept with FLUSH PRIVILEGES.
    case flushTables(withReadLock: Bool)
    /// `GRANT role[, ...] TO user[, ...]` / `REVOKE role[, ...] FROM user[, ...]`.
    case roleGrant(roles: [AccountName], accounts: [AccountName], isGrant: Bool)
}

public struct AccountRename: Sendable, Hashable {
    public var from: AccountName
    public var to: AccountName
}
