/// `ADMIN CHECK TABLE`/`INDEX`: whether every secondary index agrees with the rows at a snapshot.
extension Storage {
    /// A row whose index entry is missing, or an index entry pointing at a row whose values do not
    /// encode to it.
    struct IndexInconsistency: Equatable {
        var index: String
        var handle: [UInt8]
        /// Rows the index finds against rows the table holds.
        var indexRows: Int
        var tableRows: Int
    }

    /// The first disagreement between `indexes` (every secondary index when nil) and the rows
    /// visible at `ts`, or nil when they agree.
    func firstIndexInconsistency(tableID: Int64, indexes names: [String]?, at ts: UInt64) -> IndexInconsistency? {
        self.state.withReadLock { state -> IndexInconsistency? in
            guard let table = state.tables[tableID] else { return nil }
            var visible: [([UInt8], [Value])] = []
            table.rows.scan(from: nil, to: nil) { handle, chain in
                if let values = chain.values(at: ts) { visible.append((handle, values)) }
                return true
            }
            let checked = table.schema.indexes.filter { index in
                !(index.isPrimary && table.schema.isClustered)
                    && (names.map { list in list.contains { $0.equalsIgnoringCase(index.name) } } ?? true)
            }
            for index in checked {
                guard let entries = table.indexes[index.name.lowercased()] else { continue }
                // Entries of every version are kept; those of the visible version must be there...
                for (handle, values) in visible where entries[table.indexKey(index, values) + handle] == nil {
                    return IndexInconsistency(
                        index: index.name,
                        handle: handle,
                        indexRows: visible.count - 1,
                        tableRows: visible.count
                    )
                }
                // ...and each visible row is found once through its own key.
                var found = 0
                entries.scan(from: nil, to: nil) { key, handle in
                    if let values = table.rows[handle]?.values(at: ts), table.indexKey(index, values) + handle == key {
                        found += 1
                    }
                    return true
                }
                if found != visible.count {
                    return IndexInconsistency(index: index.name, handle: [], indexRows: found, tableRows: visible.count)
                }
            }
            return nil
        }
    }
}
