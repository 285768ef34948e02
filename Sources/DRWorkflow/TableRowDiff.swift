import TiDBClient

/// The first differing primary keys of one table, found by reading both sides in primary-key
/// order (each connection already reads at its snapshot). Only run on a table whose checksum or
/// row count differs, so reading it whole is acceptable.
struct TableRowDiff {
    var keys: [String]
    var moreDiffer: Bool
    var primaryRows: UInt64
    var secondaryRows: UInt64

    static func find(
        _ table: TableName,
        primary: TiDBConnection,
        secondary: TiDBConnection,
        limit: Int
    ) async throws(TiDBClientError) -> TableRowDiff {
        let keyColumns = try await Self.primaryKeyColumns(table, primary)
        let before = try await Self.rows(table, keyColumns: keyColumns, primary)
        let after = try await Self.rows(table, keyColumns: keyColumns, secondary)
        let afterByKey = Dictionary(after.map { ($0.key, $0.values) }, uniquingKeysWith: { first, _ in first })
        let beforeKeys = Set(before.map(\.key))
        var differing: [String] = []
        for row in before where afterByKey[row.key] != row.values {
            differing.append(row.key)
        }
        for row in after where !beforeKeys.contains(row.key) {
            differing.append(row.key)
        }
        return TableRowDiff(
            keys: Array(differing.prefix(limit)),
            moreDiffer: differing.count > limit,
            primaryRows: UInt64(before.count),
            secondaryRows: UInt64(after.count)
        )
    }

    /// `SHOW INDEX`'s PRIMARY columns in key order; empty for a table without a primary key.
    private static func primaryKeyColumns(
        _ table: TableName,
        _ connection: TiDBConnection
    ) async throws(TiDBClientError) -> [String] {
        let result = try await connection.query("SHOW INDEX FROM \(SQLText.identifier(table))")
        var columns: [(Int, String)] = []
        for row in result.rows where try row.decode(String.self, column: "Key_name") == "PRIMARY" {
            columns.append((try row.decode(Int.self, column: "Seq_in_index"), try row.decode(column: "Column_name")))
        }
        return columns.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private struct KeyedRow {
        var key: String
        var values: [SQLValue]
    }

    /// Every row with its key text (`id=3`, `a=1, b=x`); a table without a primary key is
    /// keyed by the whole row, duplicates numbered.
    private static func rows(
        _ table: TableName,
        keyColumns: [String],
        _ connection: TiDBConnection
    ) async throws(TiDBClientError) -> [KeyedRow] {
        let order = keyColumns.isEmpty ? "" : " ORDER BY " + keyColumns.map(SQLText.identifier).joined(separator: ", ")
        let result = try await connection.query("SELECT * FROM \(SQLText.identifier(table))\(order)")
        let names = result.columns.map(\.name)
        let keyIndexes = keyColumns.compactMap { column in names.firstIndex { $0.lowercased() == column.lowercased() } }
        var rows: [KeyedRow] = []
        var seen: [String: Int] = [:]
        for row in result.rows {
            let indexes = keyIndexes.isEmpty ? Array(names.indices) : keyIndexes
            var key = indexes.map { "\(names[$0])=\(row[$0])" }.joined(separator: ", ")
            if keyIndexes.isEmpty {
                let count = seen[key, default: 0]
                seen[key] = count + 1
                if count > 0 { key += " #\(count + 1)" }
            }
            rows.append(KeyedRow(key: key, values: row.values))
        }
        if keyIndexes.isEmpty { rows.sort { $0.key < $1.key } }
        return rows
    }
}
