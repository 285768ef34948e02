/// What a mock cluster's PD endpoint hands TiCDC (`GET /mock/v1/changes`): the committed changes
/// after a TS in commit-TS order, the schemas of the tables they touch, and the resolved TS up to
/// which nothing else will ever commit. Plain Codable values shared by the producer (mock-tidb) and
/// the consumer (mock-ticdc); see docs/ticdc/change-stream.md.
public struct ChangeBatch: Codable, Sendable, Equatable {
    public var events: [ChangeEvent]
    /// Tables the events name, by `TableInfo.key`.
    public var tables: [String: TableInfo]
    /// Every commit at or below this TS is in this batch or an earlier one; when the batch was
    /// cut short (`limit`), the last event's commit TS (a commit is never split across batches).
    public var resolvedTS: UInt64

    public init(events: [ChangeEvent], tables: [String: TableInfo], resolvedTS: UInt64) {
        self.events = events
        self.tables = tables
        self.resolvedTS = resolvedTS
    }

    enum CodingKeys: String, CodingKey {
        case events, tables
        case resolvedTS = "resolved_ts"
    }
}

/// One committed change.
public struct ChangeEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case insert, update, delete, ddl
    }

    public var commitTS: UInt64
    public var kind: Kind
    public var database: String
    /// The table a row change touches; the table a DDL names, if any.
    public var table: String?
    /// Row changes: `TableInfo.key` of the table's schema at the change.
    public var tableKey: String?
    /// The row before an update or delete, after an insert or update.
    public var before: [CellValue]?
    public var after: [CellValue]?
    /// A DDL's statement as the client sent it.
    public var query: String?
    /// The upstream transaction's `tidb_cdc_write_source`: non-zero when a changefeed wrote it.
    public var writeSource: UInt64

    public init(
        commitTS: UInt64,
        kind: Kind,
        database: String,
        table: String? = nil,
        tableKey: String? = nil,
        before: [CellValue]? = nil,
        after: [CellValue]? = nil,
        query: String? = nil,
        writeSource: UInt64 = 0
    ) {
        self.commitTS = commitTS
        self.kind = kind
        self.database = database
        self.table = table
        self.tableKey = tableKey
        self.before = before
        self.after = after
        self.query = query
        self.writeSource = writeSource
    }

    enum CodingKeys: String, CodingKey {
        case kind, database, table, before, after, query
        case commitTS = "commit_ts"
        case tableKey = "table_key"
        case writeSource = "write_source"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.commitTS = try container.decode(UInt64.self, forKey: .commitTS)
        self.kind = try container.decode(Kind.self, forKey: .kind)
        self.database = try container.decode(String.self, forKey: .database)
        self.table = try container.decodeIfPresent(String.self, forKey: .table)
        self.tableKey = try container.decodeIfPresent(String.self, forKey: .tableKey)
        self.before = try container.decodeIfPresent([CellValue].self, forKey: .before)
        self.after = try container.decodeIfPresent([CellValue].self, forKey: .after)
        self.query = try container.decodeIfPresent(String.self, forKey: .query)
        self.writeSource = try container.decodeIfPresent(UInt64.self, forKey: .writeSource) ?? 0
    }
}

/// A table's columns as a sink needs them to write rows: names, and which ones identify a row.
public struct TableInfo: Codable, Sendable, Equatable {
    public var database: String
    public var name: String
    public var tableID: Int64
    public var columns: [String]
    /// Positions of the primary key's columns, else of the first unique key on NOT NULL columns;
    /// empty when the table has neither (TiCDC calls such a table ineligible).
    public var handle: [Int]

    public init(database: String, name: String, tableID: Int64, columns: [String], handle: [Int]) {
        self.database = database
        self.name = name
        self.tableID = tableID
        self.columns = columns
        self.handle = handle
    }

    /// `id@version`: one table's schema between two DDLs.
    public static func key(tableID: Int64, version: Int64) -> String { "\(tableID)@\(version)" }

    enum CodingKeys: String, CodingKey {
        case database, name, columns, handle
        case tableID = "table_id"
    }
}
