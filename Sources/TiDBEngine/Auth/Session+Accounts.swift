import MySQLTypes

/// CREATE/ALTER/DROP/RENAME USER, SET PASSWORD, GRANT, REVOKE, FLUSH PRIVILEGES as TiDB's
/// `SimpleExec`, `GrantExec` and `RevokeExec` do them. Like DDL they commit the open transaction
/// first (FLUSH does not); each changes the accounts all at once or not at all.
extension Session {
    func executeAccountStatement(_ statement: AccountStatement) throws(MySQLError) {
        switch statement {
        case .flushPrivileges, .flushTables: break
        default: try self.commit()
        }
        switch statement {
        case .createUser(let ifNotExists, let specifications, let isRole, let metadata):
            try self.createUsers(specifications, ifNotExists: ifNotExists, isRole: isRole, metadata: metadata)
        case .dropUser(let ifExists, let accounts, let isRole):
            try self.dropUsers(accounts, ifExists: ifExists, isRole: isRole)
        case .alterUser(let ifExists, let specifications, let lock, let metadata):
            try self.alterUsers(specifications, ifExists: ifExists, lock: lock, metadata: metadata)
        case .renameUser(let renames):
            try self.renameUsers(renames)
        case .setPassword(let account, let authentication):
            try self.setPassword(account, authentication)
        case .grant(let privileges, let level, let grantees, let withGrantOption):
            try self.grant(privileges, on: level, to: grantees, withGrantOption: withGrantOption)
        case .revoke(let privileges, let level, let accounts):
            try self.revoke(privileges, on: level, from: accounts)
        case .roleGrant(let roles, _, _):
            // TiDB checks the privilege, then that every role exists; mock-tidb has no roles to grant.
            if !self.hasPrivilege("ROLE_ADMIN") { throw .specificAccessDenied("SUPER or ROLE_ADMIN") }
            for role in roles.map(self.resolve)
            where self.cluster.users.account(user: role.user, host: role.host) == nil {
                throw .tidb(3523, "HY000", "Unknown authorization ID `\(role.user)`@`\(role.host)`")
            }
            throw .notSupportedYet("GRANT ROLE")
        case .flushTables(let withReadLock):
            if !self.hasPrivilege(.reload, database: nil) { throw .specificAccessDenied("RELOAD") }
            if withReadLock {
                throw .unknown("FLUSH TABLES WITH READ LOCK is not supported.  Please use @@tidb_snapshot")
            }
        case .flushPrivileges:
            // Privileges apply at once here; TiDB wants RELOAD to ask for the reload.
            if !self.hasPrivilege(.reload, database: nil) { throw .specificAccessDenied("RELOAD") }
        }
    }

    /// `(user, host)` of an account name; `CURRENT_USER()` is the session's account.
    func resolve(_ name: AccountName) -> (user: String, host: String) {
        switch name {
        case .named(let user, let host): return (user, host)
        case .current: return (self.identity.account.name, self.identity.account.host)
        }
    }

    func isOwnAccount(_ name: AccountName) -> Bool {
        let (user, host) = self.resolve(name)
        return user == self.identity.account.name && host == self.identity.account.host
    }

    /// CREATE USER, or INSERT on `mysql.user`, as TiDB accepts either.
    private func requireCreateUser(_ message: String) throws(MySQLError) {
        if self.hasPrivilege(.createUser, database: nil) { return }
        if self.hasPrivilege(.insert, database: "mysql", table: "user") { return }
        throw .specificAccessDenied(message)
    }

    private func createUsers(
        _ specifications: [AccountSpecification],
        ifNotExists: Bool,
        isRole: Bool,
        metadata: String?
    ) throws(MySQLError) {
        // TiDB builds `{"metadata": <text>}` and stores it as JSON: bad text is 3140.
        let attributes = try metadata.map { (text) throws(MySQLError) in try JSONValue.parse("{\"metadata\": \(text)}")
        }
        if !isRole || !self.hasPrivilege(.createRole, database: nil) {
            try self.requireCreateUser(isRole ? "CREATE ROLE or CREATE USER" : "CREATE User")
        }
        var created: [UserAccount] = []
        var notes: [MySQLError] = []
        for specification in specifications {
            let (user, host) = self.resolve(specification.account)
            if self.cluster.users.account(user: user, host: host) != nil
                || created.contains(where: { $0.name == user && $0.host == host })
            {
                guard ifNotExists else {
                    throw .operationFailed(isRole ? "CREATE ROLE" : "CREATE USER", for: "'\(user)'@'\(host)'")
                }
                notes.append(.tidb(3163, "HY000", "User '\(user)'@'\(host)' already exists."))
                continue
            }
            var account = UserAccount(created: user, host: host)
            account.isLocked = isRole
            if let attributes { account.attributes = attributes }
            if let authentication = specification.authentication {
                try Self.apply(authentication, to: &account)
            }
            if !isRole { try self.validatePassword(specification.authentication, plugin: account.plugin) }
            created.append(account)
        }
        try self.cluster.users.modify { (accounts) throws(MySQLError) in
            for account in created
            where accounts.contains(where: { $0.name == account.name && $0.host == account.host }) {
                throw .operationFailed(
                    isRole ? "CREATE ROLE" : "CREATE USER",
                    for: "'\(account.name)'@'\(account.host)'"
                )
            }
            accounts.append(contentsOf: created)
        }
        for note in notes { self.addWarning(note, level: .note) }
    }

    private func dropUsers(_ names: [AccountName], ifExists: Bool, isRole: Bool) throws(MySQLError) {
        let mayDrop =
            (isRole && self.hasPrivilege(.dropRole, database: nil))
            || self.hasPrivilege(.delete, database: "mysql", table: "user")
        if !mayDrop { try self.requireCreateUser("CREATE USER") }
        let targets = names.map(self.resolve)
        let notes = try self.cluster.users.modify { (accounts) throws(MySQLError) -> [MySQLError] in
            var notes: [MySQLError] = []
            for (user, host) in targets {
                guard let index = accounts.firstIndex(where: { $0.name == user && $0.host == host }) else {
                    // TiDB stops at the first missing account.
                    guard ifExists else {
                        throw .operationFailed(isRole ? "DROP ROLE" : "DROP USER", for: "\(user)@\(host)")
                    }
                    notes.append(.tidb(3162, "HY000", "User \(user)@\(host) does not exist."))
                    continue
                }
                accounts.remove(at: index)
            }
            return notes
        }
        for note in notes { self.addWarning(note, level: .note) }
    }

    private func alterUsers(
        _ specifications: [AccountSpecification],
        ifExists: Bool,
        lock: Bool?,
        metadata: String?
    ) throws(MySQLError) {
        // TiDB: `user_attributes = JSON_MERGE_PATCH(COALESCE(user_attributes, '{}'), '{"metadata": ...}')`.
        let patch = try metadata.map { (text) throws(MySQLError) in try JSONValue.parse("{\"metadata\": \(text)}") }
        for specification in specifications where !self.isOwnAccount(specification.account) {
            try self.requireCreateUser("CREATE USER")
        }
        var changes: [(user: String, host: String, authentication: AccountAuthentication?)] = []
        for specification in specifications {
            let (user, host) = self.resolve(specification.account)
            if let authentication = specification.authentication {
                let plugin =
                    authentication.plugin ?? self.cluster.users.account(user: user, host: host)?.plugin
                    ?? NativePassword.pluginName
                try self.validatePassword(authentication, plugin: plugin)
            }
            changes.append((user, host, specification.authentication))
        }
        let notes = try self.cluster.users.modify { (accounts) throws(MySQLError) -> [MySQLError] in
            var failed: [String] = []
            var notes: [MySQLError] = []
            for change in changes {
                guard let index = accounts.firstIndex(where: { $0.name == change.user && $0.host == change.host })
                else {
                    if ifExists {
                        notes.append(.tidb(3162, "HY000", "User \(change.user)@\(change.host) does not exist."))
                    } else {
                        failed.append("\(change.user)@\(change.host)")
                    }
                    continue
                }
                if let authentication = change.authentication { try Self.apply(authentication, to: &accounts[index]) }
                if let lock { accounts[index].isLocked = lock }
                if let patch {
                    accounts[index].attributes = JSONMerge.patch([accounts[index].attributes ?? .object([]), patch])
                }
            }
            if !failed.isEmpty { throw .operationFailed("ALTER USER", for: failed.joined(separator: ",")) }
            return notes
        }
        for note in notes { self.addWarning(note, level: .note) }
    }

    private func renameUsers(_ renames: [AccountRename]) throws(MySQLError) {
        try self.requireCreateUser("CREATE USER")
        let pairs = renames.map { (self.resolve($0.from), self.resolve($0.to)) }
        try self.cluster.users.modify { (accounts) throws(MySQLError) in
            for (from, to) in pairs {
                let failure = MySQLError.operationFailed(
                    "RENAME USER",
                    for: "\(from.user)@\(from.host) TO \(to.user)@\(to.host)"
                )
                guard let index = accounts.firstIndex(where: { $0.name == from.user && $0.host == from.host }),
                    !accounts.contains(where: { $0.name == to.user && $0.host == to.host })
                else { throw failure }
                accounts[index].name = to.user
                accounts[index].host = to.host
            }
        }
    }

    private func setPassword(_ name: AccountName, _ authentication: AccountAuthentication) throws(MySQLError) {
        let (user, host) = self.resolve(name)
        if !self.isOwnAccount(name) { try self.requireCreateUser("CREATE USER") }
        let plugin = self.cluster.users.account(user: user, host: host)?.plugin ?? NativePassword.pluginName
        try self.validatePassword(authentication, plugin: plugin)
        try self.cluster.users.modify { (accounts) throws(MySQLError) in
            guard let index = accounts.firstIndex(where: { $0.name == user && $0.host == host }) else {
                throw .passwordNoMatch
            }
            var change = authentication
            change.plugin = nil
            try Self.apply(change, to: &accounts[index])
        }
    }

    /// The plugins TiDB v8.5 knows (`pkg/parser/mysql`); others are 1524.
    static let authenticationPlugins: Set<String> = [
        "mysql_native_password", "caching_sha2_password", "tidb_sm3_password", "auth_socket", "tidb_auth_token",
        "authentication_ldap_simple", "authentication_ldap_sasl",
    ]

    /// `IDENTIFIED ...` applied to an account: a new plugin, and the password or stored string.
    static func apply(_ authentication: AccountAuthentication, to account: inout UserAccount) throws(MySQLError) {
        if let plugin = authentication.plugin {
            guard Self.authenticationPlugins.contains(plugin) else { throw .pluginNotLoaded(plugin) }
            account.plugin = plugin
            account.passwordDoubleHash = nil
            account.pluginAuthenticationString = ""
        }
        let isNative = account.plugin == NativePassword.pluginName
        if let password = authentication.password {
            if isNative {
                account.passwordDoubleHash = password.isEmpty ? nil : NativePassword.doubleHash(password)
            } else if account.plugin == CachingSHA2Password.pluginName {
                account.pluginAuthenticationString = password.isEmpty ? "" : CachingSHA2Password.hash(password)
            } else {
                account.pluginAuthenticationString = password
            }
        } else if let hashed = authentication.hashed {
            if isNative {
                guard let hash = NativePassword.parseStoredHash(hashed) else {
                    throw .tidb(1827, "HY000", "The password hash doesn't have the expected format.")
                }
                account.passwordDoubleHash = hash
            } else {
                account.pluginAuthenticationString = hashed
            }
        }
    }
}

extension NativePassword {
    /// `*` and 40 hex digits (`PASSWORD()`'s form) to the double hash; "" is no password.
    static func parseStoredHash(_ text: String) -> [UInt8]?? {
        if text.isEmpty { return .some(nil) }
        let digits = Array(text.utf8)
        guard digits.count == 41, digits[0] == UInt8(ascii: "*") else { return nil }
        var bytes: [UInt8] = []
        var index = 1
        while index < 41 {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return .some(bytes)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
