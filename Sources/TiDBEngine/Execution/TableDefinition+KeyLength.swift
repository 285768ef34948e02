import MySQLTypes

/// The key length limit of an index (TiDB's `buildIndexColumns` with `getIndexColumnLength`):
/// the columns' byte lengths may add up to 3072 (`max-index-length`). Over it is 1071; only a
/// one-column non-unique index outside strict mode gets away with a warning.
extension TableDefinition {
    static let maxIndexLength = 3072

    func checkKeyLength(_ spec: IndexSpec, positions: [Int], schema: TableSchema) throws(MySQLError) {
        var sum = 0
        for (slot, position) in positions.enumerated() {
            let prefix = slot < spec.prefixLengths.count ? spec.prefixLengths[slot] : nil
            let column = schema.columns[position]
            if prefix == nil, Self.isBlobOrText(column.type.kind) {
                throw .tidb(
                    1170,
                    "42000",
                    "BLOB/TEXT column '\(column.name)' used in key specification without a key length"
                )
            }
            sum += Self.keyLength(of: column.type, prefix: prefix)
        }
        guard sum > Self.maxIndexLength else { return }
        let error = MySQLError.tidb(
            1071,
            "42000",
            "Specified key was too long (\(sum) bytes); max key length is \(Self.maxIndexLength) bytes"
        )
        if self.session.variables.dataModes.strict || spec.kind != .plain || positions.count > 1 { throw error }
        self.session.addWarning(error)
    }

    private static func isBlobOrText(_ kind: SQLType.Kind) -> Bool {
        [.tinytext, .text, .mediumtext, .longtext, .tinyblob, .blob, .mediumblob, .longblob].contains(kind)
    }

    /// One key column's bytes: characters times the charset's width for strings, the storage size
    /// otherwise (`mysql.DefaultLengthOfMysqlTypes`).
    static func keyLength(of type: SQLType, prefix: Int?) -> Int {
        switch type.kind {
        case .bit:
            return ((prefix ?? type.length ?? 1) + 7) >> 3
        case .char, .varchar, .binary, .varbinary, .tinytext, .text, .mediumtext, .longtext, .tinyblob, .blob,
            .mediumblob, .longblob:
            let width = type.charset.flatMap { CharacterSets.charset(named: $0)?.maxLength } ?? 1
            return width * (prefix ?? type.maximumLength)
        case .tinyint, .year: return 1
        case .smallint, .enumeration: return 2
        case .mediumint, .date: return 3
        case .time: return 3 + (type.fractionDigits + 1) / 2
        case .int: return 4
        case .bigint, .double, .set: return 8
        case .float: return (type.length ?? 0) <= 24 ? 4 : 8
        case .decimal:
            let digits = type.length ?? 10
            return digits / 9 * 4 + (digits % 9 + 1) / 2
        case .datetime: return 8 + (type.fractionDigits + 1) / 2
        // TiDB v8.5 counts TIMESTAMP(n) as 4 bytes whatever n is (session/common.test).
        case .timestamp: return 4
        case .json: return 0
        }
    }
}
