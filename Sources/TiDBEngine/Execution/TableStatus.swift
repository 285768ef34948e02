import MySQLTypes

/// What information_schema.TABLES and SHOW TABLE STATUS report about a table's size. TiDB
/// estimates from its statistics (`EstimateDataLength`): fixed-size columns count their storage
/// length per row, variable-size ones their total encoded size; an index costs the lengths of
/// its columns. The mock's statistics are always current, so the figures follow the data.
struct TableStatus {
    var rows: Int64 = 0
    var averageRowLength: Int64 = 0
    var dataLength: Int64 = 0
    var indexLength: Int64 = 0
    /// The next AUTO_INCREMENT value; nil without an AUTO_INCREMENT column.
    var autoIncrement: Int64?
    var createTime: SQLDateTime

    init(_ table: TableSchema, at ts: UInt64, session: Session) {
        let storage = session.cluster.storage
        let micros = table.createdMicroseconds
        self.createTime = SQLDateTime(
            microsecondsSinceEpoch: micros,
            offsetSeconds: session.timeZone.offsetSeconds(atMicroseconds: micros),
            fractionDigits: 0
        )
        if table.autoIncrementColumn != nil { self.autoIncrement = storage.nextAutoIncrement(tableID: table.id) }

        let fixedLengths = table.columns.map { Self.storageLength($0.type) }
        var columnLengths = [Int64](repeating: 0, count: table.columns.count)
        if fixedLengths.contains(where: { $0 == nil }) {
            let stored = storage.scan(tableID: table.id, path: .full, at: ts)
            self.rows = Int64(stored.count)
            for row in stored {
                for (position, value) in row.values.enumerated() where fixedLengths[position] == nil {
                    columnLengths[position] += Self.encodedLength(value)
                }
            }
        } else {
            self.rows = Int64(storage.statistics(tableID: table.id, at: ts).rows)
        }
        for (position, length) in fixedLengths.enumerated() {
            if let length { columnLengths[position] = self.rows * Int64(length) }
        }
        self.dataLength = columnLengths.reduce(0, +)
        // A handle primary key is the row key itself, not an index.
        for index in table.indexes where !(index.isPrimary && table.primaryKeyIsHandle) {
            self.indexLength += index.columns.reduce(0) { $0 + columnLengths[$1] }
        }
        self.averageRowLength = self.rows == 0 ? 0 : self.dataLength / self.rows
    }

    /// TiDB's `FieldType.StorageLength`: 8 for numbers and temporals, the packed size for
    /// decimals, nil (variable) for strings and JSON.
    static func storageLength(_ type: SQLType) -> Int? {
        switch type.kind {
        case .decimal:
            let scale = type.scale ?? 0
            let integral = (type.length ?? 10) - scale
            return Self.packedDigits(integral) + Self.packedDigits(scale)
        case .tinyint, .smallint, .mediumint, .int, .bigint, .float, .double, .date, .datetime, .timestamp, .time,
            .year:
            return 8
        default:
            return nil
        }
    }

    /// Bytes of `digits` decimal digits in TiDB's decimal encoding (9 digits per 4 bytes).
    private static func packedDigits(_ digits: Int) -> Int {
        let tail = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4]
        return digits / 9 * 4 + tail[digits % 9]
    }

    /// A value's size as TiDB's column-size statistics count it: bytes plus the varint length
    /// prefix; NULL counts nothing.
    private static func encodedLength(_ value: Value) -> Int64 {
        guard let count = value.textBytes?.count else { return 0 }
        var zigzag = UInt64(count) << 1
        var prefix = 1
        while zigzag >= 0x80 {
            zigzag >>= 7
            prefix += 1
        }
        return Int64(count + prefix)
    }
}
