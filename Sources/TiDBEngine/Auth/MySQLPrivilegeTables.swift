import MySQLTypes

/// `mysql.user`, `mysql.db`, `mysql.tables_priv`, `mysql.columns_priv`, `mysql.global_grants`
/// and `mysql.global_priv` built from the cluster's accounts, with TiDB v8.5's columns
/// (`pkg/session/bootstrap.go`). Read-only: GRANT and CREATE USER change them.
extension Session {
    func mysqlPrivilegeTable(_ table: String, alias: String) -> SourceRows? {
        let accounts = self.cluster.users.all
        let columns: [(String, FieldType)]
        let rows: [[Value]]
        switch table {
        case "user":
            columns = Self.userColumns
            rows = accounts.map(Self.userRow)
        case "db":
            columns =
                [("Host", Self.char(255)), ("DB", Self.char(64)), ("User", Self.char(32))]
                + Self.databaseColumns.map { ($0.column, Self.privilegeEnum) }
            rows = accounts.flatMap { account in
                account.databasePrivileges.sorted { $0.key < $1.key }.map { database, privileges in
                    [.string(account.host), .string(database), .string(account.name)]
                        + Self.databaseColumns.map { Value.string(privileges.contains($0.privilege) ? "Y" : "N") }
                }
            }
        case "tables_priv":
            columns = [
                ("Host", Self.char(255)), ("DB", Self.char(64)), ("User", Self.char(32)),
                ("Table_name", Self.char(64)), ("Grantor", Self.char(77)),
                ("Timestamp", FieldType(type: .timestamp, length: 19, flags: [.binary], charset: CollationID.binary)),
                ("Table_priv", Self.set), ("Column_priv", Self.set),
            ]
            rows = accounts.flatMap { account in
                account.tablePrivileges.sorted { ($0.key.database, $0.key.table) < ($1.key.database, $1.key.table) }
                    .map { grant, privileges in
                        [
                            .string(account.host), .string(grant.database), .string(account.name),
                            .string(grant.table), .string(""), .null,
                            .string(privileges.setText(order: PrivilegeSet.tableOrder)),
                            .string(
                                account.columnPrivileges.filter { $0.key.table == grant }.values
                                    .reduce(PrivilegeSet()) { $0.union($1) }.setText(order: PrivilegeSet.columnOrder)
                            ),
                        ]
                    }
            }
        case "columns_priv":
            columns = [
                ("Host", Self.char(255)), ("DB", Self.char(64)), ("User", Self.char(32)),
                ("Table_name", Self.char(64)), ("Column_name", Self.char(64)),
                ("Timestamp", FieldType(type: .timestamp, length: 19, flags: [.binary], charset: CollationID.binary)),
                ("Column_priv", Self.set),
            ]
            rows = accounts.flatMap { account in
                account.columnPrivileges.sorted {
                    ($0.key.table.table, $0.key.column) < ($1.key.table.table, $1.key.column)
                }
                .map { grant, privileges in
                    [
                        .string(account.host), .string(grant.table.database), .string(account.name),
                        .string(grant.table.table), .string(grant.column), .null,
                        .string(privileges.setText(order: PrivilegeSet.columnOrder)),
                    ]
                }
            }
        case "global_grants":
            columns = [
                ("USER", Self.char(32)), ("HOST", Self.char(255)), ("PRIV", Self.char(32)),
                ("WITH_GRANT_OPTION", Self.privilegeEnum),
            ]
            rows = accounts.flatMap { account in
                account.dynamicPrivileges.sorted().map { name in
                    [
                        .string(account.name), .string(account.host), .string(name),
                        .string(account.grantableDynamicPrivileges.contains(name) ? "Y" : "N"),
                    ]
                }
            }
        case "global_priv":
            columns = [("Host", Self.char(255)), ("User", Self.char(80)), ("Priv", Self.longText)]
            rows = accounts.filter { $0.attributes != nil }.map { account in
                [.string(account.host), .string(account.name), .string("{}")]
            }
        default:
            return nil
        }
        // Reading it is reading data: under autocommit = 0 it starts a transaction.
        _ = self.activateTransactionForRead()
        let schema = RowSchema(
            columns: columns.map { name, type in
                RowSchema.Column(schema: "mysql", table: alias, name: name, type: type, originalTable: table)
            }
        )
        return SourceRows(schema: schema, rows: rows)
    }

    /// `information_schema.USER_ATTRIBUTES`: each account's `metadata` (COMMENT, ATTRIBUTE) or NULL.
    func userAttributesTable(alias: String) -> SourceRows {
        let rows: [[Value]] = self.cluster.users.all.map { account in
            var metadata: Value = .null
            if case .object(let members)? = account.attributes,
                let value = members.first(where: { $0.key == "metadata" })
            {
                metadata = .string(value.value.text)
            }
            return [.string(account.name), .string(account.host), metadata]
        }
        let columns: [(String, FieldType)] = [
            ("USER", FieldType(type: .varString, length: 128, flags: [.notNull], charset: CollationID.utf8mb4Bin)),
            ("HOST", FieldType(type: .varString, length: 1020, flags: [.notNull], charset: CollationID.utf8mb4Bin)),
            ("ATTRIBUTE", Self.longText),
        ]
        let schema = RowSchema(
            columns: columns.map { name, type in
                RowSchema.Column(
                    schema: "information_schema",
                    table: alias,
                    name: name,
                    type: type,
                    originalTable: "USER_ATTRIBUTES"
                )
            }
        )
        return SourceRows(schema: schema, rows: rows)
    }

    private static func char(_ length: UInt32) -> FieldType {
        FieldType(type: .string, length: length * 4, charset: CollationID.utf8mb4Bin)
    }

    private static let privilegeEnum = FieldType(
        type: .string,
        length: 4,
        flags: [.notNull, .enumeration],
        charset: CollationID.utf8mb4Bin
    )
    private static let set = FieldType(
        type: .string,
        length: 0,
        flags: [.notNull, .set],
        charset: CollationID.utf8mb4Bin
    )
    private static let longText = FieldType(
        type: .blob,
        length: 0xFFFF_FFFF,
        flags: [.blob],
        charset: CollationID.utf8mb4Bin
    )

    /// `mysql.user`'s privilege columns in table order, with the privilege each shows.
    private static let userPrivilegeColumns: [(String, PrivilegeSet?)] = [
        ("Select_priv", .select), ("Insert_priv", .insert), ("Update_priv", .update), ("Delete_priv", .delete),
        ("Create_priv", .create), ("Drop_priv", .drop), ("Process_priv", .process), ("Grant_priv", .grantOption),
        ("References_priv", .references), ("Alter_priv", .alter), ("Show_db_priv", .showDatabases),
        ("Super_priv", .super), ("Create_tmp_table_priv", .createTemporaryTables),
        ("Lock_tables_priv", .lockTables), ("Execute_priv", .execute), ("Create_view_priv", .createView),
        ("Show_view_priv", .showView), ("Create_routine_priv", .createRoutine),
        ("Alter_routine_priv", .alterRoutine), ("Index_priv", .index), ("Create_user_priv", .createUser),
        ("Event_priv", .event), ("Repl_slave_priv", .replicationSlave), ("Repl_client_priv", .replicationClient),
        ("Trigger_priv", .trigger), ("Create_role_priv", .createRole), ("Drop_role_priv", .dropRole),
        ("Account_locked", nil), ("Shutdown_priv", .shutdown), ("Reload_priv", .reload), ("FILE_priv", .file),
        ("Config_priv", .config), ("Create_Tablespace_Priv", .createTablespace),
    ]

    private static let databaseColumns: [PrivilegeSet.Named] = [
        PrivilegeSet.select, .insert, .update, .delete, .create, .drop, .grantOption, .references, .index, .alter,
        .createTemporaryTables, .lockTables, .createView, .showView, .createRoutine, .alterRoutine, .execute, .event,
        .trigger,
    ].compactMap { PrivilegeSet.info($0) }

    private static var userColumns: [(String, FieldType)] {
        [
            ("Host", Self.char(255)), ("User", Self.char(32)), ("authentication_string", Self.longText),
            ("plugin", Self.char(64)),
        ]
            + Self.userPrivilegeColumns.map { ($0.0, Self.privilegeEnum) }
            + [
                (
                    "Password_reuse_history",
                    FieldType(type: .short, length: 5, flags: [.unsigned], charset: CollationID.binary)
                ),
                (
                    "Password_reuse_time",
                    FieldType(type: .short, length: 5, flags: [.unsigned], charset: CollationID.binary)
                ),
                (
                    "User_attributes",
                    FieldType(type: .json, length: 0xFFFF_FFFF, flags: [.binary], charset: CollationID.binary)
                ),
                ("Token_issuer", FieldType(type: .varString, length: 1020, charset: CollationID.utf8mb4Bin)),
                ("Password_expired", Self.privilegeEnum),
                (
                    "Password_last_changed",
                    FieldType(type: .timestamp, length: 19, flags: [.binary], charset: CollationID.binary)
                ),
                (
                    "Password_lifetime",
                    FieldType(type: .short, length: 5, flags: [.unsigned], charset: CollationID.binary)
                ),
                (
                    "Max_user_connections",
                    FieldType(type: .long, length: 10, flags: [.notNull, .unsigned], charset: CollationID.binary)
                ),
            ]
    }

    private static func userRow(_ account: UserAccount) -> [Value] {
        var row: [Value] = [
            .string(account.host), .string(account.name), .string(account.authenticationString),
            .string(account.plugin),
        ]
        for (_, privilege) in Self.userPrivilegeColumns {
            let granted = privilege.map { account.globalPrivileges.contains($0) } ?? account.isLocked
            row.append(.string(granted ? "Y" : "N"))
        }
        row += [
            .null, .null, account.attributes.map { Value.string($0.text) } ?? .null, .string(""), .string("N"), .null,
            .null,
            .uint(0),
        ]
        return row
    }
}
