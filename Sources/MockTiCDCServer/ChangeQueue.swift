import ChangeStream
import Synchronization
import TiCDCCore

/// Between a processor's reader and its writer: the reader appends batches as it reads them, the
/// writer takes everything gathered so far at once. So a writer slower than the upstream writes
/// fewer, larger downstream transactions instead of falling behind batch by batch, and a fast one
/// waits only for the next read. Holds about `capacity` events before the reader waits.
final class ChangeQueue: Sendable {
    private struct State {
        var batches: [ChangeBatch] = []
        var events = 0
        var failure: TiCDCError?
        var finished = false
    }

    private let state = Mutex(State())
    private let capacity: Int
    /// Wakes the writer (the newest signal is enough) and the reader.
    private let ready: AsyncStream<Void>
    private let readySignal: AsyncStream<Void>.Continuation
    private let room: AsyncStream<Void>
    private let roomSignal: AsyncStream<Void>.Continuation

    init(capacity: Int = 32_768) {
        self.capacity = capacity
        (self.ready, self.readySignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (self.room, self.roomSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Reads until cancelled or a read fails, from `checkpoint` on.
    func fill(from checkpoint: UInt64, read: (UInt64) async -> Result<ChangeBatch, TiCDCError>) async {
        var cursor = checkpoint
        var roomIterator = self.room.makeAsyncIterator()
        while !Task.isCancelled {
            while self.state.withLock({ $0.events >= self.capacity }) {
                guard await roomIterator.next() != nil, !Task.isCancelled else { return }
            }
            switch await read(cursor) {
            case .success(let batch):
                cursor = batch.resolvedTS
                self.state.withLock {
                    $0.batches.append(batch)
                    $0.events += batch.events.count
                }
            case .failure(let error):
                self.state.withLock { $0.failure = error }
                self.readySignal.yield()
                return
            }
            self.readySignal.yield()
        }
    }

    /// Everything read so far, as one batch (waiting for a read when there is none); nil when the
    /// queue is closed.
    func take() async throws(TiCDCError) -> ChangeBatch? {
        var iterator = self.ready.makeAsyncIterator()
        while true {
            let (batches, failure, finished) = self.state.withLock { state in
                let batches = state.batches
                state.batches.removeAll()
                state.events = 0
                return (batches, state.failure, state.finished)
            }
            if !batches.isEmpty {
                self.roomSignal.yield()
                return Self.merged(batches)
            }
            if finished { return nil }
            if let failure { throw failure }
            guard await iterator.next() != nil else { return nil }
        }
    }

    /// Ends `take()` and `fill` waits.
    func close() {
        self.state.withLock { $0.finished = true }
        self.readySignal.finish()
        self.roomSignal.finish()
    }

    /// Consecutive batches as one: their events in order, their tables, the last resolved TS.
    static func merged(_ batches: [ChangeBatch]) -> ChangeBatch {
        guard var merged = batches.first, batches.count > 1 else { return batches[0] }
        for batch in batches.dropFirst() {
            merged.events += batch.events
            merged.tables.merge(batch.tables) { current, _ in current }
            merged.resolvedTS = batch.resolvedTS
        }
        return merged
    }
}
