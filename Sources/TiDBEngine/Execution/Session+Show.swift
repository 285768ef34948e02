import MySQLTypes

/// SHOW statements, with TiDB's columns, order and filtering (docs/tidb/sql-semantics.md §5–9).
extension Session {
    func executeShow(_ show: ShowStatement, previousWarnings: [SessionWarning]) throws(MySQLError) -> ResultSet {
        switch show.kind {
        case .variables(let global):
            return try self.filtered(
                self.variableRows(global: global),
                names: ["Variable_name", "Value"],
                show: show,
                likeIgnoresCase: true
            )
        case .status(let global):
            return try self.filtered(
                self.statusRows(global: global),
                names: ["Variable_name", "Value"],
                show: show,
                likeIgnoresCase: false
            )
        case .databases:
            var header = "Database"
            if case .like(let pattern) = show.filter, let text = try self.evaluate(pattern).text {
                header += " (\(text))"
            }
            return try self.filtered(
                self.cluster.databaseNames.filter(self.canSeeDatabase).map { [Value.string($0)] },
                names: [header],
                show: show,
                likeIgnoresCase: true
            )
        case .tables(let full, let database):
            return try self.showTables(full: full, database: database, show: show)
        case .createTable(let name):
            if try self.userView(name) != nil { return try self.showCreateView(name) }
            if try self.userSequence(name) != nil { return try self.showCreateSequence(name) }
            return try self.showCreateTable(name)
        case .createSequence(let name):
            return try self.showCreateSequence(name)
        case .createView(let name):
            return try self.showCreateView(name)
        case .createDatabase(let name):
            return try self.showCreateDatabase(name)
        case .columns(let name, let full):
            return try self.showColumns(name, full: full, show: show)
        case .indexes(let name):
            return try self.showIndexes(name, show: show)
        case .tableStatus(let database):
            return try self.showTableStatus(database: database, show: show)
        case .warnings, .errors:
            return try self.warningRows(previousWarnings, errorsOnly: show.kind == .errors, show: show)
        case .warningCount, .errorCount:
            let count =
                show.kind == .warningCount ? previousWarnings.count : previousWarnings.count { $0.level == .error }
            let type = FieldType(type: .long, length: 20, flags: .binary, charset: CollationID.binary)
            return ResultSet(columns: [type.column(named: "Count")], rows: [[.int(Int64(count))]])
        case .masterStatus:
            let position = self.activateTransactionForRead()
            let text = FieldType.showColumn(longest: 0)
            return ResultSet(
                columns: [
                    FieldType.showColumn(longest: 11).column(named: "File"),
                    FieldType.bigint(length: 20, flags: []).column(named: "Position"),
                    text.column(named: "Binlog_Do_DB"),
                    text.column(named: "Binlog_Ignore_DB"),
                    text.column(named: "Executed_Gtid_Set"),
                ],
                rows: [
                    [
                        .string("tidb-binlog"), .int(Int64(bitPattern: position.rawValue)), .string(""), .string(""),
                        .string(""),
                    ]
                ]
            )
        case .processList(let full):
            return self.processList(full: full)
        case .brieTasks(let restores):
            return try self.showBRIETasks(restores ? .restore : .backup, filter: show.filter)
        case .collation:
            // utf8mb4's default is the one `default_collation_for_utf8mb4` names.
            let utf8mb4Default = self.sessionVariableValue("default_collation_for_utf8mb4")
            let rows: [[Value]] = CharacterSets.collations.map {
                let isDefault = $0.charset == "utf8mb4" ? $0.name == utf8mb4Default : $0.isDefault
                return [
                    .string($0.name), .string($0.charset), .int(Int64($0.id)), .string(isDefault ? "Yes" : ""),
                    .string("Yes"), .int(Int64($0.sortLength)), .string($0.padAttribute),
                ]
            }
            return try self.filtered(
                rows,
                names: ["Collation", "Charset", "Id", "Default", "Compiled", "Sortlen", "Pad_attribute"],
                show: show,
                likeIgnoresCase: true
            )
        case .characterSet:
            let utf8mb4Default = self.sessionVariableValue("default_collation_for_utf8mb4")
            let rows: [[Value]] = CharacterSets.charsets.map {
                let collation = $0.name == "utf8mb4" ? utf8mb4Default : $0.defaultCollation
                return [.string($0.name), .string($0.description), .string(collation), .int(Int64($0.maxLength))]
            }
            return try self.filtered(
                rows,
                names: ["Charset", "Description", "Default collation", "Maxlen"],
                show: show,
                likeIgnoresCase: true
            )
        case .engines:
            let rows: [[Value]] = [
                [
                    .string("InnoDB"), .string("DEFAULT"),
                    .string("Supports transactions, row-level locking, and foreign keys"),
                    .string("YES"), .string("YES"), .string("YES"),
                ]
            ]
            return try self.filtered(
                rows,
                names: ["Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"],
                show: show,
                likeIgnoresCase: true
            )
        case .grants(let user):
            return try self.showGrants(user)
        case .builtins, .openTables, .histogramsInFlight:
            return try self.showMore(show)
        case .privileges:
            throw .notSupportedYet("SHOW PRIVILEGES")
        case .plugins:
            throw .notSupportedYet("SHOW PLUGINS")
        }
    }

    /// Builds a SHOW result from string/integer rows: string columns are widened to their
    /// longest value; LIKE matches the first column, WHERE sees every column by name.
    func filtered(
        _ rows: [[Value]],
        names: [String],
        show: ShowStatement,
        likeIgnoresCase: Bool
    ) throws(MySQLError) -> ResultSet {
        var rows = rows
        switch show.filter {
        case .like(let pattern):
            guard let patternBytes = try self.evaluate(pattern).textBytes else {
                rows = []
                break
            }
            rows = rows.filter { row in
                guard let subject = row.first?.textBytes else { return false }
                return Arithmetic.like(
                    subject,
                    patternBytes,
                    escape: UInt8(ascii: "\\"),
                    collation: likeIgnoresCase ? Self.caseInsensitive : .utf8mb4Bin
                )
            }
        case .whereClause(let condition):
            let schema = RowSchema(
                columns: names.map {
                    RowSchema.Column(schema: "", table: "", name: $0, type: .showColumn(longest: 0))
                }
            )
            rows = try Evaluator(environment: self, schema: schema).rows(rows, matching: condition)
        case nil:
            break
        }
        var columns: [ColumnDefinition] = []
        for (index, name) in names.enumerated() {
            let integers =
                !rows.isEmpty
                && rows.allSatisfy {
                    if case .int = $0[index] { return true }
                    return false
                }
            if integers {
                columns.append(FieldType.bigint(length: 21, flags: []).column(named: name))
            } else {
                let longest = rows.map { $0[index].text?.count ?? 0 }.max() ?? 0
                columns.append(FieldType.showColumn(longest: longest).column(named: name))
            }
        }
        return ResultSet(columns: columns, rows: rows)
    }

    private func variableRows(global: Bool) -> [[Value]] {
        let showNoop = self.sessionVariableValue("tidb_enable_noop_variables") != "OFF"
        var rows: [[Value]] = []
        rows.reserveCapacity(SystemVariables.sortedNames.count)
        for name in SystemVariables.sortedNames {
            guard let definition = SystemVariables.definition(name) else { continue }
            if definition.isNoop, !showNoop { continue }
            let sessionOnly = definition.scope == .session
            if global, sessionOnly { continue }
            let value =
                !global && definition.scope.contains(.session)
                ? self.sessionValue(definition) : self.globalValue(definition)
            rows.append([.string(name), .string(value)])
        }
        return rows
    }

    private func statusRows(global: Bool) -> [[Value]] {
        let table = self.cluster.mysqlTiDB
        var rows: [(String, String, Bool)] = [  // name, value, session only
            ("Compression", "OFF", true), ("Compression_algorithm", "", true), ("Compression_level", "0", true),
            ("Ssl_cipher", "", false), ("Ssl_cipher_list", "", false), ("Ssl_server_not_after", "", false),
            ("Ssl_server_not_before", "", false), ("Ssl_verify_mode", "0", false), ("Ssl_version", "", false),
            ("Uptime", String(self.instance.uptimeSeconds), false),
            ("ddl_schema_version", String(self.cluster.schemaVersion), false),
            ("last_plan_binding_update_time", "0000-00-00 00:00:00", true),
            ("server_id", self.cluster.ddlServerID, false),
        ]
        for (status, row) in [
            ("tidb_gc_last_run_time", MySQLTiDBRows.gcLastRunTime.0),
            ("tidb_gc_leader_desc", MySQLTiDBRows.gcLeaderDescription.0),
            ("tidb_gc_leader_lease", MySQLTiDBRows.gcLeaderLease.0),
            ("tidb_gc_leader_uuid", MySQLTiDBRows.gcLeaderUUID.0),
            ("tidb_gc_safe_point", MySQLTiDBRows.gcSafePoint.0),
        ] {
            if let value = table.value(row) { rows.append((status, value, false)) }
        }
        return rows.filter { !global || !$0.2 }
            .sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            .map { [.string($0.0), .string($0.1)] }
    }

    private func warningRows(
        _ warnings: [SessionWarning],
        errorsOnly: Bool,
        show: ShowStatement
    ) throws(MySQLError) -> ResultSet {
        var selected = warnings.filter { !errorsOnly || $0.level == .error }
        if show.limit != nil || show.offset != nil {
            let rows = try Evaluator(environment: self).applyLimit(
                selected.indices.map { [.int(Int64($0))] },
                limit: show.limit,
                offset: show.offset
            )
            selected = rows.compactMap { row in
                if case .int(let index) = row[0] { return selected[Int(index)] }
                return nil
            }
        }
        let longest = selected.map { $0.error.message.count }.max() ?? 0
        return ResultSet(
            columns: [
                FieldType.showColumn(longest: 64, minimum: 64).column(named: "Level"),
                FieldType(type: .long, length: 19, flags: [.unsigned], charset: CollationID.binary).column(
                    named: "Code"
                ),
                FieldType.showColumn(longest: longest, minimum: 64).column(named: "Message"),
            ],
            rows: selected.map { [.string($0.level.rawValue), .int(Int64($0.error.code)), .string($0.error.message)] }
        )
    }

    private func processList(full: Bool) -> ResultSet {
        let now = self.cluster.clock.microsecondsSinceEpoch()
        let visible = self.instance.connections.snapshot().filter { self.seesConnection(of: $0.1.user) }
        let rows: [[Value]] = visible.map { id, activity in
            var info: Value = activity.statement.map(Value.string) ?? .null
            if !full, let statement = activity.statement, statement.count > 100 {
                info = .string(String(statement.prefix(100)))
            }
            return [
                .uint(id), .string(activity.user), .string(activity.host), activity.database.map(Value.string) ?? .null,
                .string(activity.command), .uint(UInt64(max(0, (now - activity.sinceMicroseconds) / 1_000_000))),
                .string(activity.statement == nil ? "" : "autocommit"), info,
            ]
        }
        let text = FieldType.showColumn(longest: 64, minimum: 16)
        return ResultSet(
            columns: [
                FieldType.bigint(length: 21, flags: [.unsigned]).column(named: "Id"),
                text.column(named: "User"), text.column(named: "Host"), text.column(named: "db"),
                text.column(named: "Command"),
                FieldType(type: .long, length: 7, flags: [.unsigned], charset: CollationID.binary).column(
                    named: "Time"
                ),
                text.column(named: "State"),
                FieldType.showColumn(longest: full ? 1024 : 100).column(named: "Info"),
            ],
            rows: rows
        )
    }
}
