import MySQLTypes

/// `ADMIN CHECKSUM TABLE t[, ...]` with TiDB's columns. TiKV hashes its own key-value encoding
/// (which includes the table id), so real values cannot be reproduced; this mock XORs a
/// CRC-64 of each row's handle and values, so equal data gives equal checksums in any cluster
/// and under any table id (docs/tidb/data-semantics.md §7). It reads at the statement's snapshot,
/// so `tidb_snapshot` checksums a table as it was.
extension Session {
    func executeChecksum(_ names: [TableName]) throws(MySQLError) -> ResultSet {
        var checksum = TableChecksum(storage: self.cluster.storage)
        for name in names {
            let table = try self.userTable(name)
            // The statement's snapshot: `tidb_snapshot` compares a secondary with a primary at BackupTS.
            checksum.add(table, at: try self.readContext().ts)
        }
        return checksum.result
    }
}

/// The executor of ADMIN CHECKSUM TABLE: given the tables and the snapshot, it needs nothing
/// else of the session.
struct TableChecksum {
    let storage: Storage
    private var rows: [[Value]] = []

    init(storage: Storage) {
        self.storage = storage
    }

    mutating func add(_ table: TableSchema, at ts: UInt64) {
        let stored = self.storage.scan(tableID: table.id, path: .full, at: ts)
        let secondary = table.indexes.filter { !($0.isPrimary && table.isClustered) }
        let types = table.columns.map(\.type)
        var checksum: UInt64 = 0
        var bytes = 0
        for row in stored {
            let value = KeyEncoding.encode(row.values, types: types)
            checksum ^= CRC64.checksum(row.handle + value)
            // Row key `t{id}_r{handle}`; a v2 row value is a 6-byte header, 3 bytes per column and the data.
            let recordKey = 11 + (row.handle.count == 9 ? 8 : row.handle.count)
            bytes += recordKey + 6 + 3 * row.values.count + value.count
            for index in secondary {
                let indexed = KeyEncoding.encode(
                    index.columns.map { row.values[$0] },
                    types: index.columns.map { types[$0] }
                )
                bytes += 19 + indexed.count + (index.isUnique ? 0 : row.handle.count) + 1
            }
        }
        self.rows.append([
            .string(table.database), .string(table.name), .uint(checksum),
            .uint(UInt64(stored.count * (1 + secondary.count))), .uint(UInt64(bytes)),
        ])
    }

    /// One row per table, in the order added, with TiDB's columns.
    var result: ResultSet {
        let rows = self.rows
        let counter = FieldType(type: .longLong, length: 22, flags: [.binary, .unsigned], charset: CollationID.binary)
        return ResultSet(
            columns: [
                FieldType.showColumn(longest: rows.map { $0[0].text?.count ?? 0 }.max() ?? 0).column(named: "Db_name"),
                FieldType.showColumn(longest: rows.map { $0[1].text?.count ?? 0 }.max() ?? 0).column(
                    named: "Table_name"
                ),
                counter.column(named: "Checksum_crc64_xor"), counter.column(named: "Total_kvs"),
                counter.column(named: "Total_bytes"),
            ],
            rows: rows
        )
    }
}

/// CRC-64/XZ (ECMA-182 polynomial, reflected), the variant TiKV's checksums use.
enum CRC64 {
    private static let table: [UInt64] = (0..<256).map { byte in
        var crc = UInt64(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xC96C_5795_D787_0F42 : crc >> 1 }
        return crc
    }

    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var crc = ~UInt64(0)
        for byte in bytes { crc = Self.table[Int((crc ^ UInt64(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
