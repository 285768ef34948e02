import MySQLTypes

/// GRANT, REVOKE and SHOW GRANTS (TiDB's `GrantExec`, `RevokeExec`, `showGrants`).
extension Session {
    /// A GRANT/REVOKE's privileges sorted out for its level.
    struct ResolvedPrivileges {
        var staticPrivileges: PrivilegeSet = []
        var dynamicPrivileges: [String] = []
        /// `priv(c, ...)` items: column → privileges.
        var columnPrivileges: [String: PrivilegeSet] = [:]
    }

    /// `*` names the current database; a table level needs the table to exist.
    func resolve(_ level: PrivilegeLevel, checkTable: Bool) throws(MySQLError) -> PrivilegeLevel {
        switch level {
        case .global:
            return .global
        case .database(let name):
            guard let database = name ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
            return .database(database)
        case .table(let name, let table):
            guard let database = name ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
            if checkTable, !Cluster.isSystemDatabase(database), self.cluster.storage.table(database, table) == nil,
                self.cluster.storage.view(database, table) == nil
            {
                throw .tableDoesNotExist(schema: database, table: table)
            }
            return .table(database: database, table: table)
        }
    }

    func resolvePrivileges(_ items: [PrivilegeItem], at level: PrivilegeLevel) throws(MySQLError) -> ResolvedPrivileges
    {
        var resolved = ResolvedPrivileges()
        let all: PrivilegeSet
        switch level {
        case .global: all = .allGlobal
        case .database: all = .allDatabase
        case .table: all = .allTable
        }
        for item in items {
            if !item.columns.isEmpty {
                guard case .table = level, let privilege = PrivilegeSet.parse(item.name),
                    PrivilegeSet.columnOrder.contains(privilege)
                else {
                    throw .tidb(
                        1144,
                        "42000",
                        "Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used"
                    )
                }
                for column in item.columns { resolved.columnPrivileges[column, default: []].formUnion(privilege) }
                continue
            }
            switch item.name {
            case "ALL PRIVILEGES":
                resolved.staticPrivileges.formUnion(all)
            case "USAGE":
                continue
            default:
                if let privilege = PrivilegeSet.parse(item.name) {
                    if privilege != .grantOption, !all.contains(privilege) {
                        if case .table = level {
                            throw .tidb(
                                1144,
                                "42000",
                                "Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used"
                            )
                        }
                        throw .tidb(1221, "HY000", "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES")
                    }
                    resolved.staticPrivileges.formUnion(privilege)
                } else {
                    guard DynamicPrivileges.all.contains(item.name) else {
                        throw .dynamicPrivilegeNotRegistered(item.name)
                    }
                    guard case .global = level else { throw .illegalPrivilegeLevel(item.name) }
                    resolved.dynamicPrivileges.append(item.name)
                }
            }
        }
        return resolved
    }

    /// The granter needs GRANT OPTION and each privilege at the level (8121, TiDB's
    /// `ErrPrivilegeCheckFail` for a visit without its own error).
    private func requireGrantable(_ privileges: ResolvedPrivileges, at level: PrivilegeLevel) throws(MySQLError) {
        if self.currentAccount.hasAllGlobalPrivileges, self.currentAccount.globalPrivileges.contains(.grantOption) {
            return
        }
        let (database, table): (String?, String?)
        switch level {
        case .global: (database, table) = (nil, nil)
        case .database(let name): (database, table) = (name, nil)
        case .table(let name, let tableName): (database, table) = (name, tableName)
        }
        for privilege in [PrivilegeSet.grantOption] + PrivilegeSet.globalOrder
        where privilege == .grantOption || privileges.staticPrivileges.contains(privilege) {
            guard self.hasPrivilege(privilege, database: database, table: table) else {
                let name = PrivilegeSet.info(privilege)?.name ?? ""
                throw .tidb(8121, "HY000", "privilege check for '\(name.capitalizedWords)' fail")
            }
        }
        for name in privileges.dynamicPrivileges where !self.currentAccount.grantableDynamicPrivileges.contains(name) {
            if !self.currentAccount.globalPrivileges.contains(.super) {
                throw .specificAccessDenied("SUPER or \(name)")
            }
        }
    }

    func grant(
        _ items: [PrivilegeItem],
        on level: PrivilegeLevel,
        to grantees: [AccountSpecification],
        withGrantOption: Bool
    ) throws(MySQLError) {
        let level = try self.resolve(level, checkTable: true)
        var privileges = try self.resolvePrivileges(items, at: level)
        try self.requireGrantable(privileges, at: level)
        if withGrantOption { privileges.staticPrivileges.formUnion(.grantOption) }
        let targets = grantees.map { (self.resolve($0.account), $0.authentication) }
        let createsUsers = !self.sessionVariableValue("sql_mode").split(separator: ",").contains("NO_AUTO_CREATE_USER")
        try self.cluster.users.modify { (accounts) throws(MySQLError) in
            for ((user, host), authentication) in targets {
                var index = accounts.firstIndex { $0.name == user && $0.host == host }
                if index == nil {
                    guard createsUsers else { throw .cannotCreateUserWithGrant }
                    accounts.append(UserAccount(created: user, host: host))
                    index = accounts.count - 1
                }
                guard let index else { continue }
                if let authentication { try Self.apply(authentication, to: &accounts[index]) }
                Self.add(privileges, at: level, withGrantOption: withGrantOption, to: &accounts[index])
            }
        }
    }

    private static func add(
        _ privileges: ResolvedPrivileges,
        at level: PrivilegeLevel,
        withGrantOption: Bool,
        to account: inout UserAccount
    ) {
        switch level {
        case .global:
            account.globalPrivileges.formUnion(privileges.staticPrivileges)
            for name in privileges.dynamicPrivileges {
                account.dynamicPrivileges.insert(name)
                if withGrantOption { account.grantableDynamicPrivileges.insert(name) }
            }
        case .database(let name):
            let key = account.databasePrivileges.keys.first { $0.lowercased() == name?.lowercased() } ?? name ?? ""
            account.databasePrivileges[key, default: []].formUnion(privileges.staticPrivileges)
        case .table(let database, let table):
            let key = UserAccount.TableGrant(database: database ?? "", table: table)
            if !privileges.staticPrivileges.isEmpty || privileges.columnPrivileges.isEmpty {
                account.tablePrivileges[key, default: []].formUnion(privileges.staticPrivileges)
            }
            for (column, columnPrivileges) in privileges.columnPrivileges {
                account.columnPrivileges[UserAccount.ColumnGrant(table: key, column: column), default: []]
                    .formUnion(columnPrivileges)
            }
        }
    }

    func revoke(_ items: [PrivilegeItem], on level: PrivilegeLevel, from names: [AccountName]) throws(MySQLError) {
        let level = try self.resolve(level, checkTable: false)
        let privileges = try self.resolvePrivileges(items, at: level)
        try self.requireGrantable(privileges, at: level)
        let targets = names.map(self.resolve)
        try self.cluster.users.modify { (accounts) throws(MySQLError) in
            for (user, host) in targets {
                guard let index = accounts.firstIndex(where: { $0.name == user && $0.host == host }) else {
                    throw .noSuchGrant(user: user, host: host)
                }
                switch level {
                case .global:
                    accounts[index].globalPrivileges.subtract(privileges.staticPrivileges)
                    for name in privileges.dynamicPrivileges {
                        accounts[index].dynamicPrivileges.remove(name)
                        accounts[index].grantableDynamicPrivileges.remove(name)
                    }
                case .database(let name):
                    let database = name ?? ""
                    guard
                        let key = accounts[index].databasePrivileges.keys.first(where: {
                            $0.lowercased() == database.lowercased()
                        })
                    else {
                        throw .unknown(
                            "There is no such grant defined for user '\(user)' on host '\(host)' on database \(database)"
                        )
                    }
                    accounts[index].databasePrivileges[key]?.subtract(privileges.staticPrivileges)
                    if accounts[index].databasePrivileges[key]?.isEmpty == true {
                        accounts[index].databasePrivileges[key] = nil
                    }
                case .table(let database, let table):
                    let key = UserAccount.TableGrant(database: database ?? "", table: table)
                    for (column, columnPrivileges) in privileges.columnPrivileges {
                        let grant = UserAccount.ColumnGrant(table: key, column: column)
                        accounts[index].columnPrivileges[grant]?.subtract(columnPrivileges)
                        if accounts[index].columnPrivileges[grant]?.isEmpty == true {
                            accounts[index].columnPrivileges[grant] = nil
                        }
                    }
                    if !privileges.columnPrivileges.isEmpty, privileges.staticPrivileges.isEmpty { continue }
                    guard accounts[index].tablePrivileges[key] != nil else {
                        throw .unknown(
                            "There is no such grant defined for user '\(user)' on host '\(host)' on table \(key.database).\(table)"
                        )
                    }
                    accounts[index].tablePrivileges[key]?.subtract(privileges.staticPrivileges)
                    if accounts[index].tablePrivileges[key]?.isEmpty == true {
                        accounts[index].tablePrivileges[key] = nil
                    }
                }
            }
        }
    }

    /// `SHOW GRANTS [FOR user]`: another account's grants need SELECT on `mysql`.
    func showGrants(_ user: String?) throws(MySQLError) -> ResultSet {
        let current = self.identity.account
        var (name, host) = (current.name, current.host)
        if let user, user != "CURRENT_USER" {
            let parts = user.split(separator: "@", maxSplits: 1).map(String.init)
            (name, host) = (parts[0], parts.count > 1 ? parts[1].lowercased() : "%")
            if name != current.name || host != current.host, !self.hasPrivilege(.select, database: "mysql") {
                throw .databaseAccessDenied(user: current.name, host: current.host, database: "mysql")
            }
        }
        guard let account = self.cluster.users.account(user: name, host: host) else {
            throw .noSuchGrant(user: name, host: host)
        }
        let grants = Self.grantLines(of: account)
        let header = user == nil || user == "CURRENT_USER" ? "Grants for User" : "Grants for \(name)@\(host)"
        let longest = grants.map(\.count).max() ?? 0
        return ResultSet(
            // TiDB names the column after the account only when FOR names one.
            columns: [FieldType.showColumn(longest: longest).column(named: header)],
            rows: grants.map { [.string($0)] }
        )
    }

    /// TiDB's `showGrants` lines: `*.*`, databases, tables (each sorted), then the dynamic
    /// privileges in one line (and one more for those WITH GRANT OPTION).
    static func grantLines(of account: UserAccount) -> [String] {
        let to = "TO '\(account.name)'@'\(account.host)'"
        func line(_ privileges: String, _ on: String, _ grantable: Bool) -> String {
            "GRANT \(privileges) ON \(on) \(to)" + (grantable ? " WITH GRANT OPTION" : "")
        }
        let global = account.globalPrivileges
        let globalText = global.grantText(order: PrivilegeSet.globalOrder, all: .allGlobal, useSetNames: false)
        var lines = [line(globalText.isEmpty ? "USAGE" : globalText, "*.*", global.contains(.grantOption))]
        var databaseLines: [String] = []
        for (database, privileges) in account.databasePrivileges {
            let text = privileges.grantText(order: PrivilegeSet.databaseOrder, all: .allDatabase, useSetNames: true)
            let on = Self.quotedName(database) + ".*"
            if !text.isEmpty {
                databaseLines.append(line(text, on, privileges.contains(.grantOption)))
            } else if privileges.contains(.grantOption) {
                databaseLines.append(line("USAGE", on, true))
            }
        }
        var tableLines: [String] = []
        for (grant, privileges) in account.tablePrivileges {
            let text = privileges.grantText(order: PrivilegeSet.tableOrder, all: .allTable, useSetNames: false)
            let on = Self.quotedName(grant.database) + "." + Self.quotedName(grant.table)
            if !text.isEmpty {
                tableLines.append(line(text, on, privileges.contains(.grantOption)))
            } else if privileges.contains(.grantOption) {
                tableLines.append(line("USAGE", on, true))
            }
        }
        lines += databaseLines.sorted() + tableLines.sorted() + Self.columnGrantLines(of: account, to: to)
        let plain = account.dynamicPrivileges.subtracting(account.grantableDynamicPrivileges).sorted()
        if !plain.isEmpty { lines.append(line(plain.joined(separator: ","), "*.*", false)) }
        let grantable = account.grantableDynamicPrivileges.sorted()
        if !grantable.isEmpty { lines.append(line(grantable.joined(separator: ","), "*.*", true)) }
        return lines
    }

    /// `GRANT SELECT(a, b), UPDATE(b) ON `db`.`t` TO ...`, one line per table (TiDB's
    /// `privOnColumnsToString`), sorted.
    private static func columnGrantLines(of account: UserAccount, to: String) -> [String] {
        var byTable: [UserAccount.TableGrant: [(String, PrivilegeSet)]] = [:]
        for (grant, privileges) in account.columnPrivileges {
            byTable[grant.table, default: []].append((grant.column, privileges))
        }
        return byTable.map { table, columns in
            let sorted = columns.sorted { $0.0 < $1.0 }
            let parts = PrivilegeSet.columnOrder.compactMap { privilege -> String? in
                let names = sorted.filter { $0.1.contains(privilege) }.map(\.0)
                guard !names.isEmpty, let name = PrivilegeSet.info(privilege)?.name else { return nil }
                return "\(name)(\(names.joined(separator: ", ")))"
            }
            let on = Self.quotedName(table.database) + "." + Self.quotedName(table.table)
            return "GRANT \(parts.joined(separator: ", ")) ON \(on) \(to)"
        }.sorted()
    }

    /// TiDB's `stringutil.Escape`: back-quoted, a back-quote doubled.
    static func quotedName(_ name: String) -> String {
        "`" + name.replacing("`", with: "``") + "`"
    }
}

extension String {
    /// `GRANT OPTION` → `Grant Option`, as TiDB's `Priv2Str` spells privileges in 8121.
    fileprivate var capitalizedWords: String {
        self.split(separator: " ").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
    }
}
