/// Garbage collection of old versions: everything a read at or after the safe point no longer
/// needs. The newest version at or before the safe point stays (it is what such reads see),
/// unless it is a delete.
extension Storage {
    /// Drops versions below `safePoint`, the index entries only they had, and the change-log
    /// records at or before it; returns how many versions went.
    @discardableResult
    func collectGarbage(safePoint: UInt64) -> Int {
        self.state.withLock { state in
            var dropped = 0
            for table in state.tables.values {
                var emptyHandles: [[UInt8]] = []
                var staleEntries: [(index: String, key: [UInt8])] = []
                table.rows.scan(from: nil, to: nil) { handle, chain in
                    dropped += table.collectGarbage(chain, handle: handle, safePoint: safePoint, into: &staleEntries)
                    if chain.versions.isEmpty { emptyHandles.append(handle) }
                    return true
                }
                for handle in emptyHandles { table.rows.remove(handle) }
                for entry in staleEntries { table.indexes[entry.index]?.remove(entry.key) }
            }
            // The log is in commit-TS order: binary search for the first record to keep.
            var low = 0
            var high = state.changeLog.count
            while low < high {
                let middle = (low + high) / 2
                if state.changeLog[middle].commitTS.rawValue <= safePoint { low = middle + 1 } else { high = middle }
            }
            state.changeLog.removeFirst(low)
            return dropped
        }
    }

    /// The oldest running transaction's start TS above `lowerLimit`: TiDB's GC ignores
    /// transactions older than `tidb_gc_max_wait_time`.
    func oldestActiveTransaction(above lowerLimit: UInt64) -> UInt64? {
        self.activeTransactions.withLock { $0.keys.lazy.filter { $0 > lowerLimit }.min() }
    }

    /// Every version of one row, oldest first (for tests and inspection).
    func versions(tableID: Int64, handle: [UInt8]) -> [(commitTS: UInt64, values: [Value]?)] {
        self.state.withReadLock { state in
            state.tables[tableID]?.rows[handle]?.versions.map { ($0.commitTS, $0.values) } ?? []
        }
    }
}

extension TableData {
    /// Drops the versions of one row that no read at or after `safePoint` sees; collects the
    /// index entries no remaining version has. Returns how many versions went.
    fileprivate func collectGarbage(
        _ chain: RowChain,
        handle: [UInt8],
        safePoint: UInt64,
        into staleEntries: inout [(index: String, key: [UInt8])]
    ) -> Int {
        guard let visible = chain.versions.lastIndex(where: { $0.commitTS <= safePoint }) else { return 0 }
        let keepFrom = chain.versions[visible].values == nil ? visible + 1 : visible
        guard keepFrom > 0 else { return 0 }
        let dropped = chain.versions[..<keepFrom].compactMap(\.values)
        chain.versions.removeFirst(keepFrom)
        for index in self.schema.indexes where !(index.isPrimary && self.schema.isClustered) {
            let kept = Set(chain.versions.compactMap { $0.values.map { self.indexKey(index, $0) } })
            for values in dropped {
                let key = self.indexKey(index, values)
                if !kept.contains(key) { staleEntries.append((index.name.lowercased(), key + handle)) }
            }
        }
        return keepFrom
    }
}
