import MySQLTypes

/// AUTO_RANDOM in CREATE TABLE, checked as TiDB's `checkAutoRandom` does (errors 8216).
extension TableDefinition {
    /// The column's layout from its clause: BIGINT only, no AUTO_INCREMENT or DEFAULT, shard bits
    /// 1...15 and range bits 32...64.
    static func autoRandom(_ spec: AutoRandomSpec, column: ColumnSpec) throws(MySQLError) -> AutoRandom {
        guard column.type.kind == .bigint else {
            throw .invalidAutoRandom(
                "auto_random option must be defined on `bigint` column, but not on `\(column.type.kind.rawValue)` column"
            )
        }
        if column.isAutoIncrement { throw .invalidAutoRandom("auto_random is incompatible with auto_increment") }
        if column.defaultValue != nil { throw .invalidAutoRandom("auto_random is incompatible with default") }
        let layout = AutoRandom(
            shardBits: spec.shardBits ?? AutoRandom.defaultShardBits,
            rangeBits: spec.rangeBits ?? AutoRandom.defaultRangeBits
        )
        guard AutoRandom.rangeBitsBounds.contains(layout.rangeBits) else {
            let bounds = AutoRandom.rangeBitsBounds
            throw .invalidAutoRandom(
                "auto_random range bits must be between \(bounds.lowerBound) and \(bounds.upperBound), but got \(layout.rangeBits)"
            )
        }
        guard layout.shardBits > 0 else { throw .invalidAutoRandom("the value of auto_random should be positive") }
        guard layout.shardBits <= AutoRandom.maxShardBits else {
            throw .invalidAutoRandom(
                "max allowed auto_random shard bits is \(AutoRandom.maxShardBits), but got \(layout.shardBits) on column `\(column.name)`"
            )
        }
        guard layout.incrementalBits > 0 else {
            throw .invalidAutoRandom(
                "auto_random ID space is too small, please decrease the shard bits or increase the range bits"
            )
        }
        return layout
    }

    /// An AUTO_RANDOM column must be the table's clustered, single-column integer primary key.
    static func checkAutoRandomIsHandle(_ schema: TableSchema) throws(MySQLError) {
        guard let position = schema.autoRandomColumn else { return }
        guard schema.primaryKeyIsHandle, schema.primaryKey?.columns == [position] else {
            throw .invalidAutoRandom(
                "column \(schema.columns[position].name) is not the integer primary key, or the primary key is nonclustered"
            )
        }
    }
}

extension MySQLError {
    static func invalidAutoRandom(_ reason: String) -> MySQLError {
        .tidb(8216, "HY000", "Invalid auto random: \(reason)")
    }

    static let autoRandomExplicitInsertDisabled = MySQLError.invalidAutoRandom(
        "Explicit insertion on auto_random column is disabled. Try to set @@allow_auto_random_explicit_insert = true."
    )
}
