import Synchronization

/// TiDB's 32-bit global connection ids with global kill on: `serverID << 21 | localID << 1`.
/// Local ids come from a FIFO pool (freed ids go to the back), so a standalone server (server id
/// 1) hands out 2097154, 2097156, 2097158, ...
final class ConnectionIDAllocator: Sendable {
    static let maxLocalID: UInt64 = (1 << 20) - 1

    let serverID: UInt64
    private let state: Mutex<(next: UInt64, freed: [UInt64], freedHead: Int)>

    init(serverID: UInt64 = 1) {
        self.serverID = serverID
        self.state = Mutex((1, [], 0))
    }

    /// nil when all 2^20 - 1 local ids are in use.
    func allocate() -> UInt64? {
        let local: UInt64? = self.state.withLock { state in
            if state.next <= Self.maxLocalID {
                defer { state.next += 1 }
                return state.next
            }
            guard state.freedHead < state.freed.count else { return nil }
            defer {
                state.freedHead += 1
                if state.freedHead > 1024, state.freedHead * 2 > state.freed.count {
                    state.freed.removeFirst(state.freedHead)
                    state.freedHead = 0
                }
            }
            return state.freed[state.freedHead]
        }
        return local.map { self.serverID << 21 | $0 << 1 }
    }

    func release(_ id: UInt64) {
        let local = (id >> 1) & Self.maxLocalID
        self.state.withLock { $0.freed.append(local) }
    }
}
