import NIOCore
import Synchronization

/// The bad cases a DR test can switch on while mock-tidb runs (`/mock/v1/` on the status port,
/// docs/tidb/scenario-controls.md): refusing or dropping connections, latency on every reply,
/// failing statements that match a pattern, and the log of every statement received. The clock
/// is the cluster's (`OffsetWallClock`), since it is engine state.
///
/// Connections read it on every statement, so the hot path is a few relaxed atomic loads and one
/// mutex append to the query log.
public final class ScenarioControls: Sendable {
    public let queryLog: QueryLog
    let failures = FailureRules()
    let connections = OpenConnections()
    private let refusal = Atomic<UInt8>(ConnectionRefusal.none.rawValue)
    private let latencyNanoseconds = Atomic<Int64>(0)

    public init(queryLogCapacity: Int = QueryLog.defaultCapacity) {
        self.queryLog = QueryLog(capacity: queryLogCapacity)
    }

    /// What happens to a new connection.
    var connectionRefusal: ConnectionRefusal {
        get { ConnectionRefusal(rawValue: self.refusal.load(ordering: .relaxed)) ?? .none }
        set { self.refusal.store(newValue.rawValue, ordering: .relaxed) }
    }

    /// Added before every reply goes out; zero when off.
    var replyLatency: TimeAmount {
        get { .nanoseconds(self.latencyNanoseconds.load(ordering: .relaxed)) }
        set { self.latencyNanoseconds.store(newValue.nanoseconds, ordering: .relaxed) }
    }
}

/// How new connections are refused while the primary plays dead.
enum ConnectionRefusal: UInt8, Sendable, CaseIterable {
    /// Accepted and served.
    case none
    /// Accepted and closed at once, before the greeting: clients report 2013 (lost connection
    /// reading the initial packet), as for a server that dies while accepting.
    case close
    /// Greeted, then refused at authentication with TiDB's 1045 Access denied.
    case deny

    var name: String {
        switch self {
        case .none: "none"
        case .close: "close"
        case .deny: "deny"
        }
    }

    init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}

/// The open client connections by id, so that all of them can be dropped at once.
final class OpenConnections: Sendable {
    private let channels = Mutex<[UInt64: any Channel]>([:])

    func opened(_ id: UInt64, channel: any Channel) {
        self.channels.withLock { $0[id] = channel }
    }

    func closed(_ id: UInt64) {
        _ = self.channels.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { self.channels.withLock { $0.count } }

    func channel(_ id: UInt64) -> (any Channel)? {
        self.channels.withLock { $0[id] }
    }

    /// Closes every client socket; their clients see 2013 or 2006 on their next statement, and
    /// open transactions roll back as when the client goes away. Returns how many were open,
    /// once all are closed: a statement sent after that cannot be answered.
    func closeAll() async -> Int {
        let open = self.channels.withLock { Array($0.values) }
        let closes = open.map { $0.close() }
        for close in closes { try? await close.get() }  // one already closing fails; it is gone
        return open.count
    }
}

/// Bad input to a control: the route answers 400 with this message.
struct ControlInputError: Error, Equatable, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { self.message }
}
