import Synchronization

/// One BACKUP or RESTORE statement as a task of its TiDB instance: queued (`Wait`), running,
/// finished; what `SHOW BACKUPS` / `SHOW RESTORES` list. The statement's connection waits on
/// `completion`, the same way a statement waits for a row lock.
public final class BRIETask: Sendable {
    public enum Kind: String, Sendable {
        case backup = "Backup"
        case restore = "Restore"
    }

    /// What the work produced, for the statement's result row.
    enum Payload: Sendable {
        case backup(BackupMeta)
        case restore(RestoreReader.Loaded)
    }

    struct Progress: Sendable {
        var state = "Wait"
        var fraction = 0.0
        var executionMicroseconds: Int64?
        var finishMicroseconds: Int64?
        var message: String?
        var cancelled = false
        var result: Result<Payload, BRIEFailure>?
    }

    public let id: UInt64
    public let kind: Kind
    /// The redacted URL.
    public let destination: String
    public let connectionID: UInt64
    public let queueMicroseconds: Int64
    let completion: LockWait
    let progress = Mutex(Progress())
    private let work: @Sendable (BRIETask) async -> Result<Payload, BRIEFailure>

    init(
        id: UInt64,
        kind: Kind,
        destination: String,
        connectionID: UInt64,
        queueMicroseconds: Int64,
        work: @escaping @Sendable (BRIETask) async -> Result<Payload, BRIEFailure>
    ) {
        self.id = id
        self.kind = kind
        self.destination = destination
        self.connectionID = connectionID
        self.queueMicroseconds = queueMicroseconds
        self.completion = LockWait(waiter: connectionID, holder: 0)
        self.work = work
    }

    var isCancelled: Bool { self.progress.withLock { $0.cancelled } }

    /// KILL TIDB QUERY or a closed connection: a queued task never starts, a running one stops
    /// at its next file.
    func cancel() {
        self.progress.withLock { $0.cancelled = true }
    }

    func report(_ fraction: Double) {
        self.progress.withLock { $0.fraction = fraction }
    }

    var result: Result<Payload, BRIEFailure>? { self.progress.withLock { $0.result } }

    /// Runs the work (unless cancelled while queued) and wakes the waiting statement.
    func execute(clock: any WallClock) async {
        let cancelled = self.progress.withLock { progress -> Bool in
            progress.executionMicroseconds = clock.microsecondsSinceEpoch()
            progress.state = self.kind.rawValue
            return progress.cancelled
        }
        let result = cancelled ? .failure(BRIEFailure.canceled(self)) : await self.work(self)
        self.progress.withLock { progress in
            progress.finishMicroseconds = clock.microsecondsSinceEpoch()
            progress.result = result
            switch result {
            case .success:
                progress.fraction = 1
            case .failure(let failure):
                progress.message = failure.message
                if progress.cancelled { progress.state = self.kind.rawValue + " Canceled" }
            }
        }
        self.completion.release()
    }
}

extension BRIEFailure {
    static func canceled(_ task: BRIETask) -> BRIEFailure {
        BRIEFailure("backup/restore task \(task.id) is canceled")
    }
}

/// One instance's BRIE tasks: at most one runs, the others wait in order (TiDB's
/// `globalBRIEQueue`). `run()` is the loop; the server runs it as a `Service`.
public final class BRIEQueue: Sendable {
    private let pending: AsyncStream<BRIETask>
    private let submit: AsyncStream<BRIETask>.Continuation
    private let known = Mutex<[BRIETask]>([])
    private let nextID = Atomic<UInt64>(1)
    let clock: any WallClock
    /// Finished tasks stay listed this long (TiDB purges after about 30 minutes).
    static let retentionMicroseconds: Int64 = 30 * 60 * 1_000_000

    init(clock: any WallClock) {
        (self.pending, self.submit) = AsyncStream.makeStream(of: BRIETask.self)
        self.clock = clock
    }

    func makeID() -> UInt64 { self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue }

    func enqueue(_ task: BRIETask) {
        let now = self.clock.microsecondsSinceEpoch()
        self.known.withLock { tasks in
            tasks.removeAll { task in
                task.progress.withLock { $0.finishMicroseconds.map { now - $0 > Self.retentionMicroseconds } ?? false }
            }
            tasks.append(task)
        }
        self.submit.yield(task)
    }

    /// The tasks `SHOW BACKUPS` / `SHOW RESTORES` list.
    func tasks(of kind: BRIETask.Kind) -> [BRIETask] {
        self.known.withLock { $0.filter { $0.kind == kind } }
    }

    /// Runs queued tasks one at a time until the surrounding task is cancelled.
    public func run() async {
        await withTaskCancellationHandler {
            for await task in self.pending {
                await task.execute(clock: self.clock)
            }
        } onCancel: {
            self.submit.finish()
        }
    }
}
