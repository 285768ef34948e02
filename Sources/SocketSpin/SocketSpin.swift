#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waiting for a socket without sleeping, for the two ends of a loopback round trip (the server's
/// event loop after a reply, the client library after a request).
///
/// A thread that sleeps in `poll` or `epoll_wait` is woken by an interrupt to its CPU; on a VM
/// (Firecracker here, with guest halt-polling off) that wake-up costs tens of microseconds, more
/// than mock-tidb needs to answer a statement. Polling for a short while first, on a CPU that
/// stays running, skips it when the answer is quick. Go's runtime, TiDB's, spins an idle thread
/// briefly in the same way before parking it.
public enum SocketSpin {
    /// Polls `descriptor` for reading without sleeping, yielding the CPU between polls (the peer
    /// may be waiting for this very CPU), until it is readable or `deadline`
    /// (`monotonicNanoseconds`) passes. poll's result once it is readable or failed (a hang-up
    /// counts as readable), nil if time ran out.
    public static func spinUntilReadable(_ descriptor: CInt, until deadline: UInt64) -> Int32? {
        var socket = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        repeat {
            let ready = poll(&socket, 1, 0)
            if ready > 0 || (ready < 0 && errno != EINTR) { return ready }
            sched_yield()
        } while Self.monotonicNanoseconds() < deadline
        return nil
    }

    /// CLOCK_MONOTONIC in nanoseconds (NIO's `NIODeadline.now()` reads the same clock).
    public static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Whether spinning can pay at all: the process may run on more than one CPU. On one CPU the
    /// peer cannot answer while this thread holds it, so every poll would be wasted.
    public static var mayRunOnSeveralCPUs: Bool { Self.allowedCPUCount().map { $0 > 1 } ?? true }

    /// The CPUs in this process's affinity mask (as `taskset` sets it), from `/proc/self/status`
    /// because Glibc's module leaves out `sched_getaffinity`; nil where that cannot be read.
    static func allowedCPUCount() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("Cpus_allowed:") else { continue }
            return text.dropFirst("Cpus_allowed:".count).reduce(0) { count, digit in
                count + (digit.hexDigitValue?.nonzeroBitCount ?? 0)
            }
        }
        return nil
    }
}
