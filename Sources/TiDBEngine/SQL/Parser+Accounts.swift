/// CREATE/ALTER/DROP/RENAME USER, CREATE/DROP ROLE, SET PASSWORD, GRANT, REVOKE and FLUSH
/// PRIVILEGES (TiDB's grammar for them, `pkg/parser/parser.y`).
extension Parser {
    /// The account statement starting here, or nil when the text is another statement.
    mutating func parseAccountStatementIfPresent() throws(SQLSyntaxError) -> Statement? {
        let first = self.current
        let second = self.peek()
        let statement: AccountStatement
        if first.isKeyword("CREATE"), second.isKeyword("USER") || second.isKeyword("ROLE") {
            statement = try self.parseCreateUser()
        } else if first.isKeyword("DROP"), second.isKeyword("USER") || second.isKeyword("ROLE") {
            self.advance()
            let isRole = self.accept("ROLE")
            if !isRole { try self.expect("USER") }
            let ifExists = try self.parseIfExistsClause()
            statement = .dropUser(ifExists: ifExists, accounts: try self.parseAccountNames(), isRole: isRole)
        } else if first.isKeyword("ALTER"), second.isKeyword("USER") {
            statement = try self.parseAlterUser()
        } else if first.isKeyword("RENAME"), second.isKeyword("USER") {
            self.advance()
            self.advance()
            var renames: [AccountRename] = []
            repeat {
                let from = try self.parseAccountName()
                try self.expect("TO")
                renames.append(AccountRename(from: from, to: try self.parseAccountName()))
            } while self.accept(.comma)
            statement = .renameUser(renames)
        } else if first.isKeyword("SET"), second.isKeyword("PASSWORD") {
            statement = try self.parseSetPassword()
        } else if first.isKeyword("GRANT") || first.isKeyword("REVOKE") {
            let start = self.index
            if let grant = try self.parseGrantOrRevoke() {
                statement = grant
            } else {
                self.index = start
                statement = try self.parseRoleGrant()
            }
        } else if first.isKeyword("FLUSH"), second.isKeyword("PRIVILEGES") {
            self.advance()
            self.advance()
            statement = .flushPrivileges
        } else if first.isKeyword("FLUSH"), second.isKeyword("TABLES") || second.isKeyword("TABLE") {
            self.advance()
            self.advance()
            var withReadLock = false
            if self.accept("WITH") {
                try self.expect("READ")
                try self.expect("LOCK")
                withReadLock = true
            } else {
                // `FLUSH TABLES t1, t2`: the tables are named, nothing else changes.
                while case .word = self.current.kind {
                    _ = try self.parseTableName()
                    if !self.accept(.comma) { break }
                }
            }
            statement = .flushTables(withReadLock: withReadLock)
        } else {
            return nil
        }
        return .account(statement)
    }

    /// `'user'@'host'`, `user` (host `%`), `CURRENT_USER[()]`; hosts are lower-cased as TiDB does.
    mutating func parseAccountName(allowsUserFunction: Bool = false) throws(SQLSyntaxError) -> AccountName {
        if self.accept("CURRENT_USER") {
            if self.accept(.leftParen) { try self.expect(.rightParen) }
            return .current
        }
        if allowsUserFunction, self.current.isKeyword("USER"), self.peek().isSymbol(.leftParen) {
            self.advance()
            self.advance()
            try self.expect(.rightParen)
            return .current
        }
        let user = try self.parseIdentifierOrString()
        if case .userVariable(let host) = self.current.kind {
            self.advance()
            return .named(user: user, host: host.lowercased())
        }
        return .named(user: user, host: "%")
    }

    private mutating func parseAccountNames() throws(SQLSyntaxError) -> [AccountName] {
        var names: [AccountName] = []
        repeat { names.append(try self.parseAccountName()) } while self.accept(.comma)
        return names
    }

    private mutating func parseIfExistsClause() throws(SQLSyntaxError) -> Bool {
        guard self.accept("IF") else { return false }
        try self.expect("EXISTS")
        return true
    }

    private mutating func parseAccountString() throws(SQLSyntaxError) -> String {
        guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
        self.advance()
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func parseCreateUser() throws(SQLSyntaxError) -> AccountStatement {
        self.advance()
        let isRole = self.accept("ROLE")
        if !isRole { try self.expect("USER") }
        var ifNotExists = false
        if self.accept("IF") {
            try self.expect("NOT")
            try self.expect("EXISTS")
            ifNotExists = true
        }
        var specifications: [AccountSpecification] = []
        repeat {
            specifications.append(try self.parseAccountSpecification(allowsUserFunction: false))
        } while self.accept(.comma)
        let options = try self.parseAccountOptions()
        return .createUser(
            ifNotExists: ifNotExists,
            specifications: specifications,
            isRole: isRole,
            metadata: options.metadata
        )
    }

    private mutating func parseAlterUser() throws(SQLSyntaxError) -> AccountStatement {
        self.advance()
        self.advance()
        let ifExists = try self.parseIfExistsClause()
        var specifications: [AccountSpecification] = []
        repeat {
            specifications.append(try self.parseAccountSpecification(allowsUserFunction: true))
        } while self.accept(.comma)
        let options = try self.parseAccountOptions()
        return .alterUser(
            ifExists: ifExists,
            specifications: specifications,
            lock: options.lock,
            metadata: options.metadata
        )
    }

    private mutating func parseAccountSpecification(
        allowsUserFunction: Bool
    ) throws(SQLSyntaxError) -> AccountSpecification {
        let isUserFunction =
            allowsUserFunction && self.current.isKeyword("USER") && self.peek().isSymbol(.leftParen)
        let account = try self.parseAccountName(allowsUserFunction: allowsUserFunction)
        guard self.accept("IDENTIFIED") else { return AccountSpecification(account: account) }
        var authentication = AccountAuthentication()
        if self.accept("WITH") {
            authentication.plugin = try self.parseIdentifierOrString().lowercased()
            if self.accept("BY") {
                authentication.password = try self.parseAccountString()
            } else if self.accept("AS") {
                authentication.hashed = try self.parseAccountString()
            }
        } else {
            try self.expect("BY")
            // `USER() IDENTIFIED BY PASSWORD '...'` is a syntax error in TiDB's grammar.
            if !isUserFunction, self.accept("PASSWORD") {
                authentication.hashed = try self.parseAccountString()
            } else {
                authentication.password = try self.parseAccountString()
            }
        }
        return AccountSpecification(account: account, authentication: authentication)
    }

    /// The options after the accounts. `ACCOUNT LOCK|UNLOCK`, `COMMENT` and `ATTRIBUTE` are kept
    /// (the latter two as the JSON text of `user_attributes`' `metadata`); TLS requirements, resource
    /// limits, password policies and resource groups are read and not enforced
    /// (docs/tidb/accounts-privileges.md).
    private mutating func parseAccountOptions() throws(SQLSyntaxError) -> (lock: Bool?, metadata: String?) {
        var lock: Bool?
        var metadata: String?
        while self.current.kind != .endOfInput, !self.current.isSymbol(.semicolon) {
            if self.accept("ACCOUNT") {
                if self.accept("LOCK") {
                    lock = true
                } else {
                    try self.expect("UNLOCK")
                    lock = false
                }
            } else if self.accept("COMMENT") {
                metadata = "{\"comment\": " + JSONValue.string(try self.parseAccountString()).text + "}"
            } else if self.accept("ATTRIBUTE") {
                metadata = try self.parseAccountString()
            } else {
                self.advance()
            }
        }
        return (lock, metadata)
    }

    private mutating func parseSetPassword() throws(SQLSyntaxError) -> AccountStatement {
        self.advance()
        self.advance()
        var account = AccountName.current
        if self.accept("FOR") { account = try self.parseAccountName() }
        try self.expect(.equal)
        var authentication = AccountAuthentication()
        if self.accept("PASSWORD") {
            try self.expect(.leftParen)
            authentication.password = try self.parseAccountString()
            try self.expect(.rightParen)
        } else {
            authentication.password = try self.parseAccountString()
        }
        return .setPassword(account: account, authentication: authentication)
    }

    /// `GRANT role[, ...] TO user[, ...]`, `REVOKE role[, ...] FROM user[, ...]`.
    private mutating func parseRoleGrant() throws(SQLSyntaxError) -> AccountStatement {
        let isGrant = self.current.isKeyword("GRANT")
        self.advance()
        let roles = try self.parseAccountNames()
        try self.expect(isGrant ? "TO" : "FROM")
        return .roleGrant(roles: roles, accounts: try self.parseAccountNames(), isGrant: isGrant)
    }

    /// nil for a role grant (`GRANT r1 TO u`): the caller parses it again as one.
    private mutating func parseGrantOrRevoke() throws(SQLSyntaxError) -> AccountStatement? {
        let isGrant = self.current.isKeyword("GRANT")
        self.advance()
        var privileges: [PrivilegeItem] = []
        repeat {
            guard let item = try self.parsePrivilegeItem() else {
                self.skipToEndOfStatement()
                return nil
            }
            privileges.append(item)
        } while self.accept(.comma)
        guard self.accept("ON") else {
            guard self.current.isKeyword("TO") || self.current.isKeyword("FROM") else { throw self.errorAtCurrent() }
            self.skipToEndOfStatement()
            return nil
        }
        let level = try self.parsePrivilegeLevel()
        if !isGrant {
            try self.expect("FROM")
            return .revoke(privileges: privileges, level: level, from: try self.parseAccountNames())
        }
        try self.expect("TO")
        var grantees: [AccountSpecification] = []
        repeat {
            grantees.append(try self.parseAccountSpecification(allowsUserFunction: false))
        } while self.accept(.comma)
        var withGrantOption = false
        while self.current.kind != .endOfInput, !self.current.isSymbol(.semicolon) {
            if self.current.isKeyword("GRANT"), self.peek().isKeyword("OPTION") {
                withGrantOption = true
                self.advance()
            }
            self.advance()
        }
        return .grant(privileges: privileges, level: level, to: grantees, withGrantOption: withGrantOption)
    }

    /// Words that continue a privilege's name (`CREATE USER`, `SHOW DATABASES`, ...).
    private static let privilegeSecondWords: [String: Set<String>] = [
        "CREATE": ["USER", "VIEW", "ROLE", "ROUTINE", "TABLESPACE", "TEMPORARY"],
        "SHOW": ["VIEW", "DATABASES"],
        "DROP": ["ROLE"],
        "LOCK": ["TABLES"],
        "ALTER": ["ROUTINE"],
        "REPLICATION": ["CLIENT", "SLAVE"],
        "GRANT": ["OPTION"],
    ]

    /// A privilege and its column list; nil when the item is a role's name (a string or `@host`).
    private mutating func parsePrivilegeItem() throws(SQLSyntaxError) -> PrivilegeItem? {
        guard case .word(let word) = self.current.kind else {
            if case .quotedIdentifier = self.current.kind { return nil }
            if case .string = self.current.kind { return nil }
            throw self.errorAtCurrent()
        }
        if case .userVariable = self.peek().kind { return nil }
        self.advance()
        var name = word.uppercased()
        if name == "ALL" {
            _ = self.accept("PRIVILEGES")
            name = "ALL PRIVILEGES"
        } else if let seconds = Self.privilegeSecondWords[name], case .word(let next) = self.current.kind,
            seconds.contains(next.uppercased())
        {
            name += " " + next.uppercased()
            self.advance()
            if name == "CREATE TEMPORARY" {
                try self.expect("TABLES")
                name += " TABLES"
            }
        }
        var item = PrivilegeItem(name: name)
        if self.accept(.leftParen) {
            repeat { item.columns.append(try self.parseIdentifier()) } while self.accept(.comma)
            try self.expect(.rightParen)
        }
        return item
    }

    private mutating func parsePrivilegeLevel() throws(SQLSyntaxError) -> PrivilegeLevel {
        _ = self.accept("TABLE")
        if self.accept(.star) {
            guard self.accept(.dot) else { return .database(nil) }
            try self.expect(.star)
            return .global
        }
        let first = try self.parseIdentifier()
        guard self.accept(.dot) else { return .table(database: nil, table: first) }
        if self.accept(.star) { return .database(first) }
        return .table(database: first, table: try self.parseIdentifier())
    }
}
