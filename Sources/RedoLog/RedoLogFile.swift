public import ChangeStream

/// A redo log file's bytes: records framed as TiCDC frames them, which is etcd's WAL framing
/// (cdc/redo/writer/memory/encoding_worker.go, reader/file.go; ticdc-sink-redo-metrics.md §4):
///
///     u64 LE length field   low 56 bits: the record's size n; when n is not a multiple of 8,
///                           the top byte is 0x80 | padding (padding = (8 - n % 8) % 8)
///     n bytes               the record
///     padding zero bytes    so the next length field is 8-aligned
///
/// A length field of zero ends the file (etcd preallocates files with zeros). TiCDC's record is
/// a msgpack `RedoLog`; ours is (docs/ticdc/redo-log.md):
///
///     u32 LE CRC-32 (IEEE) of the batch bytes
///     ChangeStream's binary ChangeBatch ("MTCS" v1): one upstream commit — its events (row
///     changes, or one DDL), the `TableInfo`s its rows name, and `resolved_ts` = the commit TS
///
/// A commit is one record, never split, so a reader can tell copies of it apart by commit TS.
public enum RedoLogFile {
    /// One commit's record: `batch.events` share one commit TS.
    public static func record(_ batch: ChangeBatch) -> [UInt8] {
        let body = batch.binary
        var record: [UInt8] = []
        record.reserveCapacity(body.count + 4)
        Self.appendLittleEndian(UInt64(CRC32.checksum(body)), width: 4, to: &record)
        record += body
        return record
    }

    /// Appends `record` framed (length field, record, padding) to `bytes`.
    public static func appendFramed(_ record: [UInt8], to bytes: inout [UInt8]) {
        let padding = (8 - record.count % 8) % 8
        var field = UInt64(record.count)
        if padding != 0 { field |= UInt64(0x80 | padding) << 56 }
        Self.appendLittleEndian(field, width: 8, to: &bytes)
        bytes += record
        bytes += repeatElement(0, count: padding)
    }

    /// The framed size of a record of `count` bytes.
    public static func framedSize(_ count: Int) -> Int { 8 + count + (8 - count % 8) % 8 }

    /// Every record of a file, in order; `file` names it in errors. Never traps: a truncated
    /// frame, a bad checksum or an unreadable batch is `RedoLogError.corruptLog` with the offset.
    public static func records(in bytes: [UInt8], file: String) throws(RedoLogError) -> [ChangeBatch] {
        var batches: [ChangeBatch] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 8 else {
                throw Self.corrupt(file, offset, "a length field cut short (\(bytes.count - offset) of 8 bytes)")
            }
            let field = Self.littleEndian(bytes, at: offset, width: 8)
            if field == 0 { break }
            let size = field & 0x00FF_FFFF_FFFF_FFFF
            let top = UInt8(field >> 56)
            var padding = 0
            if top & 0x80 != 0 {
                padding = Int(top & 0x07)
                guard top & 0x78 == 0 else { throw Self.corrupt(file, offset, "a bad length field \(field)") }
            } else if top != 0 {
                throw Self.corrupt(file, offset, "a bad length field \(field)")
            }
            let available = bytes.count - offset - 8
            guard size >= 4, size <= UInt64(available), Int(size) + padding <= available else {
                throw Self.corrupt(file, offset, "a record of \(size) bytes where \(available) remain (truncated?)")
            }
            guard (Int(size) + padding) % 8 == 0 else {
                throw Self.corrupt(file, offset, "padding \(padding) does not align a record of \(size) bytes")
            }
            let start = offset + 8
            let checksum = UInt32(Self.littleEndian(bytes, at: start, width: 4))
            let body = Array(bytes[(start + 4)..<(start + Int(size))])
            guard CRC32.checksum(body) == checksum else { throw Self.corrupt(file, offset, "a checksum mismatch") }
            do throws(BinaryChangeError) {
                batches.append(try ChangeBatch(binary: body))
            } catch {
                throw Self.corrupt(file, offset, error.description)
            }
            offset = start + Int(size) + padding
        }
        return batches
    }

    private static func corrupt(_ file: String, _ offset: Int, _ what: String) -> RedoLogError {
        RedoLogError(.corruptLog, code: "CDC:ErrRedoFileOp", "redo log \(file) is corrupt at offset \(offset): \(what)")
    }

    static func appendLittleEndian(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        for index in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    static func littleEndian(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }
}

/// CRC-32 (IEEE 802.3, zlib's), table-driven.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
