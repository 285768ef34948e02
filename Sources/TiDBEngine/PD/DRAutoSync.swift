/// A TiKV store of the mock's virtual topology: no data lives there, but PD's DR Auto-Sync
/// state machine reads its labels and whether it is reachable (docs/tidb/dr-auto-sync.md).
public struct VirtualStore: Sendable, Equatable {
    public struct Label: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    public var id: UInt64
    public var address: String
    public var labels: [Label]
    /// Since when (µs since the epoch) the store is cut off; nil while it is reachable. PD counts
    /// it down once `wait-store-timeout` has passed.
    public var unreachableSince: Int64?

    public func label(_ key: String) -> String? {
        self.labels.first { $0.key == key }?.value
    }
}

/// PD's `drAutoSyncStatus` (`pkg/replication/replication_mode.go`): the state, its id (new on
/// every switch), and what each state carries.
public struct DRAutoSyncStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case sync
        case asyncWait = "async_wait"
        case async
        case syncRecover = "sync_recover"
    }

    public var state: State
    public var stateID: UInt64
    /// µs since the epoch; set on the switch to `async`.
    public var asyncStart: Int64?
    /// µs since the epoch; set on the switch to `sync_recover`.
    public var recoverStart: Int64?
    public var totalRegions = 0
    public var syncedRegions = 0
    public var recoverProgress: Float = 0
    /// The primary's up stores, set in `async_wait` and `async`.
    public var availableStores: [UInt64] = []

    /// The data of a state is ACID-consistent everywhere but in `sync_recover` (PD ≥ v6.2).
    public var acidConsistent: Bool { self.state != .syncRecover }
}

/// PD's replication mode manager as a value: the configuration, the DR Auto-Sync status and the
/// virtual stores, moved by `tick(now:)` exactly as PD's `tickUpdateState` moves them. Time is
/// passed in (µs since the epoch), so tests walk every transition without waiting.
public struct ReplicationModeMachine: Sendable {
    public private(set) var config: ReplicationModeConfig
    /// nil until DR Auto-Sync was first enabled.
    public private(set) var status: DRAutoSyncStatus?
    public private(set) var stores: [VirtualStore]
    /// PD's `AllocID`: every state id is new and larger than the last.
    private var lastID: UInt64
    /// The state id the stores have reported back in their heartbeats (one tick after a switch).
    private var acknowledgedStateID: UInt64?
    private var recoveredRegions = 0

    /// A fresh PD; `config` in `dr-auto-sync` starts in `sync`, as PD does without a stored status.
    public init(config: ReplicationModeConfig = .init(), storeHost: String = "127.0.0.1", firstID: UInt64 = 1000) {
        self.config = config
        self.lastID = firstID
        self.stores = []
        self.layOutStores(host: storeHost)
        if config.mode == .drAutoSync { self.switchTo(.sync, now: 0) }
    }

    /// The virtual stores: with DR Auto-Sync labels, `primary-replicas` stores (at least one)
    /// labelled `label-key=primary`, then `dr-replicas` (at least one) labelled `label-key=dr`;
    /// without, three unlabelled stores. Existing stores keep their id and reachability.
    private mutating func layOutStores(host: String? = nil) {
        let dr = self.config.drAutoSync
        let host = host ?? self.stores.first.map { String($0.address.prefix { $0 != ":" }) } ?? "127.0.0.1"
        var layout: [[VirtualStore.Label]]
        if dr.labelKey.isEmpty || dr.primary.isEmpty || dr.dr.isEmpty {
            layout = Array(repeating: [], count: 3)
        } else {
            layout = Array(repeating: [.init(key: dr.labelKey, value: dr.primary)], count: max(1, dr.primaryReplicas))
            layout += Array(repeating: [.init(key: dr.labelKey, value: dr.dr)], count: max(1, dr.drReplicas))
        }
        var stores: [VirtualStore] = []
        for (index, labels) in layout.enumerated() {
            let id = UInt64(index + 1)
            var store =
                self.stores.first { $0.id == id }
                ?? VirtualStore(id: id, address: "\(host):\(20160 + index)", labels: [], unreachableSince: nil)
            store.labels = labels
            stores.append(store)
        }
        self.stores = stores
    }

    // MARK: Events

    /// `POST /pd/api/v1/config/replication-mode` applied: `majority` → `dr-auto-sync` switches to
    /// `sync_recover` (PD's `UpdateConfig`). Returns whether the state switched.
    public mutating func updateConfig(_ next: ReplicationModeConfig, now: Int64) -> Bool {
        let enabling = self.config.mode == .majority && next.mode == .drAutoSync
        self.config = next
        self.layOutStores()
        guard enabling else { return false }
        self.switchTo(.syncRecover, now: now)
        return true
    }

    /// The mock's network partition: every store labelled `label-key=dc` (or, for an empty `dc`,
    /// the store `id`) becomes unreachable or reachable again. Returns the stores it changed.
    public mutating func setReachable(_ reachable: Bool, dc: String?, storeID: UInt64?, now: Int64) -> [UInt64] {
        var changed: [UInt64] = []
        for index in self.stores.indices {
            let store = self.stores[index]
            let matches =
                if let storeID { store.id == storeID } else { store.label(self.config.drAutoSync.labelKey) == dc }
            guard matches, (store.unreachableSince == nil) != reachable else { continue }
            self.stores[index].unreachableSince = reachable ? nil : now
            changed.append(store.id)
        }
        return changed
    }

    /// One of PD's 500 ms ticks. `totalRegions`: how many regions the cluster has, for the
    /// recovery progress of `sync_recover`. Returns whether the state switched.
    public mutating func tick(now: Int64, totalRegions: Int) -> Bool {
        guard self.config.mode == .drAutoSync, let status = self.status else { return false }
        defer { self.acknowledgedStateID = self.status?.stateID }
        let view = TopologyView(self, now: now)
        switch status.state {
        case .sync:
            if !view.canSync && view.hasMajority { self.switchTo(.asyncWait, now: now, available: view.primaryUp) }
        case .asyncWait:
            if view.canSync {
                self.switchTo(.sync, now: now)
            } else if status.availableStores != view.primaryUp {
                self.switchTo(.asyncWait, now: now, available: view.primaryUp)
            } else if self.acknowledgedStateID == status.stateID {
                self.switchTo(.async, now: now, available: view.primaryUp)
            }
        case .async:
            let since = now - (status.asyncStart ?? now)
            if view.canSync && Duration.microseconds(since) > self.config.drAutoSync.waitRecoverTimeout {
                self.switchTo(.syncRecover, now: now)
            } else if status.availableStores != view.primaryUp && self.acknowledgedStateID == status.stateID {
                self.switchTo(.async, now: now, available: view.primaryUp)
            }
        case .syncRecover:
            if !view.canSync && view.hasMajority {
                self.switchTo(.async, now: now, available: view.primaryUp)
            } else {
                self.recover(totalRegions: max(1, totalRegions))
            }
        }
        return self.status?.stateID != status.stateID
    }

    /// The mock's regions catch up a quarter of them per tick (at least one) once the DR is
    /// back: `sync_recover` shows progress for a few ticks, then switches to `sync`.
    private mutating func recover(totalRegions: Int) {
        self.recoveredRegions = min(totalRegions, self.recoveredRegions + max(1, (totalRegions + 3) / 4))
        if self.recoveredRegions >= totalRegions {
            self.switchTo(.sync, now: 0)
            return
        }
        self.status?.totalRegions = totalRegions
        self.status?.syncedRegions = self.recoveredRegions
        self.status?.recoverProgress = Float(self.recoveredRegions) / Float(totalRegions)
    }

    private mutating func switchTo(_ state: DRAutoSyncStatus.State, now: Int64, available: [UInt64] = []) {
        self.lastID += 1
        var next = DRAutoSyncStatus(state: state, stateID: self.lastID)
        switch state {
        case .sync: break
        case .asyncWait: next.availableStores = available
        case .async:
            next.availableStores = available
            next.asyncStart = now
        case .syncRecover:
            next.recoverStart = now
            self.recoveredRegions = 0
        }
        self.status = next
    }
}

/// What PD's `tickUpdateState` derives from the stores: which are up or down in each centre, and
/// from one global placement rule per centre (`primary-replicas` voters in the primary,
/// `dr-replicas` in the DR), whether every region keeps a voter in both centres (`canSync`) and
/// a majority of its voters (`hasMajority`).
struct TopologyView {
    var primaryUp: [UInt64] = []
    var canSync: Bool
    var hasMajority: Bool

    init(_ machine: ReplicationModeMachine, now: Int64) {
        let config = machine.config.drAutoSync
        var up: [String: [UInt64]] = [:]
        var down: [String: Int] = [:]
        for store in machine.stores {
            guard let value = store.label(config.labelKey) else { continue }
            let isDown =
                store.unreachableSince.map { Duration.microseconds(now - $0) >= config.waitStoreTimeout } ?? false
            if isDown { down[value, default: 0] += 1 } else { up[value, default: []].append(store.id) }
        }
        self.primaryUp = (up[config.primary] ?? []).sorted()
        func minimalUp(_ count: Int, _ dc: String) -> Int {
            min(max(0, count - (down[dc] ?? 0)), up[dc]?.count ?? 0)
        }
        let rules = [(config.primaryReplicas, config.primary), (config.drReplicas, config.dr)]
        let primaryVoters = rules.map { $0.1 == config.primary ? minimalUp($0.0, config.primary) : 0 }
        let drVoters = rules.map { $0.1 == config.dr ? minimalUp($0.0, config.dr) : 0 }
        let totalVoters = rules.reduce(0) { $0 + $1.0 }
        var totalUp = 0
        for index in rules.indices { totalUp += min(rules[index].0, primaryVoters[index] + drVoters[index]) }
        self.canSync = primaryVoters.contains { $0 > 0 } && drVoters.contains { $0 > 0 }
        self.hasMajority = totalUp * 2 > totalVoters
    }
}
