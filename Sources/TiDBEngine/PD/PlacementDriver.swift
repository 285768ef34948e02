import Synchronization

/// The PD state of one cluster: the TSO oracle, the external timestamp TiCDC's syncpoint sets,
/// and the GC safe point with the service safepoints that hold it back.
public final class PlacementDriver: Sendable {
    public let oracle: TSOOracle
    /// `majority` or DR Auto-Sync, with its state machine and virtual stores.
    public let replicationMode = ReplicationMode()
    private let externalTimestamp: Mutex<TSO>
    private let safePoints: Mutex<SafePoints>

    struct SafePoints {
        var gcSafePoint = TSO.zero
        /// Service id → (safepoint, expiry in epoch microseconds).
        var services: [String: (TSO, Int64)] = [:]
    }

    public init(clock: any WallClock) {
        self.oracle = TSOOracle(clock: clock)
        self.externalTimestamp = Mutex(.zero)
        self.safePoints = Mutex(SafePoints())
    }

    /// A PD-side rejection; TiDB surfaces the text unmapped, as 1105.
    public struct Rejection: Error, Sendable, Equatable {
        public var message: String
    }

    public var currentExternalTimestamp: TSO {
        self.externalTimestamp.withLock { $0 }
    }

    /// PD's `SetExternalTimestamp`: not above the global TSO, strictly above the current value.
    public func setExternalTimestamp(_ ts: TSO) throws(Rejection) {
        let globalTS = self.oracle.lastAllocated
        let result: Rejection? = self.externalTimestamp.withLock { current in
            if ts > globalTS {
                return Rejection(message: "[pd]the external timestamp should not be larger than global ts")
            }
            if ts <= current {
                return Rejection(message: "[pd]the external timestamp should be larger than current external timestamp")
            }
            current = ts
            return nil
        }
        if let result { throw result }
    }

    public var gcSafePoint: TSO {
        self.safePoints.withLock { $0.gcSafePoint }
    }

    /// The smallest live service safepoint, which GC may not pass.
    public func minimumServiceSafePoint(nowMicroseconds: Int64) -> TSO? {
        self.safePoints.withLock { state in
            state.services = state.services.filter { $0.value.1 > nowMicroseconds }
            return state.services.values.map(\.0).min()
        }
    }

    /// Registers or refreshes a service safepoint (BR, TiCDC).
    public func updateServiceSafePoint(service: String, safePoint: TSO, expiresAtMicroseconds: Int64) {
        self.safePoints.withLock { $0.services[service] = (safePoint, expiresAtMicroseconds) }
    }

    /// A service's registered safepoint, expired or not.
    public func serviceSafePoint(_ service: String) -> TSO? {
        self.safePoints.withLock { $0.services[service]?.0 }
    }

    /// A service safepoint as PD's HTTP API lists it.
    public struct ServiceSafePoint: Sendable, Equatable {
        public var serviceID: String
        public var safePoint: TSO
        /// Epoch microseconds; `Int64.max` for one that never expires.
        public var expiresAtMicroseconds: Int64
    }

    /// Every stored service safepoint, expired ones too (PD drops those only when a service
    /// updates), in service id order, as PD's HTTP API lists them.
    public func serviceSafePoints() -> [ServiceSafePoint] {
        self.safePoints.withLock { state in
            state.services.map {
                ServiceSafePoint(serviceID: $0.key, safePoint: $0.value.0, expiresAtMicroseconds: $0.value.1)
            }
            .sorted { $0.serviceID < $1.serviceID }
        }
    }

    /// PD's `UpdateServiceGCSafePoint` (docs/ticdc/pd-http.md §3): expired safepoints are dropped
    /// and `gc_worker` always exists (at 0 when nothing else does, else at the smallest stored
    /// value); a TTL of zero or less removes the service's safepoint (never `gc_worker`'s: PD
    /// refuses that, and so do the HTTP routes, before calling this); otherwise the safepoint is
    /// stored for `ttlSeconds` unless it is below the minimum, even the service's own: no service
    /// moves GC back. Returns the minimum as PD does: the one before the update, read again only
    /// when this service held it. TiCDC refuses a start TS at or below it.
    @discardableResult
    public func updateServiceSafePoint(
        service: String,
        safePoint: TSO,
        ttlSeconds: Int64,
        nowMicroseconds: Int64
    ) -> ServiceSafePoint {
        self.safePoints.withLock { state in
            if ttlSeconds <= 0, service != Self.gcWorkerServiceID { state.services[service] = nil }
            func minimum() -> ServiceSafePoint {
                // `LoadMinServiceGCSafePoint`: `gc_worker` is created at the smallest of all
                // stored values (expired ones too), then the expired ones go.
                if state.services[Self.gcWorkerServiceID] == nil {
                    state.services[Self.gcWorkerServiceID] = (state.services.values.map(\.0).min() ?? .zero, .max)
                }
                state.services = state.services.filter { $0.value.1 >= nowMicroseconds }
                let (id, entry) = state.services.min { ($0.value.0, $0.key) < ($1.value.0, $1.key) }!
                return ServiceSafePoint(serviceID: id, safePoint: entry.0, expiresAtMicroseconds: entry.1)
            }
            let current = minimum()
            guard ttlSeconds > 0, safePoint >= current.safePoint else { return current }
            let ttl = ttlSeconds > Int64.max / 1_000_000 ? Int64.max : ttlSeconds * 1_000_000
            state.services[service] = (safePoint, nowMicroseconds > Int64.max - ttl ? .max : nowMicroseconds + ttl)
            return current.serviceID == service ? minimum() : current
        }
    }

    /// TiDB's GC worker's service safepoint, which never expires and is never removed.
    public static let gcWorkerServiceID = "gc_worker"

    public func removeServiceSafePoint(service: String) {
        _ = self.safePoints.withLock { $0.services.removeValue(forKey: service) }
    }

    /// Moves the GC safe point forward (never back); returns the value in effect.
    @discardableResult
    public func advanceGCSafePoint(to candidate: TSO) -> TSO {
        self.safePoints.withLock { state in
            if candidate > state.gcSafePoint { state.gcSafePoint = candidate }
            return state.gcSafePoint
        }
    }
}
