#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a POSIX reader-writer lock. Storage is read far more than written (every
/// SELECT and every pessimistic read scans it, commits write it): with a plain mutex, readers on
/// 16 event-loop threads queued behind each other and slept in the kernel whenever a holder was
/// preempted. Readers now share the lock, and are preferred: with writers preferred, one commit
/// waiting for a preempted reader stalled every other reader behind it, and sysbench's
/// write_only ran at 60 % of the throughput (BENCHMARKS.md). Readers hold the lock for
/// microseconds, so a writer still finds it free between them.
final class ReadWriteLock<Value>: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        self.lock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        #if canImport(Glibc)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_READER_NP))
        #endif
        let status = pthread_rwlock_init(self.lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
        precondition(status == 0, "pthread_rwlock_init failed: \(status)")
    }

    deinit {
        pthread_rwlock_destroy(self.lock)
        self.lock.deallocate()
    }

    /// Exclusive access, for anything that changes the value.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_rwlock_wrlock(self.lock)
        defer { pthread_rwlock_unlock(self.lock) }
        return try body(&self.value)
    }

    /// Shared access: `body` must not change the value, nor anything reachable through it.
    func withReadLock<Result, Failure: Error>(
        _ body: (borrowing Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_rwlock_rdlock(self.lock)
        defer { pthread_rwlock_unlock(self.lock) }
        return try body(self.value)
    }
}
