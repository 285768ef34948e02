import MySQLTypes

/// One column as SHOW COLUMNS, DESCRIBE and information_schema.COLUMNS describe it (TiDB's
/// `table.NewColDesc`): its type text, character set, key, default and extra.
struct ColumnDescription {
    var name: String
    var type: String
    /// nil for types without a character set (numbers, temporals, binaries, JSON).
    var charset: String?
    var collation: String?
    var isNullable: Bool
    /// `PRI`, `UNI`, `MUL` or empty.
    var key: String
    /// The default as text (TIMESTAMPs in the session zone); nil for none or NULL.
    var defaultText: String?
    var extra: String
    var comment: String

    static let privileges = "select,insert,update,references"

    init(_ table: TableSchema, column position: Int, timeZone: SessionTimeZone, deprecateIntegerDisplayLength: Bool) {
        let column = table.columns[position]
        self.name = column.name
        self.type = column.type.definition(deprecateIntegerDisplayLength: deprecateIntegerDisplayLength)
        (self.charset, self.collation) = Self.characterSet(of: column, in: table)
        self.isNullable = column.isNullable
        self.key = Self.key(of: position, in: table)
        self.comment = column.comment
        let fraction = column.type.fractionDigits > 0 ? "(\(column.type.fractionDigits))" : ""
        switch column.defaultValue {
        case .none, .null:
            self.defaultText = nil
        case .currentTimestamp:
            self.defaultText = "CURRENT_TIMESTAMP" + fraction
        case .value(let value):
            self.defaultText = Self.text(of: value, type: column.type, timeZone: timeZone)
        }
        if let generated = column.generated {
            self.extra = generated.isStored ? "STORED GENERATED" : "VIRTUAL GENERATED"
        } else if column.isAutoIncrement {
            self.extra = "auto_increment"
        } else if column.onUpdateCurrentTimestamp {
            // TiDB follows MySQL 8.0.16 here (pingcap/tidb#10337).
            self.extra = "DEFAULT_GENERATED on update CURRENT_TIMESTAMP" + fraction
        } else {
            self.extra = ""
        }
    }

    /// The column's character set and collation; nil for types that have none.
    static func characterSet(of column: ColumnSchema, in table: TableSchema) -> (String?, String?) {
        guard column.type.isString || column.type.isEnumOrSet else { return (nil, nil) }
        if let name = column.type.collation, let collation = CharacterSets.collation(named: name) {
            return (collation.charset, collation.name)
        }
        if let name = column.type.charset, let charset = CharacterSets.charset(named: name) {
            return (charset.name, charset.defaultCollation)
        }
        return (table.charset, table.collation)
    }

    /// PRI for primary key columns, UNI for a single-column unique key, MUL for the first column
    /// of any other index (TiDB's `setColumnFlagWithConstraint`).
    static func key(of position: Int, in table: TableSchema) -> String {
        if table.primaryKey?.columns.contains(position) == true { return "PRI" }
        let secondary = table.indexes.filter { !$0.isPrimary && $0.columns.first == position }
        if secondary.contains(where: { $0.isUnique && $0.columns.count == 1 }) { return "UNI" }
        return secondary.isEmpty ? "" : "MUL"
    }

    /// A stored value as TiDB prints defaults: TIMESTAMPs (kept in UTC) in the session zone.
    static func text(of value: Value, type: SQLType, timeZone: SessionTimeZone) -> String? {
        if case .bit(let bit) = value { return bit.literal }
        guard type.kind == .timestamp, case .datetime(let utc) = value, utc.year > 0 else { return value.text }
        let micros = utc.microsecondsSinceEpoch(offsetSeconds: 0)
        let offset = timeZone.offsetSeconds(atMicroseconds: micros)
        let local = SQLDateTime(
            microsecondsSinceEpoch: micros,
            offsetSeconds: offset,
            fractionDigits: utc.fractionDigits
        )
        return local.description
    }
}

extension TableSchema {
    /// A single integer primary key is the row handle itself (TiDB's `PKIsHandle`): it is not
    /// in the index list and SHOW/information_schema describe it specially.
    var primaryKeyIsHandle: Bool {
        guard self.isClustered, let primary = self.primaryKey, primary.columns.count == 1 else { return false }
        return self.columns[primary.columns[0]].type.isInteger
    }
}
