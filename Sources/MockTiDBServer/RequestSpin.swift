import NIOCore
import Synchronization

/// When an event loop that has just answered keeps polling for the next request instead of
/// sleeping in `epoll_wait`.
///
/// A sleeping loop is woken by an interrupt to its CPU; on a VM that costs tens of microseconds,
/// more than the request itself, and a client that sends one statement after another (a script,
/// sysbench with one thread) pays it on every statement. Like Go's scheduler, which keeps an idle
/// thread spinning briefly before parking it, the loop polls for up to `limit` after a reply,
/// yielding its CPU between polls. It does so only while one client has the server to itself:
/// with several clients at once the CPUs have work, and a spinning loop would take time from them.
public struct RequestSpin: Sendable, Equatable {
    /// How long a loop polls after a reply; zero never spins.
    public var limit: Duration
    /// How long no other connection may have sent a request for a client to count as alone.
    public var quietPeriod: Duration

    public init(limit: Duration = .microseconds(100), quietPeriod: Duration = .milliseconds(1)) {
        self.limit = limit
        self.quietPeriod = quietPeriod
    }

    public static let off = RequestSpin(limit: .zero)
}

/// Which connection sent the server's requests lately: a spin is only worth it for a client that
/// has the server to itself (`RequestSpin`). Shared by every connection of a server.
final class SoleClientWatch: Sendable {
    private let lastConnection = Atomic<UInt64>(0)
    /// When a request last came from a different connection than the one before it (uptime ns).
    private let lastChange = Atomic<UInt64>(0)
    let quietPeriodNanoseconds: UInt64

    init(quietPeriod: Duration) {
        self.quietPeriodNanoseconds = UInt64(max(0, TimeAmount(quietPeriod).nanoseconds))
    }

    func noteRequest(from connectionID: UInt64, now: () -> NIODeadline = NIODeadline.now) {
        // Loads first: the usual case (the same client again) then writes nothing shared.
        guard self.lastConnection.load(ordering: .relaxed) != connectionID else { return }
        self.lastConnection.store(connectionID, ordering: .relaxed)
        self.lastChange.store(now().uptimeNanoseconds, ordering: .relaxed)
    }

    /// Whether every request for the quiet period came from `connectionID`.
    func isAlone(_ connectionID: UInt64, at now: NIODeadline) -> Bool {
        now.uptimeNanoseconds &- self.lastChange.load(ordering: .relaxed) >= self.quietPeriodNanoseconds
            && self.lastConnection.load(ordering: .relaxed) == connectionID
    }

    /// Whether the last request came from `connectionID` (cheaper than `isAlone`, no clock).
    func sentLast(_ connectionID: UInt64) -> Bool {
        self.lastConnection.load(ordering: .relaxed) == connectionID
    }
}
