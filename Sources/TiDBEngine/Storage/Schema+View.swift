/// A view: its query (tables qualified with their database) and what SHOW CREATE VIEW and
/// information_schema show of it, as TiDB's `model.ViewInfo` keeps them.
public struct ViewSchema: Sendable, Hashable {
    public var id: Int64 = 0
    public var database: String
    public var name: String
    /// The view's column names: the column list given, else the query's column names.
    public var columns: [String]
    public var query: SelectStatement
    /// The query as TiDB restores it (`ViewInfo.SelectStmt`).
    public var selectText: String
    public var algorithm = "UNDEFINED"
    public var definerUser: String
    public var definerHost: String
    public var security = "DEFINER"
    /// `CASCADED` (also when none was given, as TiDB's parser sets it) or `LOCAL`.
    public var checkOption = "CASCADED"
    /// `character_set_client` and `collation_connection` when it was created.
    public var charset: String
    public var collation: String
    public var createdMicroseconds: Int64 = 0

    public init(
        database: String,
        name: String,
        columns: [String],
        query: SelectStatement,
        selectText: String,
        definerUser: String,
        definerHost: String,
        charset: String,
        collation: String
    ) {
        self.database = database
        self.name = name
        self.columns = columns
        self.query = query
        self.selectText = selectText
        self.definerUser = definerUser
        self.definerHost = definerHost
        self.charset = charset
        self.collation = collation
    }
}
