/// RESTORE's write: every table of a backup created and filled in one critical section, at one
/// commit TS of this cluster, or nothing at all. Restored rows are ingested, not replicated: like
/// BR's SST ingestion they do not enter the change log (TiCDC does not see them); the CREATE
/// statements do.
extension Storage {
    struct RestoredTable {
        var schema: TableSchema
        var createStatement: String
        var rows: [StoredRow]
        var autoIncrement: Int64
    }

    /// Creates the databases that are missing and the tables with their rows. Fails before
    /// changing anything when a table already exists (BR's `ErrTablesAlreadyExisted`).
    func restore(
        databases: [DatabaseSchema],
        tables: [RestoredTable]
    ) -> Result<TSO, RestoreFailure> {
        self.state.withLock { state in
            let existing = tables.filter { state.tableIDs[Self.tableKey($0.schema.database, $0.schema.name)] != nil }
            if !existing.isEmpty {
                return .failure(.tablesExist(existing.map { "\($0.schema.database).\($0.schema.name)" }))
            }
            for database in databases where state.databases[database.name.lowercased()] == nil {
                state.databases[database.name.lowercased()] = database
                self.logDDL(
                    &state,
                    database: database.name,
                    table: nil,
                    statement: "CREATE DATABASE `\(database.name)`"
                )
            }
            let commitTS = self.pd.oracle.next()
            for table in tables {
                var schema = table.schema
                schema.id = state.nextTableID
                state.nextTableID += 2
                schema.version = state.schemaVersion + 1
                let data = TableData(schema: schema)
                data.autoIncrement = AutoIncrement(
                    start: max(1, table.autoIncrement),
                    batchSize: data.schema.autoIDCache
                )
                var largestRowID: Int64 = 0
                for row in table.rows {
                    let version = RowVersion(
                        commitTS: commitTS.rawValue,
                        startTS: commitTS.rawValue,
                        values: row.values
                    )
                    data.rows.set(row.handle, RowChain(version))
                    data.addIndexEntries(for: row.values, handle: row.handle)
                    if !schema.isClustered, let rowID = KeyEncoding.decodeRowID(row.handle) {
                        largestRowID = max(largestRowID, rowID)
                    }
                    // AUTO_INCREMENT continues after the largest restored value.
                    if let column = schema.autoIncrementColumn {
                        switch row.values[column] {
                        case .int(let used): data.autoIncrement.rebase(used)
                        case .uint(let used): data.autoIncrement.rebase(Int64(clamping: used))
                        default: break
                        }
                    }
                }
                data.nextRowID = max(data.nextRowID, largestRowID + 1)
                state.tables[schema.id] = data
                state.tableIDs[Self.tableKey(schema.database, schema.name)] = schema.id
                self.logDDL(
                    &state,
                    database: schema.database,
                    table: schema.name,
                    statement: table.createStatement
                )
            }
            return .success(commitTS)
        }
    }

    enum RestoreFailure: Error, Equatable {
        case tablesExist([String])
    }
}
