import GoFormats
import MySQLTypes

/// `information_schema` tables built from the catalog on each read, with TiDB v8.5's columns
/// (`pkg/infoschema/tables.go`) and values (`pkg/executor/infoschema_reader.go`). Only user
/// tables are described in TABLES, COLUMNS, STATISTICS and the constraint tables.
struct InformationSchema {
    let session: Session

    /// The tables this mock provides, as SHOW TABLES FROM information_schema lists them.
    static let tableNames = [
        "CHARACTER_SETS", "CHECK_CONSTRAINTS", "CLUSTER_INFO", "COLLATIONS", "COLUMNS", "DATA_LOCK_WAITS",
        "KEY_COLUMN_USAGE", "PROCESSLIST", "REFERENTIAL_CONSTRAINTS", "SCHEMATA", "STATISTICS", "TABLES",
        "TABLE_CONSTRAINTS", "TIDB_CHECK_CONSTRAINTS", "VARIABLES_INFO", "VIEWS",
    ]

    /// The rows of `information_schema.<name>` (lowercased), or nil when the mock lacks it.
    func table(_ name: String, alias: String) throws(MySQLError) -> SourceRows? {
        let columns: [(String, FieldType)]
        let rows: [[Value]]
        switch name {
        case "schemata": (columns, rows) = (Self.schemataColumns, self.schemataRows())
        case "tables": (columns, rows) = (Self.tablesColumns, try self.tablesRows())
        case "columns": (columns, rows) = (Self.columnsColumns, self.columnsRows())
        case "statistics": (columns, rows) = (Self.statisticsColumns, self.statisticsRows())
        case "key_column_usage": (columns, rows) = (Self.keyColumnUsageColumns, self.keyColumnUsageRows())
        case "table_constraints": (columns, rows) = (Self.tableConstraintsColumns, self.tableConstraintsRows())
        case "referential_constraints":
            (columns, rows) = (Self.referentialConstraintsColumns, self.referentialConstraintsRows())
        case "check_constraints": (columns, rows) = (Self.checkConstraintsColumns, self.checkConstraintsRows())
        case "character_sets": (columns, rows) = (Self.characterSetsColumns, Self.characterSetsRows())
        case "collations": (columns, rows) = (Self.collationsColumns, Self.collationsRows())
        case "cluster_info": (columns, rows) = (Self.clusterInfoColumns, self.clusterInfoRows())
        case "data_lock_waits": (columns, rows) = (Self.dataLockWaitsColumns, self.dataLockWaitsRows())
        case "processlist": (columns, rows) = (Self.processListColumns, self.processListRows())
        case "views": (columns, rows) = (Self.viewsColumns, self.viewsRows())
        case "variables_info": (columns, rows) = (Self.variablesInfoColumns, self.variablesInfoRows())
        case "tidb_check_constraints":
            (columns, rows) = (Self.tidbCheckConstraintsColumns, self.tidbCheckConstraintsRows())
        default: return nil
        }
        let schema = RowSchema(
            columns: columns.map {
                RowSchema.Column(
                    schema: "information_schema",
                    table: alias,
                    name: $0.0,
                    type: $0.1,
                    originalTable: name.uppercased()
                )
            }
        )
        return SourceRows(schema: schema, rows: rows)
    }

    /// User tables, by database then name.
    var userTables: [TableSchema] {
        let storage = self.session.cluster.storage
        return storage.databaseNames.sorted { $0.lowercased() < $1.lowercased() }.flatMap { storage.tables(in: $0) }
    }

    // MARK: SCHEMATA, TABLES

    private func schemataRows() -> [[Value]] {
        self.session.cluster.databaseNames.map { name in
            let database = self.session.cluster.storage.database(name)
            return [
                .string("def"), .string(name), .string(database?.charset ?? "utf8mb4"),
                .string(database?.collation ?? "utf8mb4_bin"), .null, .null,
            ]
        }
    }

    private func tablesRows() throws(MySQLError) -> [[Value]] {
        let ts = try self.session.readContext().ts
        let tables: [[Value]] = self.userTables.map { table in
            let status = TableStatus(table, at: ts, session: self.session)
            let sharding = table.primaryKeyIsHandle ? "NOT_SHARDED(PK_IS_HANDLE)" : "NOT_SHARDED"
            return [
                .string("def"), .string(table.database), .string(table.name), .string("BASE TABLE"),
                .string("InnoDB"), .int(10), .string("Compact"), .int(status.rows), .int(status.averageRowLength),
                .int(status.dataLength), .int(0), .int(status.indexLength), .int(0),
                status.autoIncrement.map(Value.int) ?? .null, .datetime(status.createTime), .null, .null,
                .string(table.collation), .null, .string(""), .string(table.comment), .int(table.id),
                .string(sharding), .string(table.isClustered ? "CLUSTERED" : "NONCLUSTERED"), .null,
            ]
        }
        let views = self.userViews.map { self.viewTablesRow($0) }
        guard !views.isEmpty else { return tables }
        // By database, then name, tables and views together.
        return (tables + views).sorted { left, right in
            let (leftDatabase, rightDatabase) = (left[1].text?.lowercased() ?? "", right[1].text?.lowercased() ?? "")
            if leftDatabase != rightDatabase { return leftDatabase < rightDatabase }
            return (left[2].text ?? "") < (right[2].text ?? "")
        }
    }

    // MARK: COLUMNS

    private func columnsRows() -> [[Value]] {
        var rows: [[Value]] = []
        for table in self.userTables {
            for (position, column) in table.columns.enumerated() {
                let description = ColumnDescription(
                    table,
                    column: position,
                    timeZone: self.session.timeZone,
                    deprecateIntegerDisplayLength: self.session.instance.deprecateIntegerDisplayLength
                )
                let sizes = Self.sizes(of: column.type, charset: description.charset)
                rows.append([
                    .string("def"), .string(table.database), .string(table.name), .string(column.name),
                    .int(Int64(position + 1)), description.defaultText.map(Value.string) ?? .null,
                    .string(column.isNullable ? "YES" : "NO"), .string(column.type.kind.rawValue),
                    sizes.characters, sizes.octets, sizes.precision, sizes.scale, sizes.fraction,
                    description.charset.map(Value.string) ?? .null, description.collation.map(Value.string) ?? .null,
                    .string(description.type), .string(description.key), .string(description.extra),
                    .string(ColumnDescription.privileges), .string(column.comment),
                    .string(column.generated?.text ?? ""),
                ])
            }
        }
        return rows
    }

    /// CHARACTER_MAXIMUM_LENGTH … DATETIME_PRECISION: only the ones that apply to the type.
    static func sizes(
        of type: SQLType,
        charset: String?
    ) -> (characters: Value, octets: Value, precision: Value, scale: Value, fraction: Value) {
        switch type.kind {
        case .tinyint, .smallint, .mediumint, .int, .bigint:
            return (.null, .null, .int(Int64(type.displayWidth)), .int(0), .null)
        case .decimal:
            return (.null, .null, .int(Int64(type.length ?? 10)), .int(Int64(type.scale ?? 0)), .null)
        case .float, .double:
            let precision = type.length ?? (type.kind == .float ? 12 : 22)
            return (.null, .null, .int(Int64(precision)), type.scale.map { .int(Int64($0)) } ?? .null, .null)
        case .datetime, .timestamp, .time:
            return (.null, .null, .null, .null, .int(Int64(type.fractionDigits)))
        case .char, .varchar, .tinytext, .text, .mediumtext, .longtext, .binary, .varbinary, .tinyblob, .blob,
            .mediumblob, .longblob:
            let bytesPerCharacter = charset.flatMap { CharacterSets.charset(named: $0)?.maxLength } ?? 1
            let length = Int64(type.maximumLength)
            return (.int(length), .int(length * Int64(bytesPerCharacter)), .null, .null, .null)
        case .date, .year, .json:
            return (.null, .null, .null, .null, .null)
        case .enumeration, .set:
            let bytesPerCharacter = charset.flatMap { CharacterSets.charset(named: $0)?.maxLength } ?? 1
            let length = Int64(type.enumSetLength)
            return (.int(length), .int(length * Int64(bytesPerCharacter)), .null, .null, .null)
        case .bit:
            return (.null, .null, .int(Int64(type.length ?? 1)), .int(0), .null)
        }
    }

    // MARK: STATISTICS, KEY_COLUMN_USAGE, TABLE_CONSTRAINTS

    private func statisticsRows() -> [[Value]] {
        var rows: [[Value]] = []
        for table in self.userTables {
            for index in table.indexes {
                for (sequence, part) in index.keyParts.enumerated() {
                    let (name, nullable, expression) = Session.keyPartDescription(part, of: table)
                    let handle = index.isPrimary && table.primaryKeyIsHandle
                    rows.append([
                        .string("def"), .string(table.database), .string(table.name),
                        .string(index.isUnique ? "0" : "1"), .string(table.database), .string(index.name),
                        .int(Int64(sequence + 1)), .string(name), .string("A"), .int(0), .null, .null,
                        .string(nullable ? "YES" : ""), .string("BTREE"), .string(""),
                        .string(handle ? "" : index.comment), .string(index.isVisible ? "YES" : "NO"), expression,
                    ])
                }
            }
        }
        return rows
    }

    private func keyColumnUsageRows() -> [[Value]] {
        var rows: [[Value]] = []
        for table in self.userTables {
            for index in table.indexes where index.isUnique {
                for (sequence, position) in index.columns.enumerated() {
                    // TiDB fills POSITION_IN_UNIQUE_CONSTRAINT only for a handle primary key.
                    let handle = index.isPrimary && table.primaryKeyIsHandle
                    rows.append([
                        .string("def"), .string(table.database), .string(index.isPrimary ? "PRIMARY" : index.name),
                        .string("def"), .string(table.database), .string(table.name),
                        .string(table.columns[position].name), .int(Int64(sequence + 1)), handle ? .int(1) : .null,
                        .null, .null, .null,
                    ])
                }
            }
            rows += Self.foreignKeyUsageRows(table)
        }
        return rows
    }

    private func tableConstraintsRows() -> [[Value]] {
        var rows: [[Value]] = []
        for table in self.userTables {
            for index in table.indexes where index.isUnique {
                rows.append([
                    .string("def"), .string(table.database), .string(index.isPrimary ? "PRIMARY" : index.name),
                    .string(table.database), .string(table.name),
                    .string(index.isPrimary ? "PRIMARY KEY" : "UNIQUE"),
                ])
            }
            rows += Self.foreignKeyConstraintRows(table)
        }
        return rows
    }

    // MARK: CHARACTER_SETS, COLLATIONS

    private static func characterSetsRows() -> [[Value]] {
        CharacterSets.charsets.map {
            [.string($0.name), .string($0.defaultCollation), .string($0.description), .int(Int64($0.maxLength))]
        }
    }

    private static func collationsRows() -> [[Value]] {
        CharacterSets.collations.map {
            [
                .string($0.name), .string($0.charset), .int(Int64($0.id)), .string($0.isDefault ? "Yes" : ""),
                .string("Yes"), .int(Int64($0.sortLength)), .string($0.padAttribute),
            ]
        }
    }

    // MARK: CLUSTER_INFO

    /// The cluster's tidb instance and its PD endpoint, as TiDB lists them (docs/ticdc/pd-http.md §4):
    /// how a client finds PD from SQL. VERSION drops the leading `v`; PD's INSTANCE and
    /// STATUS_ADDRESS are both its client address.
    private func clusterInfoRows() -> [[Value]] {
        let instance = self.session.instance
        let host = instance.host
        let version = instance.release.hasPrefix("v") ? String(instance.release.dropFirst()) : instance.release
        let start = SQLDateTime(
            microsecondsSinceEpoch: instance.startMicroseconds / 1_000_000 * 1_000_000,
            offsetSeconds: self.session.timeZone.offsetSeconds(atMicroseconds: instance.startMicroseconds),
            fractionDigits: 0
        )
        let uptime = GoDuration.format(
            (self.session.cluster.clock.microsecondsSinceEpoch() - instance.startMicroseconds) * 1000
        )
        return [
            [
                .string("tidb"), .string("\(host):\(instance.port)"), .string("\(host):\(instance.statusPort)"),
                .string(version), .string(instance.gitHash), .datetime(start), .string(uptime),
                .int(Int64(instance.serverID)),
            ],
            [
                .string("pd"), .string("\(host):\(instance.pdPort)"), .string("\(host):\(instance.pdPort)"),
                .string(version), .string(instance.gitHash), .datetime(start), .string(uptime), .int(0),
            ],
        ]
    }

    // MARK: DATA_LOCK_WAITS

    /// Pessimistic lock waits in progress, one row per waiting transaction: the key (TiKV's row
    /// key in upper-case hex, `KeyText.rawRowKey`), the waiter's and the holder's start TS.
    /// KEY_INFO and the SQL digests are NULL here (TiDB decodes the key and digests the statement).
    private func dataLockWaitsRows() -> [[Value]] {
        self.session.cluster.storage.lockWaitsInProgress.compactMap { wait in
            guard let key = wait.key else { return nil }
            return [
                .string(KeyText.rawRowKey(tableID: key.tableID, handle: key.key).uppercased()), .null,
                .int(Int64(bitPattern: wait.waiter)), .int(Int64(bitPattern: wait.holder)), .null, .null,
            ]
        }
    }

    // MARK: PROCESSLIST

    /// SHOW FULL PROCESSLIST's rows with TiDB's extra columns. What the mock does not measure is
    /// what TiDB shows without the feature that measures it: MEM and DISK 0, TIDB_CPU and
    /// TIKV_CPU 0 (Top SQL off), the default resource group; DIGEST is empty
    /// (docs/tidb/sql-semantics.md §17).
    private func processListRows() -> [[Value]] {
        let now = self.session.cluster.clock.microsecondsSinceEpoch()
        let zone = self.session.timeZone
        let visible = self.session.instance.connections.snapshot().filter { self.session.seesConnection(of: $0.1.user) }
        return visible.map { id, activity in
            let running = activity.statement != nil
            let txnStart = activity.transactionStartTS.map { ts -> String in
                let micros = Int64(ts >> 18) * 1_000
                let local = SQLDateTime(
                    microsecondsSinceEpoch: micros,
                    offsetSeconds: zone.offsetSeconds(atMicroseconds: micros),
                    fractionDigits: 3
                )
                let text = local.description
                // Go's "01-02 15:04:05.000": the date without the year.
                return String(text.dropFirst(5)) + "(\(ts))"
            }
            let state: String = activity.transactionStartTS != nil ? "in transaction" : running ? "autocommit" : ""
            return [
                .uint(id), .string(activity.user), .string(activity.host), activity.database.map(Value.string) ?? .null,
                .string(activity.command), .int(max(0, (now - activity.sinceMicroseconds) / 1_000_000)),
                .string(state), activity.statement.map(Value.string) ?? .null, .string(""), .uint(0), .uint(0),
                .string(txnStart ?? ""), .string("default"), .string(""), .uint(0), .int(0), .int(0),
            ]
        }
    }
}
