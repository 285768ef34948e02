import ChangeStream
import ExternalStorage
import Glibc
import MySQLTypes
import Synchronization
import Testing
import TiDBEngine

@testable import RedoLog

/// A directory under /tmp for one test, removed with it.
final class TemporaryDirectory: Sendable {
    let path: String
    init() {
        var template = Array("/tmp/mock-ticdc-redo-XXXXXX".utf8CString)
        self.path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }
    deinit { _ = system("rm -rf '\(self.path)'") }
    var storage: LocalStorage { LocalStorage(try! StorageURL.parse("local://\(self.path)/redo")) }
}

/// Names 0001, 0002, ... so tests can predict file names.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> String {
        self.value.withLock { value in
            value += 1
            return value.zeroPadded(4)
        }
    }
}

enum Sample {
    static let users = TableInfo(database: "d", name: "users", tableID: 10, columns: ["id", "name"], handle: [0])
    static let orders = TableInfo(database: "d", name: "orders", tableID: 11, columns: ["id", "total"], handle: [0])
    static let tables = ["10@1": users, "11@1": orders]

    static func insert(_ ts: UInt64, _ table: TableInfo = users, id: Int64, _ name: String = "x") -> ChangeEvent {
        ChangeEvent(
            commitTS: ts,
            kind: .insert,
            database: "d",
            table: table.name,
            tableKey: "\(table.tableID)@1",
            after: [.int(id), .string(name)]
        )
    }

    static func ddl(_ ts: UInt64, _ query: String, table: String? = "users") -> ChangeEvent {
        ChangeEvent(commitTS: ts, kind: .ddl, database: "d", table: table, query: query)
    }

    static func batch(_ events: [ChangeEvent], resolved: UInt64) -> ChangeBatch {
        ChangeBatch(events: events, tables: Self.tables, resolvedTS: resolved)
    }
}

@Suite(.timeLimit(.minutes(1))) struct RedoFileNameTests {
    @Test func logNamesAreTiCDCs() {
        let row = RedoFileName.Log(captureID: "cap-1", changefeedID: "cf", type: .row, maxCommitTS: 42, uuid: "u-1")
        #expect(row.name == "cap-1_cf_row_42_u-1.log")
        #expect(RedoFileName.Log(row.name) == row)
        let other = RedoFileName.Log(
            captureID: "cap",
            namespace: "ns",
            changefeedID: "cf",
            type: .ddl,
            maxCommitTS: 7,
            uuid: "u"
        )
        #expect(other.name == "cap_ns_cf_ddl_7_u.log")
        #expect(RedoFileName.Log(other.name) == other)
        for name in [
            "cap_cf_row_x_u.log", "cap_cf_put_1_u.log", "cap_cf_row_1_u.meta", "cap__row_1_u.log", "delete_cf",
            "a/cap_cf_row_1_u.log",
        ] {
            #expect(RedoFileName.Log(name) == nil, "\(name)")
        }
    }

    @Test func metaNamesAreTiCDCs() {
        let meta = RedoFileName.Meta(captureID: "cap", changefeedID: "cf", uuid: "u")
        #expect(meta.name == "cap_default_cf_meta_u.meta")
        #expect(RedoFileName.Meta(meta.name) == meta)
        #expect(RedoFileName.Meta("cap_default_cf_row_u.meta") == nil)
        #expect(RedoFileName.deletedMarker(changefeedID: "cf") == "delete_cf")
    }

    @Test func randomUUIDsLookLikeUUIDs() {
        let uuid = RedoFileName.randomUUID()
        #expect(uuid.count == 36)
        #expect(uuid.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(uuid != RedoFileName.randomUUID())
    }
}

@Suite(.timeLimit(.minutes(1))) struct RedoLogFileTests {
    @Test func recordsRoundTripPaddedToEight() throws {
        var bytes: [UInt8] = []
        let first = Sample.batch([Sample.insert(5, id: 1), Sample.insert(5, id: 2, "two")], resolved: 5)
        let second = ChangeBatch(events: [Sample.ddl(6, "ALTER TABLE users ADD c INT")], tables: [:], resolvedTS: 6)
        for batch in [first, second] {
            let record = RedoLogFile.record(batch)
            let before = bytes.count
            RedoLogFile.appendFramed(record, to: &bytes)
            #expect(bytes.count % 8 == 0)
            #expect(bytes.count - before == RedoLogFile.framedSize(record.count))
            // The length field: the size in the low 56 bits, 0x80 | padding in the top byte.
            let field = RedoLogFile.littleEndian(bytes, at: before, width: 8)
            #expect(field & 0x00FF_FFFF_FFFF_FFFF == UInt64(record.count))
            let padding = (8 - record.count % 8) % 8
            #expect(field >> 56 == (padding == 0 ? 0 : UInt64(0x80 | padding)))
        }
        #expect(try RedoLogFile.records(in: bytes, file: "f") == [first, second])
        // Zeros after the records (a preallocated file) end it.
        #expect(try RedoLogFile.records(in: bytes + [UInt8](repeating: 0, count: 64), file: "f") == [first, second])
    }

    @Test func damageIsAnErrorNamingTheFile() throws {
        var bytes: [UInt8] = []
        RedoLogFile.appendFramed(RedoLogFile.record(Sample.batch([Sample.insert(5, id: 1)], resolved: 5)), to: &bytes)
        // Every truncation, a flipped bit anywhere in the record, garbage: errors, never a trap.
        for length in 1..<bytes.count {
            #expect(throws: RedoLogError.self) { try RedoLogFile.records(in: Array(bytes[..<length]), file: "x.log") }
        }
        for index in 8..<(bytes.count - 8) {
            var flipped = bytes
            flipped[index] ^= 0x10
            // Padding bytes are not checked; everything else is.
            if (try? RedoLogFile.records(in: flipped, file: "x.log")) != nil {
                #expect(index >= bytes.count - 8, "flip at \(index) went unnoticed")
            }
        }
        let error = #expect(throws: RedoLogError.self) {
            try RedoLogFile.records(in: Array(bytes.dropLast(9)), file: "x.log")
        }
        #expect(error?.kind == .corruptLog)
        #expect(error?.description.contains("redo log x.log is corrupt at offset 0") == true)
        var badChecksum = bytes
        badChecksum[12] ^= 1
        let checksum = #expect(throws: RedoLogError.self) { try RedoLogFile.records(in: badChecksum, file: "x.log") }
        #expect(checksum?.message.contains("checksum mismatch") == true)
        #expect(throws: RedoLogError.self) {
            try RedoLogFile.records(in: Array("not a redo log at all".utf8), file: "x.log")
        }
    }

    @Test func metaIsTiCDCsMessagePack() throws {
        let meta = RedoMeta(checkpointTS: 449_000_000_000_000_001, resolvedTS: 449_000_000_000_000_009)
        #expect(try RedoMeta(msgpack: meta.msgpack, file: "m") == meta)
        // msgp's compact integers and ticdc's extra `version` key.
        let compact: [UInt8] =
            [0x83, 0xAC] + Array("checkpointTs".utf8) + [0xCE, 0x00, 0x01, 0x00, 0x00]
            + [0xAA] + Array("resolvedTs".utf8) + [0xCD, 0x02, 0x00]
            + [0xA7] + Array("version".utf8) + [0x01]
        #expect(try RedoMeta(msgpack: compact, file: "m") == RedoMeta(checkpointTS: 65536, resolvedTS: 512))
        for bad in [[], [0x81], [0x91, 0x01], Array(meta.msgpack.dropLast())] as [[UInt8]] {
            let error = #expect(throws: RedoLogError.self) { try RedoMeta(msgpack: bad, file: "m.meta") }
            #expect(error?.kind == .badMeta)
        }
    }
}

@Suite(.timeLimit(.minutes(1))) struct RedoLogWriterReaderTests {
    func writer(
        _ storage: any ExternalStorage,
        start: UInt64 = 0,
        capture: String = "cap",
        options: RedoLogWriter.Options = .init(),
        clock: any Clock<Duration> = ContinuousClock()
    ) -> RedoLogWriter {
        let counter = Counter()
        return RedoLogWriter(
            storage: storage,
            captureID: capture,
            changefeedID: "cf",
            startTS: start,
            options: options,
            clock: clock,
            uuid: { counter.next() }
        )
    }

    @Test func writtenChangesReadBackInCommitOrder() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        let writer = self.writer(storage, start: 100)
        await writer.append(
            Sample.batch(
                [Sample.insert(101, id: 1), Sample.insert(101, Sample.orders, id: 9), Sample.insert(102, id: 2)],
                resolved: 103
            )
        )
        await writer.append(
            Sample.batch([Sample.ddl(104, "ALTER TABLE users ADD c INT"), Sample.insert(105, id: 3)], resolved: 110)
        )
        #expect(await writer.flushedResolvedTS == 100)
        try await writer.flush()
        #expect(await writer.flushedResolvedTS == 110)
        #expect(
            try await storage.list(prefix: "") == [
                "cap_cf_ddl_104_0003.log", "cap_cf_row_105_0002.log", "cap_default_cf_meta_0001.meta",
            ]
        )
        let reader = RedoLogReader(storage: storage)
        #expect(try await reader.meta() == RedoMeta(checkpointTS: 100, resolvedTS: 110))
        let changes = try await reader.changes()
        #expect(changes.events.map(\.commitTS) == [101, 101, 102, 104, 105])
        #expect(changes.events.map(\.kind) == [.insert, .insert, .insert, .ddl, .insert])
        #expect(changes.tables == Sample.tables)
        #expect(changes.duplicateCommits == 0)

        // An unchanged meta is not written again; a new checkpoint is, under the same name.
        try await writer.flush()
        await writer.setCheckpoint(104)
        try await writer.flushMeta()
        #expect(try await reader.meta() == RedoMeta(checkpointTS: 104, resolvedTS: 110))
        // Rows after 104, the DDL at 104 (its window starts at checkpoint - 1).
        #expect(try await reader.changes().events.map(\.commitTS) == [104, 105])
    }

    @Test func windowsAndFilesOutsideThem() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        let writer = self.writer(storage, start: 10, options: .init(removesAppliedLogs: false))
        await writer.append(
            Sample.batch(
                [Sample.insert(11, id: 1), Sample.ddl(12, "CREATE TABLE t2 (id INT PRIMARY KEY)", table: "t2")],
                resolved: 12
            )
        )
        try await writer.flushLogs()
        await writer.append(Sample.batch([Sample.insert(13, id: 2), Sample.insert(14, id: 3)], resolved: 14))
        try await writer.flushLogs()
        await writer.setCheckpoint(12)
        try await writer.flushMeta()
        // A meta claiming less than was written: commits after its resolved TS are left out.
        try await storage.write("other_default_cf_meta_x.meta", RedoMeta(checkpointTS: 12, resolvedTS: 13).msgpack)
        let changes = try await RedoLogReader(storage: storage).changes()
        #expect(changes.meta == RedoMeta(checkpointTS: 12, resolvedTS: 14))
        #expect(changes.events.map(\.commitTS) == [12, 13, 14])
        // The row file up to 11 is not even read.
        #expect(changes.files == ["cap_cf_ddl_12_0003.log", "cap_cf_row_14_0004.log"])
        await writer.setCheckpoint(14)
        try await writer.flushMeta()
        #expect(try await RedoLogReader(storage: storage).changes().events.isEmpty)
    }

    @Test func metaIsTheMaximaOverEveryMetaFile() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        let reader = RedoLogReader(storage: storage)
        let missing = await #expect(throws: RedoLogError.self) { try await reader.meta() }
        #expect(missing?.kind == .metaNotFound)
        #expect(
            missing?.description
                == "[CDC:ErrRedoMetaFileNotFound]no redo meta file found in dir: local://\(directory.path)/redo"
        )
        try await storage.write("a_default_cf_meta_1.meta", RedoMeta(checkpointTS: 5, resolvedTS: 50).msgpack)
        try await storage.write("b_default_cf_meta_2.meta", RedoMeta(checkpointTS: 20, resolvedTS: 30).msgpack)
        try await storage.write("c_default_cf_meta_3.meta", RedoMeta(checkpointTS: 8, resolvedTS: 9).msgpack)
        #expect(try await reader.meta() == RedoMeta(checkpointTS: 20, resolvedTS: 50))
        try await storage.write("d_default_cf_meta_4.meta", RedoMeta(checkpointTS: 60, resolvedTS: 40).msgpack)
        let below = await #expect(throws: RedoLogError.self) { try await reader.meta() }
        #expect(below?.kind == .badMeta)
        try await storage.write("d_default_cf_meta_4.meta", [0xC1])
        let bad = await #expect(throws: RedoLogError.self) { try await reader.meta() }
        #expect(bad?.message.contains("d_default_cf_meta_4.meta") == true)
    }

    @Test func aCommitWrittenTwiceIsAppliedOnce() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        let events = [
            Sample.insert(21, id: 1), Sample.insert(21, id: 2), Sample.insert(22, id: 3),
            Sample.ddl(23, "TRUNCATE TABLE users"),
        ]
        // A processor that restarted from checkpoint 20 writes 21..23 again, with a new writer.
        for capture in ["first", "second"] {
            let writer = self.writer(storage, start: 20, capture: capture)
            await writer.append(Sample.batch(events, resolved: 23))
            try await writer.flush()
        }
        let changes = try await RedoLogReader(storage: storage).changes()
        #expect(changes.events == events)
        #expect(changes.duplicateCommits == 3)
    }

    @Test func filesRotateAtTheMaximumSize() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        var options = RedoLogWriter.Options()
        options.maxLogBytes = 300
        let writer = self.writer(storage, start: 0, options: options)
        let events = (1...10).map { Sample.insert(UInt64($0), id: Int64($0), String(repeating: "v", count: 60)) }
        await writer.append(Sample.batch(events, resolved: 10))
        try await writer.flushLogs()
        let files = await writer.logFiles
        #expect(files.count > 2)
        #expect(files.last?.maxCommitTS == 10)
        for file in files { #expect(try await storage.read(file.name).count <= 300) }
        try await writer.flushMeta()
        #expect(try await RedoLogReader(storage: storage).changes().events == events)
    }

    @Test func logsBelowTheCheckpointAreRemovedAfterTheMeta() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        let writer = self.writer(storage, start: 0)
        await writer.append(Sample.batch([Sample.insert(1, id: 1)], resolved: 1))
        try await writer.flushLogs()
        await writer.append(Sample.batch([Sample.insert(2, id: 2)], resolved: 2))
        try await writer.flushLogs()
        await writer.setCheckpoint(2)
        try await writer.flushMeta()
        // The file up to 1 is below the checkpoint; the one up to 2 stays.
        #expect(try await storage.list(prefix: "cap_cf_") == ["cap_cf_row_2_0003.log"])
    }

    @Test func runFlushesOnTheInjectedClock() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        let clock = ManualClock()
        let writer = self.writer(
            storage,
            start: 5,
            options: .init(flushInterval: .seconds(2), metaFlushInterval: .milliseconds(200)),
            clock: clock
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.run() }
            await clock.waitForSleepers()
            await writer.append(Sample.batch([Sample.insert(6, id: 1)], resolved: 8))
            clock.advance(by: .milliseconds(200))
            await clock.waitForSleepers()
            // The meta came first, at the start TS; the logs are not flushed yet.
            #expect(await writer.writtenMeta == RedoMeta(checkpointTS: 5, resolvedTS: 5))
            #expect(await writer.flushedResolvedTS == 5)
            for _ in 0..<9 {
                clock.advance(by: .milliseconds(200))
                await clock.waitForSleepers()
            }
            #expect(await writer.flushedResolvedTS == 8)
            #expect(await writer.writtenMeta == RedoMeta(checkpointTS: 5, resolvedTS: 8))
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(try await RedoLogReader(storage: storage).changes().events.map(\.commitTS) == [6])
    }

    @Test func damagedFilesInStorageAreErrors() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        let writer = self.writer(storage, start: 0)
        await writer.append(Sample.batch([Sample.insert(1, id: 1), Sample.insert(2, id: 2)], resolved: 2))
        try await writer.flush()
        let name = try await storage.list(prefix: "").first { $0.hasSuffix(".log") }!
        let bytes = try await storage.read(name)
        try await storage.write(name, Array(bytes.dropLast(5)))
        let error = await #expect(throws: RedoLogError.self) { try await RedoLogReader(storage: storage).changes() }
        #expect(error?.kind == .corruptLog)
        #expect(error?.message.contains(name) == true)
    }

    @Test func localListingWalksDirectoriesAndSkipsTemporaryFiles() async throws {
        let directory = TemporaryDirectory()
        let storage = directory.storage
        #expect(try await storage.list(prefix: "") == [])  // not created yet
        try await storage.write("b", [1])
        try await storage.write("a/x", [2])
        try await storage.write("a/y/z", [3])
        try await storage.write("ab", [4])
        _ = system("touch '\(directory.path)/redo/c.tmp-123'")
        #expect(try await storage.list(prefix: "") == ["a/x", "a/y/z", "ab", "b"])
        #expect(try await storage.list(prefix: "a") == ["a/x", "a/y/z", "ab"])
        #expect(try await storage.list(prefix: "a/y") == ["a/y/z"])
        #expect(try await storage.list(prefix: "c") == [])
    }
}
