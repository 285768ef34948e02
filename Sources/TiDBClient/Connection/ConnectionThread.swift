#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one OS thread a connection's libmariadb calls run on.
///
/// libmariadb blocks in `recv`, so its calls must never run on Swift's cooperative pool; and a
/// `MYSQL` handle is not thread-safe, so one connection's calls must be serial. A dedicated thread
/// that is the connection actor's serial executor gives both. It is also a task executor: code run
/// under `withTaskExecutorPreference(connection.taskExecutor)` stays on this thread, so a loop of
/// queries pays no thread hop per call (what `make bench` measures).
///
/// The thread ends when the executor is released (the connection and every task preferring it are
/// gone): nothing can enqueue a job after that, so no job is ever stranded.
final class ConnectionThread: SerialExecutor, TaskExecutor, @unchecked Sendable {
    private let jobs = JobQueue()

    init() {
        let unmanaged = Unmanaged.passRetained(self.jobs)
        var thread = pthread_t()
        let created = pthread_create(
            &thread,
            nil,
            { context in
                Unmanaged<JobQueue>.fromOpaque(context!).takeRetainedValue().runUntilStopped()
                return nil
            },
            unmanaged.toOpaque()
        )
        precondition(created == 0, "pthread_create failed: \(created)")
        pthread_detach(thread)
    }

    deinit {
        self.jobs.stop()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        self.jobs.append(UnownedJob(job), executor: self)
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        precondition(self.jobs.isCurrentThread, "not on the connection's thread")
    }
}

/// The queue the connection thread drains; shared by the executor and the thread.
private final class JobQueue: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    // Guarded by `mutex`.
    private var queue: [(job: UnownedJob, executor: ConnectionThread)] = []
    private var isStopping = false
    private var runner: pthread_t?

    init() {
        pthread_mutex_init(&self.mutex, nil)
        pthread_cond_init(&self.condition, nil)
    }

    deinit {
        pthread_cond_destroy(&self.condition)
        pthread_mutex_destroy(&self.mutex)
    }

    var isCurrentThread: Bool {
        pthread_mutex_lock(&self.mutex)
        defer { pthread_mutex_unlock(&self.mutex) }
        return self.runner.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    func append(_ job: UnownedJob, executor: ConnectionThread) {
        pthread_mutex_lock(&self.mutex)
        self.queue.append((job, executor))
        pthread_cond_signal(&self.condition)
        pthread_mutex_unlock(&self.mutex)
    }

    func stop() {
        pthread_mutex_lock(&self.mutex)
        self.isStopping = true
        pthread_cond_signal(&self.condition)
        pthread_mutex_unlock(&self.mutex)
    }

    func runUntilStopped() {
        pthread_mutex_lock(&self.mutex)
        self.runner = pthread_self()
        pthread_mutex_unlock(&self.mutex)
        var batch: [(job: UnownedJob, executor: ConnectionThread)] = []
        while true {
            pthread_mutex_lock(&self.mutex)
            while self.queue.isEmpty && !self.isStopping {
                pthread_cond_wait(&self.condition, &self.mutex)
            }
            if self.queue.isEmpty {
                pthread_mutex_unlock(&self.mutex)
                return
            }
            swap(&batch, &self.queue)
            pthread_mutex_unlock(&self.mutex)
            for (job, executor) in batch {
                job.runSynchronously(
                    isolatedTo: executor.asUnownedSerialExecutor(),
                    taskExecutor: executor.asUnownedTaskExecutor()
                )
            }
            // Releases the executors the jobs held; the last release stops the queue.
            batch.removeAll(keepingCapacity: true)
        }
    }
}
