/// One committed version of a row. `values` nil marks a delete.
struct RowVersion {
    var commitTS: UInt64
    /// The writing transaction's start TS (9007 names it).
    var startTS: UInt64
    var values: [Value]?
}

/// A row's versions, oldest first.
final class RowChain {
    var versions: [RowVersion]

    init(_ version: RowVersion) {
        self.versions = [version]
    }

    /// The values visible at `ts`: the newest version committed at or before it.
    func values(at ts: UInt64) -> [Value]? {
        var index = self.versions.count - 1
        while index >= 0 {
            let version = self.versions[index]
            if version.commitTS <= ts { return version.values }
            index -= 1
        }
        return nil
    }

    var latest: RowVersion { self.versions[self.versions.count - 1] }
}

/// A table's data: rows by handle (primary key or `_tidb_rowid` key) and the entries of its
/// secondary indexes. Index entries are `encoded columns + handle` for every version ever
/// written (until GC): a superset that readers check against the row version they see.
final class TableData {
    var schema: TableSchema
    var rows = SortedMap<RowChain>(hashed: true)
    /// Per index (same order as `schema.indexes`, the clustered primary key excluded): entry
    /// key → handle.
    var indexes: [String: SortedMap<[UInt8]>] = [:]
    var autoIncrement = AutoIncrement()
    var nextRowID: Int64 = 1

    init(schema: TableSchema) {
        self.schema = schema
        self.autoIncrement = AutoIncrement(batchSize: schema.autoIDCache)
        for index in schema.indexes where !(index.isPrimary && schema.isClustered) {
            self.indexes[index.name.lowercased()] = SortedMap()
        }
    }

    /// The handle of a row: its encoded primary key when clustered.
    func handle(for values: [Value]) -> [UInt8]? {
        guard let primary = self.schema.primaryKey else { return nil }
        return KeyEncoding.encode(
            primary.columns.map { values[$0] },
            types: primary.columns.map { self.schema.columns[$0].type }
        )
    }

    /// The encoded columns of `index` for a row (the entry prefix).
    func indexKey(_ index: IndexSchema, _ values: [Value]) -> [UInt8] {
        KeyEncoding.encode(index.columns.map { values[$0] }, types: index.columns.map { self.schema.columns[$0].type })
    }

    func addIndexEntries(for values: [Value], handle: [UInt8]) {
        for index in self.schema.indexes where !(index.isPrimary && self.schema.isClustered) {
            let name = index.name.lowercased()
            self.indexes[name]?.set(self.indexKey(index, values) + handle, handle)
        }
    }

    /// Rebuilds every secondary index from all versions (after DDL).
    func rebuildIndexes() {
        for key in Array(self.indexes.keys) { self.indexes[key] = SortedMap() }
        for index in self.schema.indexes where !(index.isPrimary && self.schema.isClustered) {
            self.indexes[index.name.lowercased()] = SortedMap()
        }
        self.rows.scan(from: nil, to: nil) { handle, chain in
            for version in chain.versions {
                if let values = version.values { self.addIndexEntries(for: values, handle: handle) }
            }
            return true
        }
    }
}

/// TiDB's AUTO_INCREMENT allocator: each TiDB instance caches a batch of ids (30,000 by
/// default); `globalNext` is the first id no batch holds, which SHOW CREATE TABLE shows.
struct AutoIncrement {
    static let defaultBatchSize: Int64 = 30_000

    /// The table's AUTO_ID_CACHE, or TiDB's default.
    var batchSize = Self.defaultBatchSize
    var globalNext: Int64 = 1
    /// The instance's cached ids, `[next, end)`.
    var next: Int64 = 1
    var end: Int64 = 1

    init(start: Int64 = 1, batchSize: Int64? = nil) {
        self.batchSize = batchSize ?? Self.defaultBatchSize
        self.globalNext = start
        self.next = start
        self.end = start
    }

    mutating func allocate(_ count: Int) -> Int64 {
        let count = Int64(count)
        // Saturating: ids near Int64.max must not trap (the column's range check refuses them).
        let (wanted, overflow) = self.next.addingReportingOverflow(count)
        if overflow || wanted > self.end {
            self.next = self.globalNext
            let (end, endOverflow) = self.globalNext.addingReportingOverflow(max(self.batchSize, count))
            self.end = endOverflow ? Int64.max : end
            self.globalNext = self.end
        }
        let first = self.next
        let (after, afterOverflow) = first.addingReportingOverflow(count)
        self.next = afterOverflow ? Int64.max : after
        return first
    }

    mutating func rebase(_ used: Int64) {
        guard used >= self.next, used < Int64.max else { return }
        if used < self.end {
            self.next = used + 1
        } else {
            self.next = used + 1
            let (end, overflow) = self.next.addingReportingOverflow(self.batchSize)
            self.end = overflow ? Int64.max : end
            self.globalNext = max(self.globalNext, self.end)
        }
    }
}
