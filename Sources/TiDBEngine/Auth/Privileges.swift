/// TiDB's static privileges as bits (`pkg/parser/mysql/privs.go`), with the names SHOW GRANTS and
/// `mysql.user` spell them. `grantOption` rides along as TiDB's `GrantPriv` does.
public struct PrivilegeSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let create = Self(rawValue: 1 << 1)
    public static let select = Self(rawValue: 1 << 2)
    public static let insert = Self(rawValue: 1 << 3)
    public static let update = Self(rawValue: 1 << 4)
    public static let delete = Self(rawValue: 1 << 5)
    public static let showDatabases = Self(rawValue: 1 << 6)
    public static let `super` = Self(rawValue: 1 << 7)
    public static let createUser = Self(rawValue: 1 << 8)
    public static let trigger = Self(rawValue: 1 << 9)
    public static let drop = Self(rawValue: 1 << 10)
    public static let process = Self(rawValue: 1 << 11)
    public static let grantOption = Self(rawValue: 1 << 12)
    public static let references = Self(rawValue: 1 << 13)
    public static let alter = Self(rawValue: 1 << 14)
    public static let execute = Self(rawValue: 1 << 15)
    public static let index = Self(rawValue: 1 << 16)
    public static let createView = Self(rawValue: 1 << 17)
    public static let showView = Self(rawValue: 1 << 18)
    public static let createRole = Self(rawValue: 1 << 19)
    public static let dropRole = Self(rawValue: 1 << 20)
    public static let createTemporaryTables = Self(rawValue: 1 << 21)
    public static let lockTables = Self(rawValue: 1 << 22)
    public static let createRoutine = Self(rawValue: 1 << 23)
    public static let alterRoutine = Self(rawValue: 1 << 24)
    public static let event = Self(rawValue: 1 << 25)
    public static let shutdown = Self(rawValue: 1 << 26)
    public static let reload = Self(rawValue: 1 << 27)
    public static let file = Self(rawValue: 1 << 28)
    public static let config = Self(rawValue: 1 << 29)
    public static let createTablespace = Self(rawValue: 1 << 30)
    public static let replicationClient = Self(rawValue: 1 << 31)
    public static let replicationSlave = Self(rawValue: 1 << 32)

    /// One privilege: its bit, SHOW GRANTS' name, `mysql.user`'s column, the SET name of
    /// `mysql.db`/`tables_priv` (TiDB's `Priv2SetStr`, which SHOW GRANTS uses for databases).
    public struct Named: Sendable {
        public var privilege: PrivilegeSet
        public var name: String
        public var column: String
        public var setName: String?
    }

    public static let named: [Named] = [
        .init(privilege: .select, name: "SELECT", column: "Select_priv", setName: "Select"),
        .init(privilege: .insert, name: "INSERT", column: "Insert_priv", setName: "Insert"),
        .init(privilege: .update, name: "UPDATE", column: "Update_priv", setName: "Update"),
        .init(privilege: .delete, name: "DELETE", column: "Delete_priv", setName: "Delete"),
        .init(privilege: .create, name: "CREATE", column: "Create_priv", setName: "Create"),
        .init(privilege: .drop, name: "DROP", column: "Drop_priv", setName: "Drop"),
        .init(privilege: .process, name: "PROCESS", column: "Process_priv"),
        .init(privilege: .grantOption, name: "GRANT OPTION", column: "Grant_priv", setName: "Grant"),
        .init(privilege: .references, name: "REFERENCES", column: "References_priv", setName: "References"),
        .init(privilege: .alter, name: "ALTER", column: "Alter_priv", setName: "Alter"),
        .init(privilege: .showDatabases, name: "SHOW DATABASES", column: "Show_db_priv"),
        .init(privilege: .super, name: "SUPER", column: "Super_priv"),
        .init(privilege: .execute, name: "EXECUTE", column: "Execute_priv", setName: "Execute"),
        .init(privilege: .index, name: "INDEX", column: "Index_priv", setName: "Index"),
        .init(privilege: .createUser, name: "CREATE USER", column: "Create_user_priv"),
        .init(privilege: .createTablespace, name: "CREATE TABLESPACE", column: "Create_tablespace_priv"),
        .init(privilege: .trigger, name: "TRIGGER", column: "Trigger_priv", setName: "Trigger"),
        .init(privilege: .createView, name: "CREATE VIEW", column: "Create_view_priv", setName: "Create View"),
        .init(privilege: .showView, name: "SHOW VIEW", column: "Show_view_priv", setName: "Show View"),
        .init(privilege: .createRole, name: "CREATE ROLE", column: "Create_role_priv", setName: "Create Role"),
        .init(privilege: .dropRole, name: "DROP ROLE", column: "Drop_role_priv", setName: "Drop Role"),
        .init(
            privilege: .createTemporaryTables,
            name: "CREATE TEMPORARY TABLES",
            column: "Create_tmp_table_priv",
            setName: "Create Temporary Tables"
        ),
        .init(privilege: .lockTables, name: "LOCK TABLES", column: "Lock_tables_priv", setName: "Lock Tables"),
        .init(
            privilege: .createRoutine,
            name: "CREATE ROUTINE",
            column: "Create_routine_priv",
            setName: "Create Routine"
        ),
        .init(privilege: .alterRoutine, name: "ALTER ROUTINE", column: "Alter_routine_priv", setName: "Alter Routine"),
        .init(privilege: .event, name: "EVENT", column: "Event_priv", setName: "Event"),
        .init(privilege: .shutdown, name: "SHUTDOWN", column: "Shutdown_priv"),
        .init(privilege: .reload, name: "RELOAD", column: "Reload_priv"),
        .init(privilege: .file, name: "FILE", column: "File_priv"),
        .init(privilege: .config, name: "CONFIG", column: "Config_priv"),
        .init(privilege: .replicationClient, name: "REPLICATION CLIENT", column: "Repl_client_priv"),
        .init(privilege: .replicationSlave, name: "REPLICATION SLAVE", column: "Repl_slave_priv"),
    ]

    /// TiDB's `AllGlobalPrivs`, `AllDBPrivs`, `AllTablePrivs`, in their order (SHOW GRANTS lists
    /// privileges in these orders).
    public static let globalOrder: [PrivilegeSet] = [
        .select, .insert, .update, .delete, .create, .drop, .process, .references, .alter, .showDatabases, .super,
        .execute, .index, .createUser, .createTablespace, .trigger, .createView, .showView, .createRole, .dropRole,
        .createTemporaryTables, .lockTables, .createRoutine, .alterRoutine, .event, .shutdown, .reload, .file,
        .config, .replicationClient, .replicationSlave,
    ]
    public static let databaseOrder: [PrivilegeSet] = [
        .select, .insert, .update, .delete, .create, .drop, .references, .lockTables, .createTemporaryTables,
        .event, .createRoutine, .alterRoutine, .alter, .execute, .index, .createView, .showView, .trigger,
    ]
    public static let tableOrder: [PrivilegeSet] = [
        .select, .insert, .update, .delete, .create, .drop, .index, .references, .alter, .createView, .showView,
        .trigger,
    ]

    /// TiDB's `AllColumnPrivs`.
    public static let columnOrder: [PrivilegeSet] = [.select, .insert, .update, .references]

    public static let allGlobal = Self(globalOrder)
    public static let allDatabase = Self(databaseOrder)
    public static let allTable = Self(tableOrder)

    static func info(_ privilege: PrivilegeSet) -> Named? {
        Self.named.first { $0.privilege == privilege }
    }

    /// The privilege a GRANT/REVOKE names (`GRANT OPTION` included), nil for a dynamic one.
    static func parse(_ name: String) -> PrivilegeSet? {
        Self.named.first { $0.name == name }?.privilege
    }

    /// SHOW GRANTS' list: `ALL PRIVILEGES` when every privilege of the level is there, else the
    /// names in the level's order joined by `,` (TiDB's `PrivToString`).
    func grantText(order: [PrivilegeSet], all: PrivilegeSet, useSetNames: Bool) -> String {
        let privileges = self.subtracting(.grantOption)
        if privileges == all { return "ALL PRIVILEGES" }
        return order.filter { privileges.contains($0) }.compactMap { privilege in
            let named = Self.info(privilege)
            return (useSetNames ? named?.setName : named?.name)?.uppercased()
        }.joined(separator: ",")
    }

    /// `mysql.db`/`tables_priv`'s SET text: names joined by `,` in the level's order.
    func setText(order: [PrivilegeSet]) -> String {
        (order + [.grantOption]).filter { self.contains($0) }.compactMap { Self.info($0)?.setName }
            .joined(separator: ",")
    }
}

/// TiDB v8.5's dynamic privileges (`pkg/privilege/privileges/privileges.go`, `dynamicPrivs`).
public enum DynamicPrivileges {
    public static let backupAdmin = "BACKUP_ADMIN"
    public static let restoreAdmin = "RESTORE_ADMIN"
    public static let systemVariablesAdmin = "SYSTEM_VARIABLES_ADMIN"
    public static let connectionAdmin = "CONNECTION_ADMIN"

    public static let all: Set<String> = [
        "BACKUP_ADMIN", "RESTORE_ADMIN", "SYSTEM_USER", "SYSTEM_VARIABLES_ADMIN", "ROLE_ADMIN",
        "CONNECTION_ADMIN", "PLACEMENT_ADMIN", "DASHBOARD_CLIENT", "RESTRICTED_TABLES_ADMIN",
        "RESTRICTED_STATUS_ADMIN", "RESTRICTED_VARIABLES_ADMIN", "RESTRICTED_USER_ADMIN",
        "RESTRICTED_CONNECTION_ADMIN", "RESTRICTED_REPLICA_WRITER_ADMIN", "RESOURCE_GROUP_ADMIN",
        "RESOURCE_GROUP_USER", "TRAFFIC_CAPTURE_ADMIN", "TRAFFIC_REPLAY_ADMIN",
    ]
}
