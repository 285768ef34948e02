import MySQLTypes

/// Privilege checks before a statement runs, with TiDB's errors (its planner's `visitInfo`).
/// An account holding every static privilege at `*.*` (root, the CLI's `--user` accounts) stops
/// at the first check: one atomic load and one flag per statement on the hot paths.
extension Session {
    /// The session's account as the privilege tables have it now: a GRANT or REVOKE applies to
    /// the next statement of every session of that account, as TiDB's privilege reload does.
    var currentAccount: UserAccount {
        self.refreshAccountIfChanged()
        return self.identity.account
    }

    /// Re-reads the account when the accounts changed since the last read (a dropped account
    /// keeps its session with no privileges, as in TiDB).
    func refreshAccountIfChanged() {
        let version = self.cluster.users.version
        guard version != self.identity.privilegeVersion else { return }
        let account = self.identity.account
        let refreshed =
            self.cluster.users.account(user: account.name, host: account.host)
            ?? UserAccount(created: account.name, host: account.host)
        self.identity.account = refreshed
        self.identity.hasAllPrivileges = refreshed.hasAllGlobalPrivileges
        self.identity.privilegeVersion = version
    }

    /// A dynamic privilege: granted explicitly, or implied by SUPER (TiDB's
    /// `RequestDynamicVerification`; RESTRICTED_REPLICA_WRITER_ADMIN only explicitly).
    func hasPrivilege(_ dynamic: String) -> Bool {
        let account = self.currentAccount
        if account.dynamicPrivileges.contains(dynamic) { return true }
        return dynamic != restrictedReplicaWriterAdmin && account.globalPrivileges.contains(.super)
    }

    /// Whether the account holds `privilege` on `database`.`table` at any level.
    func hasPrivilege(_ privilege: PrivilegeSet, database: String?, table: String? = nil) -> Bool {
        let account = self.currentAccount
        if account.globalPrivileges.isSuperset(of: privilege) { return true }
        guard let database else { return false }
        for (name, privileges) in account.databasePrivileges
        where privileges.isSuperset(of: privilege) && name.lowercased() == database.lowercased() {
            return true
        }
        guard let table else { return false }
        for (grant, privileges) in account.tablePrivileges
        where privileges.isSuperset(of: privilege) && grant.database.lowercased() == database.lowercased()
            && grant.table.lowercased() == table.lowercased()
        {
            return true
        }
        return false
    }

    /// Whether the account may see a database at all (`USE`, TiDB's `DBIsVisible`).
    func canSeeDatabase(_ database: String) -> Bool {
        let account = self.currentAccount
        if !account.globalPrivileges.subtracting(.grantOption).isEmpty { return true }
        if Cluster.isSystemDatabase(database), database.lowercased() != "mysql" { return true }
        let lower = database.lowercased()
        return account.databasePrivileges.keys.contains { $0.lowercased() == lower }
            || account.tablePrivileges.keys.contains { $0.database.lowercased() == lower }
    }

    /// 1227 unless the account has `dynamic` (or SUPER): TiDB's message names both.
    func requirePrivilege(_ dynamic: String) throws(MySQLError) {
        guard self.hasPrivilege(dynamic) else { throw .specificAccessDenied("SUPER or \(dynamic)") }
    }

    /// The check before `statement` runs.
    func checkPrivileges(_ statement: Statement) throws(MySQLError) {
        self.refreshAccountIfChanged()
        if self.identity.hasAllPrivileges { return }
        switch statement {
        case .select(let select):
            try self.checkReads(select)
        case .insert(let insert):
            try self.requireTable(.insert, insert.table)
            if insert.replace { try self.requireTable(.delete, insert.table) }
            if !insert.onDuplicateUpdate.isEmpty { try self.requireTable(.update, insert.table) }
            if case .select(let select) = insert.source { try self.checkReads(select) }
        case .update(let update):
            try self.requireTable(.update, update.table)
            if update.whereClause != nil { try self.requireTable(.select, update.table) }
            for item in update.joined { try self.checkReads(item.table) }
        case .delete(let delete):
            for target in delete.targets.isEmpty ? [delete.table] : delete.targets {
                try self.requireTable(.delete, target)
            }
            if delete.whereClause != nil, delete.targets.isEmpty { try self.requireTable(.select, delete.table) }
            for item in delete.joined { try self.checkReads(item.table) }
        case .createDatabase(let name, _, _):
            try self.requireDatabase(.create, name)
        case .dropDatabase(let name, _):
            try self.requireDatabase(.drop, name)
        case .alterDatabase(let name, _):
            try self.requireDatabase(.alter, name ?? self.identity.currentDatabase ?? "")
        case .createTable(let create):
            try self.requireTable(.create, create.table)
        case .createView(let view):
            try self.requireTable(.createView, view.name)
        case .dropTable(let tables, _):
            for table in tables { try self.requireTable(.drop, table) }
        case .dropView(let views, _):
            for view in views { try self.requireTable(.drop, view) }
        case .truncate(let table):
            try self.requireTable(.drop, table)
        case .alterTable(let table, _):
            try self.requireTable(.alter, table)
        case .createIndex(let table, _, _), .dropIndex(let table, _, _):
            try self.requireTable(.index, table)
        case .renameTables(let renames):
            for rename in renames {
                try self.requireTable(.alter, rename.from)
                try self.requireTable(.drop, rename.from)
                try self.requireTable(.create, rename.to)
                try self.requireTable(.insert, rename.to)
            }
        case .adminChecksum(let tables):
            for table in tables { try self.requireTable(.select, table) }
        case .brie(let brie):
            try self.requirePrivilege(
                brie.kind == .backup ? DynamicPrivileges.backupAdmin : DynamicPrivileges.restoreAdmin
            )
        case .show(let show):
            try self.checkShow(show)
        case .set(let assignments):
            for assignment in assignments where assignment.isGlobal {
                try self.requirePrivilege(DynamicPrivileges.systemVariablesAdmin)
            }
        case .explain(let explain):
            try self.checkPrivileges(explain.statement)
        default:
            return
        }
    }

    private func checkShow(_ show: ShowStatement) throws(MySQLError) {
        switch show.kind {
        case .brieTasks(let restores):
            try self.requirePrivilege(restores ? DynamicPrivileges.restoreAdmin : DynamicPrivileges.backupAdmin)
        case .createTable(let table), .columns(let table, _), .indexes(let table):
            // TiDB shows a table to an account with any privilege on it; SELECT is what it checks first.
            try self.requireTable(.select, table)
        default:
            return
        }
    }

    private func requireTable(_ privilege: PrivilegeSet, _ table: TableName) throws(MySQLError) {
        let database = table.database ?? self.identity.currentDatabase
        guard !self.hasPrivilege(privilege, database: database, table: table.name) else { return }
        if let database, Cluster.isSystemDatabase(database), database.lowercased() != "mysql" { return }
        let account = self.currentAccount
        throw .tableAccessDenied(
            command: PrivilegeSet.info(privilege)?.name ?? "",
            user: account.name,
            host: account.host,
            table: table.name.lowercased()
        )
    }

    private func requireDatabase(_ privilege: PrivilegeSet, _ database: String) throws(MySQLError) {
        guard !self.hasPrivilege(privilege, database: database) else { return }
        let account = self.currentAccount
        throw .databaseAccessDenied(user: account.name, host: account.host, database: database)
    }

    /// SELECT on every table a query reads: FROM (derived tables too), UNION members and
    /// subqueries anywhere in it.
    private func checkReads(_ select: SelectStatement) throws(MySQLError) {
        for item in select.from {
            try self.checkReads(item.table)
            if let condition = item.condition { try self.checkSubqueryReads(condition) }
        }
        for member in select.unions { try self.checkReads(member.select) }
        for field in select.fields {
            if case .expression(let expression, _, _) = field { try self.checkSubqueryReads(expression) }
        }
        if let condition = select.whereClause { try self.checkSubqueryReads(condition) }
        if let condition = select.having { try self.checkSubqueryReads(condition) }
    }

    private func checkReads(_ table: SelectStatement.TableReference) throws(MySQLError) {
        if let subquery = table.subquery { return try self.checkReads(subquery) }
        guard table.recursiveCTE == nil else { return }
        try self.requireTable(.select, TableName(database: table.schema, name: table.name))
    }

    private func checkSubqueryReads(_ expression: Expression) throws(MySQLError) {
        _ = try expression.rewritten { (node) throws(MySQLError) -> Expression? in
            switch node {
            case .subquery(let select), .exists(let select), .inSubquery(_, let select, _),
                .quantified(_, _, _, let select):
                try self.checkReads(select)
                return nil
            default:
                return nil
            }
        }
    }

    /// Whether SHOW PROCESSLIST and KILL may touch another user's connection.
    func seesConnection(of user: String) -> Bool {
        user == self.identity.user || self.hasPrivilege(.process, database: nil)
    }
}

extension SetAssignment {
    /// `SET GLOBAL` / `SET INSTANCE`: TiDB wants SYSTEM_VARIABLES_ADMIN or SUPER for both.
    var isGlobal: Bool {
        guard case .systemVariable(_, let scope, _) = self else { return false }
        return scope == .global || scope == .instance
    }
}
