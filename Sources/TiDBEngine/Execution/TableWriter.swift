import MySQLTypes

/// What INSERT, REPLACE, UPDATE and DELETE share: converting values into columns, the keys a
/// pessimistic transaction locks, and finding the rows a new row's unique keys collide with
/// (committed rows at their newest version, overlaid by the transaction's own writes).
struct TableWriter {
    let table: TableSchema
    let transaction: TransactionContext
    let storage: Storage
    /// Where warnings go, and the statement's time and zone for `CURRENT_TIMESTAMP`.
    let environment: any ExpressionEnvironment
    /// Strict mode and not IGNORE: conversion problems are errors, not warnings.
    let strict: Bool
    /// Built once per statement: its warning closure is an allocation.
    let coercion: ColumnCoercion

    init(
        table: TableSchema,
        transaction: TransactionContext,
        storage: Storage,
        environment: any ExpressionEnvironment,
        strict: Bool
    ) {
        self.table = table
        self.transaction = transaction
        self.storage = storage
        self.environment = environment
        self.strict = strict
        self.coercion = ColumnCoercion(
            strict: strict,
            warn: { environment.warn($0) },
            timeZone: environment.timeZone
        )
    }

    /// A column's value when an INSERT does not give one (`row` is 1-based, for messages).
    func defaultValue(ofColumn position: Int, row: Int) throws(MySQLError) -> Value {
        let column = self.table.columns[position]
        switch column.defaultValue {
        case .value(let value): return value
        case .null: return .null
        case .currentTimestamp: return self.currentTimestamp(for: column)
        case .none:
            if column.isNullable || column.isAutoIncrement || column.autoRandom != nil { return .null }
            if self.strict { throw .noDefaultValue(column.name) }
            self.environment.warn(.noDefaultValue(column.name))
            return ColumnCoercion.implicitZero(column.type)
        }
    }

    func currentTimestamp(for column: ColumnSchema) -> Value {
        self.environment.currentTimestamp(for: column)
    }

    /// `ON UPDATE CURRENT_TIMESTAMP` columns not assigned explicitly take the statement time
    /// when the row changes.
    func applyOnUpdateTimestamps(_ values: inout [Value], previous: [Value], assigned: Set<Int>) {
        guard values != previous else { return }
        for (position, column) in self.table.columns.enumerated()
        where column.onUpdateCurrentTimestamp && !assigned.contains(position) {
            values[position] = self.currentTimestamp(for: column)
        }
    }

    /// Converts `value` into column `position`; NULL into NOT NULL is 1048 (a warning and the
    /// type's zero under IGNORE).
    func convert(_ value: Value, toColumn position: Int, row: Int, ignore: Bool) throws(MySQLError) -> Value {
        let column = self.table.columns[position]
        if value.isNull {
            if column.isNullable { return .null }
            guard ignore else { throw .columnCannotBeNull(column.name) }
            self.environment.warn(.columnCannotBeNull(column.name))
            return ColumnCoercion.implicitZero(column.type)
        }
        return try self.coercion.coerce(value, to: column, row: row)
    }

    // MARK: Keys

    /// The lock key of a unique index entry.
    func uniqueLockKey(_ index: IndexSchema, _ values: [Value]) -> LockKey? {
        let columns = index.columns.map { values[$0] }
        if columns.contains(.null) { return nil }
        var key: [UInt8] = [0xFE]
        key += Array(index.name.lowercased().utf8)
        key.append(0)
        key += self.indexKey(index, values)
        return LockKey(tableID: self.table.id, key: key)
    }

    func indexKey(_ index: IndexSchema, _ values: [Value]) -> [UInt8] {
        KeyEncoding.encode(index.columns.map { values[$0] }, types: index.columns.map { self.table.columns[$0].type })
    }

    /// What inserting or changing to `values` at `handle` locks: the row and its unique keys.
    func lockKeys(handle: [UInt8], values: [Value]) -> [LockKey] {
        var keys = [LockKey(tableID: self.table.id, key: handle)]
        for index in self.table.indexes where index.isUnique && !(index.isPrimary && self.table.isClustered) {
            if let key = self.uniqueLockKey(index, values) { keys.append(key) }
        }
        return keys
    }

    // MARK: Current rows

    /// The row at `handle` as this transaction sees it now (its own write, else the newest commit).
    func currentRow(_ handle: [UInt8]) -> [Value]? {
        if let pending = self.transaction.pending(self.table.id, handle) { return pending.values }
        return self.storage.latestRow(tableID: self.table.id, handle: handle)
    }

    /// A row colliding with `values` (to be stored at `handle`): on the primary key first, then
    /// on each unique index in order; the index is named for 1062.
    func collision(
        _ values: [Value],
        handle: [UInt8],
        excluding excluded: [UInt8]? = nil
    ) -> (handle: [UInt8], values: [Value], index: IndexSchema)? {
        if self.table.isClustered, handle != excluded, let existing = self.currentRow(handle),
            let primary = self.table.primaryKey
        {
            return (handle, existing, primary)
        }
        for index in self.table.indexes where index.isUnique && !(index.isPrimary && self.table.isClustered) {
            let columns = index.columns.map { values[$0] }
            if columns.contains(.null) { continue }
            let prefix = self.indexKey(index, values)
            for row in self.storage.latestRows(tableID: self.table.id, index: index, prefix: prefix)
            where row.handle != handle && row.handle != excluded
                && self.transaction.pending(self.table.id, row.handle) == nil
            {
                return (row.handle, row.values, index)
            }
            for (other, write) in self.transaction.writes.tables[self.table.id] ?? [:]
            where other != handle && other != excluded {
                if let otherValues = write.values, self.indexKey(index, otherValues) == prefix {
                    return (other, otherValues, index)
                }
            }
        }
        return nil
    }

    func duplicateError(_ values: [Value], index: IndexSchema) -> MySQLError {
        .duplicateEntry(
            value: DuplicateKey.render(index.columns.map { values[$0] }),
            key: "\(self.table.name).\(index.name)"
        )
    }

    /// The handle a row is stored under: its primary key (clustered), else a new `_tidb_rowid`.
    func handle(for values: [Value]) -> [UInt8] {
        if let primary = self.table.primaryKey, self.table.isClustered {
            return KeyEncoding.encode(
                primary.columns.map { values[$0] },
                types: primary.columns.map { self.table.columns[$0].type }
            )
        }
        return KeyEncoding.rowID(self.storage.allocateRowIDs(tableID: self.table.id, count: 1))
    }
}

extension ColumnCoercion {
    /// The value a NOT NULL column gets when NULL or nothing is given without strict mode.
    static func implicitZero(_ type: SQLType) -> Value {
        switch type.kind {
        case .tinyint, .smallint, .mediumint, .int, .bigint, .year:
            return type.isUnsigned ? .uint(0) : .int(0)
        case .decimal:
            return .decimal(SQLDecimal(unscaled: 0, scale: type.scale ?? 0))
        case .float, .double:
            return .double(0)
        case .char, .varchar, .tinytext, .text, .mediumtext, .longtext, .time:
            return .string("")
        case .binary:
            return .bytes([UInt8](repeating: 0, count: type.maximumLength))
        case .varbinary, .tinyblob, .blob, .mediumblob, .longblob:
            return .bytes([])
        case .date, .datetime, .timestamp:
            return Self.zeroTime(type)
        case .json:
            return .string("null")
        case .enumeration:
            // NOT NULL ENUM without a default takes its first element (MySQL's implicit default).
            return .enumSet(EnumSetValue(name: type.elements.first ?? "", number: type.elements.isEmpty ? 0 : 1))
        case .set:
            return .enumSet(EnumSetValue(name: "", number: 0))
        case .bit:
            return .bit(BitValue(number: 0, width: type.bitWidth))
        }
    }
}
