import Synchronization

/// The cluster's PD replication mode (`ReplicationModeMachine`), shared by the PD endpoint, the
/// mock-only topology control and the 500 ms tick; thread-safe.
public final class ReplicationMode: Sendable {
    private let machine: Mutex<ReplicationModeMachine>

    public init() {
        self.machine = Mutex(ReplicationModeMachine())
    }

    /// The mode as PD starts with it (`--replication-mode` and its keys): `dr-auto-sync` starts
    /// in `sync`, as a PD without a stored status does.
    public func start(with config: ReplicationModeConfig, storeHost: String) {
        self.machine.withLock { $0 = ReplicationModeMachine(config: config, storeHost: storeHost) }
    }

    public var current: ReplicationModeMachine {
        self.machine.withLock { $0 }
    }

    /// Applies a `POST /pd/api/v1/config/replication-mode` body; nothing changes when PD would
    /// refuse it. Returns the machine after, and whether the state switched.
    public func update(
        _ patch: ReplicationModeConfig.Patch,
        now: Int64
    ) throws(ReplicationModeConfig.Rejection)
        -> (machine: ReplicationModeMachine, switched: Bool)
    {
        let next = try self.machine.withLock { machine throws(ReplicationModeConfig.Rejection) in
            try machine.config.applying(patch)
        }
        return self.machine.withLock { machine in
            let switched = machine.updateConfig(next, now: now)
            return (machine, switched)
        }
    }

    /// Cuts off or restores stores (a data centre by its label value, or one store).
    public func setReachable(_ reachable: Bool, dc: String?, storeID: UInt64?, now: Int64) -> [UInt64] {
        self.machine.withLock { $0.setReachable(reachable, dc: dc, storeID: storeID, now: now) }
    }

    /// One PD tick; the machine after it when the state switched, else nil.
    public func tick(now: Int64, totalRegions: Int) -> ReplicationModeMachine? {
        self.machine.withLock { machine in
            machine.tick(now: now, totalRegions: totalRegions) ? machine : nil
        }
    }
}
