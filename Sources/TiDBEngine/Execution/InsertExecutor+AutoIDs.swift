import MySQLTypes

/// AUTO_RANDOM columns on INSERT (TiDB's `adjustAutoRandomDatum`): NULL or 0 (without
/// NO_AUTO_VALUE_ON_ZERO) takes the next incremental id with the transaction's shard in the high
/// bits; an explicit value needs `allow_auto_random_explicit_insert` and moves the allocator past
/// its incremental bits.
extension InsertExecutor {
    /// Fills `values[column]`; returns the generated value, nil for an explicit one.
    func fillAutoRandom(
        _ values: inout [Value],
        column: Int,
        table: TableSchema,
        writer: TableWriter,
        row: Int
    ) throws(MySQLError) -> Int64? {
        guard let layout = table.columns[column].autoRandom else { return nil }
        let value = values[column]
        let zero = !self.context.dataModes.noAutoValueOnZero && (value == .int(0) || value == .uint(0))
        if !value.isNull, !zero {
            guard self.context.environment.sessionVariableValue("allow_auto_random_explicit_insert") == "ON" else {
                throw .autoRandomExplicitInsertDisabled
            }
            if let used = value.int64(warn: { _ in }) {
                self.context.storage.rebaseAutoIncrement(tableID: table.id, usedValue: used & layout.incrementalMask)
            }
            return nil
        }
        let id = self.context.storage.allocateAutoIncrement(tableID: table.id, count: 1)
        let generated = layout.value(id: id, shard: Self.shard(of: self.context.transaction.startTS))
        values[column] = try writer.convert(.int(generated), toColumn: column, row: row, ignore: false)
        return generated
    }

    /// A transaction's shard: a mix of its start TS, so one transaction's rows share a shard and
    /// transactions spread over shards (TiDB hashes the start TS with murmur3).
    static func shard(of startTS: TSO) -> UInt64 {
        var mixed = startTS.rawValue &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// AUTO_INCREMENT ids past the column's integer range.
extension InsertExecutor {
    /// TiDB's allocator checks the new id against the column type: 1690 `constant N overflows
    /// tinyint` (the type's name without UNSIGNED).
    static func checkAutoIncrementRange(_ id: Int64, type: SQLType) throws(MySQLError) {
        let bits: Int64
        switch type.kind {
        case .tinyint: bits = 8
        case .smallint: bits = 16
        case .mediumint: bits = 24
        case .int: bits = 32
        default: return
        }
        let maximum = type.isUnsigned ? (Int64(1) << bits) - 1 : (Int64(1) << (bits - 1)) - 1
        guard id > maximum else { return }
        throw .tidb(1690, "22003", "constant \(id) overflows \(type.kind.rawValue)")
    }
}
