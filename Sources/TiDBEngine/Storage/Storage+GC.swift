/// Garbage collection of old versions: everything a read at or after the safe point no longer
/// needs. The newest version at or before the safe point stays (it is what such reads see),
/// unless it is a delete.
extension Storage {
    /// Drops versions below `safePoint`; returns how many versions went.
    @discardableResult
    func collectGarbage(safePoint: UInt64) -> Int {
        self.state.withLock { state in
            var dropped = 0
            for table in state.tables.values {
                var emptyHandles: [[UInt8]] = []
                var changed = false
                table.rows.scan(from: nil, to: nil) { handle, chain in
                    guard let visible = chain.versions.lastIndex(where: { $0.commitTS <= safePoint }) else { return true }
                    var keepFrom = visible
                    if chain.versions[visible].values == nil { keepFrom = visible + 1 }
                    if keepFrom > 0 {
                        dropped += keepFrom
                        chain.versions.removeFirst(keepFrom)
                        changed = true
                    }
                    if chain.versions.isEmpty { emptyHandles.append(handle) }
                    return true
                }
                for handle in emptyHandles { table.rows.remove(handle) }
                if changed { table.rebuildIndexes() }
            }
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

    /// Every version of one row, oldest first (for tests and inspection).
    func versions(tableID: Int64, handle: [UInt8]) -> [(commitTS: UInt64, values: [Value]?)] {
        self.state.withLock { state in
            state.tables[tableID]?.rows[handle]?.versions.map { ($0.commitTS, $0.values) } ?? []
        }
    }
}
