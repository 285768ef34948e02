import ExternalStorage
import Synchronization
import Testing

@testable import RedoLog

/// Local storage whose log-file writes wait until the test opens the gate, so a flush can be
/// held in flight.
final class GatedStorage: ExternalStorage {
    private struct Gate {
        var open = false
        var held: [CheckedContinuation<Void, Never>] = []
    }

    private let base: LocalStorage
    private let gate = Mutex(Gate())

    init(_ base: LocalStorage) {
        self.base = base
    }

    var redactedURL: String { self.base.redactedURL }
    var heldWrites: Int { self.gate.withLock { $0.held.count } }

    func open() {
        let held = self.gate.withLock { gate in
            gate.open = true
            defer { gate.held.removeAll() }
            return gate.held
        }
        for continuation in held { continuation.resume() }
    }

    func write(_ name: String, _ bytes: [UInt8]) async throws(ExternalStorageError) {
        if name.hasSuffix(".log") {
            await withCheckedContinuation { continuation in
                let proceed = self.gate.withLock { gate in
                    if !gate.open { gate.held.append(continuation) }
                    return gate.open
                }
                if proceed { continuation.resume() }
            }
        }
        try await self.base.write(name, bytes)
    }

    func read(_ name: String) async throws(ExternalStorageError) -> [UInt8] { try await self.base.read(name) }
    func exists(_ name: String) async throws(ExternalStorageError) -> Bool { try await self.base.exists(name) }
    func delete(_ name: String) async throws(ExternalStorageError) { try await self.base.delete(name) }
    func list(prefix: String) async throws(ExternalStorageError) -> [String] {
        try await self.base.list(prefix: prefix)
    }
}

/// `flushLogs(reaching:)`, the flush a waiting sink asks for: nothing when the logs already reach
/// the TS, else one flush, shared by everyone who asked while another was in flight.
@Suite(.timeLimit(.minutes(1))) struct RedoFlushOnDemandTests {
    /// Polls (yielding) until `condition` holds: the tasks it waits for run on the same pool.
    func until(_ condition: () async -> Bool) async {
        while !(await condition()) { await Task.yield() }
    }

    @Test func requestsDuringAFlushShareOneMoreFlush() async throws {
        let directory = TemporaryDirectory()
        let storage = GatedStorage(directory.storage)
        let counter = Counter()
        let writer = RedoLogWriter(storage: storage, captureID: "cap", changefeedID: "cf", uuid: { counter.next() })
        await writer.append(Sample.batch([Sample.insert(1, id: 1)], resolved: 1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.flushLogs(reaching: 1) }
            await self.until { storage.heldWrites == 1 }
            // Appended after the flush in flight took its records: three sinks ask for it.
            await writer.append(Sample.batch([Sample.insert(2, id: 2)], resolved: 2))
            for _ in 0..<3 { group.addTask { try await writer.flushLogs(reaching: 2) } }
            await self.until { await writer.flushWaiters.count == 3 }
            storage.open()
            try await group.waitForAll()
        }
        #expect(await writer.logFlushCount == 2)
        #expect(await writer.flushedResolvedTS == 2)
        #expect(try await storage.list(prefix: "") == ["cap_cf_row_1_0002.log", "cap_cf_row_2_0003.log"])
        // Reached already: nothing to do.
        try await writer.flushLogs(reaching: 2)
        #expect(await writer.logFlushCount == 2)
    }

    @Test func aResolvedTSWithoutRecordsMovesWithoutAFile() async throws {
        let directory = TemporaryDirectory()
        let writer = RedoLogWriter(storage: directory.storage, captureID: "cap", changefeedID: "cf", startTS: 5)
        await writer.append(Sample.batch([], resolved: 9))
        try await writer.flushLogs(reaching: 9)
        #expect(await writer.flushedResolvedTS == 9)
        #expect(try await directory.storage.list(prefix: "").isEmpty)
    }
}
