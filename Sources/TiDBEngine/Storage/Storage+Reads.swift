import MySQLTypes

/// How a statement reaches a table's rows: by handle (primary key), by a secondary index, or
/// all of them.
enum AccessPath: Equatable {
    case full
    /// Handles (encoded primary keys) to look up.
    case handles([[UInt8]])
    /// Handles in `[lower, upper)`; nil bounds are open.
    case handleRange(lower: [UInt8]?, upper: [UInt8]?)
    /// Index entries in any of the ranges of encoded index prefixes.
    case index(name: String, ranges: [KeyRange])
}

struct KeyRange: Equatable {
    var lower: [UInt8]?
    var upper: [UInt8]?
}

/// A row as a statement sees it.
struct StoredRow {
    var handle: [UInt8]
    var values: [Value]
}

/// Reads at a timestamp; `latest` reads the newest committed version (pessimistic DML).
extension Storage {
    static let latest: UInt64 = .max

    func scan(tableID: Int64, path: AccessPath, at ts: UInt64, reverse: Bool = false, limit: Int? = nil) -> [StoredRow]
    {
        self.state.withReadLock { state in
            guard let table = state.tables[tableID] else { return [] }
            var rows: [StoredRow] = []
            func visit(_ handle: [UInt8], _ chain: RowChain) -> Bool {
                if let values = chain.values(at: ts) { rows.append(StoredRow(handle: handle, values: values)) }
                return limit.map { rows.count < $0 } ?? true
            }
            switch path {
            case .full:
                table.rows.scan(from: nil, to: nil, reverse: reverse, visit)
            case .handles(let handles):
                for handle in handles {
                    if let chain = table.rows[handle], let values = chain.values(at: ts) {
                        rows.append(StoredRow(handle: handle, values: values))
                    }
                }
            case .handleRange(let lower, let upper):
                table.rows.scan(from: lower, to: upper, reverse: reverse, visit)
            case .index(let name, let ranges):
                guard let index = table.indexes[name.lowercased()] else { return [] }
                var seen = Set<[UInt8]>()
                for range in ranges {
                    index.scan(from: range.lower, to: range.upper, reverse: reverse) { _, handle in
                        guard seen.insert(handle).inserted, let chain = table.rows[handle] else { return true }
                        return visit(handle, chain)
                    }
                }
            }
            return rows
        }
    }

    /// The committed rows, at their newest version, whose `index` columns encode to `prefix`.
    func latestRows(tableID: Int64, index: IndexSchema, prefix: [UInt8]) -> [StoredRow] {
        self.state.withReadLock { state in
            guard let table = state.tables[tableID] else { return [] }
            if index.isPrimary, table.schema.isClustered {
                guard let values = table.rows[prefix]?.latest.values else { return [] }
                return [StoredRow(handle: prefix, values: values)]
            }
            var rows: [StoredRow] = []
            var seen = Set<[UInt8]>()
            table.indexes[index.name.lowercased()]?.scan(from: prefix, to: ByteOrder.successor(ofPrefix: prefix)) {
                _,
                handle in
                if seen.insert(handle).inserted, let values = table.rows[handle]?.latest.values,
                    table.indexKey(index, values) == prefix
                {
                    rows.append(StoredRow(handle: handle, values: values))
                }
                return true
            }
            return rows
        }
    }

    /// The newest committed values of a row (current reads).
    func latestRow(tableID: Int64, handle: [UInt8]) -> [Value]? {
        self.state.withReadLock { $0.tables[tableID]?.rows[handle]?.latest.values }
    }

    /// Whether any of the row keys was committed after `ts` (a pessimistic read went stale
    /// between reading and locking).
    func changed(_ keys: [LockKey], since ts: UInt64) -> Bool {
        guard !keys.isEmpty else { return false }
        return self.state.withReadLock { state in
            keys.contains { key in (state.tables[key.tableID]?.rows[key.key]?.latest.commitTS ?? 0) > ts }
        }
    }

    /// Reserves `count` consecutive AUTO_INCREMENT values from the instance's cached batch,
    /// taking a new batch of the table's `AutoIncrement.batchSize` (TiDB's AUTO_ID_CACHE) when it runs out.
    func allocateAutoIncrement(tableID: Int64, count: Int) -> Int64 {
        self.state.withLock { state in
            guard let table = state.tables[tableID] else { return 1 }
            return table.autoIncrement.allocate(count)
        }
    }

    /// An explicit value at or above the next one moves the allocator past it.
    func rebaseAutoIncrement(tableID: Int64, usedValue: Int64) {
        self.state.withLock { state in state.tables[tableID]?.autoIncrement.rebase(usedValue) }
    }

    func allocateRowIDs(tableID: Int64, count: Int) -> Int64 {
        self.state.withLock { state in
            guard let table = state.tables[tableID] else { return 1 }
            let first = table.nextRowID
            table.nextRowID += Int64(count)
            return first
        }
    }

    /// Row count and the newest commit TS of a table (for information_schema and ADMIN CHECKSUM).
    func statistics(tableID: Int64, at ts: UInt64) -> (rows: Int, dataBytes: Int) {
        self.state.withReadLock { state in
            guard let table = state.tables[tableID] else { return (0, 0) }
            var rows = 0
            var bytes = 0
            table.rows.scan(from: nil, to: nil) { _, chain in
                if let values = chain.values(at: ts) {
                    rows += 1
                    bytes += values.reduce(0) { $0 + ($1.textBytes?.count ?? 1) }
                }
                return true
            }
            return (rows, bytes)
        }
    }
}
