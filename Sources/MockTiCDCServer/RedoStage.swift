import ChangeStream
import ExternalStorage
import Logging
import RedoLog
import S3Storage
import Synchronization
import TiCDCCore

/// A changefeed's redo log (`consistent.level = "eventual"`, docs/ticdc/redo-log.md): the reader
/// appends what the filter takes as it reads, ahead of the sink; the writer flushes on its own
/// intervals, and at once when the sink will want the rows (mock-only); the sink writes nothing
/// above the flushed resolved TS (TiCDC's sink manager bounds table sinks by redo's resolved TS),
/// so after a disaster `redo apply` has everything the secondary may lack.
final class RedoStage: Sendable {
    struct Settings: Sendable, Equatable {
        var storage: String
        var maxLogSize: Int
        var flushInterval: Duration
        var metaFlushInterval: Duration
    }

    let writer: RedoLogWriter
    private let opener: ExternalStorageOpener
    private let failure = Mutex<TiCDCError?>(nil)

    init(
        _ settings: Settings,
        captureID: String,
        changefeed: String,
        namespace: String,
        start: UInt64,
        clock: any Clock<Duration>,
        logger: Logger
    ) throws(TiCDCError) {
        self.opener = ExternalStorageOpener(logger: logger)
        let storage: any ExternalStorage
        do throws(ExternalStorageError) {
            storage = try self.opener.open(settings.storage)
        } catch {
            throw TiCDCError(code: "CDC:ErrRedoConfigInvalid", text: error.message)
        }
        self.writer = RedoLogWriter(
            storage: storage,
            captureID: captureID,
            namespace: namespace,
            changefeedID: changefeed,
            startTS: start,
            options: .init(
                maxLogSize: settings.maxLogSize,
                flushInterval: settings.flushInterval,
                metaFlushInterval: settings.metaFlushInterval
            ),
            clock: clock
        )
    }

    /// Flushes until cancelled; a failure is kept for the writer side to report.
    func run() async {
        do throws(RedoLogError) {
            try await self.writer.run()
        } catch {
            self.failure.withLock { $0 = Self.error(error) }
        }
    }

    /// Appends what the sink will write of a batch. `flush` (no fault holds or delays the sink)
    /// flushes it before the sink gets it, so the flush overlaps the sink's write of the batch
    /// before instead of following it: flushing only in `bound` left the checkpoint lag ~10 ms
    /// (p50) above the lag without redo (BENCHMARKS.md, "Issue 17"). Held, the log moves on its
    /// ticks; delayed, also when `bound` finds the sink may write.
    func append(_ batch: ChangeBatch, flush: Bool) async {
        await self.writer.append(batch)
        // A failure shows in `bound`, which flushes again.
        if flush { try? await self.writer.flushLogs(reaching: batch.resolvedTS) }
    }

    /// The flushed resolved TS, the sink's bound, once it reaches `wanted` (where the sink could
    /// otherwise go): below it (rows read while a fault held or delayed the sink), the logs are
    /// flushed now rather than at the next tick (mock-only, docs/ticdc/redo-log.md). Throws the
    /// flusher's failure, if any.
    func bound(reaching wanted: UInt64) async throws(TiCDCError) -> UInt64 {
        if let failure = self.failure.withLock({ $0 }) { throw failure }
        do throws(RedoLogError) {
            try await self.writer.flushLogs(reaching: wanted)
        } catch {
            throw Self.error(error)
        }
        return await self.writer.flushedResolvedTS
    }

    /// A last flush, then the storage's client closed.
    func finish() async {
        try? await self.writer.flush()
        await self.opener.shutdown()
    }

    /// TiCDC's `ValidateStorage` when a changefeed with redo is created or updated: the storage
    /// must open and answer (an S3 bucket must exist).
    static func checkStorage(of config: ReplicaConfig, logger: Logger) async throws(TiCDCError) {
        guard config.consistentLevel == "eventual" else { return }
        let opener = ExternalStorageOpener(logger: logger)
        var failure: ExternalStorageError?
        do throws(ExternalStorageError) {
            _ = try await opener.open(config.redoStorage).list(prefix: "")
        } catch {
            failure = error
        }
        await opener.shutdown()
        if let failure {
            throw TiCDCError(
                code: "CDC:ErrStorageInitialize",
                text: "fail to open storage for redo log: \(failure.message)"
            )
        }
    }

    static func error(_ error: RedoLogError) -> TiCDCError {
        TiCDCError(code: error.code ?? "CDC:ErrRedoWriterStopped", text: error.message)
    }
}
