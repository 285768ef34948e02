import CMariaDB
import SocketSpin

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libmariadb's wait for its socket (`MARIADB_OPT_IO_WAIT`): a read spins as `ReplySpinPolicy`
/// says before it sleeps in `poll`, so a fast answer is picked up without a wake-up.
///
/// libmariadb hands the hook only the socket, and calls it on the thread that made the call, which
/// for a `TiDBConnection` is always the connection's own thread; so the policy is kept per thread.
enum ReplyWait {
    /// Gives the calling thread `policy` (replacing any earlier one); the thread's end frees it.
    static func install(_ policy: ReplySpinPolicy) {
        if let earlier = pthread_getspecific(stateKey) {
            Unmanaged<ThreadState>.fromOpaque(earlier).release()
        }
        pthread_setspecific(stateKey, Unmanaged.passRetained(ThreadState(policy)).toOpaque())
    }

    /// The calling thread's policy, for tests.
    static var currentPolicy: ReplySpinPolicy? {
        pthread_getspecific(stateKey).map { Unmanaged<ThreadState>.fromOpaque($0).takeUnretainedValue().policy }
    }

    /// The hook: like libmariadb's own wait (`timeout` in milliseconds, negative or 0 for none;
    /// poll's result, 0 with `ETIMEDOUT` on a timeout), with a spin first for reads.
    static let hook: @convention(c) (my_socket, my_bool, Int32) -> Int32 = { socket, isRead, timeout in
        var descriptor = pollfd(fd: socket, events: Int16(isRead != 0 ? POLLIN : POLLOUT), revents: 0)
        let deadline = timeout > 0 ? SocketSpin.monotonicNanoseconds() + UInt64(timeout) * 1_000_000 : nil
        if isRead != 0, let raw = pthread_getspecific(stateKey) {
            let state = Unmanaged<ThreadState>.fromOpaque(raw).takeUnretainedValue()
            if let ready = spin(socket, state: state, deadline: deadline) { return ready }
        }
        return sleep(&descriptor, deadline: deadline)
    }

    /// Polls without sleeping for as long as the policy allows (never past `deadline`): poll's
    /// result once the socket is ready or failed, nil if the spin ran out.
    private static func spin(_ socket: my_socket, state: ThreadState, deadline: UInt64?) -> Int32? {
        let budget = state.policy.spinForNextWait()
        guard budget > 0 else { return nil }
        let end = min(SocketSpin.monotonicNanoseconds() + UInt64(budget), deadline ?? .max)
        let ready = SocketSpin.spinUntilReadable(socket, until: end)
        state.policy.record(caught: (ready ?? 0) > 0)
        return ready
    }

    private static func sleep(_ descriptor: inout pollfd, deadline: UInt64?) -> Int32 {
        while true {
            let remaining = deadline.map { deadline in
                let now = SocketSpin.monotonicNanoseconds()
                return deadline > now ? Int32(clamping: (deadline - now + 999_999) / 1_000_000) : 0
            }
            let ready = poll(&descriptor, 1, remaining ?? -1)
            if ready == 0 { errno = ETIMEDOUT }
            if ready >= 0 || errno != EINTR { return ready }
        }
    }

    private final class ThreadState {
        var policy: ReplySpinPolicy

        init(_ policy: ReplySpinPolicy) { self.policy = policy }
    }

    private static let stateKey: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { state in
            #if os(Linux)
            guard let state else { return }
            #endif
            Unmanaged<ThreadState>.fromOpaque(state).release()
        }
        precondition(created == 0, "pthread_key_create failed: \(created)")
        return key
    }()
}
